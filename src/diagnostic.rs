//! Errors as the user sees them: a message, the file and place it concerns, and what to write instead.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

/// One problem with an input, reported before any output is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in, as the user named it.
    pub file: PathBuf,
    /// Where in the file, if the problem has a place.
    pub place: Option<Place>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// A short label at the place ("unknown key", "expected a number").
    pub label: Option<String>,
    /// What to write instead, and other hints.
    pub help: Vec<String>,
    /// The text the place points into, for a snippet.
    pub text: Option<Arc<str>>,
    /// A warning: the output was written, but the user should know this.
    pub warning: bool,
    /// Where the problem is when that is not in a text file: a spreadsheet's
    /// cell (`data/x.xlsx, sheet Opfølgning, cell C7`). It is printed as the
    /// first place; `place` in `file` is then the second, the line that
    /// names the spreadsheet.
    pub cell: Option<String>,
}

/// A place in a text file: 1-based line and column, and the byte range it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub bytes: Range<usize>,
}

impl Place {
    /// The place at a 1-based `line` and `column` (counted in characters) of
    /// `text`, covering `len` characters (at least one, never past the line).
    pub fn at(text: &str, line: usize, column: usize, len: usize) -> Place {
        let line_start = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>()
            .min(text.len());
        let rest = &text[line_start..];
        let line_text = rest.split('\n').next().unwrap_or("");
        let offset_of = |chars: usize| {
            line_text
                .char_indices()
                .nth(chars)
                .map_or(line_text.len(), |(i, _)| i)
        };
        let start = offset_of(column.saturating_sub(1));
        let end = offset_of(column.saturating_sub(1) + len.max(1)).max(start);
        Place {
            line,
            column,
            bytes: line_start + start..line_start + end,
        }
    }

    /// The place of a byte offset in `text`, covering `len` bytes.
    pub fn of_offset(text: &str, offset: usize, len: usize) -> Place {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Place {
            line,
            column,
            bytes: offset..(offset + len).min(text.len()),
        }
    }
}

impl Diagnostic {
    pub fn new(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.as_ref().to_path_buf(),
            place: None,
            message: message.into(),
            label: None,
            help: Vec::new(),
            text: None,
            warning: false,
            cell: None,
        }
    }

    /// Makes this a warning: reported, but the output is still written.
    pub fn as_warning(mut self) -> Self {
        self.warning = true;
        self
    }

    /// The text of the file, so the place can be shown in it.
    pub fn in_text(mut self, text: Arc<str>) -> Self {
        self.text = Some(text);
        self
    }

    pub fn at(mut self, place: Option<Place>) -> Self {
        self.place = place;
        self
    }

    /// The first place of the problem, outside any text file (a spreadsheet's cell).
    pub fn in_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// The diagnostic as text, with a snippet of its file when it has a place.
    ///
    /// The first lines always read `error: <message>` and
    /// `--> <file>:<line>:<column>` (or `--> <file>`), so the output can be
    /// read by a person and by an editor's problem matcher alike. A problem in
    /// a spreadsheet's cell names the cell on a line `--> <cell>` after the
    /// message, before the place in the case file.
    pub fn render(&self, color: bool) -> String {
        let out = self.render_places(color);
        match &self.cell {
            Some(cell) => {
                let (first, rest) = out.split_once('\n').unwrap_or((&out, ""));
                format!("{first}\n  --> {cell}\n{rest}")
            }
            None => out,
        }
    }

    fn render_places(&self, color: bool) -> String {
        let name = self.file.display().to_string();
        match (&self.place, self.text.as_deref()) {
            (Some(place), Some(source)) if line_of(source, place).len() > LONG_LINE => {
                self.render_excerpt(source, place)
            }
            (Some(place), Some(source)) => {
                let file = SimpleFile::new(name, source);
                let mut label = Label::primary((), place.bytes.clone());
                if let Some(text) = &self.label {
                    label = label.with_message(text);
                }
                let report = if self.warning {
                    Report::warning()
                } else {
                    Report::error()
                };
                let report = report
                    .with_message(&self.message)
                    .with_label(label)
                    .with_notes(self.help.iter().map(|h| format!("help: {h}")).collect());
                let config = Config {
                    display_style: term::DisplayStyle::Rich,
                    ..Config::default()
                };
                if color {
                    let mut out = codespan_reporting::term::termcolor::Buffer::ansi();
                    if term::emit_to_write_style(&mut out, &config, &file, &report).is_ok() {
                        return String::from_utf8_lossy(out.as_slice()).into_owned();
                    }
                }
                let mut out = String::new();
                match term::emit_to_string(&mut out, &config, &file, &report) {
                    Ok(()) => out,
                    Err(_) => self.render_plain(),
                }
            }
            _ => self.render_plain(),
        }
    }

    /// The snippet of a line too long to show whole (a word of thousands of
    /// letters): a window of it around the place, the rest left out.
    fn render_excerpt(&self, source: &str, place: &Place) -> String {
        let severity = if self.warning { "warning" } else { "error" };
        let line = line_of(source, place);
        let line_start = source[..place.bytes.start.min(source.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let at = place.bytes.start.saturating_sub(line_start).min(line.len());
        let before: Vec<char> = line[..at].chars().collect();
        let from = before.len().saturating_sub(WINDOW);
        let after: String = line[at..].chars().take(WINDOW).collect();
        let lead = if from > 0 { "…" } else { "" };
        let tail = if line[at..].chars().nth(WINDOW).is_some() {
            "…"
        } else {
            ""
        };
        let shown: String = before[from..].iter().collect();
        let number = place.line.to_string();
        let pad = " ".repeat(number.len());
        let mut out = format!("{severity}: {}\n", self.message);
        let _ = writeln!(
            out,
            "{pad} ┌─ {}:{}:{}",
            self.file.display(),
            place.line,
            place.column
        );
        let _ = writeln!(out, "{pad} │");
        let _ = writeln!(out, "{number} │ {lead}{shown}{after}{tail}");
        let marker = " ".repeat(lead.chars().count() + before.len() - from);
        let label = self.label.as_deref().unwrap_or("");
        let _ = writeln!(out, "{pad} │ {marker}^ {label}");
        if !self.help.is_empty() {
            let _ = writeln!(out, "{pad} │");
        }
        for help in &self.help {
            let _ = writeln!(out, "{pad} = help: {help}");
        }
        out
    }

    fn render_plain(&self) -> String {
        let severity = if self.warning { "warning" } else { "error" };
        let mut out = format!("{severity}: {}\n", self.message);
        match &self.place {
            Some(p) => {
                let _ = writeln!(out, "  --> {}:{}:{}", self.file.display(), p.line, p.column);
            }
            None => {
                let _ = writeln!(out, "  --> {}", self.file.display());
            }
        }
        for help in &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

/// Lines longer than this many bytes are shown as an excerpt around the place.
const LONG_LINE: usize = 300;
/// How many characters of a long line are shown on each side of the place.
const WINDOW: usize = 60;

/// The line of `source` that `place` starts on.
fn line_of<'a>(source: &'a str, place: &Place) -> &'a str {
    let at = place.bytes.start.min(source.len());
    let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    source[start..].split('\n').next().unwrap_or("")
}

/// The known name nearest to `given`, if it is near enough to be a likely typo.
///
/// Names are compared as typed on a keyboard without æ, ø and å, both as
/// digraphs (`oekonomi`) and as plain letters (`okonomi`).
pub fn nearest<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let score = |k: &str| {
        let digraphs = strsim::jaro_winkler(&digraphs(given), &digraphs(k));
        let plain = strsim::jaro_winkler(&plain(given), &plain(k));
        digraphs.max(plain)
    };
    known
        .into_iter()
        .map(|k| (score(k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

fn digraphs(s: &str) -> String {
    s.to_lowercase()
        .replace('æ', "ae")
        .replace('ø', "oe")
        .replace('å', "aa")
}

fn plain(s: &str) -> String {
    s.to_lowercase()
        .replace('æ', "a")
        .replace('ø', "o")
        .replace('å', "a")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_counts_characters_not_bytes() {
        let text = "a: 1\nøkonomi: x\n";
        let p = Place::at(text, 2, 1, 7);
        assert_eq!(&text[p.bytes.clone()], "økonomi");
        let q = Place::of_offset(text, p.bytes.start, 8);
        assert_eq!((q.line, q.column), (2, 1));
    }

    #[test]
    fn nearest_key_allows_missing_danish_letters() {
        let keys = ["beslutningstema", "økonomi", "historik", "fraværende"];
        assert_eq!(nearest("beslutningstem", keys), Some("beslutningstema"));
        assert_eq!(nearest("okonomi", keys), Some("økonomi"));
        assert_eq!(nearest("oekonomi", keys), Some("økonomi"));
        assert_eq!(nearest("fravaerende", keys), Some("fraværende"));
        assert_eq!(nearest("zzz", keys), None);
    }
}
