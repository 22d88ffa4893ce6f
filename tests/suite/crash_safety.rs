//! Crash safety: a batch killed with SIGKILL leaves only complete PDFs, a killed run's temporary files are removed by the next, and a write that fails (a full disk, an unwritable file) fails that document alone.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::repo;

/// `count` small agenda items in `dir`, numbered 1…count.
fn small_items(dir: &Path, count: usize) {
    for i in 1..=count {
        let yaml = format!(
            "type: punkt\nsagsnr: 00.00.00-I02-1-21\nnummer: {i}\ntitel: Punkt nummer {i}\nsagsfremstilling: |\n  Tekst for punkt {i} med **fed** og en liste:\n\n  - et\n  - to\n"
        );
        std::fs::write(dir.join(format!("{i:03}.yaml")), yaml).unwrap();
    }
}

fn render_command(cases: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dagsorden"));
    c.current_dir(repo())
        .env("NO_COLOR", "1")
        .arg("render")
        .arg(cases)
        .arg("-o")
        .arg(out)
        .arg("-q")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Names in `dir` by kind: (PDFs, temporary files, anything else).
fn contents(dir: &Path) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut pdfs, mut temporary, mut other) = (Vec::new(), Vec::new(), Vec::new());
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with(".dagsorden-") {
            temporary.push(name);
        } else if name.ends_with(".pdf") {
            pdfs.push(name);
        } else {
            other.push(name);
        }
    }
    (pdfs, temporary, other)
}

/// Every PDF in `dir` is whole: it parses, ends with `%%EOF` and has its page.
fn assert_all_complete(dir: &Path, pdfs: &[String], when: &str) {
    for name in pdfs {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let doc = lopdf::Document::load_mem(&bytes)
            .unwrap_or_else(|e| panic!("{when}: `{name}` is not a whole PDF: {e}"));
        assert!(!doc.get_pages().is_empty(), "{when}: `{name}` has no pages");
        let tail = &bytes[bytes.len().saturating_sub(32)..];
        assert!(
            tail.windows(5).any(|w| w == b"%%EOF"),
            "{when}: `{name}` does not end as a PDF ends"
        );
    }
}

#[test]
fn a_batch_killed_at_any_moment_leaves_only_complete_pdfs() {
    const ITEMS: usize = 200;
    const KILL_POINTS: u32 = 25;
    let cases = tempfile::tempdir().unwrap();
    small_items(cases.path(), ITEMS);
    let out = tempfile::tempdir().unwrap();

    let whole = render_command(cases.path(), out.path()).output().unwrap();
    assert!(whole.status.success(), "{whole:?}");
    assert_eq!(contents(out.path()).0.len(), ITEMS);

    let mut written_at_kill = Vec::new();
    let mut temporaries_seen = 0;
    let started = Instant::now();
    for k in 0..KILL_POINTS {
        // Each run starts from an empty folder of PDFs (a killed run's
        // temporary files stay, for the next run to clear), so what is there
        // after the kill is what this run wrote.
        for name in contents(out.path()).0 {
            std::fs::remove_file(out.path().join(name)).unwrap();
        }
        // The kill points are spread over the batch by its progress, which
        // does not depend on how busy the machine is: the first as the
        // process starts, then after every 8 documents or so, each a few
        // milliseconds after its document appeared, while others are written.
        let target = k as usize * ITEMS / KILL_POINTS as usize;
        let mut child = render_command(cases.path(), out.path()).spawn().unwrap();
        while contents(out.path()).0.len() < target && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(u64::from(k % 4)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let (pdfs, temporary, other) = contents(out.path());
        assert!(other.is_empty(), "kill {k}: unexpected files {other:?}");
        assert_all_complete(out.path(), &pdfs, &format!("kill {k}"));
        written_at_kill.push(pdfs.len());
        temporaries_seen += temporary.len();
    }
    eprintln!(
        "{KILL_POINTS} kills in {:?}: PDFs complete at each kill {written_at_kill:?}, \
         temporary files seen after the kills (each cleared by the next run): {temporaries_seen}; partial PDFs: 0",
        started.elapsed()
    );
    assert!(
        written_at_kill.iter().any(|&n| n > 0 && n < ITEMS),
        "at least one kill fell in the middle of the batch: {written_at_kill:?}"
    );

    // The next run completes normally and clears what killed runs left.
    let next = render_command(cases.path(), out.path()).output().unwrap();
    assert!(
        next.status.success(),
        "{}",
        String::from_utf8_lossy(&next.stderr)
    );
    let (pdfs, temporary, other) = contents(out.path());
    assert_eq!(pdfs.len(), ITEMS);
    assert!(temporary.is_empty(), "left behind: {temporary:?}");
    assert!(other.is_empty(), "{other:?}");
    assert_all_complete(out.path(), &pdfs, "after the next run");
}

#[test]
fn a_killed_runs_temporary_file_is_removed_by_the_next_run() {
    let cases = tempfile::tempdir().unwrap();
    small_items(cases.path(), 2);
    let out = tempfile::tempdir().unwrap();
    // What a run killed while writing leaves: a temporary file named by its
    // process, which no longer runs.
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let stale = out.path().join(format!(".dagsorden-{pid}-Ab12Cd.tmp"));
    std::fs::write(&stale, b"%PDF-1.7\n% half of a document").unwrap();
    let run = render_command(cases.path(), out.path()).output().unwrap();
    assert!(run.status.success());
    assert!(!stale.exists(), "the stale temporary file is still there");
    let (pdfs, temporary, _) = contents(out.path());
    assert_eq!((pdfs.len(), temporary.len()), (2, 0));
}

#[test]
fn the_cache_named_by_dash_dash_cache_is_the_only_one_touched() {
    let cases = tempfile::tempdir().unwrap();
    small_items(cases.path(), 1);
    let out = tempfile::tempdir().unwrap();
    let named = tempfile::tempdir().unwrap();
    let default = tempfile::tempdir().unwrap();
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    // A killed run's conversion left in each cache folder.
    let stale = |cache: &Path| {
        let dir = cache.join("bilag");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!(".dagsorden-{pid}-Ef34Gh.tmp"));
        std::fs::write(&file, b"%PDF-1.7\n% half of a conversion").unwrap();
        file
    };
    let in_named = stale(named.path());
    let in_default = stale(&default.path().join("dagsorden"));
    let run = render_command(cases.path(), out.path())
        .env("XDG_CACHE_HOME", default.path())
        .arg("--cache")
        .arg(named.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!in_named.exists(), "the named cache was not cleaned");
    assert!(
        in_default.exists(),
        "the default cache was touched although --cache named another"
    );
}

#[test]
fn an_unwritable_output_file_fails_that_document_and_the_batch_goes_on() {
    let cases = tempfile::tempdir().unwrap();
    small_items(cases.path(), 3);
    let out = tempfile::tempdir().unwrap();
    // A folder where item 2's PDF should go: it cannot be replaced by a file.
    let blocked = out.path().join("Punkt_002_Punkt_nummer_2.pdf");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("x"), b"x").unwrap();
    let run = render_command(cases.path(), out.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write Punkt_002_Punkt_nummer_2.pdf"),
        "the error names the document:\n{stderr}"
    );
    assert!(stderr.contains("002.yaml"), "and its case file:\n{stderr}");
    assert!(stderr.contains("2 documents written, 1 failed"), "{stderr}");
    let (pdfs, temporary, _) = contents(out.path());
    assert!(temporary.is_empty(), "left behind: {temporary:?}");
    let mut pdfs: Vec<_> = pdfs.into_iter().filter(|p| !p.contains("002")).collect();
    pdfs.sort();
    assert_eq!(
        pdfs,
        [
            "Punkt_001_Punkt_nummer_1.pdf",
            "Punkt_003_Punkt_nummer_3.pdf"
        ]
    );
    assert_all_complete(out.path(), &pdfs, "unwritable file");
}

/// A full disk, as the writing process meets it: a size limit on the files
/// it writes (`RLIMIT_FSIZE`), past which a write fails (`EFBIG`, as
/// `ENOSPC` would) and leaves a short file.
#[cfg(unix)]
#[test]
fn a_full_disk_fails_the_documents_that_do_not_fit_and_leaves_nothing_half_written() {
    use std::os::unix::process::CommandExt;
    const LIMIT: u64 = 50_000;
    let cases = tempfile::tempdir().unwrap();
    small_items(cases.path(), 4);
    // Two items whose PDFs (about 80 kB) do not fit.
    let body: String = (0..400)
        .map(|j| {
            format!(
                "  Afsnit {j} med en længere tekst om sagens forløb, økonomi og beslutninger.\n\n"
            )
        })
        .collect();
    for i in [5, 6] {
        let yaml = format!(
            "type: punkt\nsagsnr: 00.00.00-I02-1-21\nnummer: {i}\ntitel: Stort punkt {i}\nsagsfremstilling: |\n{body}"
        );
        std::fs::write(cases.path().join(format!("{i:03}.yaml")), yaml).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let mut command = render_command(cases.path(), out.path());
    // SAFETY: between fork and exec only async-signal-safe calls are made.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: LIMIT as libc::rlim_t,
                rlim_max: LIMIT as libc::rlim_t,
            };
            // Past the limit a write fails instead of killing the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let run = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    for i in [5, 6] {
        assert!(
            stderr.contains(&format!("cannot write Punkt_00{i}_Stort_punkt_{i}.pdf")),
            "the error names the document that did not fit:\n{stderr}"
        );
    }
    assert!(stderr.contains("4 documents written, 2 failed"), "{stderr}");
    let (pdfs, temporary, other) = contents(out.path());
    assert!(temporary.is_empty(), "left behind: {temporary:?}");
    assert!(other.is_empty(), "{other:?}");
    assert_eq!(pdfs.len(), 4, "{pdfs:?}");
    assert!(pdfs.iter().all(|p| !p.contains("Stort")), "{pdfs:?}");
    assert_all_complete(out.path(), &pdfs, "full disk");
}
