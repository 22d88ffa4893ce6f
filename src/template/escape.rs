//! Typst escaping: how any text a user typed is made literal in Typst markup or in a Typst string.

use crate::check::is_dropped;

/// Escapes `text` for Typst markup so it prints exactly as given.
///
/// Typst markup reads a backslash before any character as that character, so
/// every ASCII punctuation character is escaped: that covers code (`#`),
/// math (`$`), comments (`//`, `/*`), markers that only count at a line start
/// (`=`, `-`, `+`, `/`, `1.`), labels and references (`<x>`, `@x`), strong and
/// emphasis (`*`, `_`), raw text (`` ` ``), shorthands (`--`, `...`, `~`),
/// smart quotes (`'`, `"`) and the characters that would continue an
/// expression after a `#call` (`(`, `[`, `.`, `;`). Line breaks and tabs
/// become spaces: a value never starts a new paragraph or line.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if is_dropped(c) => {}
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` as a Typst string literal, quotes included.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_punctuation_character() {
        assert_eq!(markup("#read(\"x\")"), "\\#read\\(\\\"x\\\"\\)");
        assert_eq!(markup("1. $5 // ikke"), "1\\. \\$5 \\/\\/ ikke");
        assert_eq!(markup("Ærø å\nø"), "Ærø å ø");
    }

    #[test]
    fn invisible_formatting_is_dropped() {
        assert_eq!(
            markup("\u{FEFF}Tekst \u{202A}+45 75 75\u{202C} ✔\u{FE0F}"),
            "Tekst \\+45 75 75 ✔"
        );
    }

    #[test]
    fn string_literal() {
        assert_eq!(string("a \"b\" \\ c\n"), "\"a \\\"b\\\" \\\\ c\\n\"");
    }
}
