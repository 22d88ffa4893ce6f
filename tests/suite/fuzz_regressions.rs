//! The fuzz targets' properties (`dagsorden::fuzzing`) on every input the fuzzer found (`tests/fixtures/fuzz/`), and on the repository's own case files, texts and PDFs.

use std::path::Path;

use dagsorden::fuzzing;

/// The files of `tests/fixtures/fuzz/<target>/`, without the README.
fn found(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new("tests/fixtures/fuzz").join(target);
    // No folder: the fuzzer has found nothing for this target (git keeps
    // no empty folders).
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

/// Every file below `dir` whose name ends in `ending`.
fn files_below(dir: &str, ending: &str) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(ending))
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn case_file_inputs_the_fuzzer_found() {
    for (name, bytes) in found("case_file") {
        eprintln!("case_file/{name}");
        fuzzing::case_file(&bytes);
    }
}

#[test]
fn markdown_inputs_the_fuzzer_found() {
    for (name, bytes) in found("markdown") {
        eprintln!("markdown/{name}");
        fuzzing::markdown(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn pdf_inputs_the_fuzzer_found() {
    for (name, bytes) in found("pdf") {
        eprintln!("pdf/{name}");
        fuzzing::pdf(&bytes);
    }
}

/// The seeds of the fuzz corpora hold the properties too.
#[test]
fn the_repositorys_own_files_hold_the_fuzz_properties() {
    let mut yaml = files_below("cases", ".yaml");
    yaml.extend(files_below("templates/ny", ".yaml"));
    yaml.extend(files_below("tests/fixtures/errors", ".yaml"));
    yaml.extend(files_below("tests/fixtures/malformed", ".yaml"));
    for path in &yaml {
        let bytes = std::fs::read(path).unwrap();
        fuzzing::case_file(&bytes);
        fuzzing::markdown(&String::from_utf8_lossy(&bytes));
    }
    for path in files_below("tests/fixtures", ".pdf") {
        fuzzing::pdf(&std::fs::read(path).unwrap());
    }
}

#[test]
fn the_issues_extreme_texts_hold_the_markdown_property() {
    for text in [
        format!("{}x", "> ".repeat(5000)),
        "*".repeat(20_000),
        "[".repeat(50_000),
        format!("{}b{}", "*a ".repeat(3000), " a*".repeat(3000)),
    ] {
        fuzzing::markdown(&text);
    }
}
