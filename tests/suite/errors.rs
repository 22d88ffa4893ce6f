//! Bad input: each class of error gives a message naming file, line and column (pinned by snapshots), exit code 1, and no PDF.

use crate::common::{cases_dir, dagsorden, minimal_punkt, render_cli};

/// Renders one fixture of `tests/fixtures/errors/` and returns its stderr,
/// after asserting the exit code and that nothing was written.
fn render_fixture(name: &str) -> String {
    let run = render_cli(&[format!("tests/fixtures/errors/{name}")]);
    let stderr = &run.stderr;
    assert_eq!(run.code, Some(1), "{name}: exit code; stderr:\n{stderr}");
    assert!(
        run.written().is_empty(),
        "{name}: something was written: {:?}",
        run.written()
    );
    assert!(
        stderr.contains(&format!("tests/fixtures/errors/{name}")),
        "{name}: the message names the file:\n{stderr}"
    );
    without_timing(stderr)
}

/// The summary's elapsed time varies; everything else is pinned.
fn without_timing(stderr: &str) -> String {
    stderr
        .lines()
        .map(|l| match l.rfind(" (") {
            Some(i) if l.ends_with(" s)") => format!("{} (time)", &l[..i]),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `file:line:column` of the first error in `stderr`.
fn first_location(stderr: &str) -> String {
    let line = stderr
        .lines()
        .find(|l| l.contains("┌─") || l.contains("-->"))
        .unwrap_or("");
    line.rsplit(' ').next().unwrap_or("").to_string()
}

macro_rules! error_case {
    ($test:ident, $file:literal, $location:literal) => {
        #[test]
        fn $test() {
            let stderr = render_fixture($file);
            assert_eq!(
                first_location(&stderr),
                concat!("tests/fixtures/errors/", $file, ":", $location),
                "{stderr}"
            );
            insta::assert_snapshot!(stringify!($test), stderr);
        }
    };
}

error_case!(yaml_syntax_error_unclosed_quote, "yaml-syntax.yaml", "4:8");
error_case!(yaml_syntax_error_tab, "yaml-tab.yaml", "6:1");
error_case!(unknown_key_suggests_the_nearest, "unknown-key.yaml", "5:1");
error_case!(unknown_nested_key, "unknown-nested-key.yaml", "7:3");
error_case!(wrong_type, "wrong-type.yaml", "3:9");
error_case!(
    wrong_type_where_a_list_belongs,
    "wrong-type-list.yaml",
    "6:7"
);
error_case!(malformed_sagsnr, "malformed-sagsnr.yaml", "2:9");
error_case!(missing_key, "missing-key.yaml", "1:1");
error_case!(missing_type, "missing-type.yaml", "1:1");
error_case!(unknown_type, "unknown-type.yaml", "1:7");
error_case!(bilag_file_missing, "missing-bilag.yaml", "9:10");
error_case!(bilag_not_a_pdf, "bilag-not-pdf.yaml", "7:10");
error_case!(private_use_character, "private-use-character.yaml", "7:3");
error_case!(character_without_glyph, "missing-glyph.yaml", "6:12");
error_case!(empty_title, "empty-title.yaml", "4:8");
error_case!(
    visitationsregler_rule_twice,
    "visitationsregler-rule-twice.yaml",
    "8:53"
);
error_case!(
    notat_two_blocks_in_a_section,
    "notat-two-blocks-in-a-section.yaml",
    "5:5"
);
error_case!(
    budgetopfoelgning_without_areas,
    "budgetopfoelgning-no-areas.yaml",
    "8:3"
);
error_case!(
    reduktionsplan_one_amount_per_year,
    "reduktionsplan-amounts-per-year.yaml",
    "11:7"
);
error_case!(key_written_twice, "key-written-twice.yaml", "7:3");
error_case!(
    character_the_fonts_cannot_shape,
    "glyph-missing-at-typesetting.yaml",
    "6:11"
);
error_case!(
    omgoerelser_parts_exceed_the_whole,
    "omg-parts-exceed-whole.yaml",
    "13:19"
);
error_case!(
    omgoerelser_counts_not_whole,
    "omg-count-not-whole.yaml",
    "11:22"
);
error_case!(
    omgoerelser_thousands_separator,
    "omg-thousands-separator.yaml",
    "9:19"
);
error_case!(omgoerelser_decimal_comma, "omg-decimal-comma.yaml", "12:18");

#[test]
fn a_bad_file_does_not_stop_the_batch() {
    let eight = minimal_punkt("").replace("nummer: 7", "nummer: 8");
    let cases = cases_dir(&[
        ("a.yaml", &minimal_punkt("")),
        ("b.yaml", &minimal_punkt("nummer_: 3\n")),
        ("c.yaml", &eight),
    ]);
    let run = render_cli(&[cases.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.written(),
        ["Punkt_007_Proeve.pdf", "Punkt_008_Proeve.pdf"]
    );
    assert!(run.stdout.contains("a.yaml → "), "{}", run.stdout);
    assert!(
        !run.stdout.contains("b.yaml"),
        "the failed file is not reported as written"
    );
    assert!(
        run.stderr.contains("unknown key `nummer_`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("2 documents written, 1 failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_items_with_one_file_name_are_refused_not_overwritten() {
    let cases = cases_dir(&[
        ("a.yaml", &minimal_punkt("")),
        ("b.yaml", &minimal_punkt("")),
    ]);
    let run = render_cli(&[cases.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.written(), ["Punkt_007_Proeve.pdf"]);
    assert!(
        run.stderr.contains("would overwrite the PDF of"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_validates_without_writing() {
    let output = dagsorden()
        .args(["check", "cases", "tests/fixtures/errors/unknown-key.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("18 documents checked, 1 failed"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("096-omgoerelsesprocenter-2020.yaml: ok"),
        "{stdout}"
    );
}

#[test]
fn usage_errors_exit_with_2_and_write_nothing() {
    let missing = render_cli(&["findes/ikke.yaml"]);
    assert_eq!(missing.code, Some(2));
    assert!(
        missing
            .stderr
            .contains("`findes/ikke.yaml` is neither a case file nor a folder")
    );
    assert!(missing.written().is_empty());
    let no_templates = render_cli(&["cases", "--templates", "findes-ikke"]);
    assert_eq!(no_templates.code, Some(2));
    assert!(
        no_templates
            .stderr
            .contains("the template folder `findes-ikke` does not exist")
    );
    assert!(no_templates.written().is_empty());
    let no_args = dagsorden().arg("render").output().unwrap();
    assert_eq!(no_args.status.code(), Some(2));
}

#[test]
fn a_meeting_needs_every_item_to_be_sound() {
    let meeting = "type: møde\nudvalg: Udvalget for Læring\ndato: 2021-11-29\nformand: Ole Vind\n";
    let cases = cases_dir(&[
        ("moede.yaml", meeting),
        ("a.yaml", &minimal_punkt("")),
        ("b.yaml", &minimal_punkt("nummer_: 3\n")),
    ]);
    let run = render_cli(&[cases.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown key `nummer_`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("so the meeting document cannot be made"),
        "{}",
        run.stderr
    );
    assert_eq!(run.written(), ["Punkt_007_Proeve.pdf"]);
}

/// The `file:line:column` of the first snippet of `stderr` (the case file's
/// place, after a spreadsheet cell's `-->` line).
fn snippet_location(stderr: &str) -> String {
    let line = stderr.lines().find(|l| l.contains("┌─")).unwrap_or("");
    line.rsplit(' ').next().unwrap_or("").to_string()
}

/// An error in a spreadsheet a note reads: the cell (or the sheet) first,
/// then the case file's line.
macro_rules! spreadsheet_error_case {
    ($test:ident, $file:literal, $cell:literal, $location:literal) => {
        #[test]
        fn $test() {
            let stderr = render_fixture($file);
            let cell = stderr.lines().find(|l| l.trim_start().starts_with("-->"));
            assert_eq!(
                cell.map(str::trim),
                Some(concat!("--> ", $cell)),
                "{stderr}"
            );
            assert_eq!(
                snippet_location(&stderr),
                concat!("tests/fixtures/errors/", $file, ":", $location),
                "{stderr}"
            );
            insta::assert_snapshot!(stringify!($test), stderr);
        }
    };
}

spreadsheet_error_case!(
    spreadsheet_text_cell_not_a_number,
    "regneark-not-a-number.yaml",
    "tests/fixtures/errors/data/tekst-i-talcelle.xlsx, sheet Opfølgning, cell D5",
    "9:7"
);
spreadsheet_error_case!(
    spreadsheet_missing_column_header,
    "regneark-missing-column.yaml",
    "tests/fixtures/errors/data/tekst-i-talcelle.xlsx, sheet Opfølgning",
    "14:30"
);
error_case!(
    spreadsheet_missing_sheet,
    "regneark-missing-sheet.yaml",
    "11:14"
);
error_case!(
    spreadsheet_outside_the_case_folder,
    "regneark-outside.yaml",
    "10:14"
);
error_case!(
    spreadsheet_beside_typed_areas,
    "regneark-and-omraader.yaml",
    "13:7"
);
error_case!(
    udgiftsudvikling_unequal_lists,
    "udgiftsudvikling-unequal-lists.yaml",
    "11:7"
);
error_case!(
    udgiftsudvikling_year_twice,
    "udgiftsudvikling-year-twice.yaml",
    "9:24"
);
