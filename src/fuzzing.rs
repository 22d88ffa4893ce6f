//! The properties the fuzz targets (`fuzz/`) and their regression tests check: each panics when one does not hold.
//!
//! They live in the library so that `cargo test` runs every input the fuzzer
//! ever found against exactly what the fuzzer checked
//! (`tests/suite/fuzz_regressions.rs`).

use std::path::Path;
use std::sync::OnceLock;

use typst::syntax::{SyntaxKind, SyntaxNode};

use crate::check::{self, Printable};
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::load::{self, Case};
use crate::template::markdown::to_typst;

/// The engine with the built-in templates, loaded once per process.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::builder()
            .build()
            .expect("the built-in templates load")
    })
}

/// The name the fuzzed case file goes by: in a folder of its own, so that
/// its bilag paths resolve against a real (empty) folder.
fn case_path() -> &'static Path {
    static CASE: OnceLock<std::path::PathBuf> = OnceLock::new();
    CASE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dagsorden-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir.join("sag.yaml")
    })
}

/// Arbitrary bytes as a case file: load and check never panic, every error
/// names the case file (never generated source) and renders, and a file the
/// check accepts templates into Typst source that parses without error.
pub fn case_file(bytes: &[u8]) {
    let engine = engine();
    let path = case_path();
    let loaded = match load::from_bytes(path, bytes) {
        Ok(loaded) => loaded,
        Err(d) => return placed(&d),
    };
    let fonts = engine.typesetter().fonts();
    let has_glyph = |c: char| fonts.has_glyph(c);
    let printable = Printable {
        has_glyph: &has_glyph,
        roots: &[],
    };
    let source = &loaded.source;
    let typst = match &loaded.case {
        Case::Punkt(p) => check::punkt(source, p, &printable)
            .map(|view| engine.templates().punkt(&engine.edition().item(view))),
        Case::Notat(n) => {
            check::notat::check(source, n, &printable).map(|view| engine.templates().notat(&view))
        }
        Case::Moede(m) => crate::check::moede::check(
            source,
            m,
            &printable,
            &engine.templates().profile.kommune,
            Vec::new(),
        )
        .map(|view| engine.templates().moede(&view)),
        // A correction is checked and printed with its meeting's Tillæg; the
        // loader's checks of it are what a lone file gets.
        Case::Rettelse(_) => return,
    };
    match typst {
        Err(problems) => problems.iter().for_each(placed),
        Ok(Err(e)) => panic!("the template failed on a case the check accepted: {e}"),
        Ok(Ok(typst)) => {
            if let Err(e) = markup_plain_text(&typst) {
                panic!("the check accepted a case whose Typst source does not parse: {e}");
            }
        }
    }
}

/// An error about the case file: named by it, placed inside it, and renderable.
fn placed(d: &Diagnostic) {
    assert_eq!(
        d.file,
        case_path(),
        "an error names another file: {}",
        d.render(false)
    );
    if let (Some(place), Some(text)) = (&d.place, &d.text) {
        assert!(
            place.bytes.start <= place.bytes.end && place.bytes.end <= text.len(),
            "an error's place lies outside its file: {place:?}"
        );
        assert!(place.line >= 1 && place.column >= 1, "{place:?}");
    }
    let shown = d.render(false);
    assert!(shown.contains("sag.yaml"), "{shown}");
}

/// Any text as a Markdown field: within the check's limits its markup parses
/// as Typst without error, and as a line outside the Markdown subset (no
/// `*`, `_`, `<`, `(`, no line break, after a word) it prints exactly as
/// typed — the property `tests/suite/escaping.rs` checks through the PDF.
pub fn markdown(text: &str) {
    if crate::check::limits::text(text, true).is_none()
        && let Err(e) = markup_plain_text(&to_typst(text))
    {
        panic!("{e}");
    }
    let typed: String = text
        .chars()
        .map(|c| {
            if matches!(c, '*' | '_' | '<' | '(') || c.is_whitespace() || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let line = format!("Tekst «{typed}»");
    if crate::check::limits::text(&line, true).is_some() {
        return;
    }
    let typst = to_typst(&line);
    let printed = markup_plain_text(&typst).unwrap_or_else(|e| panic!("{e}"));
    let expected: String = line
        .chars()
        .filter(|&c| !crate::check::is_dropped(c))
        .collect();
    assert_eq!(
        squash(&printed),
        squash(&expected),
        "the text does not print as typed; its markup:\n{typst}"
    );
}

/// Arbitrary bytes as a received bilag: the reader, the validator's
/// judgement and the packet's fitness test never panic or hang.
pub fn pdf(bytes: &[u8]) {
    if let Ok(doc) = crate::bilag::read_pdf(bytes) {
        let _ = crate::bilag::conformance::unfit(&doc);
        let _ = crate::bilag::conformance::judge(bytes, &doc);
    }
}

/// Generated Typst markup that does not parse: Typst's first error, and the
/// markup's start.
#[derive(Debug, thiserror::Error)]
#[error("the generated markup does not parse: {message}; the markup:\n{excerpt}")]
pub struct MarkupError {
    pub message: String,
    pub excerpt: String,
}

/// The text that Typst `markup` prints: its text, escapes, spaces and
/// quotes, and the content arguments of its function calls (`#strong[…]`),
/// or the parse errors if it does not parse.
pub fn markup_plain_text(markup: &str) -> Result<String, MarkupError> {
    let root = typst::syntax::parse(markup);
    let (errors, _) = root.errors_and_warnings();
    if let Some(e) = errors.first() {
        return Err(MarkupError {
            message: e.message.to_string(),
            excerpt: excerpt(markup, 0).to_string(),
        });
    }
    let mut out = String::new();
    collect(&root, &mut out);
    Ok(out)
}

fn excerpt(text: &str, at: usize) -> &str {
    let mut start = at.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 2000).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

fn collect(node: &SyntaxNode, out: &mut String) {
    match node.kind() {
        SyntaxKind::Text | SyntaxKind::Shorthand => out.push_str(node.leaf_text()),
        SyntaxKind::Space | SyntaxKind::Parbreak | SyntaxKind::Linebreak => out.push(' '),
        SyntaxKind::SmartQuote => out.push_str(node.leaf_text()),
        SyntaxKind::Escape => {
            let text = node.leaf_text();
            let body = &text[1..];
            match body
                .strip_prefix("u{")
                .and_then(|h| u32::from_str_radix(h.trim_end_matches('}'), 16).ok())
                .and_then(char::from_u32)
            {
                Some(c) => out.push(c),
                None => out.push_str(body),
            }
        }
        // A call prints its content arguments only (`#link("url")[text]`).
        SyntaxKind::FuncCall => {
            for args in node.children().filter(|c| c.kind() == SyntaxKind::Args) {
                for arg in args.children() {
                    if arg.kind() == SyntaxKind::ContentBlock {
                        collect(arg, out);
                    }
                }
            }
        }
        SyntaxKind::Markup
        | SyntaxKind::ContentBlock
        | SyntaxKind::Strong
        | SyntaxKind::Emph
        | SyntaxKind::Code => node.children().for_each(|c| collect(c, out)),
        _ => {}
    }
}

/// Text without white space.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
