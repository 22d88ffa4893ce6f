//! `dagsorden watch`: renders at the start, renders again what a save changes, and prints errors without stopping.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{dagsorden, minimal_punkt, pdf_text, squash};

/// A running `dagsorden watch`, killed when dropped, with what it printed so far.
struct Watching {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watching {
    fn start(cases: &std::path::Path, out: &std::path::Path) -> Watching {
        let mut child = dagsorden()
            .arg("watch")
            .arg(cases)
            .arg("-o")
            .arg(out)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let collect = |pipe: Box<dyn std::io::Read + Send>| {
            let text = Arc::new(Mutex::new(String::new()));
            let sink = text.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut t = sink.lock().unwrap();
                    t.push_str(&line);
                    t.push('\n');
                }
            });
            text
        };
        let stdout = collect(Box::new(child.stdout.take().unwrap()));
        let stderr = collect(Box::new(child.stderr.take().unwrap()));
        Watching {
            child,
            stdout,
            stderr,
        }
    }

    /// Waits (up to a minute) until `done` holds of (stdout, stderr).
    fn until(&self, what: &str, done: impl Fn(&str, &str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if done(&self.stdout.lock().unwrap(), &self.stderr.lock().unwrap()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "{what}: not within a minute\nstdout:\n{}\nstderr:\n{}",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        );
    }
}

#[test]
fn a_save_renders_again_and_an_error_does_not_stop_watching() {
    let cases = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    // In a meeting's folder of the case tree: the output tree mirrors it,
    // on the first render and on every save after it.
    let folder = cases.path().join("udvalget/2022-01-10");
    std::fs::create_dir_all(&folder).unwrap();
    let item = folder.join("007.yaml");
    std::fs::write(&item, minimal_punkt("beslutningstema: Første udgave.\n")).unwrap();
    let mut watching = Watching::start(cases.path(), out.path());
    watching.until("the first render", |_, err| err.contains("watching"));
    let pdf = out.path().join("udvalget/2022-01-10/Punkt_007_Proeve.pdf");
    assert!(squash(&pdf_text(&std::fs::read(&pdf).unwrap())).contains("Førsteudgave."));

    // A mistake: reported, nothing written, still watching.
    std::fs::write(&item, minimal_punkt("beslutningstem: Anden udgave.\n")).unwrap();
    watching.until("the error", |_, err| {
        err.contains("unknown key `beslutningstem`")
    });
    assert!(squash(&pdf_text(&std::fs::read(&pdf).unwrap())).contains("Førsteudgave."));

    // Mended: the PDF follows.
    std::fs::write(&item, minimal_punkt("beslutningstema: Tredje udgave.\n")).unwrap();
    watching.until("the mended file rendered", |_, _| {
        std::fs::read(&pdf).is_ok_and(|b| squash(&pdf_text(&b)).contains("Tredjeudgave."))
    });
    assert!(
        !out.path().join("Punkt_007_Proeve.pdf").exists(),
        "a save is written where the first render put the document"
    );
    assert!(
        watching.child.try_wait().unwrap().is_none(),
        "still running"
    );
}
