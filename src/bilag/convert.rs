//! The conversion service: every bilag of a run made ready for the archive — used as received when the validator passes it, else converted by its converter — in the background on a bounded pool, shared by every document that names the same file, kept in the cache.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, mpsc};
use std::time::Duration;

use super::cache::{self, Cache};
use super::conformance::{self, ConformanceError, Level, Standing};
use super::converters::{self, Converter, ConverterError};
use super::kind::{InspectError, Kind, read_pdf};

/// How long one conversion may take before its converter is stopped: a
/// scanned letter of 30 pages takes about 100 s to read.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(300);

/// One bilag made fit for the packet.
#[derive(Debug, Clone)]
pub struct Ready {
    /// The PDF/A file: the bilag itself, or its conversion in the cache.
    pub file: PathBuf,
    /// The level the validator found it to pass.
    pub level: Level,
    /// Which converter converted it (`None`: used as received).
    pub converter: Option<Converter>,
}

/// What became of one bilag.
#[derive(Debug, Clone)]
pub enum Outcome {
    Ready(Ready),
    /// The converter its kind needs is not installed: left out, with a warning.
    Missing(Converter),
    /// It cannot be made PDF/A: an error at its `fil:` line. Shared, as
    /// the outcome is, by every document that names the file.
    Failed(Arc<ConversionError>),
}

impl Outcome {
    fn failed(why: impl Into<ConversionError>) -> Outcome {
        Outcome::Failed(Arc::new(why.into()))
    }
}

/// Why a bilag cannot be made PDF/A.
#[derive(Debug, thiserror::Error)]
pub enum ConversionError {
    /// The file as received cannot be read, or (a PDF) cannot be read whole.
    #[error(transparent)]
    Received(#[from] InspectError),
    /// Its converter does not say its version (part of every cache key).
    #[error("{} cannot be asked its version: {source}", .converter.name())]
    Version {
        converter: Converter,
        #[source]
        source: ConverterError,
    },
    /// Its converter ran and gave no PDF.
    #[error("{} could not convert it: {source}", .converter.name())]
    Convert {
        converter: Converter,
        #[source]
        source: ConverterError,
    },
    /// The PDF — the bilag itself (`converter: None`) or what `converter`
    /// made of it — is not fit for the archive.
    #[error("{} is not fit for the archive: {source}", made_by(.converter))]
    NotFit {
        converter: Option<Converter>,
        #[source]
        source: NotFit,
    },
    /// The PDF/A file cannot be written into the cache.
    #[error("the PDF/A file cannot be kept in the cache folder `{}`: {source}", .dir.display())]
    Cache {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Why a PDF is not fit for the archive: it does not read whole, or the
/// validator (or the packet's own test) finds it wanting.
#[derive(Debug, thiserror::Error)]
pub enum NotFit {
    #[error(transparent)]
    Unreadable(#[from] InspectError),
    #[error(transparent)]
    Conformance(#[from] ConformanceError),
}

/// `the PDF LibreOffice made`, or `the bilag` as received.
fn made_by(converter: &Option<Converter>) -> String {
    converter.map_or("the bilag".to_string(), |e| {
        format!("the PDF {} made", e.name())
    })
}

/// A file as it is now: its real path, size and modification time (a saved
/// bilag is a new one to `watch`).
type FileVersion = (PathBuf, u64, i64);

/// One bilag of a run: whether its conversion was handed to the workers,
/// and what became of it.
#[derive(Default)]
struct Slot {
    queued: AtomicBool,
    outcome: OnceLock<Outcome>,
}

/// Work for a background thread.
type Job = Box<dyn FnOnce() + Send>;

/// The bilag of a run: conversions started in the background, shared by
/// every document that uses the same file, kept in the cache.
pub struct Conversions {
    cache: Cache,
    /// A cache folder of this process, when no other could be had.
    _temporary: Option<tempfile::TempDir>,
    limit: Duration,
    memo: Mutex<HashMap<FileVersion, Arc<Slot>>>,
    /// External conversions running now, and how many may run at once.
    running: (Mutex<usize>, Condvar),
    parallel: usize,
    /// The queue of the threads background conversions run on, one per
    /// conversion that may run at once; they are started with the first
    /// bilag. Plain threads, not a rayon pool: the PDF reader runs rayon
    /// work of its own, and a pool thread waiting in it could take up
    /// another conversion and wait on itself.
    workers: OnceLock<Option<mpsc::Sender<Job>>>,
    /// Conversions run by a converter in this process, and found in the cache.
    pub converted: AtomicUsize,
    pub from_cache: AtomicUsize,
    /// Whether [`Conversions::start`] converts in the background (else only [`Conversions::get`] converts).
    background: std::sync::atomic::AtomicBool,
    /// What the validator found of a PDF, by its contents: the copies of
    /// one bilag in many meeting folders are validated once.
    judged: crate::memo::Memo<String, Result<Level, ConformanceError>>,
}

impl Conversions {
    /// `cache`: the folder to keep conversions in (`None`: the default
    /// folder, or a temporary one); `limit`: how long one conversion may take.
    pub fn new(cache: Option<PathBuf>, limit: Duration) -> Arc<Conversions> {
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
        crate::atomic::remove_stale_temporaries(&dir.join("bilag"));
        Arc::new(Conversions {
            cache: Cache::new(dir),
            _temporary: temporary,
            limit,
            memo: Mutex::new(HashMap::new()),
            running: (Mutex::new(0), Condvar::new()),
            parallel: std::thread::available_parallelism().map_or(1, |n| n.get()),
            workers: OnceLock::new(),
            converted: AtomicUsize::new(0),
            from_cache: AtomicUsize::new(0),
            background: std::sync::atomic::AtomicBool::new(true),
            judged: crate::memo::Memo::new(),
        })
    }

    /// Whether [`Conversions::start`] converts in the background: off when only
    /// the documents are wanted, not the bilag (`verify` of a PDF).
    pub fn background(&self, on: bool) {
        self.background
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// The cache folder in use.
    pub fn cache_dir(&self) -> &Path {
        self.cache.dir()
    }

    fn slot(&self, path: &Path) -> Arc<Slot> {
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

    /// Starts making the bilag at `path` (checked by [`super::inspect`]) ready, in
    /// the background; a file already started is not started again.
    pub fn start(self: &Arc<Self>, path: &Path) {
        if !self.background.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let slot = self.slot(path);
        if slot.outcome.get().is_some() || slot.queued.swap(true, Ordering::Relaxed) {
            return;
        }
        // Without threads of its own, the bilag is made ready when it is asked for.
        let Some(workers) = self.workers.get_or_init(|| self.start_workers()) else {
            return;
        };
        let (me, path) = (Arc::clone(self), path.to_path_buf());
        let _ = workers.send(Box::new(move || {
            slot.outcome.get_or_init(|| me.resolve(&path));
        }));
    }

    /// The background threads, one per conversion that may run at once,
    /// each taking the next job from the queue; they end with the queue.
    fn start_workers(&self) -> Option<mpsc::Sender<Job>> {
        let (send, receive) = mpsc::channel::<Job>();
        let receive = Arc::new(Mutex::new(receive));
        for i in 0..self.parallel {
            let receive = Arc::clone(&receive);
            std::thread::Builder::new()
                .name(format!("dagsorden-bilag-{i}"))
                .spawn(move || {
                    loop {
                        let job = receive
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .recv();
                        match job {
                            Ok(job) => job(),
                            Err(_) => break,
                        }
                    }
                })
                .ok()?;
        }
        Some(send)
    }

    /// The bilag at `path`, made ready (waiting for its conversion if it
    /// runs, running it here if it was never started).
    pub fn get(&self, path: &Path) -> Outcome {
        self.slot(path)
            .outcome
            .get_or_init(|| self.resolve(path))
            .clone()
    }

    /// Uses the bilag as it is if it passes the validator and can be joined,
    /// else converts it with the converter its kind needs and validates the result.
    fn resolve(&self, path: &Path) -> Outcome {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return Outcome::failed(InspectError::Unreadable(e)),
        };
        let converter = match Kind::of(path) {
            Some(Kind::Office) => Converter::LibreOffice,
            Some(Kind::Image) => Converter::OcrMyPdf,
            _ => {
                let doc = match read_pdf(&bytes) {
                    Ok(doc) => doc,
                    Err(why) => return Outcome::failed(why),
                };
                if let Ok(level) = self.fit(&bytes, &doc) {
                    if !level.ua && conformance::claims_ua(&doc) {
                        // Carried as it is, but claiming no more than it passes.
                        let key = format!(
                            "honest claim\n{RECIPE}\n{}",
                            crate::digest::hex_sha256(&bytes)
                        );
                        return self.keep(&key, None, bytes);
                    }
                    return Outcome::Ready(Ready {
                        file: path.to_path_buf(),
                        level,
                        converter: None,
                    });
                }
                Converter::OcrMyPdf
            }
        };
        let Some(program) = converter.find() else {
            return Outcome::Missing(converter);
        };
        let version = match converters::version(&program, Some(self.cache.dir()), self.limit) {
            Ok(v) => v,
            Err(source) => {
                return Outcome::failed(ConversionError::Version { converter, source });
            }
        };
        let key = format!(
            "{}\n{version}\n{RECIPE}\n{}.{}",
            converter.name(),
            crate::digest::hex_sha256(&bytes),
            converters::extension(path)
        );
        let pdf = match self.cache.get(&key) {
            Some(pdf) => {
                self.from_cache.fetch_add(1, Ordering::Relaxed);
                pdf
            }
            None => match self.convert(converter, &program, path) {
                Ok(pdf) => {
                    self.converted.fetch_add(1, Ordering::Relaxed);
                    pdf
                }
                Err(source) => {
                    return Outcome::failed(ConversionError::Convert { converter, source });
                }
            },
        };
        self.keep(&key, Some(converter), pdf)
    }

    /// Validates `pdf` (what `converter` made, or the bilag itself), takes
    /// out a PDF/UA claim it does not live up to (LibreOffice claims PDF/UA-1
    /// for any document, accessible or not), and keeps it in the cache under
    /// `key`, ready to be written and joined.
    fn keep(&self, key: &str, converter: Option<Converter>, pdf: Vec<u8>) -> Outcome {
        let judged = self.honest(pdf);
        let (pdf, level) = match judged {
            Ok(ok) => ok,
            Err(source) => {
                return Outcome::failed(ConversionError::NotFit { converter, source });
            }
        };
        match self.cache.put(key, &pdf) {
            Ok(file) => Outcome::Ready(Ready {
                file,
                level,
                converter,
            }),
            Err(source) => Outcome::failed(ConversionError::Cache {
                dir: self.cache.dir().to_path_buf(),
                source,
            }),
        }
    }

    /// Runs `converter` on a copy of `path` in a folder of its own, at most
    /// one conversion per core at a time.
    fn convert(
        &self,
        converter: Converter,
        program: &Path,
        path: &Path,
    ) -> Result<Vec<u8>, ConverterError> {
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
                .map_err(ConverterError::Work)?;
            let name = path.file_name().unwrap_or_default();
            let input = work.path().join(name);
            std::fs::copy(path, &input).map_err(ConverterError::Work)?;
            converters::convert(converter, program, &input, work.path(), self.limit)
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

impl Conversions {
    /// `pdf` and the level it passes, with a PDF/UA claim it does not live up
    /// to taken out.
    fn honest(&self, pdf: Vec<u8>) -> Result<(Vec<u8>, Level), NotFit> {
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
    fn fit(&self, bytes: &[u8], doc: &lopdf::Document) -> Result<Level, ConformanceError> {
        self.judged
            .get_or(crate::digest::hex_sha256(bytes), || fit(bytes, doc))
    }
}

/// The level `bytes` (read as `doc`) pass, if the packet can carry them.
fn fit(bytes: &[u8], doc: &lopdf::Document) -> Result<Level, ConformanceError> {
    if let Some(why) = conformance::unfit(doc) {
        return Err(why);
    }
    match conformance::judge(bytes, doc) {
        Standing::Passes(level) => Ok(level),
        Standing::Fails(why) => Err(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/bilag")
            .join(name)
    }

    fn failure(outcome: Outcome) -> Arc<ConversionError> {
        match outcome {
            Outcome::Failed(why) => why,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_file_started_many_times_is_made_ready_once_in_the_background() {
        let cache = tempfile::tempdir().unwrap();
        let conversions = Conversions::new(Some(cache.path().to_path_buf()), DEFAULT_LIMIT);
        // An accessible PDF/A, used as received: read whole (the PDF reader
        // runs parallel work of its own) and validated, no converter.
        let pdf = fixture("tilgaengelig.pdf");
        let damaged = fixture("beskadiget.pdf");
        for _ in 0..4 {
            conversions.start(&pdf);
            conversions.start(&damaged);
        }
        assert!(matches!(conversions.get(&pdf), Outcome::Ready(_)));
        assert!(matches!(conversions.get(&damaged), Outcome::Failed(_)));
        let queued = conversions
            .memo
            .lock()
            .unwrap()
            .values()
            .filter(|s| s.queued.load(Ordering::Relaxed))
            .count();
        assert_eq!(queued, 2, "each file is queued once");
        assert_eq!(conversions.converted.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_received_file_that_cannot_be_read_fails_with_what_is_wrong_with_it() {
        let cache = tempfile::tempdir().unwrap();
        let conversions = Conversions::new(Some(cache.path().to_path_buf()), DEFAULT_LIMIT);
        conversions.background(false);
        let damaged = failure(conversions.get(&fixture("beskadiget.pdf")));
        assert!(
            matches!(
                *damaged,
                ConversionError::Received(InspectError::Damaged(_))
            ),
            "{damaged:?}"
        );
        let encrypted = failure(conversions.get(&fixture("krypteret.pdf")));
        assert!(
            matches!(
                *encrypted,
                ConversionError::Received(InspectError::Encrypted)
            ),
            "{encrypted:?}"
        );
        let gone = failure(conversions.get(&cache.path().join("findes-ikke.pdf")));
        assert!(
            matches!(
                *gone,
                ConversionError::Received(InspectError::Unreadable(_))
            ),
            "{gone:?}"
        );
        assert_eq!(
            gone.to_string().split(" (").next(),
            Some("it cannot be read")
        );
    }

    #[test]
    fn what_a_converter_said_is_kept_apart_from_what_was_wrong_with_its_pdf() {
        let failed = ConversionError::Convert {
            converter: Converter::LibreOffice,
            source: ConverterError::TimedOut {
                limit: Duration::from_secs(300),
            },
        };
        assert_eq!(
            failed.to_string(),
            "LibreOffice could not convert it: it did not finish within 300 s and was stopped"
        );
        let unfit = ConversionError::NotFit {
            converter: None,
            source: NotFit::Conformance(ConformanceError::NotPdfA),
        };
        assert_eq!(
            unfit.to_string(),
            "the bilag is not fit for the archive: it is not PDF/A: its metadata has no PDF/A identification"
        );
        let source = std::error::Error::source(&failed).map(ToString::to_string);
        assert_eq!(
            source.as_deref(),
            Some("it did not finish within 300 s and was stopped")
        );
    }
}
