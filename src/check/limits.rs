//! Limits far beyond any real document, checked before Typst sees a text: nesting, word length, table size, field length (the file's size and its entries are the loader's, [`crate::load::MAX_FILE_BYTES`]).
//!
//! A real agenda item never nests lists twenty deep, never holds a word of a
//! thousand letters and never a table of five thousand cells; a text that
//! does was made by a program or by accident. Past these limits Typst would
//! refuse the generated source (its parser stops at 256 levels, a PDF string
//! holds at most 32,767 characters) or take minutes and gigabytes, and its
//! error would point into generated markup. So the check refuses such a text
//! itself, at its place in the case file.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::diagnostic::{Diagnostic, Place};
use crate::load::SourceFile;

/// The most paragraphs, list items, quotes and table rows of one text.
pub const MAX_BLOCKS: usize = 5_000;
/// The deepest nesting of lists, quotes, emphasis and links in a text.
pub const MAX_NESTING: usize = 20;
/// The longest word (a run of characters without a space), in characters.
pub const MAX_WORD: usize = 1_000;
/// The longest one-line field (a title, a name, a heading), in characters.
pub const MAX_LINE_FIELD: usize = 1_000;
/// The most columns of a table.
pub const MAX_TABLE_COLUMNS: usize = 30;
/// The most rows of a table, its header row included.
pub const MAX_TABLE_ROWS: usize = 500;
/// The most cells of a table.
pub const MAX_TABLE_CELLS: usize = 5_000;

/// The keys whose texts are light Markdown; every other text is one line.
const MARKDOWN_KEYS: [&str; 10] = [
    "beslutningstema",
    "økonomi",
    "historik",
    "sagsfremstilling",
    "kommunikation",
    "lovgrundlag",
    "beslutning",
    "tekst",
    "kommentar",
    "bemærkning",
];

/// A limit a text goes past: where in the text, and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// The bytes of the text it concerns.
    pub range: Range<usize>,
    pub message: String,
    pub label: &'static str,
    pub help: String,
}

/// Whether the text at `path` (`afsnit[0].tekst`) is a Markdown field.
pub fn is_markdown(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    let last = last.split('[').next().unwrap_or(last);
    MARKDOWN_KEYS.contains(&last)
}

/// The first limit `text` goes past, if any: as a Markdown field, or as a one-line field.
pub fn text(text: &str, markdown: bool) -> Option<Breach> {
    if let Some(b) = long_word(text) {
        return Some(b);
    }
    if !markdown && let Some((at, _)) = text.char_indices().nth(MAX_LINE_FIELD) {
        return Some(Breach {
            range: at..text.len(),
            message: format!(
                "the text is {} characters long; a one-line field holds at most {MAX_LINE_FIELD}",
                text.chars().count()
            ),
            label: "the text goes on past the limit here",
            help: "write a short title or name here, and the rest in a text field such as `sagsfremstilling`".into(),
        });
    }
    if markdown {
        return structure(text);
    }
    None
}

/// A word longer than [`MAX_WORD`] characters.
fn long_word(text: &str) -> Option<Breach> {
    let mut start = None;
    let mut count = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            if count > MAX_WORD
                && let Some(s) = start
            {
                return Some(Breach {
                    range: s..i,
                    message: format!(
                        "a word of {count} characters without a space; a word may have at most {MAX_WORD}"
                    ),
                    label: "this word",
                    help: "put spaces between the words; a long web address is better given as a link with a short text, `[the text](https://…)`, or left out".into(),
                });
            }
            start = None;
            count = 0;
        } else {
            start.get_or_insert(i);
            count += 1;
        }
    }
    None
}

/// Nesting deeper than [`MAX_NESTING`], or a table past its limits.
fn structure(text: &str) -> Option<Breach> {
    let mut depth = 0usize;
    let mut blocks = 0usize;
    let mut table: Option<(usize, usize, usize)> = None; // (columns, rows, start)
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        if let Event::Start(
            Tag::Paragraph
            | Tag::Item
            | Tag::BlockQuote(_)
            | Tag::TableRow
            | Tag::Heading { .. }
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock,
        ) = &event
        {
            blocks += 1;
            if blocks > MAX_BLOCKS {
                return Some(Breach {
                    range: range.start..range.start + 1,
                    message: format!(
                        "the text has more than {MAX_BLOCKS} paragraphs, list items and table rows"
                    ),
                    label: "this one is past the limit",
                    help: "shorten the text, or give it as a bilag (`bilag:` with `fil: bilag/….pdf`) and sum it up here".into(),
                });
            }
        }
        match event {
            Event::Start(
                Tag::List(_)
                | Tag::BlockQuote(_)
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Table(_),
            ) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(Breach {
                        range: range.start..range.start + 1,
                        message: format!(
                            "lists, quotes and emphasis are nested more than {MAX_NESTING} levels deep here"
                        ),
                        label: "too deep",
                        help: format!(
                            "nest at most {MAX_NESTING} levels: indent fewer `-` under each other, write fewer `>` in front of a line, and close each `*` and `**`"
                        ),
                    });
                }
                if let Event::Start(Tag::Table(align)) = &event {
                    table = Some((align.len(), 0, range.start));
                    if align.len() > MAX_TABLE_COLUMNS {
                        return Some(table_breach(
                            range.start,
                            format!(
                                "a table of {} columns; a table may have at most {MAX_TABLE_COLUMNS}",
                                align.len()
                            ),
                        ));
                    }
                }
            }
            Event::End(tag) => {
                use pulldown_cmark::TagEnd;
                if matches!(
                    tag,
                    TagEnd::List(_)
                        | TagEnd::BlockQuote(_)
                        | TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Link
                        | TagEnd::Image
                        | TagEnd::Table
                ) {
                    depth = depth.saturating_sub(1);
                }
                if tag == TagEnd::Table {
                    table = None;
                }
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some((columns, rows, start)) = &mut table {
                    *rows += 1;
                    let cells = *columns * *rows;
                    if *rows > MAX_TABLE_ROWS || cells > MAX_TABLE_CELLS {
                        let size = if *rows > MAX_TABLE_ROWS {
                            format!("more than {MAX_TABLE_ROWS} rows")
                        } else {
                            format!("more than {MAX_TABLE_CELLS} cells")
                        };
                        return Some(table_breach(
                            *start,
                            format!(
                                "a table of {size}; a table may have at most {MAX_TABLE_ROWS} rows and {MAX_TABLE_CELLS} cells"
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

fn table_breach(start: usize, message: String) -> Breach {
    Breach {
        range: start..start + 1,
        message,
        label: "this table",
        help: "split the table, or give the figures as a bilag (a spreadsheet or PDF) and sum them up in the text".into(),
    }
}

/// Checks the text at `path` of `source` against the limits, adding an error
/// at its place in the case file if it goes past one.
pub fn check(source: &SourceFile, path: &str, text: &str, problems: &mut Vec<Diagnostic>) {
    if let Some(b) = self::text(text, is_markdown(path)) {
        problems.push(
            source
                .error(format!("`{path}`: {}", b.message))
                .at(place_in_source(source, path, text, b.range.start))
                .label(b.label)
                .help(b.help),
        );
    }
}

/// The place in the case file of the byte `at` of the value at `path`
/// (whose parsed text is `text`), or the value's start where the two cannot
/// be matched (a quoted value whose escapes changed it).
pub fn place_in_source(source: &SourceFile, path: &str, text: &str, at: usize) -> Option<Place> {
    let start = source.value_place(path, 1)?;
    let at = floor_char(text, at);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_no = text[..line_start].matches('\n').count();
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    let in_line = at - line_start;
    let src: &str = &source.text;
    let value_at = start.bytes.start.min(src.len());
    let one_char = |offset: usize| {
        let len = src[offset..].chars().next().map_or(1, char::len_utf8);
        Some(Place::of_offset(src, offset, len))
    };
    // A block scalar (`|`): the text's lines are the source's lines below the indicator.
    if src[value_at..].starts_with('|') || src[value_at..].starts_with('>') {
        let first = src[value_at..].find('\n').map(|i| value_at + i + 1)?;
        let mut offset = first;
        for _ in 0..line_no {
            offset += src[offset..].find('\n').map(|i| i + 1)?;
        }
        let line = src[offset..].split('\n').next().unwrap_or("");
        if let Some(i) = line.find(line_text).filter(|_| !line_text.is_empty()) {
            return one_char(offset + i + in_line);
        }
    }
    // A value on one line, plain or quoted without escapes: found as written.
    let probe = &line_text[..floor_char(line_text, 64.min(line_text.len()))];
    if !probe.trim().is_empty()
        && let Some(i) = src[value_at..].find(probe)
        && src[value_at + i..].starts_with(&line_text[..in_line])
    {
        return one_char(value_at + i + in_line);
    }
    Some(start)
}

fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_texts_pass() {
        let item = "Tekst med **fed** og *kursiv*.\n\n- et\n  - to\n    > citat\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(text(item, true), None);
        assert_eq!(text("Omgørelsesprocenter 2020", false), None);
    }

    #[test]
    fn the_issues_texts_are_refused() {
        let quotes = format!("{}x", "> ".repeat(5000));
        let b = text(&quotes, true).unwrap();
        assert!(b.message.contains("nested"), "{b:?}");
        assert_eq!(b.range.start, 2 * MAX_NESTING);
        let stars = "*".repeat(20_000);
        assert!(text(&stars, true).unwrap().message.contains("word"));
        let brackets = "[".repeat(50_000);
        assert!(text(&brackets, true).unwrap().message.contains("word"));
        let emph = format!("{}b{}", "*a ".repeat(3000), " a*".repeat(3000));
        assert!(text(&emph, true).unwrap().message.contains("nested"));
        let lists: String = (0..30)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        assert!(text(&lists, true).unwrap().message.contains("nested"));
    }

    #[test]
    fn limits_are_inclusive() {
        let nested: String = (0..MAX_NESTING)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        assert_eq!(text(&nested, true), None);
        assert_eq!(text(&"x".repeat(MAX_WORD), true), None);
        assert!(text(&"x".repeat(MAX_WORD + 1), true).is_some());
        assert_eq!(text(&"x ".repeat(MAX_LINE_FIELD / 2), false), None);
        assert!(text(&"x ".repeat(MAX_LINE_FIELD / 2 + 1), false).is_some());
        let table = |columns: usize, rows: usize| {
            let row = |c: &str| format!("|{}\n", format!("{c}|").repeat(columns));
            format!("{}{}{}", row("a"), row("-"), row("b").repeat(rows - 1))
        };
        assert_eq!(text(&table(MAX_TABLE_COLUMNS, 10), true), None);
        assert!(text(&table(MAX_TABLE_COLUMNS + 1, 10), true).is_some());
        assert_eq!(text(&table(2, MAX_TABLE_ROWS), true), None);
        assert!(text(&table(2, MAX_TABLE_ROWS + 1), true).is_some());
        assert!(text(&table(20, 300), true).is_some(), "6,000 cells");
    }

    #[test]
    fn a_breach_is_placed_in_the_case_file() {
        let yaml = "type: punkt\nsagsfremstilling: |\n  Indledning.\n\n  > > > > > > > > > > > > > > > > > > > > > > dybt\n";
        let source = SourceFile::new("x.yaml", yaml);
        let mut problems = Vec::new();
        let value = "Indledning.\n\n> > > > > > > > > > > > > > > > > > > > > > dybt\n";
        check(&source, "sagsfremstilling", value, &mut problems);
        let place = problems[0].place.clone().unwrap();
        assert_eq!((place.line, place.column), (5, 3 + 2 * MAX_NESTING));
        let yaml = format!("type: punkt\ntitel: \"Et {}\"\n", "x".repeat(1200));
        let source = SourceFile::new("x.yaml", yaml.as_str());
        let mut problems = Vec::new();
        check(
            &source,
            "titel",
            &format!("Et {}", "x".repeat(1200)),
            &mut problems,
        );
        let place = problems[0].place.clone().unwrap();
        assert_eq!((place.line, place.column), (2, 12));
    }
}
