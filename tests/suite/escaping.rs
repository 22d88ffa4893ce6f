//! Text is data: whatever a user types reaches Typst escaped and prints exactly as typed.

use proptest::prelude::*;

use crate::common::{body_text, case_file, pdf_text, render, squash};

/// Cases per property: `PROPTEST_CASES` for a deeper run, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Renders an item with the given extra YAML in-process and returns its PDF's body text.
fn render_text(fields: &[(&str, serde_yaml::Value)]) -> String {
    let mut map = serde_yaml::Mapping::new();
    map.insert("type".into(), "punkt".into());
    map.insert("sagsnr".into(), "00.00.00-I02-1-21".into());
    map.insert("nummer".into(), 7.into());
    map.insert("titel".into(), "Prøve".into());
    for (k, v) in fields {
        map.insert((*k).into(), v.clone());
    }
    let yaml = serde_yaml::to_string(&map).unwrap();
    let (_dir, path) = case_file("prøve.yaml", &yaml);
    match render(&path) {
        Ok(doc) => body_text(&doc.pdf),
        Err(e) => panic!("rendering failed:\n{e}\n--- yaml ---\n{yaml}"),
    }
}

/// [`render_text`] of random characters: judged by the validator only
/// ([`crate::common::random_text`]).
fn render_random(fields: &[(&str, serde_yaml::Value)]) -> String {
    crate::common::random_text(|| render_text(fields))
}

/// `indstilling: {at: [clause]}` as a YAML value.
fn indstilling(clause: &str) -> serde_yaml::Value {
    let mut map = serde_yaml::Mapping::new();
    map.insert(
        "at".into(),
        serde_yaml::Value::Sequence(vec![clause.into()]),
    );
    serde_yaml::Value::Mapping(map)
}

fn assert_prints(text: &str, typed: &str) {
    assert!(
        squash(text).contains(&squash(typed)),
        "typed {typed:?}\nnot found in the PDF's text:\n{text}"
    );
}

/// Characters a Danish secretariat types, every ASCII punctuation character, and white space.
fn typed_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('A', 'Z'),
        1 => proptest::char::range('0', '9'),
        1 => proptest::sample::select(vec!['æ', 'ø', 'å', 'Æ', 'Ø', 'Å', '§', '½', '€', '–', '’', '”', '«', '»', 'é']),
        4 => proptest::sample::select((b'!'..=b'~').map(char::from).filter(|c| c.is_ascii_punctuation()).collect::<Vec<_>>()),
        2 => Just(' '),
        1 => Just('\n'),
    ]
}

/// Fragments that mean something in Typst, Jinja or YAML.
fn hostile_fragment() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        "#read(\"/etc/passwd\")",
        "#{",
        "#set text(red)",
        "$x^2$",
        "\\",
        "\\u{41}",
        "//",
        "/*",
        "*/",
        "= ",
        "- ",
        "+ ",
        "1. ",
        "<x>",
        "@x",
        "[",
        "]",
        "`",
        "```",
        "{{ x }}",
        "{% if %}",
        "{#",
        "~",
        "--",
        "...",
        "'",
        "\"",
        "#",
        ": ",
        " #",
        "&amp;",
    ])
    .prop_map(str::to_string)
}

pub fn typed_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => typed_char().prop_map(String::from),
            1 => hostile_fragment(),
        ],
        1..24,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    /// Plain fields (titles, clauses, names) print every character exactly.
    #[test]
    fn plain_fields_print_exactly_as_typed(titel in typed_text(), clause in typed_text()) {
        let titel = format!("«{titel}»");
        let clause = format!("‹{clause}›");
        let text = render_random(&[
            ("titel", titel.clone().into()),
            ("indstilling", indstilling(&clause)),
        ]);
        assert_prints(&text, &titel);
        assert_prints(&text, &format!("at {clause}"));
        prop_assert!(!text.contains("root:x:0:0"));
    }

    /// Text fields print everything outside the light-Markdown syntax exactly:
    /// here any line without `*`, `_`, `<` or `(`, which could start emphasis,
    /// autolinks or links.
    #[test]
    fn text_fields_print_non_markdown_exactly(typed in typed_text()) {
        let line: String = typed
            .chars()
            .map(|c| if matches!(c, '*' | '_' | '<' | '(' | '\n') { ' ' } else { c })
            .collect();
        let tekst = format!("Tekst «{line}»");
        let text = render_random(&[("beslutningstema", tekst.clone().into())]);
        assert_prints(&text, &tekst);
    }
}

/// The issue's list of hostile text (also published as HTML by `publish.rs`).
pub const HOSTILE: &[&str] = &[
    "#read(\"/etc/passwd\")",
    "Pris: 100 $ og 5 $ i alt",
    "C:\\Brugere\\sag\\",
    "5 * 3 = 15",
    "snake_case_navn",
    "// ikke en kommentar",
    "/* heller ikke */",
    "<x> og @x",
    "[klammer] og `backticks`",
    "#set page(width: 1cm)",
    "&amp; &copy;",
];

#[test]
fn the_issue_list_of_hostile_text_prints_literally() {
    let hostile = HOSTILE;
    let text_field = hostile.join("\n\n");
    let text = render_text(&[("sagsfremstilling", text_field.into())]);
    crate::common::assert_in_order("sagsfremstilling", &text, hostile);
    assert!(!text.contains("root:"), "a file was read:\n{text}");

    let line_starts = "= overskrift?\n- streg\n+ plus\n1. ét\n/ skråstreg: x";
    let text = render_text(&[
        ("titel", line_starts.into()),
        (
            "fraværende",
            serde_yaml::from_str("['# ikke kode', '$ ikke matematik']").unwrap(),
        ),
    ]);
    assert_prints(&text, &line_starts.replace('\n', " "));
    assert_prints(&text, "Fraværende: # ikke kode, $ ikke matematik");
}

#[test]
fn markdown_subset_is_typeset_and_its_markers_do_not_print() {
    let text = render_text(&[(
        "sagsfremstilling",
        "Før **fed** og *kursiv*.\n\n- et\n  - to\n1. tre\n\n> citat\n\n| A | B |\n|---|---|\n| c | d |\n".into(),
    )]);
    crate::common::assert_in_order(
        "markdown",
        &text,
        &[
            "Før fed og kursiv.",
            "et",
            "to",
            "1.",
            "tre",
            "citat",
            "A",
            "B",
            "c",
            "d",
        ],
    );
    assert!(!text.contains("**") && !text.contains("| A"), "{text}");
}

#[test]
fn metadata_carries_the_title_escaped_too() {
    let (_dir, path) = case_file(
        "m.yaml",
        &crate::common::minimal_punkt("").replace("titel: Prøve", "titel: \"#x $y\""),
    );
    let doc = render(&path).unwrap();
    let xmp = crate::common::xmp(&doc.pdf);
    assert!(
        xmp.contains("7. #x $y"),
        "the XMP title holds the literal text:\n{xmp}"
    );
    assert_prints(&pdf_text(&doc.pdf), "7. #x $y");
}

/// Markdown-ish text: every construct of the subset and around it.
fn markdownish_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => typed_char().prop_map(String::from),
        2 => proptest::sample::select(vec![
            "**", "*", "_", "__", "\n", "\n\n", "\n- ", "\n  - ", "\n1. ", "\n3) ", "\n> ", "\n# ", "\n    ",
            "[a](b)", "[a]()", "[]()", "](", "<http://x.dk>", "<a@b.dk>", "![alt](x.png)", "`", "```\n",
            "| a | b |\n|---|--:|\n| c |", "\n---\n", "\\\n", "  \n", "&nbsp;", "&#0;", "\t", "\u{a0}",
        ])
        .prop_map(str::to_string),
    ];
    proptest::collection::vec(piece, 1..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    /// Whatever Markdown a user writes, the item renders: no Typst error ever
    /// comes from the contents of a text field.
    #[test]
    fn any_text_field_renders(text in markdownish_text()) {
        render_random(&[("sagsfremstilling", text.into())]);
    }
}
