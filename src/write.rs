//! Stage 5, write: output file names by the municipality's convention, and atomic writes.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::check::PunktView;

/// `Punkt_096_Omgoerelsesprocenter_2020.pdf`: the item number in three
/// digits and the short title (or title) as a file-name word.
pub fn punkt_file_name(view: &PunktView) -> String {
    let title = file_word(&view.kort_titel);
    match view.nummer {
        Some(n) => format!("Punkt_{n:03}_{title}.pdf"),
        None => format!("Punkt_{title}.pdf"),
    }
}

/// `Referat_Udvalget_for_Laering_2021-11-29.pdf` (`Dagsorden_…` for an agenda).
pub fn moede_file_name(view: &crate::meeting::document::MoedeView) -> String {
    let d = view.dato;
    format!(
        "{}_{}_{:04}-{:02}-{:02}.pdf",
        view.overskrift,
        file_word(&view.udvalg),
        d.aar,
        d.maaned,
        d.dag
    )
}

/// `Punkt_096_Bilag_1_Tal_for_omgoerelsesprocenter_20162020pdf.pdf`: a
/// bilag by its item's number, its own number and its title.
pub fn bilag_file_name(item: &PunktView, bilag: &crate::check::BilagView) -> String {
    let title = file_word(&bilag.titel);
    match item.nummer {
        Some(n) => format!("Punkt_{n:03}_Bilag_{}_{title}.pdf", bilag.nummer),
        None => format!("Punkt_Bilag_{}_{title}.pdf", bilag.nummer),
    }
}

/// `Notat_Oekonomisk_genopretning_af_myndighedsomraaderne.pdf`: a memo by its title.
pub fn notat_file_name(view: &crate::check::notat::NotatView) -> String {
    format!("Notat_{}.pdf", file_word(&view.titel))
}

/// A title as the convention writes it in file names: æ → ae, ø → oe,
/// å → aa (and other accented letters plainly), spaces → `_`; letters,
/// digits and `_` are kept, all other characters left out
/// (`Tal for omgørelsesprocenter 2016-2020.pdf` → `Tal_for_omgoerelsesprocenter_20162020pdf`).
pub fn file_word(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in title.trim().nfc() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'Æ' => out.push_str("Ae"),
            'Ø' => out.push_str("Oe"),
            'Å' => out.push_str("Aa"),
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' | 'Ê' | 'Ë' => out.push('E'),
            'á' | 'à' | 'â' => out.push('a'),
            'ó' | 'ò' | 'ô' => out.push('o'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ú' | 'ù' | 'û' => out.push('u'),
            c if c.is_whitespace() => out.push('_'),
            c if c.is_ascii_alphanumeric() || c == '_' => out.push(c),
            // Other letters by their nearest Latin spelling (é → e, Ω → O).
            c if c.is_alphanumeric() => out.extend(
                deunicode::deunicode_char(c)
                    .unwrap_or("")
                    .chars()
                    .filter(char::is_ascii_alphanumeric),
            ),
            _ => {}
        }
    }
    if !out.chars().any(|c| c.is_ascii_alphanumeric()) {
        return "uden_titel".to_string();
    }
    shorten(out, MAX_WORD)
}

/// The longest file-name word, in bytes: with `Punkt_096_` and `.pdf` the
/// name stays well below the 255 bytes file systems allow.
const MAX_WORD: usize = 120;

/// `word` cut to at most `max` bytes, at a `_` where there is one.
fn shorten(word: String, max: usize) -> String {
    if word.len() <= max {
        return word;
    }
    let cut = &word[..max];
    let at = cut.rfind('_').filter(|&i| i > max / 2).unwrap_or(max);
    cut[..at].trim_end_matches('_').to_string()
}

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
    fn file_words_follow_the_seed() {
        assert_eq!(
            file_word("Omgørelsesprocenter 2020"),
            "Omgoerelsesprocenter_2020"
        );
        assert_eq!(
            file_word("Tal for omgørelsesprocenter 2016-2020.pdf"),
            "Tal_for_omgoerelsesprocenter_20162020pdf"
        );
        assert_eq!(
            file_word(
                "Midtvejsevaluering åbne anonyme rådgivningssamtaler til unge mellem 13-25 år"
            ),
            "Midtvejsevaluering_aabne_anonyme_raadgivningssamtaler_til_unge_mellem_1325_aar"
        );
        assert_eq!(
            file_word("Månedsopfølgning Oktober 2021 _"),
            "Maanedsopfoelgning_Oktober_2021__"
        );
        assert_eq!(
            file_word("Rekrutteringsstrategi.docx"),
            "Rekrutteringsstrategidocx"
        );
        assert_eq!(file_word("../../etc/passwd"), "etcpasswd");
        assert_eq!(file_word("§ %"), "uden_titel");
        assert_eq!(file_word("Ελλάδα"), "Ellada");
        assert_eq!(file_word("A\u{30a}rhus É"), "Aarhus_E");
        let long = file_word(&"ord ".repeat(100));
        assert!(long.len() <= MAX_WORD && long.ends_with("ord"), "{long}");
    }

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
