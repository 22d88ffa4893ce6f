//! What `render`, `check`, `watch`, `approve` and `publish` set up before the first document: the case files found, the engine, the worker threads.

use std::path::{Path, PathBuf};

use dagsorden::batch::{self, Options};
use dagsorden::check::edition::Edition;
use dagsorden::engine::Engine;

use super::Common;

/// Why a batch cannot be set up: a usage or configuration error.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// No case files where pointed, or an output folder that cannot be written.
    #[error(transparent)]
    Batch(#[from] batch::BatchError),
    #[error("cannot start worker threads: {0}")]
    Threads(#[source] rayon::ThreadPoolBuildError),
    /// The template folder, its profile, templates or fonts.
    #[error(transparent)]
    Engine(#[from] dagsorden::engine::EngineError),
}

/// A batch ready to run; an error before it is a usage or configuration error.
pub struct Batch {
    pub cases: Vec<PathBuf>,
    pub engine: Engine,
    /// The threads: `--jobs`, or one per core.
    pub pool: rayon::ThreadPool,
}

impl Batch {
    /// The case files of `paths`, the output folder made ready, and the
    /// engine `common` asks for in `edition`.
    pub fn set_up(
        paths: &[PathBuf],
        common: &Common,
        options: &Options,
        edition: Edition,
    ) -> Result<Batch, SetupError> {
        let cases = batch::discover(paths)?;
        if let Some(dir) = &options.output {
            batch::prepare_output(dir)?;
        }
        // Typst's layout recurses deeply on long documents; worker threads
        // get the stack a main thread has, and more (only the pages used are
        // mapped).
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(common.jobs.map_or(0, usize::from))
            .stack_size(64 * 1024 * 1024)
            .build()
            .map_err(SetupError::Threads)?;
        let engine = engine(common, paths, edition)
            .show_generated(options.keep_typ)
            .packets(options.samlet)
            .build()?;
        Ok(Batch {
            cases,
            engine,
            pool,
        })
    }
}

/// The engine the common options ask for, for the case files of `paths`:
/// their templates, edition, bilag cache and time limit, and the folders a
/// bilag must lie in.
pub fn engine(
    common: &Common,
    paths: &[PathBuf],
    edition: Edition,
) -> dagsorden::engine::EngineBuilder {
    // A bilag must lie inside what is rendered: the folders named, or the
    // folder of a case file named.
    let roots = paths
        .iter()
        .filter_map(|p| {
            let folder = if p.is_dir() { p.as_path() } else { p.parent()? };
            let folder = if folder.as_os_str().is_empty() {
                Path::new(".")
            } else {
                folder
            };
            std::fs::canonicalize(folder).ok()
        })
        .collect();
    Engine::builder()
        .templates(common.templates.as_deref())
        .edition(edition)
        .cache(common.cache.clone())
        .timeout(std::time::Duration::from_secs(common.timeout.into()))
        .roots(roots)
}
