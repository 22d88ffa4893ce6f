//! The malformed corpus (`tests/fixtures/malformed/`): every file is refused with errors placed in it, pinned by snapshots, and never one about generated source.

use std::path::Path;

use dagsorden::pipeline;

use crate::common::engine;

/// Every case file of the corpus, rendered in-process: an error, naming the
/// file, with a line and column for every message, and its text pinned.
#[test]
fn every_malformed_case_file_is_refused_with_placed_errors() {
    let dir = Path::new("tests/fixtures/malformed");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 50, "the corpus has {} files", files.len());
    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let failure = match pipeline::render(engine(), path) {
            Ok(_) => panic!("{name}: rendered, but it is malformed"),
            Err(f) => f,
        };
        // Where the repository lies is not part of the message's text.
        let repo = std::fs::canonicalize(crate::common::repo()).unwrap();
        let shown = failure
            .render(false)
            .replace(&repo.display().to_string(), "[repo]");
        for d in &failure.diagnostics {
            assert_eq!(
                d.file, *path,
                "{name}: an error names another file:\n{shown}"
            );
            assert!(
                d.place.is_some(),
                "{name}: an error without a line and column:\n{shown}"
            );
            assert!(!d.warning, "{name}: {shown}");
        }
        assert!(!shown.contains("main.typ"), "{name}:\n{shown}");
        assert!(
            shown.len() < 4_000,
            "{name}: {} bytes of error text:\n{shown}",
            shown.len()
        );
        insta::assert_snapshot!(format!("malformed__{name}"), shown);
    }
}

/// A case file past the size limit is refused before it is parsed, and
/// only one byte past the limit is ever read.
#[test]
fn a_case_file_past_the_size_limit_is_refused() {
    let limit = dagsorden::load::MAX_FILE_BYTES;
    let mut yaml = String::from("type: punkt\nsagsfremstilling: |\n");
    while yaml.len() <= limit {
        yaml.push_str("  Et afsnit af en meget lang tekst, der bliver ved.\n");
    }
    let (_dir, path) = crate::common::case_file("stor.yaml", &yaml);
    let failure = pipeline::render(engine(), &path).unwrap_err();
    let shown = failure.render(false);
    let message = shown.replace(&path.display().to_string(), "stor.yaml");
    insta::assert_snapshot!(message, @r"
    error: the case file is larger than 1000000 bytes, the most a case file may be
      --> stor.yaml:19233:9
      = help: a case file holds the texts of one item, memo or meeting; put long documents in a bilag (`bilag:` with `fil: bilag/….pdf`)
    ");
}

/// Should Typst refuse a checked case, its error is said about the case
/// file and shows no generated source; `--keep-typ` shows that source, for
/// template authors.
#[test]
fn typst_errors_point_into_the_case_file_unless_keep_typ() {
    use crate::common::{cases_dir, minimal_punkt, render_cli};
    let templates = cases_dir(&[("stil.typ", "#let dokument(..args, body) = body\n")]);
    let cases = cases_dir(&[("p.yaml", &minimal_punkt(""))]);
    let run = render_cli(&[cases.path(), "--templates".as_ref(), templates.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!run.stderr.contains("main.typ"), "{}", run.stderr);
    assert!(
        run.stderr.contains("p.yaml")
            && run.stderr.contains("this case file could not be typeset")
            && run.stderr.contains("punkt-hoved")
            && run.stderr.contains("--keep-typ"),
        "{}",
        run.stderr
    );
    let kept = render_cli(&[
        cases.path(),
        "--templates".as_ref(),
        templates.path(),
        "--keep-typ".as_ref(),
    ]);
    assert!(
        kept.stderr.contains("main.typ (generated)"),
        "{}",
        kept.stderr
    );
}
