//! Bad input: each class of error gives a message naming file, line and column (pinned by snapshots), exit code 1, and no PDF.

use crate::common::{dagsorden, files_in, minimal_punkt, repo};

/// Renders one fixture of `tests/fixtures/errors/` and returns its stderr,
/// after asserting the exit code and that nothing was written.
fn render_fixture(name: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    let output = dagsorden()
        .arg("render")
        .arg(format!("tests/fixtures/errors/{name}"))
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{name}: exit code; stderr:\n{stderr}"
    );
    assert!(
        files_in(out.path()).is_empty(),
        "{name}: something was written: {:?}",
        files_in(out.path())
    );
    assert!(
        stderr.contains(&format!("tests/fixtures/errors/{name}")),
        "{name}: the message names the file:\n{stderr}"
    );
    without_timing(&stderr)
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

#[test]
fn a_bad_file_does_not_stop_the_batch() {
    let cases = tempfile::tempdir().unwrap();
    std::fs::write(cases.path().join("a.yaml"), minimal_punkt("")).unwrap();
    std::fs::write(cases.path().join("b.yaml"), minimal_punkt("nummer_: 3\n")).unwrap();
    std::fs::write(
        cases.path().join("c.yaml"),
        minimal_punkt("").replace("nummer: 7", "nummer: 8"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = dagsorden()
        .arg("render")
        .arg(cases.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let mut written = files_in(out.path());
    written.sort();
    assert_eq!(written, ["Punkt_007_Proeve.pdf", "Punkt_008_Proeve.pdf"]);
    assert!(stderr.contains("unknown key `nummer_`"), "{stderr}");
    assert!(stderr.contains("2 documents written, 1 failed"), "{stderr}");
}

#[test]
fn two_items_with_one_file_name_are_refused_not_overwritten() {
    let cases = tempfile::tempdir().unwrap();
    std::fs::write(cases.path().join("a.yaml"), minimal_punkt("")).unwrap();
    std::fs::write(cases.path().join("b.yaml"), minimal_punkt("")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = dagsorden()
        .arg("render")
        .arg(cases.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(files_in(out.path()), ["Punkt_007_Proeve.pdf"]);
    assert!(stderr.contains("would overwrite the PDF of"), "{stderr}");
}

#[test]
fn check_validates_without_writing() {
    let output = dagsorden()
        .args(["check", "cases", "tests/fixtures/errors/unknown-key.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("9 documents checked, 1 failed"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("096-omgoerelsesprocenter-2020.yaml: ok"),
        "{stdout}"
    );
}

#[test]
fn usage_errors_exit_with_2_and_write_nothing() {
    let out = tempfile::tempdir().unwrap();
    let missing = dagsorden()
        .args(["render", "findes/ikke.yaml", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("`findes/ikke.yaml` is neither a case file nor a folder")
    );
    let no_templates = dagsorden()
        .args(["render", "cases", "--templates", "findes-ikke", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(no_templates.status.code(), Some(2));
    let no_args = dagsorden().arg("render").output().unwrap();
    assert_eq!(no_args.status.code(), Some(2));
    assert!(files_in(out.path()).is_empty());
    assert!(repo().join("Cargo.toml").exists());
}

#[test]
fn meeting_and_memo_files_are_skipped_with_a_warning() {
    let cases = tempfile::tempdir().unwrap();
    std::fs::write(
        cases.path().join("moede.yaml"),
        "type: møde\nudvalg: Udvalget for Læring\n",
    )
    .unwrap();
    std::fs::write(cases.path().join("a.yaml"), minimal_punkt("")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = dagsorden()
        .arg("render")
        .arg(cases.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("moede.yaml: meetings and memos"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 document written, 0 failed, 1 skipped"),
        "{stderr}"
    );
    assert_eq!(files_in(out.path()), ["Punkt_007_Proeve.pdf"]);
}
