//! Helpers shared by the integration tests: running the binary, rendering in-process, reading PDFs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use dagsorden::engine::Engine;
use dagsorden::pipeline;
use dagsorden::prepared::Document;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `dagsorden` binary, run from the repository root without colours.
pub fn dagsorden() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dagsorden"));
    c.current_dir(repo()).env("NO_COLOR", "1");
    c
}

/// The engine with the built-in templates, loaded once for the test process.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::builder()
            .build()
            .expect("the built-in templates load")
    })
}

/// Renders one case file in-process; the error is the rendered diagnostics.
pub fn render(path: &Path) -> Result<Document, String> {
    match pipeline::render(engine(), path) {
        Ok(doc) => {
            assert_conformant(&doc.name, &doc.pdf);
            Ok(doc)
        }
        Err(f) => Err(f.render(false)),
    }
}

/// Every PDF of `dir` and the folders below it, by file name (which the
/// bundled cases keep unique across their meetings).
pub fn pdfs_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let p = entry.unwrap().into_path();
        if p.extension().is_some_and(|e| e == "pdf") {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap();
            assert_conformant(&name, &bytes);
            assert!(
                found.insert(name.clone(), bytes).is_none(),
                "two PDFs named {name} under {}",
                dir.display()
            );
        }
    }
    found
}

/// Files of any kind in `dir` (to prove that nothing was written).
pub fn files_in(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The bundled cases rendered once through the binary: (stdout+stderr, PDFs by name).
pub fn rendered_cases() -> &'static (Output, BTreeMap<String, Vec<u8>>) {
    static RENDERED: OnceLock<(Output, BTreeMap<String, Vec<u8>>)> = OnceLock::new();
    RENDERED.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let output = dagsorden()
            .args(["render", "cases", "-o"])
            .arg(out.path())
            .output()
            .unwrap();
        let pdfs = pdfs_in(out.path());
        (output, pdfs)
    })
}

/// The text of a PDF, as a reader's copy-and-paste would give it.
pub fn pdf_text(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text can be extracted")
}

/// The text of each page, as Poppler's `pdftotext` reads it: the Rust
/// extractors read no text from the CID fonts Ghostscript writes (OCRmyPDF's
/// PDF/A output of converted bilag), though the text is there, with its Unicode.
pub fn pages_text(pdf: &[u8]) -> Vec<String> {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils) reads the converted bilag's text");
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(str::to_string)
        .collect()
}

/// Text without any white space: line breaks and spacing depend on layout, the characters do not.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Asserts that every needle occurs in `haystack`, in the given order (white space ignored).
pub fn assert_in_order(what: &str, haystack: &str, needles: &[&str]) {
    let hay = squash(haystack);
    let mut from = 0;
    for needle in needles {
        let n = squash(needle);
        match hay[from..].find(&n) {
            Some(i) => from += i + n.len(),
            None => {
                let earlier = hay
                    .find(&n)
                    .map(|i| format!(" (it occurs earlier, at byte {i})"))
                    .unwrap_or_default();
                panic!(
                    "{what}: `{needle}` not found after byte {from}{earlier}\n--- text ---\n{haystack}"
                );
            }
        }
    }
}

/// The text of a PDF without its page header and footer lines.
pub fn body_text(pdf: &[u8]) -> String {
    pdf_text(pdf)
        .lines()
        .filter(|l| {
            let t = l.trim();
            let header = t.starts_with("Hedensted Kommune") && t.contains(" Sag ");
            !(header || is_page_footer(t))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_page_footer(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("Side ") else {
        return false;
    };
    let parts: Vec<&str> = rest.split(" af ").collect();
    parts.len() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// A finished run of `dagsorden render PATH… -o <a fresh folder>`.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub out: tempfile::TempDir,
}

impl Run {
    /// The files written into the output folder, sorted.
    pub fn written(&self) -> Vec<String> {
        let mut names = files_in(self.out.path());
        names.sort();
        names
    }
}

/// Runs `dagsorden render` on `args` (paths and options) into a fresh folder.
pub fn render_cli<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let out = tempfile::tempdir().unwrap();
    let output = dagsorden()
        .arg("render")
        .args(args)
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        out,
    }
}

/// A fresh folder holding the given case files (name, YAML).
pub fn cases_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, yaml) in files {
        std::fs::write(dir.path().join(name), yaml).unwrap();
    }
    dir
}

/// Writes a case file into a fresh folder and returns (folder, path).
pub fn case_file(name: &str, yaml: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, yaml).unwrap();
    (dir, path)
}

/// A minimal valid agenda item; `extra` is appended as more YAML lines.
pub fn minimal_punkt(extra: &str) -> String {
    format!("type: punkt\nsagsnr: 00.00.00-I02-1-21\nnummer: 7\ntitel: Prøve\n{extra}")
}

/// The PDF's parsed structure.
pub fn pdf_document(pdf: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(pdf).expect("a well-formed PDF")
}

/// The catalog's XMP metadata packet, as text.
pub fn xmp(pdf: &[u8]) -> String {
    let doc = pdf_document(pdf);
    let catalog = doc.catalog().expect("a catalog");
    let id = catalog
        .get(b"Metadata")
        .and_then(|m| m.as_reference())
        .expect("XMP metadata");
    let stream = doc
        .get_object(id)
        .and_then(|o| o.as_stream())
        .expect("a metadata stream");
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8(bytes).expect("XMP is UTF-8")
}

/// Asserts that `pdf` passes the independent validator (`page_validation`)
/// at the PDF/A level its metadata declares, and at PDF/UA-1 where it
/// declares that; dagsorden's own documents (all but copied bilag and
/// complete packets, whose level follows their bilag) must declare PDF/UA-1.
/// Every PDF the suite writes goes through here: `pdfs_in`, `Run` (when
/// dropped) and `render` call it.
pub fn assert_conformant(name: &str, pdf: &[u8]) {
    use dagsorden::bilag::conformance::{self, Standing};
    let doc = pdf_document(pdf);
    let level = match conformance::judge(pdf, &doc) {
        Standing::Passes(level) => level,
        Standing::Fails(why) => panic!("{name}: {why}"),
    };
    let claims_ua = conformance::xmp_value(&conformance::xmp_of(&doc), "pdfuaid:part").is_some();
    assert!(
        level.ua || !claims_ua,
        "{name} claims PDF/UA-1 but fails it: {}",
        conformance::passes(pdf, page_validation::ValidationProfile::PdfUa1).unwrap_err()
    );
    let own = !(name.contains("_Bilag_") || name.contains("_samlet"));
    assert!(
        !own || level.ua,
        "{name} is dagsorden's own document and must be PDF/UA-1"
    );
    assert!(
        !own || (level.part == 3 && level.conformance == conformance::Conformance::A),
        "{name} is dagsorden's own document and must be PDF/A-3a, not {level}"
    );
    if typeset_by_us(&doc) && !name.contains("_samlet") && SEMANTIC.with(|s| s.get()) {
        assert_reads_aloud(name, pdf);
    }
}

thread_local! {
    /// Whether this thread's PDFs are judged by outloud as well (see
    /// [`random_text`]).
    static SEMANTIC: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Runs `f` with its PDFs judged by the validator only: for the property
/// tests that fill fields with random characters. outloud's rules read
/// language (an alternative text's words, an address's shape), and random
/// characters are none: `x@Pj--...ut` is an e-mail address to it. Every
/// document of real-shaped text is judged by both.
pub fn random_text<T>(f: impl FnOnce() -> T) -> T {
    let before = SEMANTIC.with(|s| s.replace(false));
    let out = f();
    SEMANTIC.with(|s| s.set(before));
    out
}

/// Whether Typst wrote the PDF: dagsorden's own documents and the bilag it
/// typesets from an item's data, not a bilag converted by LibreOffice or
/// OCRmyPDF or copied as received (those are judged at their own level), nor
/// a packet, whose own pages are the documents judged one by one.
pub fn typeset_by_us(doc: &lopdf::Document) -> bool {
    let creator = doc
        .trailer
        .get(b"Info")
        .and_then(|i| doc.dereference(i))
        .and_then(|(_, i)| i.as_dict())
        .and_then(|d| d.get(b"Creator"))
        .and_then(|c| c.as_str())
        .unwrap_or_default();
    creator.starts_with(b"Typst")
}

/// One finding of outloud's, as tests/outloud/judge.py reports it.
#[derive(Debug, serde::Deserialize)]
pub struct Finding {
    pub rule: String,
    pub severity: String,
    pub page: Option<u32>,
    pub message: String,
    pub evidence: Option<String>,
}

/// outloud's errors and warnings on a PDF, and those excused by the
/// documented exceptions (tests/outloud/judge.py).
#[derive(Debug, serde::Deserialize)]
pub struct Judgement {
    pub findings: Vec<Finding>,
    pub excused: Vec<Finding>,
    pub error: Option<String>,
}

/// A running tests/outloud/judge.py: Python and outloud load once per
/// worker, and a worker is lent to one test at a time.
struct Judge {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: std::io::BufReader<std::process::ChildStdout>,
}

static JUDGES: std::sync::Mutex<Vec<Judge>> = std::sync::Mutex::new(Vec::new());

fn start_judge() -> Judge {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/outloud/judge.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let probe = Command::new(&python)
        .args(["-c", "import outloud; print(outloud.__version__)"])
        .output();
    match probe {
        Ok(o) if o.status.success() => {}
        _ => panic!(
            "outloud, the accessibility checker every PDF of the suite is judged by, is not \
             installed for {python}: pip install outloud==0.2.1 (or bash .ci/install-checkers)"
        ),
    }
    let mut child = Command::new(&python)
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs tests/outloud/judge.py");
    let stdin = child.stdin.take().unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    Judge {
        child,
        stdin,
        stdout,
    }
}

/// outloud's judgement of a PDF (bytes written to a temporary file).
pub fn outloud(pdf: &[u8]) -> Judgement {
    use std::io::{BufRead, Write};
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), pdf).unwrap();
    let judge = JUDGES.lock().unwrap_or_else(|e| e.into_inner()).pop();
    let mut judge = judge.unwrap_or_else(start_judge);
    writeln!(judge.stdin, "{}", file.path().display()).unwrap();
    judge.stdin.flush().unwrap();
    let mut line = String::new();
    judge.stdout.read_line(&mut line).unwrap();
    if line.is_empty() {
        let status = judge.child.wait();
        panic!("tests/outloud/judge.py stopped ({status:?})");
    }
    JUDGES.lock().unwrap_or_else(|e| e.into_inner()).push(judge);
    serde_json::from_str(&line).expect("judge.py answers in JSON")
}

/// PDFs already judged clean (by content), so that a test rendering the
/// same document twice pays for the judgement once.
static CLEAN: std::sync::Mutex<std::collections::BTreeSet<[u8; 32]>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// What a screen-reader user meets, judged by outloud: no error and no
/// warning on a PDF dagsorden typeset.
pub fn assert_reads_aloud(name: &str, pdf: &[u8]) {
    use sha2::Digest;
    let key: [u8; 32] = sha2::Sha256::digest(pdf).into();
    if CLEAN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains(&key)
    {
        return;
    }
    let judgement = outloud(pdf);
    if let Some(error) = &judgement.error {
        panic!("{name}: outloud could not read it: {error}");
    }
    if !judgement.findings.is_empty() {
        let lines: Vec<String> = judgement
            .findings
            .iter()
            .map(|f| {
                format!(
                    "  {} {} (page {}): {} | {}",
                    f.severity,
                    f.rule,
                    f.page.map_or("-".into(), |p| p.to_string()),
                    f.message,
                    f.evidence.as_deref().unwrap_or("")
                )
            })
            .collect();
        panic!("{name}: outloud finds\n{}", lines.join("\n"));
    }
    CLEAN.lock().unwrap_or_else(|e| e.into_inner()).insert(key);
}

/// Every PDF below `dir`, each checked by [`assert_conformant`].
pub fn assert_all_conformant(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "pdf") {
            assert_conformant(&p.display().to_string(), &std::fs::read(p).unwrap());
        }
    }
}

impl Drop for Run {
    /// What a run wrote is judged by the validator before it is thrown away
    /// (unless the test already failed).
    fn drop(&mut self) {
        if !std::thread::panicking() {
            assert_all_conformant(self.out.path());
        }
    }
}
/// The budget follow-up of the June 2022 finance note (seed 004), as its
/// table prints: groups with subtotals, the change since the last
/// follow-up, the total. The same whether typed or read from a spreadsheet.
pub const FINANCE_TABLE: &[&str] = &[
    "Tabel 1: Budgetopfølgning, 2. kvartal 2022 (1.000 kr.)",
    "1.000 kr.",
    "Korrigeret budget",
    "Forventet regnskab",
    "Afvigelse",
    "Afvigelse i %",
    "Ændring siden sidste opfølgning",
    "Udgifter",
    "Socialpædagogisk støtte (SEL § 85)",
    "61.200",
    "69.600",
    "8.400",
    "13,7",
    "2.700",
    "Midlertidige og længerevarende botilbud",
    "91.200",
    "103.700",
    "12.500",
    "13,7",
    "2.400",
    "Udgifter i alt",
    "152.400",
    "173.300",
    "20.900",
    "13,7",
    "5.100",
    "Indtægter",
    "Statsrefusion, særligt dyre enkeltsager",
    "-14.800",
    "-24.400",
    "-9.600",
    "-64,9",
    "-3.400",
    "Indtægter i alt",
    "-14.800",
    "-24.400",
    "-9.600",
    "-64,9",
    "-3.400",
    "I alt",
    "137.600",
    "148.900",
    "11.300",
    "8,2",
    "1.700",
];
