//! `render` and `check`: every case file of the paths given, on every core, with a progress bar on a terminal and a summary at the end.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use dagsorden::batch::{self, Event, Options};
use dagsorden::engine::Engine;

use super::setup::Batch;
use super::{CheckArgs, Common, RenderArgs, exit, say, stderr_color, usage_error};

/// `render`: every case file of the paths to PDF, in the output tree.
pub fn render(args: RenderArgs) -> ExitCode {
    let r = args.rendering;
    let options = Options {
        output: Some(r.output),
        keep_typ: args.keep_typ,
        samlet: r.samlet,
        base: batch::base_of(&r.paths),
    };
    run(&r.paths, &r.common, &options)
}

/// `check`: the whole pipeline for every case file, writing nothing.
pub fn check(args: CheckArgs) -> ExitCode {
    let options = Options {
        output: None,
        keep_typ: false,
        samlet: false,
        base: batch::base_of(&args.paths),
    };
    run(&args.paths, &args.common, &options)
}

/// Every case file of `paths`, on every core (or `--jobs`).
fn run(paths: &[PathBuf], common: &Common, options: &Options) -> ExitCode {
    let Batch {
        cases,
        engine,
        pool,
    } = match Batch::set_up(paths, common, options, common.udgave) {
        Ok(b) => b,
        Err(e) => return usage_error(e),
    };
    let summary = pool.install(|| run_batch(&engine, &cases, common, options));
    if summary.failed > 0 {
        ExitCode::from(exit::SOME_FAILED)
    } else {
        ExitCode::from(exit::OK)
    }
}

/// Runs a batch with a progress bar on a terminal, prints each case's
/// outcome in path order and ends with the summary.
pub fn run_batch(
    engine: &Engine,
    cases: &[PathBuf],
    common: &Common,
    options: &Options,
) -> batch::Summary {
    let color = stderr_color();
    let bar = super::progress_bar(cases.len(), common.quiet);

    let started = Instant::now();
    // A warning two documents share (a closed item, in its own PDF and in
    // its meeting's) is printed once.
    let mut shown = std::collections::HashSet::new();
    let mut warn = |warnings: &[dagsorden::diagnostic::Diagnostic]| {
        for w in warnings {
            let text = w.render(color);
            if shown.insert(text.clone()) {
                eprint!("{text}");
            }
        }
    };
    let mut errors_shown = std::collections::HashSet::new();
    let summary = batch::run(engine, cases, options, &|| bar.inc(1), |event| {
        bar.suspend(|| match event {
            Event::Written {
                case,
                pdf,
                packet,
                warnings,
                ..
            } => {
                warn(&warnings);
                if !common.quiet {
                    say(format_args!("{} → {}", case.display(), pdf.display()));
                    if let Some(packet) = packet {
                        say(format_args!("{} → {}", case.display(), packet.display()));
                    }
                }
            }
            Event::Checked { case, warnings } => {
                warn(&warnings);
                if !common.quiet {
                    say(format_args!("{}: ok", case.display()));
                }
            }
            Event::Failed { case, failure } => {
                super::print_failure(&failure, color, &mut errors_shown);
                eprintln!("{}: not rendered\n", case.display());
            }
        });
    });
    bar.finish_and_clear();
    let warned = shown.len();

    let verb = if options.output.is_some() {
        "written"
    } else {
        "checked"
    };
    let documents = if summary.succeeded == 1 {
        "document"
    } else {
        "documents"
    };
    let warnings = match warned {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    };
    use std::sync::atomic::Ordering;
    let converted = engine.conversions().converted.load(Ordering::Relaxed);
    let cached = engine.conversions().from_cache.load(Ordering::Relaxed);
    let conversions = match (converted, cached) {
        (0, 0) => String::new(),
        (n, 0) => format!(", {n} bilag converted"),
        (n, c) => format!(", {n} bilag converted and {c} taken from the cache"),
    };
    eprintln!(
        "{} {documents} {verb}, {} failed{warnings}{conversions} ({:.1} s)",
        summary.succeeded,
        summary.failed,
        started.elapsed().as_secs_f64()
    );
    // What the public edition was checked for, in one line.
    if engine.edition() == dagsorden::check::edition::Edition::Offentlig {
        let report =
            dagsorden::persondata::ledger::Report::of(engine.persondata().ledger().records());
        eprintln!("persondata: {}", report.line());
    }
    summary
}
