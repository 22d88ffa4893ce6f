//! The working day at the command line: starter files, a batch with a bad file, no progress bar off a terminal, completions, man page, exit codes in `--help`.

use crate::common::{dagsorden, minimal_punkt, render_cli};

/// Every kind `new` knows, as typed on the command line.
const KINDS: [&str; 9] = [
    "punkt",
    "møde",
    "notat",
    "omgørelser",
    "reduktionsplan",
    "budgetopfølgning",
    "visitationsregler",
    "udgiftsudvikling",
    "nøgletal",
];

#[test]
fn every_starter_file_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    for kind in KINDS {
        // Each in a folder of its own, so a meeting has only its own file.
        let folder = dir.path().join(kind);
        let out = dagsorden()
            .args(["new", kind])
            .arg(&folder)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let written: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
        assert_eq!(written.len(), 1, "{kind}");
        let file = written[0].as_ref().unwrap().path();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count()
                >= 5,
            "{kind}: commented"
        );
        let check = dagsorden().arg("check").arg(&file).output().unwrap();
        assert!(
            check.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        // And it renders, to a PDF with its title in it.
        let run = render_cli(&[&file]);
        assert_eq!(run.code, Some(0), "{kind}: {}", run.stderr);
    }
}

#[test]
fn new_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("punkt.yaml");
    std::fs::write(&file, "mine").unwrap();
    let out = dagsorden()
        .args(["new", "punkt"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn one_bad_file_in_twenty_leaves_nineteen_written_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    for n in 1..=20 {
        let yaml = if n == 13 {
            minimal_punkt("beslutningstem: stavefejl\n").replace("nummer: 7", "nummer: 13")
        } else {
            minimal_punkt("").replace("nummer: 7", &format!("nummer: {n}"))
        };
        std::fs::write(dir.path().join(format!("{n:03}.yaml")), yaml).unwrap();
    }
    let run = render_cli(&[dir.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let pdfs: Vec<String> = run
        .written()
        .into_iter()
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs.len(), 19, "{pdfs:?}");
    assert!(!pdfs.iter().any(|p| p.starts_with("Punkt_013")), "{pdfs:?}");
    assert!(run.stderr.contains("013.yaml:5:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("19 documents written, 1 failed"),
        "{}",
        run.stderr
    );
    // Reported in path order, whatever order the threads finished in.
    let reported: Vec<&str> = run.stdout.lines().collect();
    let mut sorted = reported.clone();
    sorted.sort();
    assert_eq!(reported, sorted);
}

#[test]
fn no_progress_bar_when_not_a_terminal() {
    let run = render_cli(&["cases"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for sign in ["\r", "\u{1b}[", "=>", "documents ("] {
        assert!(!run.stderr.contains(sign), "{sign:?} in {:?}", run.stderr);
    }
    // The summary is there, once, at the end.
    assert!(
        run.stderr
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .contains("documents written, 0 failed")
    );
}

#[test]
fn one_job_gives_the_same_files_as_every_core() {
    let many = render_cli(&["cases"]);
    let one = render_cli(&["cases", "--jobs", "1"]);
    let pdfs = |run: &crate::common::Run| crate::common::pdfs_in(run.out.path());
    assert!(pdfs(&many) == pdfs(&one), "same names, same bytes");
    let lines = |run: &crate::common::Run| {
        run.stdout
            .replace(&run.out.path().display().to_string(), "OUT")
    };
    assert_eq!(lines(&many), lines(&one));
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = dagsorden().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["render", "check", "samlet", "udgave"] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
    let man = dagsorden().arg("man").output().unwrap();
    let man = String::from_utf8_lossy(&man.stdout);
    assert!(
        man.starts_with(".ie") || man.contains(".TH dagsorden"),
        "{man}"
    );
    assert!(man.contains("Exit codes"));
}

#[test]
fn help_documents_the_exit_codes() {
    let out = dagsorden().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for line in [
        "0  every document rendered",
        "1  some documents failed; the others were written",
        "2  usage or configuration error",
    ] {
        assert!(help.contains(line), "{help}");
    }
}

#[test]
fn the_schema_command_writes_the_shipped_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let out = dagsorden().arg("schema").arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    for name in [
        "punkt.schema.json",
        "notat.schema.json",
        "moede.schema.json",
    ] {
        let written = std::fs::read(dir.path().join(name)).unwrap();
        let shipped = std::fs::read(crate::common::repo().join("schema").join(name)).unwrap();
        assert!(written == shipped, "{name}");
    }
}

#[test]
fn a_progress_bar_on_a_terminal() {
    // `script` (util-linux) runs the command on a pseudo-terminal.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("no `script` here: the terminal case is not tried");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let command = format!(
        "{} render cases -o {}",
        env!("CARGO_BIN_EXE_dagsorden"),
        out.path().display()
    );
    let run = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(crate::common::repo())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{screen}");
    assert!(screen.contains(" documents ("), "{screen}");
    // And --quiet keeps it off there too.
    let quiet = std::process::Command::new("script")
        .args(["-qec", &format!("{command} --quiet"), "/dev/null"])
        .current_dir(crate::common::repo())
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("documents ("));
}
