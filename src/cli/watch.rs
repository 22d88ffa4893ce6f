//! `watch`: everything rendered, then again what each save of a case file, bilag or template changes, until stopped.

use std::path::Path;
use std::process::ExitCode;

use dagsorden::batch::{self, Options};

use super::render::run_batch;
use super::setup::{self, Batch};
use super::{Rendering, exit, usage_error};

/// `watch`: render everything, then what each save changes, until stopped.
/// Errors are printed and the watching goes on.
pub fn watch(args: Rendering) -> ExitCode {
    let options = &Options {
        output: Some(args.output),
        keep_typ: false,
        samlet: args.samlet,
        base: batch::base_of(&args.paths),
    };
    let (paths, common) = (&args.paths[..], &args.common);
    let Batch {
        cases,
        mut engine,
        pool,
    } = match Batch::set_up(paths, common, options, common.udgave) {
        Ok(b) => b,
        Err(e) => return usage_error(e),
    };
    let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let templates = common.templates.as_deref().map(absolute);
    let output_dir = options.output.as_deref().map(absolute);
    pool.install(|| run_batch(&engine, &cases, common, options));
    eprintln!(
        "watching {} for changes (Ctrl-C stops)",
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let result = dagsorden::watch::watch(paths, templates.as_deref(), |changed| {
        let work = dagsorden::watch::work(&changed, templates.as_deref(), output_dir.as_deref());
        let cases = if work.reload {
            let rebuilt = setup::engine(common, paths, common.udgave)
                .show_generated(options.keep_typ)
                .packets(options.samlet)
                .build();
            match rebuilt {
                Ok(e) => engine = e,
                Err(e) => {
                    eprintln!("error: {e}");
                    return;
                }
            }
            match batch::discover(paths) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: {e}");
                    return;
                }
            }
        } else {
            work.cases
        };
        if !cases.is_empty() {
            pool.install(|| run_batch(&engine, &cases, common, options));
        }
    });
    match result {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => usage_error(e),
    }
}
