//! Bilag as received — PDFs of any kind, Office files, scans — made into validated PDF/A files: confined to the rendered folders, fully read, converted by real engines, cached.
//!
//! The check ([`inspect`], [`confine`]) runs with the case file's other
//! checks and places its errors at the `fil:` line. The conversion runs in
//! the background from the moment a case is prepared ([`Bilag::start`]),
//! alongside the typesetting, and is collected when the bilag is written or
//! joined into the complete packet ([`Bilag::get`]).

pub mod cache;
pub mod conformance;
pub mod engines;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

use cache::Cache;
use conformance::{Level, Standing};
pub use engines::Engine;

/// How long one conversion may take before its engine is stopped: a
/// scanned letter of 30 pages takes about 100 s to read.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(300);

/// What a received file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    /// Word, Excel, PowerPoint, OpenDocument, RTF.
    Office,
    /// A scanned page: PNG, JPEG, TIFF.
    Image,
}

/// The file name endings a bilag may have, as the spec lists them.
pub const ENDINGS: &str =
    ".pdf, .docx, .doc, .odt, .rtf, .xlsx, .xls, .ods, .pptx, .odp, .png, .jpg, .jpeg, .tif, .tiff";

impl Kind {
    pub fn of(path: &Path) -> Option<Kind> {
        Some(match engines::extension(path).as_str() {
            "pdf" => Kind::Pdf,
            "docx" | "doc" | "odt" | "rtf" | "xlsx" | "xls" | "ods" | "pptx" | "odp" => {
                Kind::Office
            }
            "png" | "jpg" | "jpeg" | "tif" | "tiff" => Kind::Image,
            _ => return None,
        })
    }
}

/// Whether `resolved` (the `fil` of a case file) stays inside one of
/// `roots` once every link is followed; `Err` says where it leads instead.
pub fn confine(resolved: &Path, roots: &[PathBuf]) -> Result<PathBuf, String> {
    let real = std::fs::canonicalize(resolved).map_err(|e| format!("it cannot be opened ({e})"))?;
    // An empty root (a folder that could not be resolved) holds nothing,
    // though every path "starts with" it.
    if roots
        .iter()
        .any(|root| !root.as_os_str().is_empty() && real.starts_with(root))
    {
        Ok(real)
    } else {
        Err(format!("it leads to `{}`", real.display()))
    }
}

/// Reads the bilag at `path` as far as it can be read before any
/// conversion: a PDF wholly (every object, its pages), other kinds by their
/// first bytes. `Err` says what is wrong with it.
pub fn inspect(path: &Path, kind: Kind) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("it cannot be read ({e})"))?;
    if bytes.is_empty() {
        return Err("it is empty (0 bytes)".into());
    }
    match kind {
        Kind::Pdf => read_pdf(&bytes).map(drop),
        Kind::Office => {
            let ok = match engines::extension(path).as_str() {
                // Office Open XML and OpenDocument are zip archives; .doc/.xls
                // are OLE compound files; RTF is text that opens with `{\rtf`.
                "doc" | "xls" => bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]),
                "rtf" => bytes.starts_with(b"{\\rtf"),
                _ => bytes.starts_with(b"PK\x03\x04"),
            };
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "it is not a .{} file (its contents are of another kind)",
                    engines::extension(path)
                ))
            }
        }
        Kind::Image => {
            let ok = bytes.starts_with(b"\x89PNG\r\n\x1a\n")
                || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
                || bytes.starts_with(b"II*\0")
                || bytes.starts_with(b"MM\0*");
            if ok {
                Ok(())
            } else {
                Err("it is not a PNG, JPEG or TIFF image".into())
            }
        }
    }
}

/// `bytes` read as a whole PDF: every object parsed, not encrypted, with pages.
pub fn read_pdf(bytes: &[u8]) -> Result<lopdf::Document, String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("it is not a PDF file".into());
    }
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| format!("it is damaged and cannot be read as a PDF ({e})"))?;
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err("it is encrypted (password-protected)".into());
    }
    if doc.get_pages().is_empty() {
        return Err("it has no pages".into());
    }
    // Every page's content must decode: a truncated file often parses up
    // to its last object and fails only here.
    for (n, page) in doc.get_pages() {
        for id in doc.get_page_contents(page) {
            let stream = doc
                .get_object(id)
                .and_then(lopdf::Object::as_stream)
                .map_err(|e| format!("it is damaged: page {n} cannot be read ({e})"))?;
            if stream.dict.has(b"Filter") {
                stream
                    .decompressed_content()
                    .map_err(|e| format!("it is damaged: page {n} cannot be read ({e})"))?;
            }
        }
    }
    Ok(doc)
}

/// One bilag made fit for the packet.
#[derive(Debug, Clone)]
pub struct Ready {
    /// The PDF/A file: the bilag itself, or its conversion in the cache.
    pub file: PathBuf,
    /// The level the validator found it to pass.
    pub level: Level,
    /// Which engine converted it (`None`: used as received).
    pub engine: Option<Engine>,
}

/// What became of one bilag.
#[derive(Debug, Clone)]
pub enum Outcome {
    Ready(Ready),
    /// The engine its kind needs is not installed: left out, with a warning.
    Missing(Engine),
    /// It cannot be made PDF/A: an error at its `fil:` line.
    Failed(String),
}

/// A file as it is now: its real path, size and modification time (a saved
/// bilag is a new one to `watch`).
type FileVersion = (PathBuf, u64, i64);

/// The bilag of a run: conversions started in the background, shared by
/// every document that uses the same file, kept in the cache.
pub struct Bilag {
    cache: Cache,
    /// A cache folder of this process, when no other could be had.
    _temporary: Option<tempfile::TempDir>,
    limit: Duration,
    memo: Mutex<HashMap<FileVersion, Arc<OnceLock<Outcome>>>>,
    /// External conversions running now, and how many may run at once.
    running: (Mutex<usize>, Condvar),
    parallel: usize,
    /// Conversions run by an engine in this process, and found in the cache.
    pub converted: AtomicUsize,
    pub from_cache: AtomicUsize,
    /// Whether [`Bilag::start`] converts in the background (else only [`Bilag::get`] converts).
    background: std::sync::atomic::AtomicBool,
    /// What the validator found of a PDF, by its contents: the copies of
    /// one bilag in many meeting folders are validated once.
    judged: crate::memo::Memo<String, Result<Level, String>>,
}

impl Bilag {
    /// `cache`: the folder to keep conversions in (`None`: the default
    /// folder, or a temporary one); `limit`: how long one conversion may take.
    pub fn new(cache: Option<PathBuf>, limit: Duration) -> Arc<Bilag> {
        let (dir, temporary) = match cache.or_else(cache::default_dir) {
            Some(dir) => (dir, None),
            None => {
                let t = tempfile::tempdir().ok();
                let dir = t
                    .as_ref()
                    .map_or_else(std::env::temp_dir, |t| t.path().to_path_buf());
                (dir, t)
            }
        };
        // Conversions a killed run was writing into the cache.
        crate::write::remove_stale_temporaries(&dir.join("bilag"));
        Arc::new(Bilag {
            cache: Cache::new(dir),
            _temporary: temporary,
            limit,
            memo: Mutex::new(HashMap::new()),
            running: (Mutex::new(0), Condvar::new()),
            parallel: std::thread::available_parallelism().map_or(1, |n| n.get()),
            converted: AtomicUsize::new(0),
            from_cache: AtomicUsize::new(0),
            background: std::sync::atomic::AtomicBool::new(true),
            judged: crate::memo::Memo::new(),
        })
    }

    /// Whether [`Bilag::start`] converts in the background: off when only
    /// the documents are wanted, not the bilag (`verify` of a PDF).
    pub fn background(&self, on: bool) {
        self.background
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// The cache folder in use.
    pub fn cache_dir(&self) -> &Path {
        self.cache.dir()
    }

    fn slot(&self, path: &Path) -> Arc<OnceLock<Outcome>> {
        let stamp = std::fs::metadata(path)
            .map(|m| {
                use std::os::unix::fs::MetadataExt;
                (m.len(), m.mtime_nsec() + m.mtime() * 1_000_000_000)
            })
            .unwrap_or((0, 0));
        // The same file named from an item and from its meeting is one bilag.
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let key = (real, stamp.0, stamp.1);
        self.memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(key)
            .or_default()
            .clone()
    }

    /// Starts making the bilag at `path` (checked by [`inspect`]) ready, in
    /// the background; a file already started is not started again.
    pub fn start(self: &Arc<Self>, path: &Path) {
        if !self.background.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let slot = self.slot(path);
        if slot.get().is_some() {
            return;
        }
        let (me, path) = (Arc::clone(self), path.to_path_buf());
        std::thread::spawn(move || {
            slot.get_or_init(|| me.resolve(&path));
        });
    }

    /// The bilag at `path`, made ready (waiting for its conversion if it
    /// runs, running it here if it was never started).
    pub fn get(&self, path: &Path) -> Outcome {
        self.slot(path).get_or_init(|| self.resolve(path)).clone()
    }

    /// Uses the bilag as it is if it passes the validator and can be joined,
    /// else converts it with the engine its kind needs and validates the result.
    fn resolve(&self, path: &Path) -> Outcome {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return Outcome::Failed(format!("it cannot be read ({e})")),
        };
        let engine = match Kind::of(path) {
            Some(Kind::Office) => Engine::LibreOffice,
            Some(Kind::Image) => Engine::OcrMyPdf,
            _ => {
                let doc = match read_pdf(&bytes) {
                    Ok(doc) => doc,
                    Err(why) => return Outcome::Failed(why),
                };
                if let Ok(level) = self.fit(&bytes, &doc) {
                    if !level.ua && conformance::claims_ua(&doc) {
                        // Carried as it is, but claiming no more than it passes.
                        let key = format!("honest claim\n{RECIPE}\n{}", cache::hex_sha256(&bytes));
                        return self.keep(&key, None, bytes);
                    }
                    return Outcome::Ready(Ready {
                        file: path.to_path_buf(),
                        level,
                        engine: None,
                    });
                }
                Engine::OcrMyPdf
            }
        };
        let Some(program) = engine.find() else {
            return Outcome::Missing(engine);
        };
        let version = match engines::version(&program, Some(self.cache.dir()), self.limit) {
            Ok(v) => v,
            Err(why) => {
                return Outcome::Failed(format!(
                    "{} cannot be asked its version: {why}",
                    engine.name()
                ));
            }
        };
        let key = format!(
            "{}\n{version}\n{RECIPE}\n{}.{}",
            engine.name(),
            cache::hex_sha256(&bytes),
            engines::extension(path)
        );
        let pdf = match self.cache.get(&key) {
            Some(pdf) => {
                self.from_cache.fetch_add(1, Ordering::Relaxed);
                pdf
            }
            None => match self.convert(engine, &program, path) {
                Ok(pdf) => {
                    self.converted.fetch_add(1, Ordering::Relaxed);
                    pdf
                }
                Err(why) => {
                    return Outcome::Failed(format!(
                        "{} could not convert it: {why}",
                        engine.name()
                    ));
                }
            },
        };
        self.keep(&key, Some(engine), pdf)
    }

    /// Validates `pdf` (what `engine` made, or the bilag itself), takes
    /// out a PDF/UA claim it does not live up to (LibreOffice claims PDF/UA-1
    /// for any document, accessible or not), and keeps it in the cache under
    /// `key`, ready to be written and joined.
    fn keep(&self, key: &str, engine: Option<Engine>, pdf: Vec<u8>) -> Outcome {
        let judged = self.honest(pdf);
        let (pdf, level) = match judged {
            Ok(ok) => ok,
            Err(why) => {
                let made = engine.map_or("the bilag".to_string(), |e| {
                    format!("the PDF {} made", e.name())
                });
                return Outcome::Failed(format!("{made} is not fit for the archive: {why}"));
            }
        };
        match self.cache.put(key, &pdf) {
            Ok(file) => Outcome::Ready(Ready {
                file,
                level,
                engine,
            }),
            Err(e) => Outcome::Failed(format!(
                "the PDF/A file cannot be kept in the cache folder `{}`: {e}",
                self.cache.dir().display()
            )),
        }
    }

    /// Runs `engine` on a copy of `path` in a folder of its own, at most
    /// one conversion per core at a time.
    fn convert(&self, engine: Engine, program: &Path, path: &Path) -> Result<Vec<u8>, String> {
        let (count, freed) = &self.running;
        {
            let mut n = count
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            while *n >= self.parallel {
                n = freed
                    .wait(n)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
            *n += 1;
        }
        let result = (|| {
            let work = tempfile::Builder::new()
                .prefix("dagsorden-bilag-")
                .tempdir()
                .map_err(|e| e.to_string())?;
            let name = path.file_name().unwrap_or_default();
            let input = work.path().join(name);
            std::fs::copy(path, &input).map_err(|e| e.to_string())?;
            engines::convert(engine, program, &input, work.path(), self.limit)
        })();
        *count
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) -= 1;
        freed.notify_one();
        result
    }
}

/// Bumped whenever the way a kind is converted changes, so that the cache
/// does not hand out conversions made the old way.
const RECIPE: &str = "1";

impl Bilag {
    /// `pdf` and the level it passes, with a PDF/UA claim it does not live up
    /// to taken out.
    fn honest(&self, pdf: Vec<u8>) -> Result<(Vec<u8>, Level), String> {
        let doc = read_pdf(&pdf)?;
        let level = self.fit(&pdf, &doc)?;
        if level.ua || !conformance::claims_ua(&doc) {
            return Ok((pdf, level));
        }
        let pdf = conformance::without_ua_claim(&pdf)?;
        let level = self.fit(&pdf, &read_pdf(&pdf)?)?;
        Ok((pdf, level))
    }

    /// [`fit`], once for each contents.
    fn fit(&self, bytes: &[u8], doc: &lopdf::Document) -> Result<Level, String> {
        self.judged
            .get_or(cache::hex_sha256(bytes), || fit(bytes, doc))
    }
}

/// The level `bytes` (read as `doc`) pass, if the packet can carry them.
fn fit(bytes: &[u8], doc: &lopdf::Document) -> Result<Level, String> {
    if let Some(why) = crate::typeset::packet::unfit(doc) {
        return Err(why);
    }
    match conformance::judge(bytes, doc) {
        Standing::Passes(level) => Ok(level),
        Standing::Fails(why) => Err(why),
    }
}
