//! The rules of the personal-data check: where a text about to be published on the kommune's web site holds a CPR number, an e-mail address, a Danish telephone number or a word the profile forbids, and how such an occurrence is compared and shown masked.
//!
//! Everything is a hand-rolled scanner over the bytes of the text (every
//! character the rules look for is ASCII, apart from the letters of e-mail
//! addresses and words and the no-break space of telephone numbers), so a
//! text of a few megabytes is read in one pass without backtracking, and
//! every range found starts and ends on a character boundary.
//!
//! The CPR rule follows that of OS2datascanner (`engine2/rules/cpr.py`, with the
//! birth dates and the modulus 11 check of
//! `engine2/rules/utilities/cpr_probability.py`), the de-facto rule of the
//! Danish public sector's tools.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};

/// The version of the rule set, written into every report.
pub const RULESET: &str = "dagsorden-persondata-1";

/// What an occurrence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A CPR number (personnummer), `DDMMYY-SSSS`.
    Cpr,
    /// An e-mail address.
    Email,
    /// A Danish telephone number: eight digits, perhaps with `+45`.
    Telefon,
    /// A word or phrase the kommune's profile lists.
    Ord,
}

impl Kind {
    /// Danish name for messages: "CPR-nummer", "e-mailadresse", "telefonnummer", "ord fra profilen".
    pub fn danish(self) -> &'static str {
        match self {
            Kind::Cpr => "CPR-nummer",
            Kind::Email => "e-mailadresse",
            Kind::Telefon => "telefonnummer",
            Kind::Ord => "ord fra profilen",
        }
    }

    /// Stable key for JSON reports: "cpr", "email", "telefon", "ord".
    pub fn key(self) -> &'static str {
        match self {
            Kind::Cpr => "cpr",
            Kind::Email => "email",
            Kind::Telefon => "telefon",
            Kind::Ord => "ord",
        }
    }
}

/// One occurrence found: its kind and byte range in the text scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What was found.
    pub kind: Kind,
    /// The byte offset of its first character.
    pub start: usize,
    /// The byte offset just after its last character.
    pub end: usize,
}

/// The rules, with the words the kommune's profile adds (names of citizens in a running case, say).
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Every phrase of the profile: its words, each lowercased character by character.
    phrases: Vec<Vec<Vec<char>>>,
    /// The phrases by their first (lowercased) character.
    by_first: HashMap<char, Vec<usize>>,
}

impl Rules {
    /// The rules with the profile's `words` (each a word or a phrase of
    /// words; empty entries are ignored).
    pub fn new(words: &[String]) -> Rules {
        let mut rules = Rules::default();
        for word in words {
            let phrase: Vec<Vec<char>> = word.split_whitespace().map(lowercase).collect();
            let Some(&first) = phrase.first().and_then(|w| w.first()) else {
                continue;
            };
            if rules.phrases.contains(&phrase) {
                continue;
            }
            rules
                .by_first
                .entry(first)
                .or_default()
                .push(rules.phrases.len());
            rules.phrases.push(phrase);
        }
        rules
    }

    /// Every hit in `text`, in text order, not overlapping (a longer/stronger hit wins: CPR over Telefon).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        if !text.chars().any(|c| folded(c) != Some(c)) {
            return self.find_plain(text);
        }
        // Typography folded away first (a word processor's dashes, hidden
        // hyphens and joiners, typographic spaces), so that `250368–1474`
        // or `24\u{ad}68\u{ad}13\u{ad}57` are what they look like; each
        // hit is then told in the text as it was.
        let mut plain = String::with_capacity(text.len());
        let mut origin: Vec<(usize, usize)> = Vec::with_capacity(text.len());
        for (at, c) in text.char_indices() {
            if let Some(f) = folded(c) {
                plain.push(f);
                origin.extend(std::iter::repeat_n((at, at + c.len_utf8()), f.len_utf8()));
            }
        }
        self.find_plain(&plain)
            .into_iter()
            .filter(|h| h.end > h.start)
            .map(|h| Hit {
                kind: h.kind,
                start: origin[h.start].0,
                end: origin[h.end - 1].1,
            })
            .collect()
    }

    fn find_plain(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        find_numbers(text, &mut hits);
        find_emails(text, &mut hits);
        self.find_words(text, &mut hits);
        resolve(hits)
    }

    /// The profile's phrases in `text`, whole words only: at each place the
    /// longest phrase that matches.
    fn find_words(&self, text: &str, out: &mut Vec<Hit>) {
        if self.phrases.is_empty() {
            return;
        }
        let mut prev_alnum = false;
        for (at, c) in text.char_indices() {
            if !prev_alnum
                && let Some(first) = c.to_lowercase().next()
                && let Some(candidates) = self.by_first.get(&first)
            {
                let end = candidates
                    .iter()
                    .filter_map(|&p| phrase_end(text, at, &self.phrases[p]))
                    .max();
                if let Some(end) = end {
                    out.push(Hit {
                        kind: Kind::Ord,
                        start: at,
                        end,
                    });
                }
            }
            prev_alnum = c.is_alphanumeric();
        }
    }
}

/// A character as the rules read it: `None` for one that is not seen
/// (soft hyphen, zero-width space and joiners, byte order mark), `-` for
/// every dash and hyphen, a space for every typographic space.
fn folded(c: char) -> Option<char> {
    match c {
        '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => None,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => Some('-'),
        '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => Some(' '),
        // Full-width forms: `０７０４６１-５７４４`, `＠`.
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
        c => Some(c),
    }
}

/// The occurrence as a comparable key: CPR and phone → digits only (phone without a +45/0045 prefix), e-mail → lowercased, word → lowercased with single spaces.
pub fn normalized(kind: Kind, matched: &str) -> String {
    let matched: String = matched.chars().filter_map(folded).collect();
    let matched = matched.as_str();
    match kind {
        Kind::Cpr => matched.chars().filter(char::is_ascii_digit).collect(),
        Kind::Email => matched.to_lowercase(),
        Kind::Telefon => {
            let digits: String = matched.chars().filter(char::is_ascii_digit).collect();
            if digits.len() == 12 && digits.starts_with("0045") {
                digits[4..].to_string()
            } else if digits.len() == 10 && digits.starts_with("45") {
                digits[2..].to_string()
            } else {
                digits
            }
        }
        Kind::Ord => matched
            .split_whitespace()
            .map(|w| lowercase(w).into_iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The occurrence as a message may show it, never in full:
/// CPR `010203-****` (always this form whatever separator was typed), e-mail `j***@example.dk` (first char of the local part, `***`, the domain), phone `12 ** ** **` (first two digits), word: first letter of each word + `***` (`J*** H***`).
pub fn mask(kind: Kind, matched: &str) -> String {
    let matched: String = matched.chars().filter_map(folded).collect();
    let matched = matched.as_str();
    match kind {
        Kind::Cpr => {
            let date: String = matched
                .chars()
                .filter(char::is_ascii_digit)
                .take(6)
                .collect();
            format!("{date:*<6}-****")
        }
        Kind::Email => match matched.rsplit_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}***@{domain}")
            }
            None => "***".to_string(),
        },
        Kind::Telefon => {
            let first: String = normalized(Kind::Telefon, matched).chars().take(2).collect();
            format!("{first:*<2} ** ** **")
        }
        Kind::Ord => matched
            .split_whitespace()
            .map(|w| format!("{}***", w.chars().next().unwrap_or('*')))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

// ---------------------------------------------------------------------------
// Overlaps

/// The hits that do not overlap a stronger one, in text order. A CPR
/// number is stronger than anything; otherwise the longer hit wins, and of
/// two as long the earlier.
fn resolve(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by_key(|h| {
        (
            Reverse(h.kind == Kind::Cpr),
            Reverse(h.end - h.start),
            h.start,
            h.kind,
        )
    });
    // Accepted ranges, disjoint: start → end.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(hits.len());
    for h in hits {
        // Of the accepted ranges starting before `h` ends, the last one
        // also ends last; `h` is free if that one ends before `h` starts.
        if let Some((_, &end)) = taken.range(..h.end).next_back()
            && end > h.start
        {
            continue;
        }
        taken.insert(h.start, h.end);
        out.push(h);
    }
    out.sort_by_key(|h| h.start);
    out
}

// ---------------------------------------------------------------------------
// Characters and context

/// A separator between the digit groups of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Space,
    NoBreak,
    Dash,
}

/// The separator at `at` (a space, a no-break space U+00A0, which is
/// `C2 A0` in UTF-8, or `-`) and its length in bytes.
fn sep_at(b: &[u8], at: usize) -> Option<(Sep, usize)> {
    match b.get(at..) {
        Some([b' ', ..]) => Some((Sep::Space, 1)),
        Some([b'-', ..]) => Some((Sep::Dash, 1)),
        Some([0xC2, 0xA0, ..]) => Some((Sep::NoBreak, 2)),
        _ => None,
    }
}

/// The length in bytes of a space or no-break space at `at`, if there is one.
fn space_at(b: &[u8], at: usize) -> Option<usize> {
    match sep_at(b, at) {
        Some((Sep::Space | Sep::NoBreak, n)) => Some(n),
        _ => None,
    }
}

/// Whether the `n` bytes from `at` are all ASCII digits.
fn digits_at(b: &[u8], at: usize, n: usize) -> bool {
    b.get(at..at + n)
        .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
}

/// Whether the byte at `at` is an ASCII digit.
fn digit_at(b: &[u8], at: usize) -> bool {
    b.get(at).is_some_and(u8::is_ascii_digit)
}

/// The value of the ASCII digits `b[at..at + n]`.
fn number(b: &[u8], at: usize, n: usize) -> u32 {
    b[at..at + n]
        .iter()
        .fold(0, |v, d| v * 10 + u32::from(d - b'0'))
}

/// The character just before byte offset `at`.
fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// The character at byte offset `at`.
fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Whether another group of at least `least` digits stands right before
/// `start` or right after `end`, parted from the occurrence by exactly one
/// of `seps` (a no-break space counts as a space). A CPR number asks for
/// three (an account number, not a table's row number); a telephone
/// number for one (a row of figures).
fn digit_group_beside(b: &[u8], start: usize, end: usize, seps: &[u8], least: usize) -> bool {
    let sep_len = |at: usize| match sep_at(b, at) {
        Some((Sep::NoBreak, n)) if seps.contains(&b' ') => Some(n),
        _ => b.get(at).filter(|c| seps.contains(c)).map(|_| 1),
    };
    let before = [1, 2].iter().any(|&n| {
        start > n
            && sep_len(start - n) == Some(n)
            && b[..start - n]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .count()
                >= least
    });
    let after = sep_len(end).is_some_and(|n| {
        b[(end + n).min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
            >= least
    });
    before || after
}

/// A word that raises or lowers the confidence of a number before which it
/// stands. It is matched at the start of a word, case-insensitively; a
/// `whole` one only when no letter follows it either (`kr` but not
/// `Kristian`).
struct Cue {
    text: &'static str,
    whole: bool,
}

/// A cue matched at the start of a word, as the start of a longer word too.
const fn prefix(text: &'static str) -> Cue {
    Cue { text, whole: false }
}

/// A cue matched only as a whole word.
const fn whole(text: &'static str) -> Cue {
    Cue { text, whole: true }
}

/// Whether one of `cues` is within `chars` characters before byte offset `at`.
fn cue_before(text: &str, at: usize, chars: usize, cues: &[Cue]) -> bool {
    let head = &text[..at];
    let from = head
        .char_indices()
        .rev()
        .take(chars)
        .last()
        .map_or(at, |(i, _)| i);
    // What precedes the window decides whether its first word starts there.
    let mut prev_letter = char_before(text, from).is_some_and(char::is_alphabetic);
    let window: Vec<char> = head[from..].chars().flat_map(char::to_lowercase).collect();
    for i in 0..window.len() {
        if !prev_letter && cues.iter().any(|cue| cue_at(&window[i..], cue)) {
            return true;
        }
        prev_letter = window[i].is_alphabetic();
    }
    false
}

/// Whether `cue` starts `chars` (and, for a whole-word cue, no letter follows it).
fn cue_at(chars: &[char], cue: &Cue) -> bool {
    let mut rest = chars.iter();
    cue.text.chars().all(|c| rest.next() == Some(&c))
        && !(cue.whole && rest.next().is_some_and(|c| c.is_alphabetic()))
}

/// A string's characters, each lowercased on its own (as the text is).
fn lowercase(s: &str) -> Vec<char> {
    s.chars().flat_map(char::to_lowercase).collect()
}

// ---------------------------------------------------------------------------
// CPR numbers

/// Words that make a number a CPR number, within [`CPR_RAISE_CHARS`] before it.
const CPR_RAISE: &[Cue] = &[
    prefix("cpr"),
    prefix("personnummer"),
    prefix("personnr"),
    prefix("person nr"),
    prefix("person-nr"),
    prefix("fødselsdato"),
];
/// How far before a CPR number a raising word is looked for.
const CPR_RAISE_CHARS: usize = 40;
/// Words that make a number something else, within [`CPR_LOWER_CHARS`] before it.
const CPR_LOWER: &[Cue] = &[
    prefix("p-nr"),
    whole("reg"),
    prefix("regnr"),
    whole("konto"),
    prefix("kontonr"),
    prefix("kontonummer"),
    prefix("cvr"),
    prefix("ean"),
    prefix("faktura"),
    prefix("sagsnr"),
    prefix("j.nr"),
    prefix("journalnr"),
];
/// How far before a CPR number a lowering word is looked for.
const CPR_LOWER_CHARS: usize = 20;

/// The birth dates (day, month, year) on which the CPR office has issued
/// numbers without a modulus 11 check digit; for those a valid date
/// suffices. The list is `CPR_EXCEPTION_DATES` of OS2datascanner
/// (magenta-aps/osdatascanner,
/// `src/os2datascanner/engine2/rules/utilities/cpr_probability.py`,
/// "synchronised with the CPR Office's list on January 29, 2024"), after
/// <https://cpr.dk/cpr-systemet/personnumre-uden-kontrolciffer-modulus-11-kontrol/>.
const CPR_EXCEPTION_DATES: [(u32, u32, u32); 26] = [
    (1, 1, 1960),
    (1, 1, 1962),
    (1, 1, 1964),
    (1, 1, 1965),
    (1, 1, 1966),
    (1, 1, 1967),
    (1, 1, 1969),
    (1, 1, 1970),
    (1, 1, 1974),
    (1, 1, 1975),
    (1, 1, 1978),
    (1, 1, 1980),
    (1, 1, 1981),
    (1, 1, 1982),
    (1, 1, 1983),
    (1, 1, 1984),
    (1, 1, 1985),
    (1, 1, 1986),
    (1, 1, 1987),
    (1, 1, 1988),
    (1, 1, 1989),
    (1, 1, 1990),
    (1, 1, 1991),
    (1, 1, 1992),
    (1, 1, 1994),
    (1, 1, 1995),
];

/// The weights of the modulus 11 check.
const MOD11_WEIGHTS: [u32; 10] = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/// The CPR number starting at `start` (the first digit of a run of
/// digits), if there is one to report: its end.
fn cpr_at(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    if char_before(text, start).is_some_and(char::is_alphanumeric) {
        return None;
    }
    // DDMMYY, each pair optionally parted by one space, or both by dots
    // (`27.11.59-5883`, then only with a hyphen after it: `29.11.21 1600`
    // is a date and a time).
    let mut digits = [0u8; 10];
    let mut at = start;
    let mut dots = 0;
    for pair in 0..3 {
        if pair > 0
            && let Some(n) = space_at(b, at)
            && digits_at(b, at + n, 2)
        {
            at += n;
        } else if pair > 0 && b.get(at) == Some(&b'.') && digits_at(b, at + 1, 2) {
            at += 1;
            dots += 1;
        }
        if !digits_at(b, at, 2) {
            return None;
        }
        digits[pair * 2] = b[at] - b'0';
        digits[pair * 2 + 1] = b[at + 1] - b'0';
        at += 2;
    }
    // The separator: ` - `, `-`, `/`, `.`, a space, or none.
    let mut spaced = false;
    if let Some(n) = space_at(b, at)
        && b.get(at + n) == Some(&b'-')
        && let Some(m) = space_at(b, at + n + 1)
    {
        at += n + 1 + m;
    } else if matches!(b.get(at), Some(b'-' | b'/' | b'.')) {
        at += 1;
    } else if let Some(n) = space_at(b, at) {
        at += n;
        spaced = true;
    }
    let hyphen = b.get(at - 1) == Some(&b'-') || b[start..at].ends_with(b"- ");
    if dots != 0 && (dots != 2 || !hyphen) {
        return None;
    }
    if !digits_at(b, at, 4) {
        return None;
    }
    let serial = at;
    for (d, &c) in digits[6..].iter_mut().zip(&b[at..at + 4]) {
        *d = c - b'0';
    }
    let end = at + 4;
    if char_at(text, end).is_some_and(char::is_alphanumeric) {
        return None;
    }
    if !valid_cpr(&digits) {
        return None;
    }
    let raised = cue_before(text, start, CPR_RAISE_CHARS, CPR_RAISE);
    let lowered = || {
        digit_group_beside(b, start, end, b" -.", 3)
            || (spaced && (1900..=2099).contains(&number(b, serial, 4)))
            || cue_before(text, start, CPR_LOWER_CHARS, CPR_LOWER)
    };
    (raised || !lowered()).then_some(end)
}

/// Whether ten digits are a CPR number: a real birth date, and the
/// modulus 11 check passes or the date is one of the exceptions.
fn valid_cpr(d: &[u8; 10]) -> bool {
    let day = u32::from(d[0] * 10 + d[1]);
    let month = u32::from(d[2] * 10 + d[3]);
    let yy = u32::from(d[4] * 10 + d[5]);
    let century = match d[6] {
        4 | 9 if yy <= 36 => 2000,
        0..=4 | 9 => 1900,
        _ if yy <= 57 => 2000,
        _ => 1800,
    };
    let year = century + yy;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(month, year) {
        return false;
    }
    if CPR_EXCEPTION_DATES.contains(&(day, month, year)) {
        return true;
    }
    let sum: u32 = d
        .iter()
        .zip(MOD11_WEIGHTS)
        .map(|(&digit, w)| u32::from(digit) * w)
        .sum();
    sum.is_multiple_of(11)
}

/// The number of days in `month` of `year` (Gregorian).
fn days_in_month(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// ---------------------------------------------------------------------------
// Telephone numbers

/// Words that make a number a telephone number, within [`PHONE_RAISE_CHARS`] before it.
const PHONE_RAISE: &[Cue] = &[
    prefix("tlf"),
    prefix("telefon"),
    prefix("mobil"),
    prefix("ring"),
    prefix("sms"),
    prefix("fax"),
];
/// How far before a telephone number a raising word is looked for.
const PHONE_RAISE_CHARS: usize = 30;
/// Words that make a number something else, within [`PHONE_LOWER_CHARS`] before it.
const PHONE_LOWER: &[Cue] = &[
    prefix("cvr"),
    prefix("ean"),
    whole("konto"),
    prefix("kontonr"),
    prefix("kontonummer"),
    whole("reg"),
    prefix("regnr"),
    prefix("sagsnr"),
    prefix("p-nr"),
    whole("kr"),
    whole("mio"),
    prefix("faktura"),
];
/// How far before a telephone number a lowering word is looked for.
const PHONE_LOWER_CHARS: usize = 20;
/// Words that, right after a number, make it an amount.
const AMOUNT_AFTER: &[Cue] = &[whole("kr"), prefix("kroner"), whole("mio"), whole("dkk")];

/// How the eight digits of a telephone number are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grouping {
    /// `12345678`
    Solid,
    /// `1234 5678`
    Fours,
    /// `12 34 56 78`
    Pairs,
}

/// The telephone number starting at `start` (the first digit of a run of
/// digits, or a `+`), if there is one to report: its end.
fn phone_at(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    // Not after a digit, a digit and `.`/`,`, or a letter.
    match char_before(text, start) {
        Some(c) if c.is_alphanumeric() => return None,
        Some('.' | ',') if start >= 2 && b[start - 2].is_ascii_digit() => return None,
        _ => {}
    }
    let prefixed = b[start..].starts_with(b"+45") || b[start..].starts_with(b"0045");
    let national = if prefixed {
        let after = start + if b[start] == b'+' { 3 } else { 4 };
        after + space_at(b, after).unwrap_or(0)
    } else if b[start] == b'+' {
        return None;
    } else {
        start
    };
    let (end, grouping) = national_number(b, national)?;
    // Not before a digit, `.`/`,` and a digit, or a letter.
    match char_at(text, end) {
        Some(c) if c.is_alphanumeric() => return None,
        Some('.' | ',') if digit_at(b, end + 1) => return None,
        _ => {}
    }
    let raised = prefixed || cue_before(text, start, PHONE_RAISE_CHARS, PHONE_RAISE);
    let lowered = || {
        digit_group_beside(b, start, end, b" ", 1)
            || (grouping == Grouping::Fours
                && (1900..=2099).contains(&number(b, national, 4))
                && (1900..=2099).contains(&number(b, end - 4, 4)))
            || cue_before(text, start, PHONE_LOWER_CHARS, PHONE_LOWER)
            || amount_after(text, end)
    };
    (raised || !lowered()).then_some(end)
}

/// The eight digits of a national number starting at `at`, the first 2–9,
/// in one of the three groupings, with no digit right after: their end.
fn national_number(b: &[u8], at: usize) -> Option<(usize, Grouping)> {
    if !matches!(b.get(at), Some(b'2'..=b'9')) {
        return None;
    }
    if digits_at(b, at, 8) && !digit_at(b, at + 8) {
        return Some((at + 8, Grouping::Solid));
    }
    if digits_at(b, at, 4) && !digit_at(b, at + 4) {
        let (_, n) = sep_at(b, at + 4)?;
        let second = at + 4 + n;
        return (digits_at(b, second, 4) && !digit_at(b, second + 4))
            .then_some((second + 4, Grouping::Fours));
    }
    if digits_at(b, at, 2) && !digit_at(b, at + 2) {
        let (sep, _) = sep_at(b, at + 2)?;
        let mut p = at + 2;
        for _ in 0..3 {
            match sep_at(b, p) {
                Some((s, n)) if s == sep => p += n,
                _ => return None,
            }
            if !digits_at(b, p, 2) || digit_at(b, p + 2) {
                return None;
            }
            p += 2;
        }
        return Some((p, Grouping::Pairs));
    }
    None
}

/// Whether `kr`, `mio` or the like follows the number ending at `end`
/// (after at most two spaces): an amount.
fn amount_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
    if rest.len() - trimmed.len() > 4 {
        return false;
    }
    let head: Vec<char> = trimmed
        .chars()
        .take(8)
        .flat_map(char::to_lowercase)
        .collect();
    AMOUNT_AFTER.iter().any(|cue| cue_at(&head, cue))
}

/// The CPR numbers and telephone numbers of `text`.
fn find_numbers(text: &str, out: &mut Vec<Hit>) {
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let run_start = c.is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit());
        if run_start && let Some(end) = cpr_at(text, i) {
            out.push(Hit {
                kind: Kind::Cpr,
                start: i,
                end,
            });
        }
        if (run_start || c == b'+')
            && let Some(end) = phone_at(text, i)
        {
            out.push(Hit {
                kind: Kind::Telefon,
                start: i,
                end,
            });
        }
    }
}

// ---------------------------------------------------------------------------
// E-mail addresses

/// Whether `c` may be in the local part of an address.
fn local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// Whether `c` may be in the domain of an address.
fn domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

/// The e-mail addresses of `text`: around each `@`, the longest local part
/// before it and the longest valid domain after it.
fn find_emails(text: &str, out: &mut Vec<Hit>) {
    let b = text.as_bytes();
    for (at, _) in text.match_indices('@') {
        // The local part: back over its characters, not starting or
        // ending with a dot.
        let head = &text[..at];
        if head.ends_with('.') {
            continue;
        }
        let mut start = head
            .char_indices()
            .rev()
            .take_while(|&(_, c)| local_char(c))
            .last()
            .map_or(at, |(i, _)| i);
        while start < at && b[start] == b'.' {
            start += 1;
        }
        if start == at {
            continue;
        }
        // The domain: labels of letters, digits and `-`, parted by single
        // dots, the last one two letters or more.
        let tail = &text[at + 1..];
        let run = tail
            .char_indices()
            .find(|&(_, c)| !domain_char(c))
            .map_or(tail.len(), |(i, _)| i);
        let Some(len) = domain_len(&tail[..run]) else {
            continue;
        };
        out.push(Hit {
            kind: Kind::Email,
            start,
            end: at + 1 + len,
        });
    }
}

/// The length in bytes of the longest domain `run` begins with.
fn domain_len(run: &str) -> Option<usize> {
    let mut labels = Vec::new();
    let mut offset = 0;
    for label in run.split('.') {
        if label.is_empty() {
            break;
        }
        offset += label.len();
        labels.push((label, offset));
        offset += 1;
    }
    while let Some(&(last, end)) = labels.last() {
        if labels.len() < 2 {
            return None;
        }
        if last.chars().count() >= 2 && last.chars().all(char::is_alphabetic) {
            return Some(end);
        }
        labels.pop();
    }
    None
}

// ---------------------------------------------------------------------------
// Words

/// Where `phrase` (lowercased words) ends if it starts at `at` in `text`,
/// case-insensitively, any run of whitespace for a space, and no letter
/// or digit right after.
fn phrase_end(text: &str, at: usize, phrase: &[Vec<char>]) -> Option<usize> {
    let mut chars = text[at..].char_indices().peekable();
    for (n, word) in phrase.iter().enumerate() {
        if n > 0 {
            let mut spaced = false;
            while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {
                spaced = true;
            }
            if !spaced {
                return None;
            }
        }
        let mut k = 0;
        while k < word.len() {
            let (_, c) = chars.next()?;
            for lc in c.to_lowercase() {
                if word.get(k) != Some(&lc) {
                    return None;
                }
                k += 1;
            }
        }
    }
    match chars.peek() {
        Some(&(_, c)) if c.is_alphanumeric() => None,
        Some(&(i, _)) => Some(at + i),
        None => Some(text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hits of `text` with no profile words, as (kind, matched text).
    fn found(text: &str) -> Vec<(Kind, &str)> {
        found_with(&[], text)
    }

    fn found_with<'t>(words: &[&str], text: &'t str) -> Vec<(Kind, &'t str)> {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        Rules::new(&words)
            .find(text)
            .into_iter()
            .map(|h| (h.kind, &text[h.start..h.end]))
            .collect()
    }

    fn kinds(text: &str) -> Vec<Kind> {
        found(text).into_iter().map(|(k, _)| k).collect()
    }

    /// `date` (DDMMYY) and the seventh digit `seventh` completed with the
    /// first three digits that pass the modulus 11 check.
    fn with_check(date: &str, seventh: u8) -> String {
        (0..1000)
            .map(|n| format!("{date}{seventh}{n:03}"))
            .find(|c| mod11(c))
            .unwrap()
    }

    /// Whether ten digits pass the modulus 11 check.
    fn mod11(digits: &str) -> bool {
        let sum: u32 = digits
            .bytes()
            .zip(MOD11_WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        sum.is_multiple_of(11)
    }

    #[test]
    fn the_test_numbers_are_what_they_claim() {
        assert!(mod11("0102031016"));
        assert!(mod11("1106851014"));
        assert!(!mod11("0101601235"));
        assert!(!mod11("0102031234"));
        assert!(mod11("3201991004"));
        assert!(mod11("0101022021"));
        assert_eq!(with_check("010203", 1), "0102031008");
    }

    #[test]
    fn a_cpr_number_with_a_hyphen() {
        assert_eq!(
            found("Borgeren, 010203-1016, har klaget."),
            [(Kind::Cpr, "010203-1016")]
        );
        assert_eq!(found("110685-1014"), [(Kind::Cpr, "110685-1014")]);
    }

    #[test]
    fn a_cpr_number_with_each_separator() {
        for text in [
            "010203 1016",
            "0102031016",
            "010203/1016",
            "010203.1016",
            "010203 - 1016",
            "01 02 03-1016",
            "01 02 03 1016",
            "010203\u{a0}1016",
        ] {
            assert_eq!(found(text), [(Kind::Cpr, text)], "{text}");
        }
    }

    #[test]
    fn a_cpr_number_needs_word_boundaries() {
        assert!(found("A010203-1016").is_empty());
        assert!(found("010203-1016b").is_empty());
        assert!(found("9010203-1016").is_empty());
        assert!(found("010203-10169").is_empty());
        assert!(found("010203--1016").is_empty());
    }

    #[test]
    fn a_row_number_before_a_cpr_number_does_not_hide_it() {
        // A numbered table row, as a spreadsheet's text reads.
        assert_eq!(found("1 010203-1008 Jensen"), [(Kind::Cpr, "010203-1008")]);
        assert_eq!(found("12 010203-1008"), [(Kind::Cpr, "010203-1008")]);
        // An account number is still no CPR number.
        assert!(found("1234 0102031008").is_empty());
    }

    #[test]
    fn a_date_written_with_dots_and_a_hyphen_is_one() {
        assert_eq!(
            found("Borgeren 01.02.03-1008 har klaget."),
            [(Kind::Cpr, "01.02.03-1008")]
        );
        // A date and a time, or a date with a four-digit year, is none.
        assert!(found("Mødet 01.02.03 1008 i salen").is_empty());
        assert!(found("den 01.02.2003-1008").is_empty());
        assert!(found("01.0203-1008").is_empty());
    }

    #[test]
    fn typography_hides_nothing() {
        // En dash, non-breaking hyphen, a zero-width space, soft hyphens.
        for (text, kind) in [
            ("Sag: 010203\u{2013}1008.", Kind::Cpr),
            ("Sag: 010203\u{2011}1008.", Kind::Cpr),
            ("Sag: 010203\u{200b}-1008.", Kind::Cpr),
            ("Ring 23\u{ad}45\u{ad}67\u{ad}89 nu", Kind::Telefon),
            ("Ring 23\u{2009}45\u{2009}67\u{2009}89 nu", Kind::Telefon),
            ("Skriv til zw.mail\u{200b}@example.com i dag", Kind::Email),
            (
                "Borgeren \u{ff10}\u{ff11}\u{ff10}\u{ff12}\u{ff10}\u{ff13}-\u{ff11}\u{ff10}\u{ff10}\u{ff18}.",
                Kind::Cpr,
            ),
        ] {
            let hits = Rules::new(&[]).find(text);
            assert_eq!(hits.len(), 1, "{text:?}: {hits:?}");
            assert_eq!(hits[0].kind, kind, "{text:?}");
            // The range is in the text as given, on its character boundaries.
            let found = &text[hits[0].start..hits[0].end];
            assert!(
                found.starts_with(|c: char| c.is_alphanumeric()),
                "{found:?}"
            );
        }
    }

    #[test]
    fn an_exception_date_needs_no_modulus_11() {
        // 1 January 1960 is on the CPR office's list.
        assert_eq!(found("født 010160-1235"), [(Kind::Cpr, "010160-1235")]);
        // 1 January 1961 is not.
        let not_listed = "010161-1235";
        assert!(!mod11("0101611235"));
        assert!(found(not_listed).is_empty());
        // With 5–8 as the seventh digit, 60 is 1860: not on the list.
        assert!(!mod11("0101605235"));
        assert!(found("010160-5235").is_empty());
    }

    #[test]
    fn a_number_failing_modulus_11_is_no_cpr_number() {
        assert!(found("010203-1234").is_empty());
        assert!(found("CPR-nr.: 010203-1234").is_empty());
    }

    #[test]
    fn an_impossible_date_is_no_cpr_number() {
        assert!(found("320199-1234").is_empty());
        assert!(found("320199-1004").is_empty(), "passes modulus 11");
        let feb30 = with_check("300201", 1);
        assert!(found(&feb30).is_empty());
        let month13 = with_check("011301", 1);
        assert!(found(&month13).is_empty());
    }

    #[test]
    fn leap_years_follow_the_century_of_the_seventh_digit() {
        // 29 February 2000 (seventh digit 4, year ≤ 36): a leap day.
        let y2000 = with_check("290200", 4);
        assert_eq!(kinds(&y2000), [Kind::Cpr]);
        // 29 February 1900 (seventh digit 0–3): no such day.
        let y1900 = with_check("290200", 1);
        assert!(found(&y1900).is_empty());
        // 29 February 1996 and 2004.
        assert_eq!(kinds(&with_check("290296", 2)), [Kind::Cpr]);
        assert_eq!(kinds(&with_check("290204", 5)), [Kind::Cpr]);
        // 29 February 1858 (seventh digit 5–8, year > 57): not a leap year.
        assert!(found(&with_check("290258", 6)).is_empty());
    }

    #[test]
    fn a_cpr_number_among_account_numbers_is_not_reported() {
        assert!(found("Reg.nr. 1234 konto 0102031016").is_empty());
        assert!(found("overføres til 1234 0102031016").is_empty());
        assert!(found("0102031016 2345 6789").is_empty());
        assert!(found("Faktura 010203-1016").is_empty());
        assert!(found("J.nr. 010203-1016").is_empty());
    }

    #[test]
    fn a_cpr_context_word_raises_it_over_a_lowering_factor() {
        assert_eq!(
            found("CPR-nr.: 1234 0102031016"),
            [(Kind::Cpr, "0102031016")]
        );
        assert_eq!(
            found("Personnummer: konto 0102031016"),
            [(Kind::Cpr, "0102031016")]
        );
        assert_eq!(
            found("fødselsdato og løbenr. 010102 2021"),
            [(Kind::Cpr, "010102 2021")]
        );
    }

    #[test]
    fn six_digits_and_a_year_are_no_cpr_number() {
        assert!(mod11("0101022021"));
        assert!(found("sag 010102 2021").is_empty());
        assert!(found("sag 240611 2021").is_empty());
        // The same digits written as a CPR number are one.
        assert_eq!(found("sag 010102-2021"), [(Kind::Cpr, "010102-2021")]);
    }

    #[test]
    fn case_numbers_amounts_and_dates_are_nothing() {
        for text in [
            "Sagsnr. 28.09.40-G01-44-21",
            "00.00.00-I02-1-21",
            "i alt 1.234.567 kr.",
            "12.345.678,90",
            "mødet 29.11.2021 kl. 16",
            "dato 2021-11-29",
            "§ 17, stk. 4",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn e_mail_addresses() {
        assert_eq!(
            found("Skriv til jens.hansen@example.dk."),
            [(Kind::Email, "jens.hansen@example.dk")]
        );
        assert_eq!(
            found("<a href=\"mailto:Jens@Example.dk\">"),
            [(Kind::Email, "Jens@Example.dk")]
        );
        assert_eq!(
            found("Jens <jens@kommune.example.dk>, Ole"),
            [(Kind::Email, "jens@kommune.example.dk")]
        );
        assert_eq!(
            found("til søren.æbelø@by.dk, i dag"),
            [(Kind::Email, "søren.æbelø@by.dk")]
        );
        assert_eq!(
            found("a+b_c%d-e@sub-domæne.dk"),
            [(Kind::Email, "a+b_c%d-e@sub-domæne.dk")]
        );
    }

    #[test]
    fn not_e_mail_addresses() {
        for text in [
            "jens@localhost",
            "jens@example.d",
            "jens@example.123",
            "jens.@example.dk",
            "@example.dk",
            "jens@.dk",
            "a @ b.dk",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
        // A leading dot is not part of the local part.
        assert_eq!(
            found(".jens@example.dk"),
            [(Kind::Email, "jens@example.dk")]
        );
    }

    #[test]
    fn telephone_numbers() {
        for (text, number) in [
            ("ring 23456789", "23456789"),
            ("23456789", "23456789"),
            ("2345 6789", "2345 6789"),
            ("23 45 67 89", "23 45 67 89"),
            ("23-45-67-89", "23-45-67-89"),
            ("2345\u{a0}6789", "2345\u{a0}6789"),
            ("+45 23 45 67 89", "+45 23 45 67 89"),
            ("+4523456789", "+4523456789"),
            ("0045 23456789", "0045 23456789"),
            ("004523456789", "004523456789"),
            ("Tlf.: 98 12 25 37", "98 12 25 37"),
            ("mobil: 2020 2021", "2020 2021"),
            ("(20 30 40 50)", "20 30 40 50"),
        ] {
            assert_eq!(found(text), [(Kind::Telefon, number)], "{text}");
        }
    }

    #[test]
    fn not_telephone_numbers() {
        for text in [
            "1.234.567",
            "12.345.678,90",
            "2.23456789",
            "23456789,5",
            "Budget 2020 2021",
            "98 12 25 37 41 55",
            "CVR-nr. 23456789",
            "12345678",
            "EAN 23456789",
            "i alt kr. 23456789",
            "i alt 25000000 kr.",
            "2345678901",
            "23456789012",
            "01234567",
            "23 45-67 89",
            "234 56 789",
            "Sagsnr. 28.09.40-G01-44-21",
            "Sagsnr 23456789",
            "ID23456789",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn short_lowering_words_are_whole_words() {
        // "kr" is not "Kristian", "konto" is not "kontoret", "reg" not "region".
        assert_eq!(kinds("Kristian Hansen 23456789"), [Kind::Telefon]);
        assert_eq!(kinds("kontoret 23456789"), [Kind::Telefon]);
        assert_eq!(kinds("Regionen 23456789"), [Kind::Telefon]);
        assert!(found("konto 23456789").is_empty());
        // "ring" raises at the start of a word only: not in "vurdering".
        assert!(found("vurdering 2020 2021").is_empty());
    }

    #[test]
    fn a_cpr_number_wins_over_a_telephone_number() {
        // `010203 2xxx 6789`: a CPR number (raised by "CPR") overlapping a
        // telephone number `2xxx 6789` (raised by "tlf.").
        let cpr = with_check("010203", 2);
        let phone = format!("tlf. {} 6789", &cpr[6..]);
        assert_eq!(kinds(&phone), [Kind::Telefon]);
        let text = format!("CPR og tlf. 010203 {} 6789", &cpr[6..]);
        let expected = format!("010203 {}", &cpr[6..]);
        assert_eq!(found(&text), [(Kind::Cpr, expected.as_str())]);
        // Overlapping candidates: the CPR one is kept.
        let hits = resolve(vec![
            Hit {
                kind: Kind::Telefon,
                start: 0,
                end: 15,
            },
            Hit {
                kind: Kind::Cpr,
                start: 4,
                end: 14,
            },
            Hit {
                kind: Kind::Email,
                start: 14,
                end: 30,
            },
            Hit {
                kind: Kind::Ord,
                start: 20,
                end: 25,
            },
        ]);
        assert_eq!(
            hits.iter().map(|h| h.kind).collect::<Vec<_>>(),
            [Kind::Cpr, Kind::Email]
        );
    }

    #[test]
    fn an_address_of_digits_is_an_address() {
        assert_eq!(
            found("23456789@sms.example.dk"),
            [(Kind::Email, "23456789@sms.example.dk")]
        );
    }

    #[test]
    fn profile_words() {
        let words = ["Jens Hansen", "Ærø", "", "   ", "Sørensen"];
        assert_eq!(
            found_with(&words, "Sagen om JENS   HANSEN og jens\nhansen."),
            [(Kind::Ord, "JENS   HANSEN"), (Kind::Ord, "jens\nhansen")]
        );
        assert_eq!(found_with(&words, "på ærø."), [(Kind::Ord, "ærø")]);
        assert!(found_with(&words, "Jens Hansens sag").is_empty());
        assert!(found_with(&words, "Jensen Hansen, Jens Hansen2").is_empty());
        assert!(found_with(&words, "Ærøskøbing, Sørensensvej").is_empty());
        assert_eq!(found_with(&words, "(SØRENSEN)"), [(Kind::Ord, "SØRENSEN")]);
        assert!(found_with(&["", " "], "tom profil").is_empty());
    }

    #[test]
    fn the_longest_phrase_wins() {
        let words = ["Jens", "Jens Hansen"];
        assert_eq!(
            found_with(&words, "Jens Hansen og Jens"),
            [(Kind::Ord, "Jens Hansen"), (Kind::Ord, "Jens")]
        );
    }

    #[test]
    fn hits_are_in_text_order() {
        let text = "Jens, tlf. 23456789, jens@example.dk, CPR 010203-1016.";
        assert_eq!(
            found_with(&["jens"], text),
            [
                (Kind::Ord, "Jens"),
                (Kind::Telefon, "23456789"),
                (Kind::Email, "jens@example.dk"),
                (Kind::Cpr, "010203-1016"),
            ]
        );
    }

    #[test]
    fn ranges_are_on_char_boundaries_among_danish_letters() {
        let text = "§§ Ærø-sagen: æ010203-1016 ø, å010203-1016, «010203-1016» \
                    ø23456789å tlf.\u{a0}23\u{a0}45\u{a0}67\u{a0}89 §søren@ø.dk§ Åse Ørsted.";
        let hits = Rules::new(&["åse ørsted".to_string()]).find(text);
        for h in &hits {
            assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
        }
        assert_eq!(
            hits.iter()
                .map(|h| (h.kind, &text[h.start..h.end]))
                .collect::<Vec<_>>(),
            [
                (Kind::Cpr, "010203-1016"),
                (Kind::Telefon, "23\u{a0}45\u{a0}67\u{a0}89"),
                (Kind::Email, "søren@ø.dk"),
                (Kind::Ord, "Åse Ørsted"),
            ]
        );
    }

    #[test]
    fn every_prefix_of_a_danish_text_is_safe() {
        let text = "Æ 010203-1016 ø +45 23 45 67 89 å jens@æ.dk § Jens Hansen";
        let rules = Rules::new(&["jens hansen".to_string()]);
        for (i, _) in text.char_indices() {
            for h in rules
                .find(&text[..i])
                .into_iter()
                .chain(rules.find(&text[i..]))
            {
                assert!(h.start < h.end);
            }
        }
    }

    #[test]
    fn normalized_keys() {
        assert_eq!(normalized(Kind::Cpr, "010203-1016"), "0102031016");
        assert_eq!(normalized(Kind::Cpr, "01 02 03 - 1016"), "0102031016");
        assert_eq!(
            normalized(Kind::Email, "Jens.Hansen@Example.DK"),
            "jens.hansen@example.dk"
        );
        assert_eq!(normalized(Kind::Telefon, "+45 23 45 67 89"), "23456789");
        assert_eq!(normalized(Kind::Telefon, "0045 2345 6789"), "23456789");
        assert_eq!(normalized(Kind::Telefon, "1234-5678"), "12345678");
        assert_eq!(normalized(Kind::Telefon, "45 12 34 56"), "45123456");
        assert_eq!(normalized(Kind::Ord, " JENS \n  Hansen "), "jens hansen");
        assert_eq!(normalized(Kind::Ord, "ÆRØ"), "ærø");
    }

    #[test]
    fn masks() {
        assert_eq!(mask(Kind::Cpr, "010203-1016"), "010203-****");
        assert_eq!(mask(Kind::Cpr, "0102031016"), "010203-****");
        assert_eq!(mask(Kind::Cpr, "01 02 03 - 1016"), "010203-****");
        assert_eq!(
            mask(Kind::Email, "jens.hansen@example.dk"),
            "j***@example.dk"
        );
        assert_eq!(mask(Kind::Email, "ærø@by.dk"), "æ***@by.dk");
        assert_eq!(mask(Kind::Telefon, "12345678"), "12 ** ** **");
        assert_eq!(mask(Kind::Telefon, "+45 98 12 25 37"), "98 ** ** **");
        assert_eq!(mask(Kind::Telefon, "004598122537"), "98 ** ** **");
        assert_eq!(mask(Kind::Ord, "Jens  Hansen"), "J*** H***");
        assert_eq!(mask(Kind::Ord, "Ærø"), "Æ***");
    }

    #[test]
    fn masks_never_show_the_value() {
        let text = "CPR 110685-1014, tlf. 87 65 43 21, mail ole.olsen@example.dk, Ole Olsen";
        let rules = Rules::new(&["ole olsen".to_string()]);
        for h in rules.find(text) {
            let value = &text[h.start..h.end];
            let m = mask(h.kind, value);
            assert_ne!(m, value);
            match h.kind {
                Kind::Cpr => assert!(!m.contains("1014")),
                Kind::Telefon => assert!(!m.contains("65")),
                Kind::Email => assert!(!m.contains("olsen")),
                Kind::Ord => assert!(!m.contains("lsen")),
            }
        }
    }

    #[test]
    fn kind_names() {
        assert_eq!(Kind::Cpr.danish(), "CPR-nummer");
        assert_eq!(Kind::Email.danish(), "e-mailadresse");
        assert_eq!(Kind::Telefon.danish(), "telefonnummer");
        assert_eq!(Kind::Ord.danish(), "ord fra profilen");
        assert_eq!(
            [Kind::Cpr, Kind::Email, Kind::Telefon, Kind::Ord].map(Kind::key),
            ["cpr", "email", "telefon", "ord"]
        );
    }

    #[test]
    fn a_large_text_is_read_in_linear_time() {
        let chunk = "Sag 28.09.40-G01-44-21 om 1.234.567 kr., tlf. 23 45 67 89, \
                     jens@example.dk, 98 12 25 37 41 55 æøå §§ 010203-1016 \
                     aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@@@@@@@ 1111111111111111\n";
        let text = chunk.repeat(40_000); // about 6 MB
        let rules = Rules::new(&["Jens Hansen".to_string(), "æøå".to_string()]);
        let started = std::time::Instant::now();
        let hits = rules.find(&text);
        assert_eq!(hits.len(), 40_000 * 4);
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?}",
            started.elapsed()
        );
    }
}
