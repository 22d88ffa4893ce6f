//! `dagsorden watch`: waits for saved case files and templates, and says which case files to render again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// How long the files must be quiet before a change counts: an editor's
/// save is often several writes (a temporary file, a rename), all within a
/// few milliseconds.
pub const QUIET: Duration = Duration::from_millis(50);

/// The longest a change waits for the files to become quiet.
pub const LONGEST: Duration = Duration::from_millis(500);

/// What a batch of saved files asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// The template folder changed: load it again and render everything.
    pub reload: bool,
    /// Case files to render again, in path order.
    pub cases: Vec<PathBuf>,
}

/// What the saved files `changed` ask for. A case file is rendered again
/// when it is saved, and so is the meeting of its folder (`moede.yaml`),
/// which holds the item; a saved bilag PDF renders its folder's case files
/// again, and a saved spreadsheet (`.xlsx`, `.xls`, `.ods`, `.csv`) those of
/// its folder and the folder above, since a note may read its figures. Files in the output folder and anything not a case file or PDF
/// (an editor's swap files) are left alone.
pub fn work(changed: &[PathBuf], templates: Option<&Path>, output: Option<&Path>) -> Work {
    let mut out = Work::default();
    let inside = |path: &Path, dir: Option<&Path>| dir.is_some_and(|d| path.starts_with(d));
    for path in changed {
        if inside(path, output) {
            continue;
        }
        if inside(path, templates) {
            out.reload = true;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        match ext {
            "yaml" | "yml" if path.is_file() => {
                // A correction and an approval record are no case files of
                // their own: their meeting is rendered again.
                let record = path
                    .file_name()
                    .is_some_and(|n| n == crate::load::APPROVAL_RECORD);
                let correction =
                    std::fs::read_to_string(path).is_ok_and(|t| crate::load::is_correction(&t));
                if !record && !correction {
                    out.cases.push(path.clone());
                }
                if let Some(dir) = path.parent() {
                    let meeting = dir.join("moede.yaml");
                    if meeting.is_file() {
                        out.cases.push(meeting);
                    }
                }
            }
            ext if crate::check::regneark::EXTENSIONS.contains(&ext) => {
                // A spreadsheet a note reads (data/x.xlsx, or one beside
                // the case file; a spreadsheet bilag is in `bilag/`): the case files of
                // its folder and the one above.
                out.cases.extend(case_files_in(path.parent()));
                out.cases
                    .extend(case_files_in(path.parent().and_then(Path::parent)));
            }
            _ if crate::bilag::Kind::of(path).is_some() => {
                // bilag/x.pdf (or .docx, .png …): the case files of the folder above.
                out.cases
                    .extend(case_files_in(path.parent().and_then(Path::parent)));
            }
            _ => {}
        }
    }
    out.cases.sort();
    out.cases.dedup();
    out
}

/// The case files (`*.yaml`) directly in `folder`.
fn case_files_in(folder: Option<&Path>) -> Vec<PathBuf> {
    let Some(entries) = folder.and_then(|dir| std::fs::read_dir(dir).ok()) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect()
}

/// Why watching cannot start, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch for changes: {0}")]
    Start(#[source] notify::Error),
    #[error("cannot watch `{}`: {source}", .path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
    /// The file system's notices ended.
    #[error("watching stopped")]
    Stopped,
}

/// Watches `roots` (and the template folder) until the process ends,
/// calling `on_change` with the absolute paths of each batch of saved files:
/// the changes until the files have been quiet for [`QUIET`] (at most
/// [`LONGEST`] after the first). Files merely opened or read (as rendering
/// reads the case files) are no change. Returns only if watching cannot
/// start or stops.
pub fn watch(
    roots: &[PathBuf],
    templates: Option<&Path>,
    mut on_change: impl FnMut(Vec<PathBuf>),
) -> Result<(), WatchError> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(WatchError::Start)?;
    for root in roots.iter().map(PathBuf::as_path).chain(templates) {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|source| WatchError::Folder {
                path: root.to_path_buf(),
                source,
            })?;
    }
    let mut changed = BTreeSet::new();
    let note = |event: notify::Result<notify::Event>, changed: &mut BTreeSet<PathBuf>| match event {
        Ok(e) if !matches!(e.kind, EventKind::Access(_)) => {
            changed.extend(e.paths);
            true
        }
        Ok(_) => false,
        Err(e) => {
            eprintln!("warning: watching: {e}");
            false
        }
    };
    while let Ok(event) = rx.recv() {
        if !note(event, &mut changed) {
            continue;
        }
        let first = Instant::now();
        let mut quiet_from = first;
        loop {
            let wait = (quiet_from + QUIET).min(first + LONGEST);
            match rx.recv_timeout(wait.saturating_duration_since(Instant::now())) {
                Ok(event) => {
                    if note(event, &mut changed) {
                        quiet_from = Instant::now();
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Err(WatchError::Stopped),
            }
        }
        if !changed.is_empty() {
            on_change(std::mem::take(&mut changed).into_iter().collect());
        }
    }
    Err(WatchError::Stopped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_renders_itself_and_its_meeting() {
        let dir = tempfile::tempdir().unwrap();
        let item = dir.path().join("096.yaml");
        let meeting = dir.path().join("moede.yaml");
        std::fs::write(&item, "").unwrap();
        std::fs::write(&meeting, "").unwrap();
        let w = work(std::slice::from_ref(&item), None, None);
        assert_eq!(w.cases, vec![item.clone(), meeting.clone()]);
        assert!(!w.reload);
        // The meeting file itself: once.
        assert_eq!(
            work(std::slice::from_ref(&meeting), None, None).cases,
            vec![meeting]
        );
    }

    #[test]
    fn a_correction_or_an_approval_record_renders_its_meeting() {
        let dir = tempfile::tempdir().unwrap();
        let meeting = dir.path().join("moede.yaml");
        let correction = dir.path().join("rettelse.yaml");
        let record = dir.path().join(crate::load::APPROVAL_RECORD);
        std::fs::write(&meeting, "").unwrap();
        std::fs::write(&correction, "type: rettelse\n").unwrap();
        std::fs::write(&record, "godkendt: 2022-01-24\n").unwrap();
        let w = work(&[correction, record], None, None);
        assert_eq!(w.cases, vec![meeting]);
    }

    #[test]
    fn templates_reload_and_output_and_swap_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("skabeloner");
        let output = dir.path().join("output");
        let changed = vec![
            templates.join("stil.typ"),
            output.join("Punkt_096.pdf"),
            dir.path().join(".096.yaml.swp"),
            dir.path().join("notes.txt"),
        ];
        let w = work(&changed, Some(&templates), Some(&output));
        assert!(w.reload);
        assert!(w.cases.is_empty(), "{:?}", w.cases);
    }

    #[test]
    fn a_saved_bilag_renders_the_case_files_of_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("bilag")).unwrap();
        let item = dir.path().join("097.yaml");
        std::fs::write(&item, "").unwrap();
        for saved in [
            "punkt-097-bilag-1.pdf",
            "Rekrutteringsstrategi.docx",
            "scan.png",
        ] {
            let w = work(&[dir.path().join("bilag").join(saved)], None, None);
            assert_eq!(w.cases, vec![item.clone()], "{saved}");
        }
        let w = work(&[dir.path().join("bilag/noter.txt")], None, None);
        assert!(w.cases.is_empty());
    }

    #[test]
    fn a_saved_spreadsheet_renders_the_notes_that_may_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let sag = dir.path().join("sag");
        std::fs::create_dir_all(sag.join("data")).unwrap();
        let note = sag.join("notat.yaml");
        std::fs::write(&note, "").unwrap();
        let w = work(&[sag.join("data/budget.xlsx")], None, None);
        assert_eq!(w.cases, vec![note.clone()]);
        let w = work(&[sag.join("budget.csv")], None, None);
        assert_eq!(w.cases, vec![note]);
    }
}
