//! Approved minutes: the approval record beside `moede.yaml`, the SHA-256 of every source and document, and the refusal to change them.
//!
//! `dagsorden approve` renders a meeting's documents and writes
//! [`APPROVAL_RECORD`](crate::load::APPROVAL_RECORD) beside its `moede.yaml`. From then on, [`Approval::of`] tells
//! the batch whether the meeting's sources are as approved: if not, nothing
//! of the meeting is rendered; if so, every document must come out with the
//! recorded bytes before anything is written. Corrections are made by
//! addition (`type: rettelse` files), which the record leaves out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::digest::hex_sha256;
use crate::load::{self, APPROVAL_RECORD};

/// Where the template folder's files are listed among the sources.
const TEMPLATES: &str = "skabeloner";

/// What `godkendelse.yaml` holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Record {
    /// The day the committee approved the minutes (ÅÅÅÅ-MM-DD).
    pub godkendt: String,
    /// Who approved them (e.g. the committee and the meeting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub godkendt_af: Option<String>,
    /// The dagsorden version that rendered the approved documents.
    pub version: String,
    /// SHA-256 of every source file, by its path relative to the meeting
    /// folder (the template folder's files under `skabeloner/`).
    pub kilder: BTreeMap<String, String>,
    /// SHA-256 of every document written, by file name.
    pub dokumenter: BTreeMap<String, String>,
}

/// Why the approval record cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ApprovalError {
    /// The record cannot be put as YAML.
    #[error(transparent)]
    Yaml(#[from] serde_yaml::Error),
    /// The record cannot be written into the meeting's folder.
    #[error(transparent)]
    Write(#[from] std::io::Error),
}

impl Record {
    /// The record of the meeting in `meeting_dir`, approved on `godkendt`
    /// by `godkendt_af`: its sources as they are now (with the files of
    /// `templates`, the folder it was rendered with), and the SHA-256 of
    /// every document `written` but the corrections' "Tillæg", which is
    /// added to, never approved.
    pub fn new(
        meeting_dir: &Path,
        templates: Option<&Path>,
        godkendt: String,
        godkendt_af: Option<String>,
        written: &[PathBuf],
    ) -> Result<Record, Box<Diagnostic>> {
        let mut dokumenter = BTreeMap::new();
        for path in written {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if crate::write::is_tillaeg(&name) {
                continue;
            }
            let bytes = std::fs::read(path).map_err(|e| {
                Diagnostic::new(path, format!("cannot read `{}`: {e}", path.display()))
            })?;
            dokumenter.insert(name.into_owned(), hex_sha256(&bytes));
        }
        Ok(Record {
            godkendt,
            godkendt_af,
            version: env!("CARGO_PKG_VERSION").to_string(),
            kilder: sources(meeting_dir, templates)?,
            dokumenter,
        })
    }

    /// Writes the record beside the meeting's `moede.yaml`, whole or not at all.
    pub fn write(&self, meeting_dir: &Path) -> Result<PathBuf, ApprovalError> {
        let yaml = self.to_yaml()?;
        Ok(crate::atomic::atomic(
            meeting_dir,
            APPROVAL_RECORD,
            yaml.as_bytes(),
        )?)
    }

    /// The record as written: a comment saying what it is, then YAML.
    pub fn to_yaml(&self) -> Result<String, ApprovalError> {
        let body = serde_yaml::to_string(self)?;
        Ok(format!(
            "# Godkendelse af referatet. Skrevet af `dagsorden approve`; ret ikke i filen.\n\
             # Rettelser til et godkendt referat skrives som `type: rettelse`-filer i mødemappen.\n{body}"
        ))
    }

    /// Reads the record of `meeting_dir`; `None` when there is none.
    pub fn read(meeting_dir: &Path) -> Result<Option<Record>, Box<Diagnostic>> {
        let path = meeting_dir.join(APPROVAL_RECORD);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Box::new(Diagnostic::new(
                    &path,
                    format!("cannot read the approval record: {e}"),
                )));
            }
        };
        serde_yaml::from_str(&text).map(Some).map_err(|e| {
            Box::new(
                Diagnostic::new(&path, format!("the approval record cannot be read: {e}"))
                    .help("the record is written by `dagsorden approve` and must not be edited; restore it from the archive"),
            )
        })
    }
}

/// Refuses what cannot be approved: a folder without `moede.yaml`, a
/// meeting already approved, and anything but final minutes (`udgave:
/// referat`, `status: endelig`).
pub fn approvable(meeting_dir: &Path) -> Result<(), Box<Diagnostic>> {
    refusal(meeting_dir).map_or(Ok(()), |d| Err(Box::new(d)))
}

fn refusal(meeting_dir: &Path) -> Option<Diagnostic> {
    use crate::load::model::{Dokumenttype, Status};
    let path = meeting_dir.join("moede.yaml");
    if !path.is_file() {
        return Some(
            Diagnostic::new(
                &path,
                format!("`{}` holds no moede.yaml", meeting_dir.display()),
            )
            .help("name the meeting folder, the one holding moede.yaml and its item files"),
        );
    }
    let record = match Record::read(meeting_dir) {
        Ok(r) => r,
        Err(d) => return Some(*d),
    };
    if let Some(record) = record {
        return Some(Diagnostic::new(
            meeting_dir.join(APPROVAL_RECORD),
            format!("the minutes were already approved on {}", record.godkendt),
        )
        .help("approved minutes are final; a correction is written as a `type: rettelse` file beside moede.yaml"));
    }
    let loaded = match crate::load::load(&path) {
        Ok(l) => l,
        Err(d) => return Some(*d),
    };
    let crate::load::Case::Moede(moede) = &loaded.case else {
        return Some(
            loaded
                .source
                .error("moede.yaml is not a meeting file (`type: møde`)"),
        );
    };
    let source = &loaded.source;
    if moede.udgave != Dokumenttype::Referat {
        return Some(source
            .error("only minutes can be approved, and this is the agenda (`udgave: dagsorden`)")
            .at(source.value_place("udgave", "dagsorden".len()).or(source.key_place("type")))
            .help("approve the minutes once the committee has approved them: `udgave: referat` and `status: endelig`"));
    }
    if moede.status != Status::Endelig {
        return Some(
            source
                .error(
                    "only final minutes can be approved, and these are a draft (`status: udkast`)",
                )
                .at(source.value_place("status", "udkast".len()))
                .help("write `status: endelig` once the minutes are final, then approve them"),
        );
    }
    None
}

/// The source files of the meeting in `meeting_dir`, with their SHA-256:
/// `moede.yaml`, every item file beside it, every bilag file they name, and
/// the template folder's files when one is given. Corrections and the
/// record itself are left out.
pub fn sources(
    meeting_dir: &Path,
    templates: Option<&Path>,
) -> Result<BTreeMap<String, String>, Box<Diagnostic>> {
    let mut found = BTreeMap::new();
    let cannot = |p: &Path, e: std::io::Error| {
        Box::new(Diagnostic::new(
            p,
            format!("cannot read `{}`: {e}", p.display()),
        ))
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(meeting_dir)
        .map_err(|e| cannot(meeting_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.retain(|path| {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        path.is_file() && is_yaml && name != APPROVAL_RECORD && !name.starts_with('.')
    });
    // Items the meeting lists from another folder (`punkter: [../x.yaml]`).
    if let Ok(text) = std::fs::read_to_string(meeting_dir.join("moede.yaml")) {
        let listed = serde_yaml::from_str::<serde_yaml::Value>(&text)
            .ok()
            .and_then(|v| v.get("punkter").and_then(|p| p.as_sequence()).cloned())
            .unwrap_or_default();
        entries.extend(
            listed
                .iter()
                .filter_map(|p| p.as_str())
                .map(|p| meeting_dir.join(p.trim())),
        );
    }
    entries.sort();
    entries.dedup();
    let key = |p: &Path| {
        p.strip_prefix(meeting_dir)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    for path in entries {
        let bytes = std::fs::read(&path).map_err(|e| cannot(&path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        if load::is_correction(&text) {
            continue;
        }
        found.insert(key(&path), hex_sha256(&bytes));
        let folder = path.parent().unwrap_or(meeting_dir);
        for fil in bilag_files(&text) {
            let file = folder.join(&fil);
            // A missing bilag is recorded as such; the render reports it.
            let hash = match std::fs::read(&file) {
                Ok(b) => hex_sha256(&b),
                Err(_) => "mangler".to_string(),
            };
            found.insert(key(&file), hash);
        }
    }
    if let Some(dir) = templates {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Box::new(Diagnostic::new(dir, e.to_string())))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| cannot(entry.path(), e))?;
            let key = format!("{TEMPLATES}/{}", rel.to_string_lossy().replace('\\', "/"));
            found.insert(key, hex_sha256(&bytes));
        }
    }
    Ok(found)
}

/// The `fil:` of every bilag an item file lists.
pub(crate) fn bilag_files(text: &str) -> Vec<String> {
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
    value
        .get("bilag")
        .and_then(|b| b.as_sequence())
        .map(|list| {
            list.iter()
                .filter_map(|b| b.get("fil").and_then(|f| f.as_str()).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A meeting folder's standing at render time.
#[derive(Debug, Clone)]
pub enum Approval {
    /// Not approved: render as always.
    None,
    /// Approved and unchanged: the documents must come out as recorded.
    Unchanged(std::sync::Arc<Record>),
    /// Approved, and the sources have changed since: nothing is rendered.
    Changed {
        record: std::sync::Arc<Record>,
        /// One error for each file changed, added or removed.
        changes: Vec<Diagnostic>,
    },
}

impl Approval {
    /// The standing of the meeting in `meeting_dir`.
    pub fn of(meeting_dir: &Path, templates: Option<&Path>) -> Result<Approval, Box<Diagnostic>> {
        let Some(record) = Record::read(meeting_dir)? else {
            return Ok(Approval::None);
        };
        let now = sources(meeting_dir, templates)?;
        let help = |file: &str| {
            if file.starts_with(TEMPLATES) {
                return format!(
                    "the minutes approved on {} were made with other templates: render them with the template folder they were approved with (`--templates`), or with none if none was given",
                    record.godkendt
                );
            }
            format!(
                "the minutes approved on {} are final: put `{file}` back as it was approved, and write the correction as a `type: rettelse` file beside moede.yaml",
                record.godkendt
            )
        };
        let mut changes = Vec::new();
        for (file, hash) in &record.kilder {
            let path = meeting_dir.join(file);
            let message = match now.get(file) {
                Some(h) if h == hash => continue,
                Some(_) => format!(
                    "`{file}` was changed after the minutes were approved on {}",
                    record.godkendt
                ),
                None => format!(
                    "`{file}` was removed after the minutes were approved on {}",
                    record.godkendt
                ),
            };
            changes.push(Diagnostic::new(path, message).help(help(file)));
        }
        for file in now.keys().filter(|f| !record.kilder.contains_key(*f)) {
            changes.push(
                Diagnostic::new(
                    meeting_dir.join(file),
                    format!(
                        "`{file}` was added after the minutes were approved on {}",
                        record.godkendt
                    ),
                )
                .help(if file.starts_with(TEMPLATES) {
                    help(file)
                } else {
                    format!(
                        "the minutes approved on {} are final: take `{file}` out of the meeting folder, and write a correction as a `type: rettelse` file beside moede.yaml",
                        record.godkendt
                    )
                }),
            );
        }
        let record = std::sync::Arc::new(record);
        Ok(if changes.is_empty() {
            Approval::Unchanged(record)
        } else {
            Approval::Changed { record, changes }
        })
    }

    /// Checks what is on disk in `dir` under the `names` about to be
    /// written: an approved document there must still have the recorded
    /// bytes, or it was changed after the approval.
    pub fn check_on_disk<'a>(
        &self,
        dir: &Path,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), Vec<Diagnostic>> {
        let Approval::Unchanged(record) = self else {
            return Ok(());
        };
        let problems: Vec<Diagnostic> = names
            .into_iter()
            .filter_map(|name| {
                let recorded = record.dokumenter.get(name)?;
                let path = dir.join(name);
                let bytes = std::fs::read(&path).ok()?;
                (*recorded != hex_sha256(&bytes) && !crate::write::is_packet(name)).then(|| {
                    Diagnostic::new(
                        &path,
                        format!(
                            "`{name}` on disk differs from the document approved on {}: it was changed after the approval, and is left as it is",
                            record.godkendt
                        ),
                    )
                    .help("restore the approved file from the archive (`dagsorden verify` compares every approved document with the record)")
                })
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Checks the documents about to be written against the record: every
    /// recorded name must come out with the recorded bytes.
    pub fn check_documents<'a>(
        &self,
        case: &Path,
        documents: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> Result<(), Vec<Diagnostic>> {
        let Approval::Unchanged(record) = self else {
            return Ok(());
        };
        let problems: Vec<Diagnostic> = documents
            .into_iter()
            .filter_map(|(name, bytes)| {
                let recorded = record.dokumenter.get(name)?;
                (*recorded != hex_sha256(bytes)).then(|| {
                    Diagnostic::new(
                        case,
                        format!(
                            "`{name}` comes out different from the document approved on {}; the approved file is left as it is",
                            record.godkendt
                        ),
                    )
                    .help(format!(
                        "the sources are unchanged, so the tool or its fonts have changed: the approved documents were made by dagsorden {}, this is {}; keep the approved PDFs and render this meeting with dagsorden {}",
                        record.version,
                        env!("CARGO_PKG_VERSION"),
                        record.version
                    ))
                })
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Checks approved minutes on disk: every recorded source beside the
/// meeting, and every recorded document found below `output` (by name),
/// against the record. Returns a line per document found identical, or
/// every difference.
pub fn verify(
    meeting_dir: &Path,
    templates: Option<&Path>,
    output: &Path,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let record = match Approval::of(meeting_dir, templates).map_err(|d| vec![*d])? {
        Approval::None => {
            return Err(vec![
                Diagnostic::new(
                    meeting_dir.join(APPROVAL_RECORD),
                    format!("`{}` holds no approval record", meeting_dir.display()),
                )
                .help("name a meeting folder whose minutes were approved with `dagsorden approve`"),
            ]);
        }
        Approval::Changed { changes, .. } => return Err(changes),
        Approval::Unchanged(record) => record,
    };
    let mut on_disk: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(output).into_iter().flatten() {
        if entry.file_type().is_file() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if record.dokumenter.contains_key(&name) {
                on_disk.entry(name).or_default().push(entry.into_path());
            }
        }
    }
    let mut identical = vec![format!(
        "{}: {} sources as approved on {}",
        meeting_dir.display(),
        record.kilder.len(),
        record.godkendt
    )];
    let mut problems = Vec::new();
    let corrected = std::fs::read_dir(meeting_dir)
        .map(|entries| {
            entries.flatten().any(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x == "yaml" || x == "yml")
                    && std::fs::read_to_string(e.path()).is_ok_and(|t| load::is_correction(&t))
            })
        })
        .unwrap_or(false);
    for (name, hash) in &record.dokumenter {
        if corrected && crate::write::is_packet(name) {
            identical.push(format!(
                "{name}: carries the corrections made since the approval; not compared"
            ));
            continue;
        }
        let Some(paths) = on_disk.get(name) else {
            problems.push(
                Diagnostic::new(
                    output.join(name),
                    format!(
                        "the approved document `{name}` is not in `{}`",
                        output.display()
                    ),
                )
                .help("name the folder the approved PDFs are in with `-o DIR`"),
            );
            continue;
        };
        for path in paths {
            match std::fs::read(path) {
                Ok(bytes) if hex_sha256(&bytes) == *hash => {
                    identical.push(format!("{}: identical", path.display()));
                }
                Ok(_) => problems.push(
                    Diagnostic::new(
                        path,
                        format!(
                            "`{name}` differs from the document approved on {}",
                            record.godkendt
                        ),
                    )
                    .help("the file was changed after the approval; restore it from the archive, or render the unchanged meeting folder again with the version the record names"),
                ),
                Err(e) => {
                    problems.push(Diagnostic::new(path, format!("cannot read `{name}`: {e}")))
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(identical)
    } else {
        Err(problems)
    }
}
