//! Typst's errors told against the case file: a character no bundled font can print becomes an error at that character; any other error in the generated source is said about the case file (the generated source is only for template authors, `--keep-typ`).

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;

/// Typst's complaints about a character no font can print are about the
/// case file's text: they become errors at that character in the case file.
/// Its other errors in the generated source are said about the case file
/// too, unless `show_generated` (`--keep-typ`).
pub fn blame_the_text(
    source: &SourceFile,
    diagnostics: Vec<Diagnostic>,
    show_generated: bool,
) -> Vec<Diagnostic> {
    let mut reported = Vec::new();
    let mut out = Vec::new();
    for d in diagnostics {
        let Some(c) = unprintable_char(&d.message) else {
            out.push(if show_generated {
                d
            } else {
                in_the_case_file(source, d)
            });
            continue;
        };
        if reported.contains(&c) {
            continue;
        }
        reported.push(c);
        let place = source
            .text
            .find(c)
            .map(|at| crate::diagnostic::Place::of_offset(&source.text, at, c.len_utf8()));
        out.push(
            source
                .error(format!(
                    "the character `{c}` (U+{:04X}) cannot be printed: none of the bundled fonts has it",
                    c as u32
                ))
                .at(place)
                .label("this character")
                .help("write it in words or with other characters, or add a font that has it to the templates' `fonts/` folder"),
        );
    }
    out
}

/// A Typst error in the generated source, said about the case file: the
/// generated source is never shown (`--keep-typ` writes it, for template
/// authors). Errors in a template folder's own files stay theirs.
fn in_the_case_file(source: &SourceFile, d: Diagnostic) -> Diagnostic {
    if d.file != Path::new(super::GENERATED) {
        return d;
    }
    let mut out = source
        .error(format!(
            "this case file could not be typeset: {}",
            d.message
        ))
        .help("an extreme text (thousands of paragraphs, list items or table cells) can cause this: shorten it, or move it into a bilag");
    out.help
        .extend(d.help.into_iter().filter(|h| !h.contains("--keep-typ")));
    out.help("template authors: `render --keep-typ` writes the generated Typst source next to the output, where Typst's error can be found".to_string())
}

/// The character in Typst's "the text `\"✖\"` could not be displayed" and
/// "disallowed codepoint `\"\\u{feff}\"`" messages.
fn unprintable_char(message: &str) -> Option<char> {
    if !(message.contains("could not be displayed") || message.contains("disallowed codepoint")) {
        return None;
    }
    let quoted = message.split("`\"").nth(1)?.split("\"`").next()?;
    match quoted.strip_prefix("\\u{") {
        Some(hex) => char::from_u32(u32::from_str_radix(hex.trim_end_matches('}'), 16).ok()?),
        None => quoted.chars().next(),
    }
}
