//! Provenance: the case files a PDF is made from, embedded in it as PDF/A-3 associated files with a manifest, and read back out (`dagsorden sources`, `dagsorden verify` of a PDF).
//!
//! What a document embeds:
//!
//! - an item: its file; in a meeting folder also `moede.yaml` and the other
//!   item files (the item's number and names are checked against them);
//! - a memo: its file and the data files it reads (`fil:`, e.g. a `.xlsx`);
//! - a meeting document, its Tillæg and its complete packet: `moede.yaml`,
//!   every item file and every `type: rettelse` file.
//!
//! The public edition embeds, for a closed item, a public rendition in its
//! place: a YAML file with only `type`, `sagsnr`, `nummer`, `titel`,
//! `kort_titel`, `dato`, `lukket` and `offentlig_beslutning`, which renders
//! to the same public page; a correction to a closed item keeps only its
//! date, item number and who decided it. Nothing else of a closed item —
//! its texts, its `beslutning`, its comments, its bilag — is embedded.
//!
//! Every document also embeds [`MANIFEST`]: the edition, the tool's version,
//! which embedded file it was rendered from, the SHA-256 of every embedded
//! file, of every bilag file its items list and of the template folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lopdf::{Document, Object};
use serde::{Deserialize, Serialize};

use crate::check::Printable;
use crate::check::edition::Edition;
use crate::digest::hex_sha256;
use crate::engine::Engine;
use crate::load::{Case, SourceFile};
use crate::meeting::{Shown, items};
use crate::typeset::Embedded;

/// The name of the embedded manifest.
pub const MANIFEST: &str = "dagsorden-manifest.json";

/// What an embedded manifest records: enough to render the document again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The version of dagsorden that made the document.
    pub dagsorden: String,
    /// `intern` or `offentlig`.
    pub udgave: String,
    /// The PDF's file name.
    pub dokument: String,
    /// The embedded case file it was rendered from.
    pub kilde: String,
    /// The name of the folder the case files were in: a date there may be
    /// the document's date.
    pub mappe: String,
    /// SHA-256 over the template folder's files (`--templates`), if one was used.
    pub skabeloner: Option<String>,
    /// Every embedded case file (or public rendition) and its SHA-256.
    pub filer: Vec<Fil>,
    /// Every bilag file the embedded items list (relative to the embedded
    /// files' folder) and its SHA-256; the files themselves are not embedded.
    pub bilag: Vec<Fil>,
}

/// A file and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fil {
    pub navn: String,
    pub sha256: String,
}

/// The case files one case file's documents are made from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The name (among `files`) of the file rendered.
    pub kilde: String,
    /// The name of the folder the files are in.
    pub mappe: String,
    pub files: Vec<Embedded>,
    /// A meeting's `type: rettelse` files: embedded in its Tillæg and its
    /// packet, not in the minutes, which stay as approved when one is added.
    pub corrections: Vec<Embedded>,
    pub bilag: Vec<Fil>,
    /// Stand-ins for bilag files (see [`Engine::stand_ins`]) and the SHA-256 recorded for each.
    stand_ins: BTreeMap<PathBuf, String>,
}

/// The description of an embedded correction.
const CORRECTION: &str = "Rettelse til referatet";

const PUBLIC_ITEM_KEYS: &[&str] = &[
    "type",
    "sagsnr",
    "nummer",
    "titel",
    "kort_titel",
    "dato",
    "lukket",
    "offentlig_beslutning",
];

impl Sources {
    /// The sources of the case file `source` (already loaded as `case`),
    /// as `engine`'s edition may show them.
    ///
    /// `items` are a meeting's item files as its check loaded them; without
    /// them they are read again.
    pub fn of(
        engine: &Engine,
        source: &SourceFile,
        case: &Case,
        printable: &Printable,
        items: Option<&[Shown]>,
    ) -> Sources {
        let edition = engine.edition();
        let mut out = Sources {
            stand_ins: engine.stand_ins().clone(),
            ..Sources::default()
        };
        match case {
            Case::Punkt(punkt) => {
                let meeting = items::beside(source);
                let base = meeting.as_ref().map_or_else(
                    || source.dir().to_path_buf(),
                    |m| m.source.dir().to_path_buf(),
                );
                out.kilde = relative_name(&base, &source.path);
                match &meeting {
                    Some(m) => {
                        out.meeting(edition, &m.source, &m.moede, printable, None, false);
                        if !out.files.iter().any(|f| f.name == out.kilde) {
                            let nummer = punkt.nummer;
                            out.item(edition, &base, source, punkt.lukket, nummer);
                        }
                    }
                    None => out.item(edition, &base, source, punkt.lukket, punkt.nummer),
                }
            }
            Case::Notat(_) => {
                let base = source.dir().to_path_buf();
                out.kilde = relative_name(&base, &source.path);
                out.push(
                    &out.kilde.clone(),
                    source.text.as_bytes().to_vec(),
                    "Notatets sagsfil",
                );
                out.data_files(&base, source, &[]);
            }
            Case::Moede(moede) => {
                out.kilde = relative_name(source.dir(), &source.path);
                out.meeting(edition, source, moede, printable, items, true);
            }
            Case::Rettelse(_) => {}
        }
        // The folder the names are relative to.
        let base = source
            .path
            .ancestors()
            .nth(1 + out.kilde.matches('/').count())
            .and_then(|b| {
                std::fs::canonicalize(if b.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    b
                })
                .ok()
            });
        out.mappe = base
            .as_deref()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out
    }

    /// `moede.yaml`, the meeting's items and, with `corrections`, its
    /// `type: rettelse` files.
    fn meeting(
        &mut self,
        edition: Edition,
        source: &SourceFile,
        moede: &crate::load::model::Moede,
        printable: &Printable,
        loaded: Option<&[Shown]>,
        corrections: bool,
    ) {
        let base = source.dir().to_path_buf();
        let name = relative_name(&base, &source.path);
        self.push(
            &name,
            source.text.as_bytes().to_vec(),
            "Mødets fil (moede.yaml)",
        );
        let meeting = items::Meeting {
            source: source.clone(),
            moede: moede.clone(),
        };
        // The item files, as the meeting's check loaded them, or read (not
        // checked) again.
        let mut shown: Vec<Shown> = match loaded {
            Some(items) => items.to_vec(),
            None => meeting
                .files()
                .into_iter()
                .filter_map(|(_, path)| {
                    let loaded = crate::load::load(&path).ok()?;
                    match &loaded.case {
                        Case::Punkt(p) => Some((loaded.source.clone(), p.lukket, p.nummer)),
                        _ => None,
                    }
                })
                .collect(),
        };
        let public = edition == Edition::Offentlig;
        if public
            && shown
                .iter()
                .any(|(_, lukket, nummer)| *lukket && nummer.is_none())
        {
            // A closed item numbered by its place: the numbers as the meeting gives them.
            if let Ok(items) = meeting.items(printable) {
                shown = items
                    .into_iter()
                    .map(|i| (i.source, i.view.lukket, i.view.nummer))
                    .collect();
            }
        }
        let mut closed = Vec::new();
        let unnumbered_closed = shown.iter().any(|(_, l, n)| *l && n.is_none());
        for (item, lukket, nummer) in &shown {
            if *lukket {
                closed.extend(*nummer);
            }
            self.item(edition, &base, item, *lukket, *nummer);
        }
        if !corrections {
            return;
        }
        for path in items::case_files_beside(source) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if !crate::load::is_correction(&text) {
                continue;
            }
            let name = relative_name(&base, &path);
            let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_default();
            let punkt = value
                .get("punkt")
                .and_then(serde_yaml::Value::as_u64)
                .map(|n| n as u32);
            let of_closed = punkt.is_some_and(|n| closed.contains(&n))
                || (punkt.is_some() && unnumbered_closed);
            // Kept apart from the files of the minutes: the Tillæg and the
            // packet carry them.
            let file = if public && of_closed {
                let mut kept = kept_keys(&value, &["type", "dato", "punkt"]);
                kept.insert(
                    "tekst".into(),
                    "Rettelsen angår et lukket punkt og offentliggøres ikke.".into(),
                );
                if let Some(v) = value.get("vedtaget_af") {
                    kept.insert("vedtaget_af".into(), v.clone());
                }
                let text = serde_yaml::to_string(&kept).unwrap_or_default();
                source_file(
                    &name,
                    text.into_bytes(),
                    &format!(
                        "{CORRECTION} (offentlig gengivelse: et lukket punkts rettelse, kun dato, punkt og hvem der vedtog den)"
                    ),
                )
            } else {
                source_file(&name, text.into_bytes(), CORRECTION)
            };
            self.corrections.push(file);
        }
    }

    /// An item file, or, in the public edition, a closed item's public rendition.
    fn item(
        &mut self,
        edition: Edition,
        base: &Path,
        source: &SourceFile,
        lukket: bool,
        nummer: Option<u32>,
    ) {
        let name = relative_name(base, &source.path);
        if self.files.iter().any(|f| f.name == name) {
            return;
        }
        if edition == Edition::Offentlig && lukket {
            let value: serde_yaml::Value = serde_yaml::from_str(&source.text).unwrap_or_default();
            let mut kept = kept_keys(&value, PUBLIC_ITEM_KEYS);
            if let Some(n) = nummer {
                kept.insert("nummer".into(), n.into());
            }
            let text = serde_yaml::to_string(&kept).unwrap_or_default();
            self.push(
                &name,
                text.into_bytes(),
                "Offentlig gengivelse af et lukket punkt: kun nummer, titel og den offentlige beslutning",
            );
            return;
        }
        self.push(&name, source.text.as_bytes().to_vec(), "Punktets sagsfil");
        // The file names, as the loader found them under `fil:` keys.
        let bilag: Vec<String> = source
            .locations
            .files()
            .iter()
            .filter(|(path, _)| is_bilag_file(path))
            .map(|(_, fil)| fil.clone())
            .collect();
        self.data_files(base, source, &bilag);
        let folder = source.path.parent().unwrap_or(base);
        for fil in bilag {
            let path = folder.join(&fil);
            let recorded = self.stand_ins.get(&path).cloned();
            if let Some(sha256) =
                recorded.or_else(|| std::fs::read(&path).ok().map(|b| hex_sha256(&b)))
            {
                self.bilag.push(Fil {
                    navn: relative_name(base, &path),
                    sha256,
                });
            }
        }
    }

    /// The data files (a spreadsheet's `fil:`, not one of the `bilag`) the
    /// case file `source` reads, named relative to `base`.
    fn data_files(&mut self, base: &Path, source: &SourceFile, bilag: &[String]) {
        let folder = source.path.parent().unwrap_or(base);
        let mut fils: Vec<String> = source
            .locations
            .files()
            .iter()
            .map(|(_, fil)| fil.clone())
            .collect();
        fils.sort();
        fils.dedup();
        for fil in fils {
            let path = folder.join(&fil);
            let name = relative_name(base, &path);
            if bilag.contains(&fil)
                || safe_name(&fil).is_none()
                || self.files.iter().any(|f| f.name == name)
            {
                continue;
            }
            if let Ok(bytes) = std::fs::read(&path) {
                self.push(&name, bytes, "Datafil, som tallene er læst fra");
            }
        }
    }

    fn push(&mut self, name: &str, bytes: Vec<u8>, description: &str) {
        self.files.push(source_file(name, bytes, description));
    }

    /// The files to embed in the document `dokument`: the sources (with
    /// the corrections: for a Tillæg and a packet) and the manifest.
    pub fn embedded(&self, engine: &Engine, dokument: &str, corrections: bool) -> Vec<Embedded> {
        if self.files.is_empty() {
            return Vec::new();
        }
        let mut files = self.files.clone();
        if corrections {
            files.extend(self.corrections.iter().cloned());
        }
        let mut bilag = self.bilag.clone();
        bilag.sort_by(|a, b| a.navn.cmp(&b.navn));
        bilag.dedup();
        let manifest = Manifest {
            dagsorden: env!("CARGO_PKG_VERSION").to_string(),
            udgave: engine.edition().as_str().to_string(),
            dokument: dokument.to_string(),
            kilde: self.kilde.clone(),
            mappe: self.mappe.clone(),
            skabeloner: engine.templates_hash().map(str::to_owned),
            filer: files
                .iter()
                .map(|f| Fil {
                    navn: f.name.clone(),
                    sha256: hex_sha256(&f.bytes),
                })
                .collect(),
            bilag,
        };
        let mut json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
        json.push(b'\n');
        files.push(Embedded {
            name: MANIFEST.to_string(),
            bytes: json,
            mime: "application/json",
            description: "Hvordan dokumentet er lavet: udgave, dagsordens version, kildefil og SHA-256 af hver fil og hvert bilag".to_string(),
            relationship: "supplement",
        });
        files
    }
}

/// A case file to embed as a source of the document.
fn source_file(name: &str, bytes: Vec<u8>, description: &str) -> Embedded {
    Embedded {
        mime: mime(name),
        name: name.to_string(),
        description: description.to_string(),
        relationship: "source",
        bytes,
    }
}

/// The entries of the mapping `value` under `keys`, in that order.
fn kept_keys(value: &serde_yaml::Value, keys: &[&str]) -> serde_yaml::Mapping {
    keys.iter()
        .filter_map(|key| Some(((*key).into(), value.get(key)?.clone())))
        .collect()
}

/// `name` as the PDF can carry it: a backslash (which Typst refuses in a
/// path) becomes `_`, and a name Typst would read otherwise becomes
/// `kilde-` and the start of its SHA-256, with the file's ending.
fn embeddable(name: &str) -> String {
    let name = name.replace('\\', "_");
    let kept = typst::syntax::VirtualPath::new(&name)
        .is_ok_and(|p| p.get_without_slash() == name && safe_name(&name).is_some());
    if kept {
        return name;
    }
    let short = &hex_sha256(name.as_bytes())[..12];
    match name.rsplit_once('.') {
        Some((_, ext)) if ext.chars().all(|c| c.is_ascii_alphanumeric()) => {
            format!("kilde-{short}.{ext}")
        }
        _ => format!("kilde-{short}"),
    }
}

/// `path` relative to `base`, with `/`; a file outside `base` by its name only.
fn relative_name(base: &Path, path: &Path) -> String {
    let rel = path
        .strip_prefix(base)
        .ok()
        .filter(|r| safe_name(&r.to_string_lossy()).is_some());
    let name = match rel {
        Some(r) => r.to_string_lossy().into_owned(),
        None => path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
    };
    embeddable(&name)
}

/// `name` as a relative path that stays inside the folder it is written to,
/// or `None`: no absolute path, no `..`, nothing empty.
pub fn safe_name(name: &str) -> Option<PathBuf> {
    if name.starts_with('/') || name.contains('\\') || name.contains('\0') {
        return None;
    }
    crate::assets::safe_relative(name)
}

/// Whether the key path `path` is a bilag's file: `bilag[N].fil`.
fn is_bilag_file(path: &str) -> bool {
    path.strip_prefix("bilag[")
        .and_then(|rest| rest.strip_suffix("].fil"))
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

/// The MIME type of an embedded file, by its ending.
fn mime(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "yaml" | "yml" => "application/yaml",
        "json" => "application/json",
        "csv" => "text/csv",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls" => "application/vnd.ms-excel",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

/// One file embedded in a PDF, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Its `/AFRelationship`, e.g. `Source`.
    pub relationship: Option<String>,
    /// Its MIME type (`/Subtype` of the file stream).
    pub mime: Option<String>,
    /// Its `/Desc`.
    pub description: Option<String>,
}

/// Why the embedded files of a PDF cannot be read, or written out.
#[derive(Debug, thiserror::Error)]
pub enum ProvenanceError {
    #[error("it has no catalog: {0}")]
    NoCatalog(#[source] lopdf::Error),
    /// Its `EmbeddedFiles` name tree goes round, or is past all reason deep.
    #[error("its tree of embedded files is cyclic")]
    Cyclic,
    #[error("the embedded file `{name}` has no content")]
    NoContent { name: String },
    #[error("the embedded file `{name}` cannot be decoded: {source}")]
    Undecodable {
        name: String,
        #[source]
        source: lopdf::Error,
    },
    /// The PDF at `pdf` cannot be read from disk.
    #[error("cannot read `{}`: {source}", .pdf.display())]
    Read {
        pdf: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{}` cannot be read as a PDF: {source}", .pdf.display())]
    NotAPdf {
        pdf: PathBuf,
        #[source]
        source: lopdf::Error,
    },
    /// The embedded files of the PDF at `pdf` cannot be read.
    #[error("`{}`: {source}", .pdf.display())]
    Embedded {
        pdf: PathBuf,
        #[source]
        source: Box<ProvenanceError>,
    },
    #[error(
        "`{}` carries no embedded files: it was not made by dagsorden 0.1 or later",
        .pdf.display()
    )]
    NoneEmbedded { pdf: PathBuf },
    /// An embedded file's `name` would be written outside `dir`.
    #[error(
        "the embedded file `{name}` has a name that would be written outside `{}`; nothing was written",
        .dir.display()
    )]
    Outside { name: String, dir: PathBuf },
    /// A file to write is there already.
    #[error(
        "`{}` exists already; nothing was written (name an empty folder with `-o DIR`)",
        .path.display()
    )]
    Exists { path: PathBuf },
    #[error("cannot create `{}`: {source}", .path.display())]
    CreateFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write `{}`: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The files embedded in the PDF `doc` (its `EmbeddedFiles` name tree), in tree order.
pub fn embedded_files(doc: &Document) -> Result<Vec<Found>, ProvenanceError> {
    let deref = |o: &Object| -> Object {
        match o {
            Object::Reference(id) => doc.get_object(*id).cloned().unwrap_or(Object::Null),
            other => other.clone(),
        }
    };
    let catalog = doc.catalog().map_err(ProvenanceError::NoCatalog)?;
    let Ok(names) = catalog.get(b"Names").map(&deref) else {
        return Ok(Vec::new());
    };
    let Ok(tree) = names
        .as_dict()
        .and_then(|n| n.get(b"EmbeddedFiles"))
        .map(&deref)
    else {
        return Ok(Vec::new());
    };
    let mut pairs = Vec::new();
    let mut stack = vec![tree];
    let mut seen = 0;
    while let Some(node) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            return Err(ProvenanceError::Cyclic);
        }
        let Ok(node) = node.as_dict() else { continue };
        if let Ok(list) = node.get(b"Names").map(&deref)
            && let Ok(list) = list.as_array()
        {
            for pair in list.chunks(2) {
                if let [_, spec] = pair {
                    pairs.push(deref(spec));
                }
            }
        }
        if let Ok(kids) = node.get(b"Kids").map(&deref)
            && let Ok(kids) = kids.as_array()
        {
            stack.extend(kids.iter().rev().map(&deref));
        }
    }
    let text = |o: &Object| -> Option<String> {
        match deref(o) {
            Object::String(s, _) => Some(crate::bilag::kind::text_string(&s)),
            Object::Name(n) => Some(String::from_utf8_lossy(&n).into_owned()),
            _ => None,
        }
    };
    let mut out = Vec::new();
    for spec in pairs {
        let Ok(spec) = spec.as_dict() else { continue };
        let name = spec
            .get(b"UF")
            .ok()
            .and_then(text)
            .or_else(|| spec.get(b"F").ok().and_then(text))
            .unwrap_or_default();
        let stream = spec
            .get(b"EF")
            .map(&deref)
            .and_then(|ef| ef.as_dict().and_then(|d| d.get(b"F")).cloned())
            .map(|f| deref(&f));
        let Ok(Object::Stream(stream)) = stream else {
            return Err(ProvenanceError::NoContent { name });
        };
        let bytes = if stream.dict.has(b"Filter") {
            stream
                .decompressed_content()
                .map_err(|source| ProvenanceError::Undecodable {
                    name: name.clone(),
                    source,
                })?
        } else {
            stream.content.clone()
        };
        out.push(Found {
            name,
            bytes,
            relationship: spec.get(b"AFRelationship").ok().and_then(text),
            mime: stream.dict.get(b"Subtype").ok().and_then(text),
            description: spec.get(b"Desc").ok().and_then(text),
        });
    }
    Ok(out)
}

/// Writes the files embedded in the PDF at `pdf` into `dir`, byte for byte;
/// refuses a name that would leave `dir` and never overwrites a file.
/// Returns the paths written.
pub fn write_sources(pdf: &Path, dir: &Path) -> Result<Vec<PathBuf>, ProvenanceError> {
    let bytes = std::fs::read(pdf).map_err(|source| ProvenanceError::Read {
        pdf: pdf.to_path_buf(),
        source,
    })?;
    let doc = Document::load_mem(&bytes).map_err(|source| ProvenanceError::NotAPdf {
        pdf: pdf.to_path_buf(),
        source,
    })?;
    let files = embedded_files(&doc).map_err(|e| ProvenanceError::Embedded {
        pdf: pdf.to_path_buf(),
        source: Box::new(e),
    })?;
    if files.is_empty() {
        return Err(ProvenanceError::NoneEmbedded {
            pdf: pdf.to_path_buf(),
        });
    }
    let mut planned = Vec::new();
    for f in &files {
        let rel = safe_name(&f.name).ok_or_else(|| ProvenanceError::Outside {
            name: f.name.clone(),
            dir: dir.to_path_buf(),
        })?;
        let path = dir.join(rel);
        if path.exists() {
            return Err(ProvenanceError::Exists { path });
        }
        planned.push((path, &f.bytes));
    }
    let mut written = Vec::new();
    for (path, bytes) in planned {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ProvenanceError::CreateFolder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| ProvenanceError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}
