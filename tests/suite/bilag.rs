//! Bilag as a secretariat receives them — Word, Excel, OpenDocument, scans, plain and accessible PDFs — converted by the real engines, validated, cached, confined, and carried in the complete packet.

use std::path::{Path, PathBuf};

use crate::common::{Run, assert_conformant, dagsorden, pages_text, pdf_document, squash};
use crate::packet::{outline, read};

const PACKET: &str = "Dagsorden_Udvalget_for_Bilag_2026-01-12_samlet.pdf";

/// The fixtures of `tests/fixtures/bilag/` (made by its `make.sh`).
fn fixture(name: &str) -> PathBuf {
    crate::common::repo()
        .join("tests/fixtures/bilag")
        .join(name)
}

/// Fails with what to install when an engine the test needs is missing.
fn require_engines() {
    for engine in [
        dagsorden::bilag::Converter::LibreOffice,
        dagsorden::bilag::Converter::OcrMyPdf,
    ] {
        assert!(
            engine.find().is_some(),
            "{} is not installed, and this test converts bilag with it: apt-get install {} (`.ci/run` does)",
            engine.name(),
            engine.packages()
        );
    }
}

/// The seven kinds of bilag, in the order the meeting lists them: (file,
/// title, a sentence of its text).
const RECEIVED: [(&str, &str, &str); 7] = [
    (
        "hoeringssvar.docx",
        "Høringssvar (Word)",
        "Skolebestyrelsen i Juelsminde støtter forslaget",
    ),
    ("budget.xlsx", "Budget (Excel)", "Markør regneark Dagtilbud"),
    (
        "notat.odt",
        "Notat (OpenDocument)",
        "Rekrutteringen af pædagoger følges hvert kvartal",
    ),
    (
        "brev-scannet.png",
        "Brev (scannet billede)",
        "sikker skolevej",
    ),
    (
        "kvittering-scannet.pdf",
        "Kvittering (scannet PDF)",
        "tilskud til legepladsen",
    ),
    (
        "almindelig.pdf",
        "Referat (almindelig PDF)",
        "Dialogmødet med forældrerådet",
    ),
    (
        "tilgaengelig.pdf",
        "Vejledning (PDF/A og PDF/UA)",
        "Vejledningen om visitation gælder fra januar",
    ),
];

/// A meeting folder whose one item lists `bilag` (file, title) from the
/// fixtures, copied into its `bilag/` folder.
fn meeting(bilag: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("bilag")).unwrap();
    std::fs::write(
        root.join("moede.yaml"),
        "type: møde\nkommune: Hedensted Kommune\nudvalg: Udvalget for Bilag\ndato: 2026-01-12\nformand: Ole Vind\nmedlemmer: [Ole Vind, Lars Poulsen]\nudgave: dagsorden\nstatus: endelig\n",
    )
    .unwrap();
    let mut item = String::from(
        "type: punkt\nsagsnr: 00.01.00-A00-1-26\nnummer: 1\ntitel: Modtagne bilag\nbeslutningstema: |\n  Udvalget orienteres om de modtagne bilag.\nbilag:\n",
    );
    for (file, title) in bilag {
        std::fs::copy(fixture(file), root.join("bilag").join(file)).unwrap();
        item.push_str(&format!("  - titel: {title}\n    fil: bilag/{file}\n"));
    }
    std::fs::write(root.join("001-bilag.yaml"), item).unwrap();
    dir
}

/// `dagsorden render MEETING --samlet` with its own cache and `path` as PATH
/// (`None`: this process's).
fn render(meeting: &Path, cache: &Path, path: Option<&std::ffi::OsStr>) -> Run {
    let out = tempfile::tempdir().unwrap();
    let mut command = dagsorden();
    command
        .arg("render")
        .arg(meeting)
        .arg("--samlet")
        .arg("--cache")
        .arg(cache)
        .arg("-o")
        .arg(out.path());
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let output = command.output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        out,
    }
}

/// One cache for the tests that do not count conversions, so each fixture
/// is converted once per test run.
fn shared_cache() -> &'static Path {
    static CACHE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    CACHE.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

#[test]
fn every_kind_of_bilag_is_carried_in_the_packet_with_its_text_on_its_page() {
    require_engines();
    let bilag: Vec<(&str, &str)> = RECEIVED.iter().map(|(f, t, _)| (*f, *t)).collect();
    let meeting = meeting(&bilag);
    let run = render(meeting.path(), shared_cache(), None);
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    // Beside the item: each bilag as PDF/A, named by the convention.
    for (n, (file, title, sentence)) in RECEIVED.iter().enumerate() {
        let name = format!(
            "Punkt_001_Bilag_{}_{}.pdf",
            n + 1,
            dagsorden::write::file_word(title)
        );
        let pdf = read(&run, &name);
        assert_conformant(&name, &pdf);
        let text = pages_text(&pdf).concat();
        assert!(
            squash(&text).contains(&squash(sentence)),
            "{file} → {name}: `{sentence}` not in its text:\n{text}"
        );
    }

    // The packet: every bilag in order, each bookmarked at the page with its text.
    let packet = read(&run, PACKET);
    let doc = pdf_document(&packet);
    let marks = outline(&doc);
    let group = marks.last().unwrap();
    assert_eq!(group.title, "Bilag");
    let titles: Vec<String> = group.kids.iter().map(|k| k.title.clone()).collect();
    let expected: Vec<String> = RECEIVED
        .iter()
        .enumerate()
        .map(|(n, (_, t, _))| format!("Punkt 1, bilag {}: {t}", n + 1))
        .collect();
    assert_eq!(titles, expected);
    let pages = pages_text(&packet);
    for (mark, (file, _, sentence)) in group.kids.iter().zip(RECEIVED) {
        let page = &pages[mark.page - 1];
        assert!(
            squash(page).contains(&squash(sentence)),
            "{file}: `{sentence}` is not on page {} of the packet:\n{page}",
            mark.page
        );
    }
    // Scans carry no tags: the packet says the level they allow, and passes it.
    let xmp = crate::common::xmp(&packet);
    assert!(
        xmp.contains("pdfaid:part>3<") || xmp.contains("pdfaid:part=\"3\""),
        "{xmp}"
    );
    assert!(
        xmp.contains("pdfaid:conformance>B<") || xmp.contains("pdfaid:conformance=\"B\""),
        "the scans are PDF/A-2b, so the packet is: {xmp}"
    );
    assert!(
        !xmp.contains("pdfuaid"),
        "no PDF/UA claim with untagged scans: {xmp}"
    );
    assert!(
        run.stderr.contains("is PDF/A-3b, not PDF/A-3a + PDF/UA-1")
            && run
                .stderr
                .contains("brev-scannet.png` is PDF/A-2b as OCRmyPDF made it"),
        "the run says which bilag lowered the packet: {}",
        run.stderr
    );
}

#[test]
fn accessible_bilag_keep_the_packet_at_the_top_level() {
    require_engines();
    let meeting = meeting(&[
        ("tilgaengelig.pdf", "Vejledning"),
        ("hoeringssvar.docx", "Høringssvar"),
    ]);
    let run = render(meeting.path(), shared_cache(), None);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let xmp = crate::common::xmp(&read(&run, PACKET));
    assert!(
        xmp.contains("pdfuaid"),
        "both bilag are PDF/UA-1, so the packet is: {xmp}"
    );
}

/// A folder of wrappers that log each start of an engine to `log`, then run the real one.
fn counting_path(log: &Path) -> (tempfile::TempDir, std::ffi::OsString) {
    let bin = tempfile::tempdir().unwrap();
    for engine in [
        dagsorden::bilag::Converter::LibreOffice,
        dagsorden::bilag::Converter::OcrMyPdf,
    ] {
        let real = engine.find().unwrap();
        let name = real.file_name().unwrap().to_string_lossy().into_owned();
        let wrapper = bin.path().join(&name);
        std::fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\n[ \"$1\" = --version ] || echo {name} >> '{}'\nexec '{}' \"$@\"\n",
                log.display(),
                real.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut path = std::ffi::OsString::from(bin.path());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    (bin, path)
}

#[test]
fn the_second_render_converts_nothing_and_gives_the_same_bytes() {
    require_engines();
    let meeting = meeting(&[
        ("hoeringssvar.docx", "Høringssvar"),
        ("almindelig.pdf", "Referat"),
        ("brev-scannet.png", "Brev"),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let log = cache.path().join("starts.log");
    let (_bin, path) = counting_path(&log);
    let starts = || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .count()
    };

    let first = render(meeting.path(), &cache.path().join("c"), Some(&path));
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(starts(), 3, "one conversion per bilag");
    assert!(
        first.stderr.contains("3 bilag converted"),
        "{}",
        first.stderr
    );

    let second = render(meeting.path(), &cache.path().join("c"), Some(&path));
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    assert_eq!(starts(), 3, "the second render ran no engine");
    assert!(
        second
            .stderr
            .contains("0 bilag converted and 3 taken from the cache"),
        "{}",
        second.stderr
    );
    assert_eq!(first.written(), second.written());
    for name in first.written() {
        assert!(
            read(&first, &name) == read(&second, &name),
            "{name} differs between the runs"
        );
    }
}

#[test]
fn a_missing_engine_leaves_its_bilag_out_with_a_warning() {
    let meeting = meeting(&[
        ("tilgaengelig.pdf", "Vejledning"),
        ("hoeringssvar.docx", "Høringssvar"),
    ]);
    let empty = tempfile::tempdir().unwrap();
    let run = render(meeting.path(), empty.path(), Some(std::ffi::OsStr::new("")));
    assert_eq!(
        run.code,
        Some(0),
        "a missing engine is no failure: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning: bilag `")
            && run.stderr.contains("hoeringssvar.docx` is left out: it needs LibreOffice to become PDF/A, which is not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("001-bilag.yaml:"),
        "placed at its `fil:` line: {}",
        run.stderr
    );
    // Not beside the item, not in the packet; the packet's list says so.
    assert!(
        !run.written()
            .iter()
            .any(|n| n.starts_with("Punkt_001_Bilag_2")),
        "{:?}",
        run.written()
    );
    let packet = read(&run, PACKET);
    let marks = outline(&pdf_document(&packet));
    assert_eq!(marks.last().unwrap().kids.len(), 1);
    let text = squash(&pages_text(&packet).concat());
    assert!(
        text.contains(&squash("Høringssvar (ikke med i denne samlede udgave")),
        "{text}"
    );
}

#[test]
fn an_engine_that_hangs_is_stopped_and_reported() {
    let meeting = meeting(&[("hoeringssvar.docx", "Høringssvar")]);
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("soffice");
    std::fs::write(&fake, "#!/bin/sh\n[ \"$1\" = --version ] && { echo LibreOffice 0; exit 0; }\nexec /bin/sleep 60\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let out = tempfile::tempdir().unwrap();
    let output = dagsorden()
        .args(["render", "--timeout", "2", "--cache"])
        .arg(cache.path())
        .arg(meeting.path())
        .arg("-o")
        .arg(out.path())
        .env("PATH", bin.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "LibreOffice could not convert it: it did not finish within 2 s and was stopped"
        ),
        "{stderr}"
    );
    assert!(
        started.elapsed().as_secs() < 50,
        "the engine was not left to run"
    );
    assert!(
        !crate::common::files_in(out.path())
            .iter()
            .any(|n| n.starts_with("Punkt_001")),
        "nothing of the item is written"
    );
}

/// `dagsorden check` on an item whose `fil` is `fil`, in a meeting folder
/// `cases/udvalg/2026-01-12/` of a fresh tree; returns (stderr with the
/// tree's path shown as `…`, exit code).
fn check_fil(fil: &str, prepare: impl FnOnce(&Path)) -> (String, Option<i32>) {
    let tree = tempfile::tempdir().unwrap();
    let meeting = tree.path().join("cases/udvalg/2026-01-12");
    std::fs::create_dir_all(meeting.join("bilag")).unwrap();
    prepare(tree.path());
    std::fs::write(
        meeting.join("001-bilag.yaml"),
        format!("type: punkt\nsagsnr: 00.01.00-A00-1-26\nnummer: 1\ntitel: Bilag\nbilag:\n  - titel: Bilaget\n    fil: {fil}\n"),
    )
    .unwrap();
    let out = tree.path().join("output");
    let output = dagsorden()
        .current_dir(tree.path())
        .args(["render", "cases", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success()
            || crate::common::files_in(&out)
                .iter()
                .all(|n| !n.starts_with("Punkt")),
        "nothing of a refused item is written: {:?}",
        crate::common::files_in(&out)
    );
    let real = std::fs::canonicalize(tree.path()).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr)
        .replace(&real.display().to_string(), "…")
        .replace(&tree.path().display().to_string(), "…");
    let stderr = stderr
        .rsplit_once(" failed (")
        .map_or(stderr.clone(), |(a, _)| format!("{a} failed"));
    (stderr, output.status.code())
}

#[test]
fn a_bilag_outside_the_rendered_folders_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("hemmelig.pdf");
    std::fs::copy(fixture("tilgaengelig.pdf"), &secret).unwrap();

    let (stderr, code) = check_fil(&secret.display().to_string(), |_| {});
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(
        "bilag_absolute_path",
        stderr.replace(&outside.path().display().to_string(), "/tmp/…")
    );

    let (stderr, code) = check_fil("../../../udenfor.pdf", |tree| {
        std::fs::copy(fixture("tilgaengelig.pdf"), tree.join("udenfor.pdf")).unwrap();
    });
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("bilag_dotdot_escape", stderr);

    let (stderr, code) = check_fil("bilag/link.pdf", |tree| {
        std::os::unix::fs::symlink(&secret, tree.join("cases/udvalg/2026-01-12/bilag/link.pdf"))
            .unwrap();
    });
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(
        "bilag_outward_symlink",
        stderr.replace(
            &std::fs::canonicalize(outside.path())
                .unwrap()
                .display()
                .to_string(),
            "/tmp/…"
        )
    );

    // A `..` that stays inside the tree is fine.
    let (stderr, code) = check_fil("../faelles/vejledning.pdf", |tree| {
        std::fs::create_dir_all(tree.join("cases/udvalg/faelles")).unwrap();
        std::fs::copy(
            fixture("tilgaengelig.pdf"),
            tree.join("cases/udvalg/faelles/vejledning.pdf"),
        )
        .unwrap();
    });
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_damaged_an_encrypted_and_an_empty_pdf_are_errors_at_their_fil_line() {
    for (name, fixture_name) in [
        ("bilag_damaged_pdf", Some("beskadiget.pdf")),
        ("bilag_encrypted_pdf", Some("krypteret.pdf")),
        ("bilag_empty_pdf", None),
    ] {
        let (stderr, code) = check_fil("bilag/modtaget.pdf", |tree| {
            let to = tree.join("cases/udvalg/2026-01-12/bilag/modtaget.pdf");
            match fixture_name {
                Some(f) => std::fs::copy(fixture(f), to).map(drop).unwrap(),
                None => std::fs::write(to, b"").unwrap(),
            }
        });
        assert_eq!(code, Some(1), "{stderr}");
        insta::assert_snapshot!(name, stderr);
    }
}
