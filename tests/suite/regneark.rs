//! Finance's figures from the spreadsheet: a note reading an .xlsx (written by openpyxl), an .ods or .xls (converted by LibreOffice) or a CSV (Danish Excel's and plain) prints the same table as the typed figures, and float cells are read by their shortest text.

use std::path::Path;

use dagsorden::check::regneark;
use rust_decimal::Decimal;

use crate::common::{FINANCE_TABLE, assert_in_order, body_text, render, repo};

/// A note whose budget follow-up has the figures `figures` (YAML lines of
/// the block after `enhed`).
fn note(figures: &str) -> String {
    format!(
        "type: notat\ntitel: Budgetopfølgning\ndato: 2022-06-20\nafsnit:\n  - overskrift: Økonomi\n    budgetopfølgning:\n      periode: 2. kvartal 2022\n      enhed: 1.000 kr.\n{figures}"
    )
}

fn from_sheet(fil: &str, ark: Option<&str>) -> String {
    let ark = ark.map_or(String::new(), |a| format!("        ark: {a}\n"));
    note(&format!(
        "      fra_regneark:\n        fil: {fil}\n{ark}        kolonner:\n          navn: Område\n          gruppe: art\n          korrigeret_budget: Korr.  budget\n          forventet_regnskab: Forventet regnskab\n          sidste_forventet: Forventet regnskab 1. kvt.\n          bemærkning: Bemærkning\n"
    ))
}

const TYPED: &str = "      områder:
        - navn: Socialpædagogisk støtte (SEL § 85)
          gruppe: Udgifter
          korrigeret_budget: 61200
          forventet_regnskab: 69600
          sidste_forventet: 66900
          bemærkning: Flere borgere end budgetlagt og højere gennemsnitspriser
        - navn: Midlertidige og længerevarende botilbud
          gruppe: Udgifter
          korrigeret_budget: 91200
          forventet_regnskab: 103700
          sidste_forventet: 101300
          bemærkning: Nye borgere, der ikke er budgetlagt, i interne og eksterne botilbud
        - navn: Statsrefusion, særligt dyre enkeltsager
          gruppe: Indtægter
          korrigeret_budget: -14800
          forventet_regnskab: -24400
          sidste_forventet: -21000
          bemærkning: Øgede indtægter fra statsrefusion
";

/// The text of the note at `path`, without the line naming the spreadsheet.
fn table_text(path: &Path) -> String {
    let doc = render(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    body_text(&doc.pdf)
        .lines()
        .filter(|l| !l.trim_start().starts_with("Kilde:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_note_from_xlsx_or_csv_prints_what_the_typed_figures_print() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for f in [
        "budget.xlsx",
        "budget.ods",
        "budget.xls",
        "budget-excel-da.csv",
        "budget-plain.csv",
    ] {
        std::fs::copy(repo().join("tests/fixtures/regneark").join(f), data.join(f)).unwrap();
    }
    let notes = [
        ("typed.yaml", note(TYPED)),
        (
            "xlsx.yaml",
            from_sheet("data/budget.xlsx", Some("Opfølgning")),
        ),
        ("csv-da.yaml", from_sheet("data/budget-excel-da.csv", None)),
        ("csv-plain.yaml", from_sheet("data/budget-plain.csv", None)),
    ];
    for (name, yaml) in &notes {
        std::fs::write(dir.path().join(name), yaml).unwrap();
    }
    let typed = table_text(&dir.path().join("typed.yaml"));
    assert_in_order("typed", &typed, FINANCE_TABLE);
    for (name, _) in &notes[1..] {
        let text = table_text(&dir.path().join(name));
        assert_eq!(
            text, typed,
            "{name} prints otherwise than the typed figures"
        );
    }
    let xlsx = render(&dir.path().join("xlsx.yaml")).unwrap();
    assert!(
        body_text(&xlsx.pdf).contains("Kilde: budget.xlsx, ark Opfølgning."),
        "the spreadsheet is named under the table"
    );
}

#[test]
fn float_cells_are_read_by_their_shortest_text() {
    // floats.xlsx holds 0,1 and 0,2 as binary floats (B2, C2, B3) and the
    // float sum 0,1 + 0,2 as openpyxl writes it (C3).
    let sheet = regneark::open(
        &repo().join("tests/fixtures/regneark/floats.xlsx"),
        Some("Opfølgning"),
    )
    .unwrap();
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let n = |r, c| sheet.number(r, c).unwrap().unwrap();
    assert_eq!(n(1, 1), d("0.1"));
    assert_eq!(n(1, 2), d("0.2"));
    assert_eq!(n(2, 1), d("0.2"));
    assert_eq!(n(2, 2), d("0.3"));
    assert_eq!(n(1, 1) + n(2, 1), d("0.3"), "decimal sums are exact");
    assert_eq!(sheet.cell_name(2, 2), "C3");
}

/// Renders `yaml` as a note beside the spreadsheet `fixture` (copied to
/// `data/`) and returns the error text.
fn error_of(fixture: &str, yaml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let name = Path::new(fixture).file_name().unwrap();
    std::fs::copy(repo().join(fixture), dir.path().join("data").join(name)).unwrap();
    let path = dir.path().join("note.yaml");
    std::fs::write(&path, yaml).unwrap();
    match render(&path) {
        Ok(_) => panic!("{fixture}: rendered, yet it should fail"),
        Err(e) => e,
    }
}

fn plain_columns(fil: &str) -> String {
    note(&format!(
        "      fra_regneark:\n        fil: {fil}\n        kolonner:\n          navn: Område\n          korrigeret_budget: Korr. budget\n          forventet_regnskab: Forventet regnskab\n"
    ))
}

#[test]
fn a_formula_without_its_result_is_no_empty_cell() {
    let e = error_of(
        "tests/fixtures/regneark/formel-uden-resultat.xlsx",
        &plain_columns("data/formel-uden-resultat.xlsx"),
    );
    assert!(
        e.contains("cell C3 of sheet `Opfølgning`") && e.contains("holds the formula =B3*1.05"),
        "{e}"
    );
    assert!(e.contains("--> "), "{e}");
    assert!(
        e.contains("formel-uden-resultat.xlsx, sheet Opfølgning, cell C3"),
        "{e}"
    );
}

#[test]
fn the_exports_total_must_be_the_sum_of_its_areas() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(
        dir.path().join("data/b.csv"),
        "Område;Korr. budget;Forventet regnskab\nDagtilbud;100;110\nSkoler;200,5;210\nI alt;300,5;321\n",
    )
    .unwrap();
    let path = dir.path().join("note.yaml");
    std::fs::write(&path, plain_columns("data/b.csv")).unwrap();
    let e = render(&path).map(|_| ()).unwrap_err();
    assert!(
        e.contains("cell C4 of `")
            && e.contains("gives the total 321, but the areas above it add up to 320"),
        "{e}"
    );
    assert!(!e.contains("cell B4"), "the korrigeret total is right: {e}");
}
