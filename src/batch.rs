//! Many case files at once: finds them, runs each through the pipeline, writes what succeeded, and counts.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::approval::Approval;
use crate::bilag::Outcome;
use crate::check::edition::Edition;
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::pipeline;
use crate::prepared::{self, Failure};
use crate::screening::{self, PublishedBilag};
use crate::write;

/// What to do with each case file.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where PDFs go; `None` checks only and writes nothing.
    pub output: Option<PathBuf>,
    /// Also write the generated Typst source next to each PDF.
    pub keep_typ: bool,
    /// For a meeting, also write the complete packet: its document and every bilag.
    pub samlet: bool,
    /// The folder the output tree mirrors ([`base_of`] the paths given): a
    /// case file at `base/udvalg/2021-11-29/096.yaml` is written into
    /// `output/udvalg/2021-11-29/`.
    pub base: PathBuf,
}

/// The folder the output tree mirrors for the `paths` given on the command
/// line: a folder given is the base of what is below it; a file given counts
/// as its folder; of several paths, the deepest folder they share. Absolute
/// and without links, so that it compares with the paths `watch` reports.
pub fn base_of(paths: &[PathBuf]) -> PathBuf {
    let folders: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            let p = absolute(p);
            if p.is_dir() {
                p
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or(p)
            }
        })
        .collect();
    let Some((first, rest)) = folders.split_first() else {
        return PathBuf::new();
    };
    let mut base = first.clone();
    for f in rest {
        while !f.starts_with(&base) {
            if !base.pop() {
                return PathBuf::new();
            }
        }
    }
    base
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The folder under the output folder that a case file's documents go to:
/// the case file's folder relative to `base` (empty when it is the base, or
/// not below it).
pub fn subfolder(base: &Path, case: &Path) -> PathBuf {
    let folder = absolute(case)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    folder
        .strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// What happened to one case file.
#[derive(Debug)]
pub enum Event {
    Written {
        case: PathBuf,
        pdf: PathBuf,
        /// The meeting's complete packet, when one was asked for.
        packet: Option<PathBuf>,
        /// The other files written: generated bilag and bilag as PDF/A.
        also: Vec<PathBuf>,
        /// What the user should know although everything was written.
        warnings: Vec<Diagnostic>,
    },
    Checked {
        case: PathBuf,
        /// What the user should know although the case passed.
        warnings: Vec<Diagnostic>,
    },
    Failed {
        case: PathBuf,
        failure: Failure,
    },
}

/// The batch's totals.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub succeeded: usize,
    pub failed: usize,
}

/// Why a batch cannot start: no case files where it was pointed, or an
/// output folder it cannot write into.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("no case files (*.yaml) in the folder `{}`", .0.display())]
    NoCaseFiles(PathBuf),
    #[error("`{}` is neither a case file nor a folder", .0.display())]
    NotFound(PathBuf),
    #[error("cannot write into the output folder `{}`: {source}", .dir.display())]
    Output {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Every case file named by `paths`: files as given, folders searched for
/// `*.yaml`/`*.yml` below them (hidden folders skipped), in path order.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, BatchError> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            let before = found.len();
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker.flatten() {
                let p = entry.path();
                let is_yaml = p
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e == "yaml" || e == "yml");
                // The approval record of approved minutes is no case file.
                // Nor is a correction: it is printed with its meeting.
                let record = entry.file_name() == crate::load::APPROVAL_RECORD;
                let correction =
                    || std::fs::read_to_string(p).is_ok_and(|t| crate::load::is_correction(&t));
                if entry.file_type().is_file() && is_yaml && !record && !correction() {
                    found.push(p.to_path_buf());
                }
            }
            if found.len() == before {
                return Err(BatchError::NoCaseFiles(path.clone()));
            }
        } else {
            return Err(BatchError::NotFound(path.clone()));
        }
    }
    // A file named twice (`cases` and `cases/udvalg`) is rendered once.
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    Ok(found)
}

/// Makes sure the output folder exists and can be written to, before any
/// work, and removes the temporary files a killed run left in it.
pub fn prepare_output(dir: &Path) -> Result<(), BatchError> {
    std::fs::create_dir_all(dir)
        .and_then(|()| {
            crate::atomic::remove_stale_temporaries(dir);
            crate::atomic::temporary_in(dir).map(drop)
        })
        .map_err(|source| BatchError::Output {
            dir: dir.to_path_buf(),
            source,
        })
}

/// Runs every case file through the pipeline on every core, calling
/// `progress` as each case finishes and `report` for each case in path order.
/// A failed file never stops the others.
pub fn run(
    engine: &Engine,
    cases: &[PathBuf],
    options: &Options,
    progress: &(dyn Fn() + Sync),
    report: impl FnMut(Event) + Send,
) -> Summary {
    use rayon::prelude::*;

    let ordered = std::sync::Mutex::new(InOrder {
        next: 0,
        waiting: BTreeMap::new(),
        report,
        summary: Summary::default(),
    });
    // Cases are prepared one after the other, in path order, as the threads
    // ask for work, and their output names claimed in that order, so that
    // which of two colliding files fails never depends on timing; each is
    // typeset and written on whichever thread took it. Nothing of a case is
    // held once it is written, so memory stays flat however long the batch.
    let mut claimed: HashMap<PathBuf, PathBuf> = HashMap::new();
    // Approved minutes: each meeting folder's record, checked once.
    let mut approvals: HashMap<PathBuf, Result<Approval, Box<Diagnostic>>> = HashMap::new();
    let prepared = cases.iter().enumerate().map(|(i, case)| {
        let sub = subfolder(&options.base, case);
        let folder = case.parent().map(Path::to_path_buf).unwrap_or_default();
        let approval = approvals
            .entry(absolute(&folder))
            .or_insert_with(|| Approval::of(&folder, engine.template_dir()))
            .clone();
        let p = match approval {
            Err(d) => Err(Failure::one(*d)),
            Ok(a) => approved(case, &a).map(|()| a),
        };
        let p = p.and_then(|a| pipeline::prepare(engine, case).map(|p| (a, p))).and_then(|(a, p)| {
            let target = sub.join(&p.name);
            match claimed.get(&target) {
                Some(first) => Err(Failure::one(
                    Diagnostic::new(case, format!("`{}` would overwrite the PDF of `{}`", target.display(), first.display()))
                        .help("two case files of one folder would be written under the same name: give one of them another `nummer` or `kort_titel`"),
                )),
                None => {
                    claimed.insert(target, case.clone());
                    if let Some(packet) = p.packet.as_ref().filter(|_| options.samlet && options.output.is_some()) {
                        crate::meeting::packet::start(engine, packet);
                    }
                    Ok((a, p))
                }
            }
        });
        (i, (sub, p))
    });
    prepared.par_bridge().for_each(|(i, (sub, prepared))| {
        let case = &cases[i];
        let event = match prepared {
            Ok((approval, p)) => one(engine, case, p, options, &sub, &approval),
            Err(failure) => Event::Failed {
                case: case.clone(),
                failure,
            },
        };
        progress();
        ordered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .done(i, event);
    });
    ordered
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .summary
}

/// Hands events on in case order, whatever order they finish in.
struct InOrder<R> {
    next: usize,
    waiting: BTreeMap<usize, Event>,
    report: R,
    summary: Summary,
}

impl<R: FnMut(Event)> InOrder<R> {
    fn done(&mut self, i: usize, event: Event) {
        self.waiting.insert(i, event);
        while let Some(event) = self.waiting.remove(&self.next) {
            match &event {
                Event::Failed { .. } => self.summary.failed += 1,
                Event::Written { .. } | Event::Checked { .. } => self.summary.succeeded += 1,
            }
            (self.report)(event);
            self.next += 1;
        }
    }
}

/// A case of approved minutes whose sources changed is not rendered: the
/// meeting file reports every change; an item file, its own change, or that
/// its meeting is held back.
fn approved(case: &Path, approval: &Approval) -> Result<(), Failure> {
    let Approval::Changed { record, changes } = approval else {
        return Ok(());
    };
    let own: Vec<Diagnostic> = changes.iter().filter(|d| d.file == case).cloned().collect();
    let diagnostics = if case.file_name().is_some_and(|n| n == "moede.yaml") {
        changes.clone()
    } else if own.is_empty() {
        vec![Diagnostic::new(
            case,
            format!(
                "the minutes of this meeting were approved on {}, and their sources have changed since (see moede.yaml)",
                record.godkendt
            ),
        )
        .help("no approved document is overwritten; a correction is written as a `type: rettelse` file beside moede.yaml")]
    } else {
        own
    };
    Err(Failure { diagnostics })
}

fn one(
    engine: &Engine,
    case: &Path,
    mut prepared: prepared::Prepared,
    options: &Options,
    sub: &Path,
    approval: &Approval,
) -> Event {
    let failed = |failure: Failure| Event::Failed {
        case: case.to_path_buf(),
        failure,
    };
    let output = options.output.as_ref().map(|o| o.join(sub));
    if options.keep_typ
        && let Some(dir) = &output
    {
        let typ_name = write::typst_source_name(&prepared.name);
        if let Err(e) = crate::atomic::atomic(dir, &typ_name, prepared.typst.as_bytes()) {
            return failed(cannot_write(case, dir, &typ_name, e));
        }
    }
    // Everything of the case is made before anything is written: its
    // document, the bilag made from its figures, and its bilag files as
    // PDF/A (their conversions started when the case was prepared). `check`
    // stops there, so that it finds everything `render` would.
    let mut warnings = std::mem::take(&mut prepared.warnings);
    // Each bilag file with the PDF/A file that is written for it.
    let mut bilag = Vec::new();
    for a in std::mem::take(&mut prepared.bilag_files) {
        match engine.conversions().get(&a.source) {
            Outcome::Ready(ready) => bilag.push((a, ready.file)),
            Outcome::Missing(e) => {
                warnings.push(prepared::missing_converter(a.origin, &a.source, e))
            }
            Outcome::Failed(why) => {
                return failed(Failure::one(prepared::cannot_be_pdfa(
                    a.origin, &a.source, &why,
                )));
            }
        }
    }
    let packet = match prepared.packet.take() {
        Some(packet) if options.samlet && options.output.is_some() => {
            match crate::meeting::packet::typeset(engine, &prepared.source, packet) {
                Ok(done) => Some(done),
                Err(f) => return failed(f),
            }
        }
        _ => None,
    };
    let generated = std::mem::take(&mut prepared.generated);
    let source = prepared.source.clone();
    let exceptions = std::mem::take(&mut prepared.persondata);
    let typeset: Result<Vec<_>, Failure> = std::iter::once(prepared)
        .chain(generated)
        .map(|p| prepared::typeset(engine, p))
        .collect();
    let mut documents = match typeset {
        Ok(d) => d,
        Err(f) => return failed(f),
    };
    // What the public edition would publish is read back for personal
    // data; a finding keeps every file of the case from being written.
    if engine.edition() == Edition::Offentlig {
        let pdfs: Vec<&prepared::Document> = documents
            .iter()
            .chain(packet.iter().map(|(p, _)| p))
            .collect();
        let files: Vec<PublishedBilag> = bilag
            .iter()
            .map(|(a, file)| PublishedBilag {
                name: &a.name,
                file,
                origin: &a.origin,
                persondata: a.persondata.as_ref(),
            })
            .collect();
        if let Err(diagnostics) =
            screening::readback(engine, &source, sub, &exceptions, &pdfs, &files)
        {
            return failed(Failure { diagnostics });
        }
    }
    // Approved minutes come out with the recorded bytes, or nothing is written.
    if !matches!(approval, Approval::None) {
        let mut copies = Vec::new();
        for (a, file) in &bilag {
            match std::fs::read(file) {
                Ok(bytes) => copies.push((a.name.clone(), bytes)),
                Err(e) => return failed(cannot_write(case, file, &a.name, e)),
            }
        }
        // Corrections added after the approval: the complete packet carries
        // their "Tillæg til referat" after the approved minutes, so it is
        // made anew; the approved documents themselves are not.
        let corrected = documents.iter().any(|d| write::is_tillaeg(&d.name));
        let made = documents
            .iter()
            .map(|d| (d.name.as_str(), d.pdf.as_slice()))
            .chain(
                packet
                    .iter()
                    .filter(|_| !corrected)
                    .map(|(p, _)| (p.name.as_str(), p.pdf.as_slice())),
            )
            .chain(copies.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
        if let Err(diagnostics) = approval.check_documents(case, made) {
            return failed(Failure { diagnostics });
        }
    }
    let Some(dir) = &output else {
        return Event::Checked {
            case: case.to_path_buf(),
            warnings,
        };
    };
    // An approved document already on disk with other bytes than recorded
    // was changed after the approval: it is reported and left as it is.
    let names = documents
        .iter()
        .map(|d| d.name.as_str())
        .chain(packet.iter().map(|(p, _)| p.name.as_str()))
        .chain(bilag.iter().map(|(a, _)| a.name.as_str()));
    if let Err(diagnostics) = approval.check_on_disk(dir, names) {
        return failed(Failure { diagnostics });
    }
    // The case's own document last: bilag first, then what points to them.
    let document = documents.remove(0);
    let mut also = Vec::new();
    for generated in &documents {
        match crate::atomic::atomic(dir, &generated.name, &generated.pdf) {
            Ok(path) => also.push(path),
            Err(e) => return failed(cannot_write(case, dir, &generated.name, e)),
        }
    }
    for (a, file) in &bilag {
        match std::fs::read(file).and_then(|bytes| crate::atomic::atomic(dir, &a.name, &bytes)) {
            Ok(path) => also.push(path),
            Err(e) => return failed(cannot_write(case, dir, &a.name, e)),
        }
    }
    let packet = match packet {
        Some((packet, packet_warnings)) => {
            match crate::atomic::atomic(dir, &packet.name, &packet.pdf) {
                Ok(path) => {
                    warnings.extend(packet_warnings);
                    Some(path)
                }
                Err(e) => return failed(cannot_write(case, dir, &packet.name, e)),
            }
        }
        None => None,
    };
    match crate::atomic::atomic(dir, &document.name, &document.pdf) {
        Ok(pdf) => Event::Written {
            case: case.to_path_buf(),
            pdf,
            packet,
            also,
            warnings,
        },
        Err(e) => failed(cannot_write(case, dir, &document.name, e)),
    }
}

fn cannot_write(case: &Path, dir: &Path, what: &str, e: std::io::Error) -> Failure {
    Failure::one(Diagnostic::new(
        case,
        format!("cannot write {what} into `{}`: {e}", dir.display()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_tree_starts_at_the_folder_given() {
        let root = tempfile::tempdir().unwrap();
        let cases = root.path().join("cases");
        let meeting = cases.join("udvalg/2021-11-29");
        let notes = cases.join("notater");
        std::fs::create_dir_all(&meeting).unwrap();
        std::fs::create_dir_all(&notes).unwrap();
        let item = meeting.join("096.yaml");
        let note = notes.join("n.yaml");
        std::fs::write(&item, "").unwrap();
        std::fs::write(&note, "").unwrap();

        let base = base_of(std::slice::from_ref(&cases));
        assert_eq!(subfolder(&base, &item), Path::new("udvalg/2021-11-29"));
        assert_eq!(subfolder(&base, &note), Path::new("notater"));
        // A meeting folder, or a file, on its own: straight into the output folder.
        let base = base_of(std::slice::from_ref(&meeting));
        assert_eq!(subfolder(&base, &item), Path::new(""));
        let base = base_of(std::slice::from_ref(&item));
        assert_eq!(subfolder(&base, &item), Path::new(""));
        // Several paths: from the deepest folder they share.
        let base = base_of(&[item.clone(), notes.clone()]);
        assert_eq!(subfolder(&base, &item), Path::new("udvalg/2021-11-29"));
        assert_eq!(subfolder(&base, &note), Path::new("notater"));
    }
}
