//! The personal-data check of everything published: CPR numbers, e-mail addresses, telephone numbers and the profile's words, found in a text, let through only by the profile or a case file's exception, and told without ever showing the value.
//!
//! What is checked is what is published. A case file's public view (what
//! reaches the template) is checked before anything is typeset, so that a
//! finding is an error at the exact place in the case file; then the text of
//! every public PDF (its text layer: for a scan, the OCR text the conversion
//! put in) and of every page of the site is read back before it is written
//! ([`text`]). The rules themselves are [`rules`]'s, under one version
//! ([`RULESET`]); the record of every check is the [`ledger`]'s.

pub mod archive;
pub mod ledger;
pub mod rules;
pub mod text;

use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Place};
use crate::load::SourceFile;
use crate::load::model::Persondata;

pub use ledger::{Ledger, Record};
pub use rules::{Kind, RULESET};

/// The profile's `persondata:`: what is always allowed, and the words the
/// kommune adds to the rules.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The kommune's own domains: an address at one of them is an
    /// official's work address (`hedensted.dk`).
    #[serde(rename = "domæner", default)]
    pub domaener: Vec<String>,
    /// Occurrences always allowed, as written: the switchboard number.
    #[serde(default)]
    pub tilladt: Vec<String>,
    /// Words that may never be published: names of citizens in a running case.
    #[serde(default)]
    pub ord: Vec<String>,
}

/// The check, set up once per run from the profile.
#[derive(Debug, Default)]
pub struct Check {
    rules: rules::Rules,
    domains: Vec<String>,
    allowed: Vec<String>,
    ledger: Ledger,
    /// Where the text read back from a PDF is kept, by the SHA-256 of its bytes.
    text_cache: Option<std::path::PathBuf>,
}

/// One occurrence nothing lets through. Its value is never shown: only
/// [`Finding::masked`].
#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: Kind,
    /// `010203-****`, `j***@example.dk`.
    pub masked: String,
    /// Its byte range in the text scanned.
    pub start: usize,
    pub end: usize,
    /// The value compared with exceptions and between texts.
    key: String,
}

impl Finding {
    /// The value as typed, to find it again in the case file; never for a message.
    fn value<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// An exception of a case file that let an occurrence through.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Used {
    #[serde(rename = "art")]
    pub kind: &'static str,
    #[serde(rename = "maskeret")]
    pub masked: String,
    pub begrundelse: String,
}

/// What a scan found: the findings, and the exceptions it used.
#[derive(Debug, Default)]
pub struct Scan {
    pub findings: Vec<Finding>,
    pub used: Vec<Used>,
}

impl Check {
    /// The check with the profile's settings.
    pub fn new(settings: &Settings) -> Check {
        Check {
            rules: rules::Rules::new(&settings.ord),
            domains: settings
                .domaener
                .iter()
                .map(|d| d.trim().trim_start_matches('@').to_lowercase())
                .filter(|d| !d.is_empty())
                .collect(),
            allowed: settings.tilladt.clone(),
            ledger: Ledger::default(),
            text_cache: None,
        }
    }

    /// Keeps the text read back from each PDF in `dir`, by the SHA-256 of
    /// its bytes: a document made again with the same bytes (every run of
    /// unchanged cases, since output depends only on input) is not read
    /// again.
    pub fn with_text_cache(mut self, dir: std::path::PathBuf) -> Check {
        self.text_cache = Some(dir);
        self
    }

    /// The text of every page of `pdf` ([`text::pdf_pages`]), from the text
    /// cache when these bytes were read before by the same reader.
    pub fn pdf_pages(
        &self,
        pdf: &[u8],
        maker: text::Maker,
    ) -> Result<Vec<String>, text::TextError> {
        let Some(dir) = &self.text_cache else {
            return text::pdf_pages(pdf, maker);
        };
        let reader = text::reader(maker);
        let entry = dir.join(format!("{}-{reader}.json", crate::digest::hex_sha256(pdf)));
        if let Some(pages) = std::fs::read(&entry)
            .ok()
            .and_then(|b| serde_json::from_slice::<Vec<String>>(&b).ok())
        {
            return Ok(pages);
        }
        let pages = text::pdf_pages(pdf, maker)?;
        if let Ok(json) = serde_json::to_vec(&pages) {
            let name = entry.file_name().unwrap_or_default().to_string_lossy();
            let _ = std::fs::create_dir_all(dir)
                .and_then(|()| crate::atomic::atomic(dir, &name, &json));
        }
        Ok(pages)
    }

    /// The record of every check of this run.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Records a file checked. Its name and its case file's are masked
    /// too: an item's title, and so its file name, may hold the value.
    pub fn record(&self, mut record: Record) {
        record.fil = self.masked(&record.fil).to_string();
        record.kilde = self.masked(&record.kilde).to_string();
        self.ledger.add(record);
    }

    /// The occurrences in `text` that neither the profile nor one of
    /// `exceptions` lets through, and the exceptions used.
    pub fn scan(&self, text: &str, exceptions: &[&Persondata]) -> Scan {
        let mut scan = Scan::default();
        for hit in self.rules.find(text) {
            let value = &text[hit.start..hit.end];
            let key = rules::normalized(hit.kind, value);
            let masked = rules::mask(hit.kind, value);
            if self.profile_allows(hit.kind, &key) {
                continue;
            }
            let exception = exceptions
                .iter()
                .find(|e| e.tilladt.iter().any(|t| same(hit.kind, t, &key)));
            match exception {
                Some(e) => {
                    let used = Used {
                        kind: hit.kind.key(),
                        masked,
                        begrundelse: e.begrundelse.trim().to_string(),
                    };
                    if !scan.used.contains(&used) {
                        scan.used.push(used);
                    }
                }
                None => scan.findings.push(Finding {
                    kind: hit.kind,
                    masked,
                    start: hit.start,
                    end: hit.end,
                    key,
                }),
            }
        }
        scan
    }

    /// Scans every string of `texts` (a view, as JSON) as one text each,
    /// findings of the same value counted once.
    pub fn scan_all<'a>(
        &self,
        texts: impl IntoIterator<Item = &'a str>,
        exceptions: &[&Persondata],
    ) -> Vec<(String, Finding)> {
        let mut found: Vec<(String, Finding)> = Vec::new();
        for text in texts {
            for f in self.scan(text, exceptions).findings {
                if !found
                    .iter()
                    .any(|(_, g)| g.key == f.key && g.kind == f.kind)
                {
                    found.push((f.value(text).to_string(), f));
                }
            }
        }
        found
    }

    fn profile_allows(&self, kind: Kind, key: &str) -> bool {
        if kind == Kind::Email
            && let Some((_, domain)) = key.rsplit_once('@')
            && self
                .domains
                .iter()
                .any(|d| domain == d || domain.ends_with(&format!(".{d}")))
        {
            return true;
        }
        self.allowed.iter().any(|a| same(kind, a, key))
    }

    /// Errors for the personal data in a case file's public texts: each
    /// distinct value at its first place in `source`, masked. `texts` are
    /// the strings of what reaches the template.
    pub fn case_file_errors<'a>(
        &self,
        source: &SourceFile,
        texts: impl IntoIterator<Item = &'a str>,
        exceptions: &[&Persondata],
        what_to_do: &str,
    ) -> Vec<(Diagnostic, ledger::Fund)> {
        let found = self.scan_all(texts, exceptions);
        if found.is_empty() {
            return Vec::new();
        }
        let masked_text = self.masked(&source.text);
        found
            .into_iter()
            .map(|(value, f)| {
                let place = source.text.find(&value).map(|offset| {
                    let p = Place::of_offset(&source.text, offset, value.len());
                    Place::at(&masked_text, p.line, p.column, value.chars().count())
                });
                let d = Diagnostic::new(
                    &source.path,
                    format!(
                        "{} {} would be published in the public edition",
                        f.kind.danish(),
                        f.masked
                    ),
                )
                .in_text(masked_text.clone())
                .at(place.clone())
                .label(english(f.kind));
                let d = match place {
                    Some(_) => d,
                    None => d.help("it comes from figures the case file reads (a spreadsheet)"),
                };
                let fund = ledger::Fund {
                    kind: f.kind.key(),
                    masked: f.masked,
                    side: None,
                };
                (d.help(what_to_do), fund)
            })
            .collect()
    }

    /// The errors for the pages of a PDF: one per value, naming the page,
    /// at `origin` (a bilag's `fil:` line, or the case file).
    pub fn page_errors(
        &self,
        origin: &Diagnostic,
        file: &str,
        pages: &[String],
        exceptions: &[&Persondata],
        what_to_do: &str,
    ) -> (Vec<Diagnostic>, Vec<ledger::Fund>, Vec<Used>) {
        let mut errors = Vec::new();
        let mut funds = Vec::new();
        let mut used = Vec::new();
        let mut seen: Vec<(Kind, String)> = Vec::new();
        for (n, page) in pages.iter().enumerate() {
            let scan = self.scan(page, exceptions);
            used.extend(scan.used);
            for f in scan.findings {
                funds.push(ledger::Fund {
                    kind: f.kind.key(),
                    masked: f.masked.clone(),
                    side: Some(n + 1),
                });
                if seen.iter().any(|(k, v)| *k == f.kind && *v == f.key) {
                    continue;
                }
                seen.push((f.kind, f.key.clone()));
                let d = self.error_at(
                    origin,
                    format!(
                        "{} {} on page {} of `{file}`, which would be published",
                        f.kind.danish(),
                        f.masked,
                        n + 1
                    ),
                );
                errors.push(
                    d.label(format!("{} on page {}", english(f.kind), n + 1))
                        .help(what_to_do),
                );
            }
        }
        used.sort();
        used.dedup();
        (errors, funds, used)
    }

    /// An error with `message` at `origin`'s place (a bilag's `fil:` line,
    /// or the case file), its snippet masked.
    pub fn error_at(&self, origin: &Diagnostic, message: String) -> Diagnostic {
        let mut d = origin.clone();
        d.warning = false;
        d.message = message;
        if let Some(text) = &d.text {
            d.text = Some(self.masked(text));
        }
        d
    }

    /// `text` with every occurrence the rules find replaced by a mask of as
    /// many characters, so that a snippet of it never shows a value and its
    /// lines and columns stay where they were.
    pub fn masked(&self, text: &str) -> Arc<str> {
        let hits = self.rules.find(text);
        if hits.is_empty() {
            return text.into();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for h in hits {
            out.push_str(&text[at..h.start]);
            out.push_str(&in_place(h.kind, &text[h.start..h.end]));
            at = h.end;
        }
        out.push_str(&text[at..]);
        out.into()
    }
}

/// `value` masked character for character, so that it keeps its length:
/// a CPR number's and a telephone number's digits after the first six (two)
/// become `*`, an e-mail address's local part after its first character,
/// a word's letters after its first.
fn in_place(kind: Kind, value: &str) -> String {
    let mut digits = 0;
    let mut at_sign = false;
    let mut previous: Option<char> = None;
    let keep_digits = match kind {
        Kind::Cpr => 6,
        _ => {
            // A +45 or 0045 prefix is kept, and two digits of the number.
            let prefix = ["+45", "0045"].iter().find(|p| value.starts_with(**p));
            prefix.map_or(0, |p| p.trim_start_matches('+').len()) + 2
        }
    };
    value
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let shown = match kind {
                Kind::Cpr | Kind::Telefon => {
                    if c.is_numeric() {
                        digits += 1;
                        digits <= keep_digits
                    } else {
                        true
                    }
                }
                Kind::Email => {
                    at_sign |= c == '@';
                    i == 0 || at_sign
                }
                Kind::Ord => !previous.is_some_and(char::is_alphanumeric) || !c.is_alphanumeric(),
            };
            previous = Some(c);
            if shown { c } else { '*' }
        })
        .collect()
}

/// Whether the exception or allowance `written` names the occurrence whose
/// key is `key`.
fn same(kind: Kind, written: &str, key: &str) -> bool {
    let w = rules::normalized(kind, written.trim());
    !w.is_empty() && w == key
}

fn english(kind: Kind) -> &'static str {
    match kind {
        Kind::Cpr => "a CPR number",
        Kind::Email => "an e-mail address",
        Kind::Telefon => "a telephone number",
        Kind::Ord => "a word the profile forbids",
    }
}

/// Every string of a view, as its JSON holds them.
pub fn strings(value: &serde_json::Value) -> Vec<&str> {
    fn walk<'v>(v: &'v serde_json::Value, out: &mut Vec<&'v str>) {
        match v {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut out);
    out
}

/// What to do about a finding in an item's text.
pub const IN_AN_ITEM: &str = "remove it from the text, mark the item `lukket: true`, or, if it may lawfully be published, let it through on the item with `persondata: {tilladt: [\"…\"], begrundelse: \"…\"}`";
/// What to do about a finding in a bilag.
pub const IN_A_BILAG: &str = "withhold the bilag with `offentlig: false`, publish a version without it, or, if it may lawfully be published, let it through on the bilag with `persondata: {tilladt: [\"…\"], begrundelse: \"…\"}`";
/// What to do about a finding in a document the tool made, read back.
pub const IN_A_PUBLISHED_PDF: &str = "remove it from the case file's text or figures (for an item, or mark the item `lukket: true`), or, if it may lawfully be published, let it through with `persondata: {tilladt: [\"…\"], begrundelse: \"…\"}` on the item";
/// What to do about a finding in a meeting's or a memo's own text.
pub const IN_A_DOCUMENT: &str = "remove it from the text, or add the kommune's own domain or number to `persondata` in the profile (profil.yaml) if it is one";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_of_a_pdf_is_read_once_and_kept_by_its_bytes() {
        let pdf = include_bytes!("../../tests/fixtures/persondata/reportlab.pdf");
        let dir = tempfile::tempdir().unwrap();
        let check = Check::new(&Settings::default()).with_text_cache(dir.path().join("tekst"));
        let first = check.pdf_pages(pdf, text::Maker::Other).unwrap();
        assert_eq!(first.len(), 2);
        let kept: Vec<_> = std::fs::read_dir(dir.path().join("tekst"))
            .unwrap()
            .collect();
        assert_eq!(kept.len(), 1);
        let again = check.pdf_pages(pdf, text::Maker::Other).unwrap();
        assert_eq!(first, again);
        // What is kept is the text; the findings are made anew each time.
        assert!(check.scan(&again[0], &[]).findings.is_empty());
        let found = check.scan(&again[1], &[]).findings;
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].masked, "010203-****");
    }
}
