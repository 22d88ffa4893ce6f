//! Stage 1, load: reads a case file into the typed case model, with errors that name file, line and column.

mod locate;
pub mod model;
pub mod sagsnr;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

pub use locate::{Locations, Spot};
pub use model::Punkt;

use crate::diagnostic::{Diagnostic, Place, nearest};

/// The largest case file, in bytes (a long real item is 20 kB); the
/// limits of the texts in it are the check's (`check::limits`).
pub const MAX_FILE_BYTES: usize = 1_000_000;
/// The most entries of one list or mapping of a case file (names, clauses, years, areas…).
pub const MAX_ENTRIES: usize = 1_000;

/// The approval record's file name, beside `moede.yaml`: YAML, but no
/// case file (`dagsorden approve` writes it).
pub const APPROVAL_RECORD: &str = "godkendelse.yaml";

/// Whether a case file is a correction (`type: rettelse`), which may be
/// added beside approved minutes.
pub fn is_correction(text: &str) -> bool {
    // Every item file of a meeting is asked: most are no correction, and
    // parsing them whole takes longer than looking for the word.
    text.contains("rettelse")
        && serde_yaml::from_str::<serde_yaml::Value>(text)
            .ok()
            .and_then(|v| v.get("type").and_then(|t| t.as_str().map(str::to_owned)))
            .is_some_and(|t| t == "rettelse")
}

/// The case-file types of the format, as written after `type:`.
pub const TYPES: [&str; 4] = ["punkt", "møde", "notat", "rettelse"];

/// A case file as read from disk: its name, text and the places of its keys.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub locations: Locations,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        let text: String = text.into();
        SourceFile {
            path: path.into(),
            locations: Locations::of(&text),
            text: text.into(),
        }
    }

    /// The folder the file is in; paths in the file are relative to it.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// The place of the value at `path`, covering `len` characters.
    pub fn value_place(&self, path: &str, len: usize) -> Option<Place> {
        let spot = self.locations.value(path)?;
        Some(Place::at(&self.text, spot.line, spot.column, len))
    }

    /// The place of the key of `path` (the key itself is underlined).
    pub fn key_place(&self, path: &str) -> Option<Place> {
        let spot = self.locations.key(path)?;
        let key = path.rsplit('.').next().unwrap_or(path);
        let len = if key.ends_with(']') {
            1
        } else {
            key.chars().count()
        };
        Some(Place::at(&self.text, spot.line, spot.column, len))
    }

    /// A diagnostic about this file.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.path, message).in_text(self.text.clone())
    }
}

/// A loaded case, by type.
#[derive(Debug, Clone)]
pub enum Case {
    Punkt(Box<Punkt>),
    Notat(Box<model::Notat>),
    Moede(Box<model::Moede>),
    /// A correction to approved minutes, printed with its meeting.
    Rettelse(Box<model::Rettelse>),
}

impl Case {
    /// Its `type:` as the file gives it.
    pub fn kind(&self) -> &str {
        match self {
            Case::Punkt(p) => &p.kind,
            Case::Notat(n) => &n.kind,
            Case::Moede(m) => &m.kind,
            Case::Rettelse(r) => &r.kind,
        }
    }
}

/// A case file, read and parsed.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: SourceFile,
    pub case: Case,
}

/// Reads and parses the case file at `path`.
pub fn load(path: &Path) -> Result<Loaded, Box<Diagnostic>> {
    use std::io::Read as _;
    let cannot_read = |e: std::io::Error| {
        Box::new(Diagnostic::new(
            path,
            format!("cannot read the case file: {e}"),
        ))
    };
    // Never more than one byte past the limit is read, however large the file.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(cannot_read)?;
    from_bytes(path, &bytes)
}

/// Parses the bytes of a case file that was read from `path`.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, Box<Diagnostic>> {
    use MAX_FILE_BYTES;
    if bytes.len() > MAX_FILE_BYTES {
        let head = String::from_utf8_lossy(&bytes[..MAX_FILE_BYTES]);
        let place = Place::of_offset(&head, head.len(), 1);
        return Err(Box::new(
            Diagnostic::new(
                path,
                format!("the case file is larger than {MAX_FILE_BYTES} bytes, the most a case file may be"),
            )
            .at(Some(place))
            .help("a case file holds the texts of one item, memo or meeting; put long documents in a bilag (`bilag:` with `fil: bilag/….pdf`)"),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let head = String::from_utf8_lossy(&bytes[..at]);
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        let what = if utf16 {
            "it is saved as UTF-16 (\"Unicode\"), not UTF-8"
        } else {
            "it is not UTF-8 text (perhaps Latin-1 or Windows-1252: `æ`, `ø` and `å` are single bytes)"
        };
        Box::new(
            Diagnostic::new(path, format!("cannot read the case file: {what}"))
                .at(Some(Place::of_offset(&head, head.len(), 1)))
                .help("save the file as UTF-8 (in Notepad: Save as, Encoding: UTF-8)"),
        )
    })?;
    let source = SourceFile::new(path, normalize(text));
    let case = parse(&source)?;
    if let Some((at, spot)) = source.locations.crowded() {
        let what = if at.is_empty() { "the file" } else { at };
        return Err(Box::new(
            source
                .error(format!(
                    "`{what}` has more than {MAX_ENTRIES} entries, the most a list or mapping of a case file may have"
                ))
                .at(Some(Place::at(&source.text, spot.line, spot.column, 1)))
                .label("past the limit")
                .help("a real case has far fewer; if the list was made by a program, give it as a bilag instead"),
        ));
    }
    Ok(Loaded { source, case })
}

/// The text as parsed: without a byte-order mark (Windows Notepad writes
/// one), and in Unicode's composed form, so `å` typed as `a` + ring is `å`.
fn normalize(text: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // Nearly every file is composed already: a quick look says so without
    // building the text again character by character.
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

/// Parses a case file's text.
pub fn parse(source: &SourceFile) -> Result<Case, Box<Diagnostic>> {
    // A file that says `type: punkt` plainly on a line of its own is parsed
    // once, as that type. The parse is kept only if the type it read is the
    // one guessed, so it is what the careful way below would have given;
    // anything else, errors included, goes the careful way.
    let guess = source.text.lines().find_map(|line| {
        let value = line.strip_prefix("type:")?;
        let value = value.split(" #").next().unwrap_or(value).trim();
        TYPES.iter().find(|t| **t == value)
    });
    let quick = guess.and_then(|guess| match as_type(source, guess) {
        Some(Ok(case)) if case.kind() == *guess => Some(case),
        _ => None,
    });
    match quick {
        Some(case) => Ok(case),
        None => parse_careful(source),
    }
}

/// The file read as the case-file type `kind`; `None` for a type there is not.
fn as_type(source: &SourceFile, kind: &str) -> Option<Result<Case, Box<Diagnostic>>> {
    Some(match kind {
        "punkt" => deserialize::<Punkt>(source).map(|p| Case::Punkt(Box::new(p))),
        "notat" => deserialize::<model::Notat>(source).map(|n| Case::Notat(Box::new(n))),
        "møde" => deserialize::<model::Moede>(source).map(|m| Case::Moede(Box::new(m))),
        "rettelse" => deserialize::<model::Rettelse>(source).map(|r| Case::Rettelse(Box::new(r))),
        _ => return None,
    })
}

/// Parses a case file's text: its `type:` first, then as that type, so
/// that each mistake gets the message that fits it.
fn parse_careful(source: &SourceFile) -> Result<Case, Box<Diagnostic>> {
    #[derive(Deserialize)]
    struct Header {
        #[serde(rename = "type")]
        kind: Option<serde_yaml::Value>,
    }
    let header: Header = serde_yaml::from_str(&source.text).map_err(|e| {
        Box::new(if e.to_string().starts_with("invalid type") {
            source
                .error("a case file is a list of `key: value` lines, and this file is not")
                .at(Some(Place::at(&source.text, 1, 1, 1)))
                .help("start with `type: punkt` and write each key at the start of its own line")
        } else {
            yaml_error(source, e)
        })
    })?;
    let kind = match header.kind {
        Some(serde_yaml::Value::String(kind)) => kind,
        Some(_) | None => {
            return Err(Box::new(source
                .error("the file does not say which type of case file it is")
                .at(source.key_place("type").or(Some(Place::at(&source.text, 1, 1, 1))))
                .help(format!(
                    "start the file with a line `type: punkt` (an agenda item); the types are {}",
                    TYPES.join(", ")
                ))));
        }
    };
    match as_type(source, &kind) {
        Some(result) => result,
        None => {
            let mut d = source
                .error(format!("unknown case-file type `{kind}`"))
                .at(source.value_place("type", kind.chars().count()))
                .label("unknown type");
            if let Some(near) = nearest(&kind, TYPES) {
                d = d.help(format!("did you mean `type: {near}`?"));
            }
            Err(Box::new(
                d.help(format!("the types are {}", TYPES.join(", "))),
            ))
        }
    }
}

fn deserialize<T: serde::de::DeserializeOwned>(source: &SourceFile) -> Result<T, Box<Diagnostic>> {
    let de = serde_yaml::Deserializer::from_str(&source.text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        Box::new(serde_error(source, &path, e.into_inner()))
    })
}

/// A YAML syntax error, placed where it can be mended.
///
/// serde_yaml reports `<problem> at line L column C[, while <context> at line
/// L column C]`; a value that never ends is best shown where it starts.
fn yaml_error(source: &SourceFile, e: serde_yaml::Error) -> Diagnostic {
    let text = e.to_string();
    let (problem, context) = match text.split_once(", while ") {
        Some((p, c)) => (p, Some(c)),
        None => (text.as_str(), None),
    };
    let (problem, _) = split_position(problem);
    let (context, context_at) = match context {
        Some(c) => {
            let (words, at) = split_position(c);
            (Some(words), at)
        }
        None => (None, None),
    };
    let error_at = e.location().map(|l| (l.line(), l.column()));
    let unclosed = problem.contains("end of stream") && context_at.is_some();
    let (line, column) = if unclosed { context_at } else { error_at }.unwrap_or((1, 1));
    let place = Place::at(&source.text, line, column, 1);

    if text.contains("more than one document") {
        let at = source
            .text
            .lines()
            .enumerate()
            .skip(1)
            .find(|(_, l)| l.trim_end() == "---" || l.starts_with("--- "))
            .map_or(1, |(i, _)| i + 1);
        return source
            .error("the file holds more than one YAML document")
            .at(Some(Place::at(&source.text, at, 1, 3)))
            .label("a new document starts here")
            .help("a case file is one document: remove the `---` line, or make a file of its own for what follows it");
    }
    if text.contains("control characters are not allowed") {
        let found = source
            .text
            .char_indices()
            .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
        let place = found.map(|(at, c)| Place::of_offset(&source.text, at, c.len_utf8()));
        let code = found.map_or(String::new(), |(_, c)| format!(" (U+{:04X})", c as u32));
        return source
            .error(format!("the file holds a control character{code}"))
            .at(place)
            .label("here")
            .help("remove it: it cannot be printed, and it is often left over from copying text");
    }
    let (message, help) = if problem.contains("unknown anchor") {
        (
            "a value starts with `*`, which YAML reads as a reference to an `&anchor` that is not there".to_string(),
            "put a text that starts with `*` or `&` in quotes, or write it as a block: `key: |` and the text indented on the lines below".to_string(),
        )
    } else if unclosed && context.is_some_and(|c| c.contains("quoted scalar")) {
        (
            "a quoted text is never closed".to_string(),
            "end the text with the same quote it starts with, or write it as a block: `key: |` and the text indented on the lines below".to_string(),
        )
    } else if problem.contains("mapping values are not allowed") {
        (
            "a `: ` stands where no new key can start".to_string(),
            "put a value that holds `: ` in quotes, or check that the key is indented like the keys around it".to_string(),
        )
    } else if problem.contains("cannot start any token")
        && source
            .text
            .lines()
            .nth(line - 1)
            .is_some_and(|l| l.contains('\t'))
    {
        (
            "a tab character is used for indentation".to_string(),
            "indent with spaces; YAML does not allow tabs".to_string(),
        )
    } else {
        let message = match context {
            Some(c) => format!("this is not valid YAML: {problem}, while {c}"),
            None => format!("this is not valid YAML: {problem}"),
        };
        (
            message,
            "check the indentation, and put a value holding `: ` or starting with a special character in quotes".to_string(),
        )
    };
    source
        .error(message)
        .at(Some(place))
        .label("here")
        .help(help)
}

/// `"<words> at line L column C"` → the words and the position.
fn split_position(text: &str) -> (&str, Option<(usize, usize)>) {
    let Some(i) = text.rfind(" at line ") else {
        return (text, None);
    };
    let rest = &text[i + " at line ".len()..];
    let position = rest.split_once(" column ").and_then(|(l, c)| {
        let c = c.split(|ch: char| !ch.is_ascii_digit()).next()?;
        Some((l.trim().parse().ok()?, c.parse().ok()?))
    });
    (&text[..i], position)
}

/// serde_yaml's message without the position it appends and the key path it
/// prefixes (both are reported separately).
fn strip_location(e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    let (text, _) = split_position(&text);
    const KINDS: [&str; 5] = [
        "unknown field `",
        "missing field `",
        "invalid type: ",
        "invalid value: ",
        "malformed sagsnr",
    ];
    KINDS
        .iter()
        .filter_map(|k| text.find(k))
        .min()
        .map_or(text, |i| &text[i..])
        .to_string()
}

/// A typing error found while reading the case into its model.
fn serde_error(source: &SourceFile, path: &str, e: serde_yaml::Error) -> Diagnostic {
    let message = strip_location(&e);
    let message = message
        .strip_prefix(&format!("{path}: "))
        .map_or(message.clone(), str::to_string);
    let t = Typing {
        source,
        path,
        e: &e,
        message,
    };
    t.duplicate_key()
        .or_else(|| t.unreadable_value())
        .or_else(|| t.key_error())
        .or_else(|| t.wrong_value())
        .unwrap_or_else(|| t.other())
}

/// A typing error at key path `path`, with serde_yaml's `message` for it without its position and key path.
struct Typing<'a> {
    source: &'a SourceFile,
    path: &'a str,
    e: &'a serde_yaml::Error,
    message: String,
}

impl Typing<'_> {
    /// The place serde_yaml gives for the error, covering `len` characters.
    fn error_place(&self, len: usize) -> Option<Place> {
        self.e
            .location()
            .map(|l| Place::at(&self.source.text, l.line(), l.column(), len))
    }

    /// The place of the value at `path`, else the place serde_yaml gives; covering `len` characters.
    fn value_place(&self, len: usize) -> Option<Place> {
        self.source
            .value_place(self.path, len)
            .or_else(|| self.error_place(len))
    }

    /// A key written twice at one level.
    fn duplicate_key(&self) -> Option<Diagnostic> {
        let (source, path) = (self.source, self.path);
        let rest = self.message.strip_prefix("duplicate field `")?;
        let key = rest.split('`').next().unwrap_or(rest);
        let full = join(path, key);
        let place = source
            .locations
            .repeated(&full)
            .map(|s| Place::at(&source.text, s.line, s.column, key.chars().count()));
        Some(
            source
                .error(format!("the key `{key}` is written twice"))
                .at(place)
                .label("second time")
                .help("keep one of them: YAML takes a key once per level"),
        )
    }

    /// A date that does not exist, an empty value, or a number not written as YAML writes one.
    fn unreadable_value(&self) -> Option<Diagnostic> {
        let (source, path, message) = (self.source, self.path, &self.message);
        if message.contains("input is out of range")
            || message.contains("premature end of input")
            || message.contains("input contains invalid characters")
            || message.contains("trailing input")
        {
            let len = value_len(source, path);
            return Some(
                source
                    .error(format!("`{path}` is not a date that exists"))
                    .at(source.value_place(path, len))
                    .label("not a date")
                    .help(format!(
                        "write the date as YYYY-MM-DD, e.g. `{}: 2022-01-01`",
                        last_key(path)
                    )),
            );
        }
        if message.starts_with("empty value") {
            return Some(
                source
                    .error(format!("`{path}` is empty"))
                    .at(self.value_place(1))
                    .label("a text belongs here")
                    .help(example_for(last_key(path))),
            );
        }
        if message.contains("Failed to parse") || message.contains("Decimal") {
            let len = value_len(source, path);
            return Some(
                source
                    .error(format!(
                        "`{path}` must be a number written with `.` as the decimal sign and no thousands separator"
                    ))
                    .at(source.value_place(path, len))
                    .label("not a number")
                    .help(format!(
                        "write e.g. `{}: 36.3`; the document prints it the Danish way, 36,3",
                        last_key(path)
                    )),
            );
        }
        None
    }

    /// A key the model does not have, or a key it requires that is missing.
    fn key_error(&self) -> Option<Diagnostic> {
        let (source, path, message) = (self.source, self.path, &self.message);
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
            let known: Vec<&str> = expected
                .split('`')
                .skip(1)
                .step_by(2)
                .filter(|k| *k != "type")
                .collect();
            let mut d = source
                .error(format!("unknown key `{key}`{}", within(path)))
                .at(source
                    .key_place(path)
                    .or_else(|| self.error_place(key.chars().count())))
                .label("unknown key");
            if let Some(near) = nearest(key, known.iter().copied()) {
                d = d.help(format!("did you mean `{near}`?"));
            }
            return Some(d.help(format!("the keys here are: {}", known.join(", "))));
        }
        let rest = message.strip_prefix("missing field `")?;
        let key = rest.split('`').next().unwrap_or(rest);
        let full = join(path, key);
        let place = source
            .key_place(path)
            .or_else(|| Some(Place::at(&source.text, 1, 1, 1)));
        Some(
            source
                .error(format!("missing key `{key}`{}", within(&full)))
                .at(place)
                .label(format!("`{key}` is required here"))
                .help(example_for(key)),
        )
    }

    /// A malformed case number, or a value of another type or outside the values allowed.
    fn wrong_value(&self) -> Option<Diagnostic> {
        let (source, path, message) = (self.source, self.path, &self.message);
        if message.starts_with("malformed sagsnr") {
            let len = source
                .locations
                .value(path)
                .map(|_| value_len(source, path))
                .unwrap_or(1);
            return Some(
                source
                    .error(message.as_str())
                    .at(self.value_place(len))
                    .label("not a KLE journal number"),
            );
        }
        if let Some(rest) = message.strip_prefix("invalid type: ") {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
            let key = last_key(path);
            let len = value_len(source, path);
            return Some(
                source
                    .error(format!(
                        "`{path}` must be {}, but it is {}",
                        expected_in_words(expected),
                        found_in_words(found)
                    ))
                    .at(self.value_place(len))
                    .label(format!("expected {}", expected_in_words(expected)))
                    .help(example_for(key)),
            );
        }
        let rest = message.strip_prefix("invalid value: ")?;
        let key = last_key(path);
        let len = value_len(source, path);
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let message = if expected.contains("Decimal") {
            format!(
                "`{path}` must be a number written with `.` as the decimal sign and no thousands separator, but it is {}",
                found_in_words(found)
            )
        } else if expected.is_empty() {
            format!("`{path}` has an invalid value: {rest}")
        } else {
            format!(
                "`{path}` must be {}, but it is {}",
                expected_in_words(expected),
                found_in_words(found)
            )
        };
        Some(
            source
                .error(message)
                .at(self.value_place(len))
                .help(example_for(key)),
        )
    }

    /// Any other typing error: serde_yaml's message with the key path.
    fn other(&self) -> Diagnostic {
        let (source, path, message) = (self.source, self.path, &self.message);
        let key = last_key(path);
        let len = value_len(source, path);
        let mut d = source
            .error(if path.is_empty() || path == "." {
                message.clone()
            } else {
                format!("`{path}`: {message}")
            })
            .at(self.value_place(len));
        if !key.is_empty() {
            d = d.help(example_for(key));
        }
        d
    }
}

/// ` in `parent``, naming the mapping that holds `path`; nothing at the top level.
fn within(path: &str) -> String {
    let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
    if parent.is_empty() || parent == "." {
        String::new()
    } else {
        format!(" in `{parent}`")
    }
}

/// `path.key`, or `key` at the top level (serde_path_to_error writes it `.`).
fn join(path: &str, key: &str) -> String {
    if path.is_empty() || path == "." {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn last_key(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// How many characters the value at `path` spans on its line (for underlining).
fn value_len(source: &SourceFile, path: &str) -> usize {
    let Some(spot) = source.locations.value(path) else {
        return 1;
    };
    let line = source.text.lines().nth(spot.line - 1).unwrap_or("");
    let rest: String = line.chars().skip(spot.column - 1).collect();
    rest.trim_end().chars().count().max(1)
}

fn expected_in_words(expected: &str) -> String {
    let words = match expected {
        "u32" | "u64" | "usize" => "a whole number, 0 or more",
        "i32" | "i64" => "a whole number",
        "a boolean" => "`true` or `false`",
        "a string" => "a text",
        "a sequence" => "a list",
        "a YAML mapping" | "a map" => "a mapping of keys",
        "a formatted date string" | "a valid date" => "a date written YYYY-MM-DD",
        other if other.starts_with("struct ") => "a mapping of keys",
        other => other,
    };
    words.to_string()
}

fn found_in_words(found: &str) -> String {
    if let Some(rest) = found.strip_prefix("string ") {
        return format!("the text {rest}");
    }
    if found == "sequence" {
        return "a list".to_string();
    }
    if found == "map" {
        return "a mapping".to_string();
    }
    if found == "unit value" {
        return "empty".to_string();
    }
    if let Some(rest) = found.strip_prefix("integer ") {
        let rest = rest
            .trim_end_matches(" as u128")
            .trim_end_matches(" as i128");
        return format!("the number {rest}");
    }
    if let Some(rest) = found.strip_prefix("floating point ") {
        return format!("the number {rest}");
    }
    if let Some(rest) = found.strip_prefix("boolean ") {
        return format!("the value {rest}");
    }
    found.to_string()
}

/// What a key's value looks like, written out as the user would type it.
fn example_for(key: &str) -> String {
    let example = match key {
        "type" => "type: punkt",
        "sagsnr" => "sagsnr: 00.00.00-I02-1-21",
        "nummer" => "nummer: 96",
        "titel" => "titel: Omgørelsesprocenter 2020 på det sociale område",
        "kort_titel" => "kort_titel: Omgørelsesprocenter 2020",
        "dato" => "dato: 2021-11-29",
        "lukket" => "lukket: true",
        "indstilling" => "indstilling:\n  af: Administrationen\n  at:\n    - der sker en drøftelse",
        "af" => "af: Administrationen",
        "at" => "at:\n  - der sker en drøftelse",
        "bilag" => "bilag:\n  - titel: Tal for omgørelsesprocenter\n    fil: bilag/omgoerelser.pdf",
        "fil" => "fil: bilag/omgoerelser.pdf",
        "fraværende" => "fraværende: [Ole Vind, Lars Poulsen]",
        "suppleanter" => "suppleanter:\n  - navn: Ole Ødmann\n    for: Gitte Andersen (V)",
        "navn" => "navn: Ole Ødmann",
        "for" => "for: Gitte Andersen (V)",
        "år" => "år: 2020",
        "afgørelser" => "afgørelser: 113",
        "ændringer" => "ændringer: 9",
        "hjemvisninger" => "hjemvisninger: 33",
        "landsplan" => "landsplan: 36.3",
        "mål" => "mål: [-2000, -3000, -5000, -7000]",
        "beløb" => "beløb: [-977, -1257, -1257, -1257]",
        "enhed" => "enhed: 1.000 kr.",
        "overfør_udestående" => "overfør_udestående: true",
        "periode" => "periode: 3. kvartal 2021",
        "oprindeligt_budget" => "oprindeligt_budget: 250000",
        "korrigeret_budget" => "korrigeret_budget: 252300",
        "forventet_regnskab" => "forventet_regnskab: 251000",
        "ikrafttræden" => "ikrafttræden: 2022-01-01",
        "evaluering" => "evaluering: efteråret 2022",
        "gældende" => "gældende: [Søskendefortrin, Anciennitet]",
        "foreslåede" => "foreslåede: [Søskendefortrin, Lokalområdefortrin, Anciennitet]",
        "fordel_for" | "ikke_fordel_for" => "fordel_for:\n  - Forældre, der bor i skoledistriktet",
        "område" => "område: Anvisning af pladser i dagpleje, vuggestue og børnehave",
        "afsnit" => "afsnit:\n  - overskrift: Baggrund\n    tekst: |\n      …",
        _ => {
            return format!(
                "write `{key}:` followed by a text, e.g. `{key}: |` and the text on the lines below, indented"
            );
        }
    };
    let indented: Vec<String> = example.lines().map(|l| format!("    {l}")).collect();
    format!("write it like this:\n{}", indented.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `å` typed as `a` and a combining ring is read as `å`, after a
    /// byte-order mark as without one; composed text is read unchanged.
    #[test]
    fn text_is_read_composed_and_without_a_byte_order_mark() {
        assert_eq!(normalize("Bo\u{0308}rn og ga\u{030A}rd"), "Börn og gård");
        assert_eq!(normalize("\u{FEFF}ga\u{030A}rd"), "gård");
        assert_eq!(normalize("\u{FEFF}Født: æøå"), "Født: æøå");
    }

    /// The quick parse gives what the careful one gives, for files it reads
    /// and for files with mistakes, message for message.
    #[test]
    fn the_quick_parse_is_the_careful_one() {
        let source = |text: &str| SourceFile::new(Path::new("x.yaml"), text.to_string());
        let moede = include_str!("../../cases/udvalget-for-laering/2021-11-29/moede.yaml");
        let punkt = include_str!(
            "../../cases/udvalget-for-laering/2021-11-29/096-omgoerelsesprocenter-2020.yaml"
        );
        assert!(matches!(parse(&source(moede)), Ok(Case::Moede(_))));
        assert!(matches!(parse(&source(punkt)), Ok(Case::Punkt(_))));
        for text in [
            moede,
            punkt,
            "type: punkt\ntype: notat\n",
            "type: punkt\ntitel: [\n",
            "type: punkt\nukendt: 1\n",
            "type: notat # et notat\n",
            "type: rettelse\n",
            "- type: punkt\n",
            "type: \"punkt\"\n",
        ] {
            let quick = format!("{:?}", parse(&source(text)));
            let careful = format!("{:?}", parse_careful(&source(text)));
            assert_eq!(quick, careful, "{text}");
        }
    }
}
