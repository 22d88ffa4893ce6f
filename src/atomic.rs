//! Foundation: atomic writes (a file is whole or not there at all) and the removal of what a killed run left behind.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `dir/name` through a temporary file in the same folder
/// and a rename, so the file is either whole or not there at all.
pub fn atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let mut tmp = temporary_in(dir)?;
    tmp.write_all(bytes)?;
    #[cfg(unix)]
    {
        // A temporary file is private; the document is not.
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    let target = dir.join(name);
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(target)
}

/// A temporary file in `dir`, named `.dagsorden-<process id>-<random>.tmp`:
/// hidden, and telling which process it belongs to, so that a later run can
/// remove it if that process was killed before renaming it into place.
pub fn temporary_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&format!("{TEMPORARY_PREFIX}{}-", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(dir)
}

/// How every temporary file of an atomic write begins.
const TEMPORARY_PREFIX: &str = ".dagsorden-";

/// Removes the temporary files of atomic writes in `dir` and its folders
/// that a killed run left behind (a run stopped by SIGKILL or a power cut
/// cannot remove its own): those whose process no longer runs, and those
/// without a process id older than an hour. Files of runs still going are
/// left alone. Returns how many were removed.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let mut removed = 0;
    let walker = walkdir::WalkDir::new(dir)
        .max_depth(8)
        .into_iter()
        .flatten();
    for entry in walker.filter(|e| e.file_type().is_file()) {
        let name = entry.file_name().to_string_lossy();
        let Some(rest) = name
            .strip_prefix(TEMPORARY_PREFIX)
            .filter(|_| name.ends_with(".tmp"))
        else {
            continue;
        };
        let owner = rest
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let stale = match owner {
            Some(pid) => pid != std::process::id() && !process_runs(pid),
            None => entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600),
        };
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether a process with id `pid` runs (on Unix; elsewhere, always assumed).
fn process_runs(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // Signal 0 only asks whether the process exists.
        // SAFETY: kill with signal 0 sends nothing; it has no memory effects.
        let answer = unsafe { libc::kill(pid, 0) };
        answer == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = atomic(dir.path(), "a.pdf", b"%PDF-1.7").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("udvalg");
        std::fs::create_dir(&sub).unwrap();
        // A process that has ended: a child that ran `true`.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = [
            dir.path().join(format!(".dagsorden-{dead}-abc123.tmp")),
            sub.join(format!(".dagsorden-{dead}-def456.tmp")),
        ];
        let mine = dir
            .path()
            .join(format!(".dagsorden-{}-xyz.tmp", std::process::id()));
        let young_without_id = dir.path().join(".dagsorden-AbC123.tmp");
        let other = dir.path().join("Punkt_001_a.pdf");
        for f in stale.iter().chain([&mine, &young_without_id, &other]) {
            std::fs::write(f, b"x").unwrap();
        }
        assert_eq!(remove_stale_temporaries(dir.path()), 2);
        assert!(stale.iter().all(|f| !f.exists()));
        assert!(mine.exists() && young_without_id.exists() && other.exists());
    }
}
