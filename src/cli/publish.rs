//! `publish`: the public edition as a static web site with its PDFs and an OParl 1.1 export.

use std::process::ExitCode;
use std::time::Instant;

use dagsorden::batch::{self, Event, Options};
use dagsorden::check::edition::Edition;

use super::setup::Batch;
use super::{Common, PublishArgs, exit, say, stderr_color, usage_error};

/// `publish`: the public edition as a web site with its PDFs and OParl files.
pub fn publish(args: PublishArgs) -> ExitCode {
    let common = &Common {
        templates: args.templates,
        quiet: args.quiet,
        jobs: args.jobs,
        udgave: Edition::Offentlig,
        cache: args.cache,
        timeout: args.timeout,
    };
    let (paths, output, base_url) = (&args.paths[..], &args.output, &args.base_url);
    let color = stderr_color();
    let options = Options {
        output: None,
        keep_typ: false,
        samlet: true,
        base: batch::base_of(paths),
    };
    let base_url = match dagsorden::publish::normalise_base_url(base_url) {
        Ok(url) => url,
        Err(e) => return usage_error(e),
    };
    let Batch {
        cases,
        engine,
        pool,
    } = match Batch::set_up(paths, common, &options, Edition::Offentlig) {
        Ok(b) => b,
        Err(e) => return usage_error(e),
    };
    let publish = dagsorden::publish::Options {
        dir: output.to_path_buf(),
        base_url,
        base: options.base,
        search: !args.no_search,
    };
    let started = Instant::now();
    let mut shown = std::collections::HashSet::new();
    let mut errors_shown = std::collections::HashSet::new();
    let bar = super::progress_bar(cases.len(), common.quiet);
    let result = pool.install(|| {
        dagsorden::publish::publish(&engine, &cases, &publish, &|| bar.inc(1), |event| {
            bar.suspend(|| match event {
                Event::Written { warnings, .. } | Event::Checked { warnings, .. } => {
                    for w in warnings {
                        let text = w.render(color);
                        if shown.insert(text.clone()) {
                            eprint!("{text}");
                        }
                    }
                }
                Event::Failed { case, failure } => {
                    super::print_failure(&failure, color, &mut errors_shown);
                    eprintln!("{}: not published\n", case.display());
                }
            })
        })
    });
    bar.finish_and_clear();
    match result {
        Ok(p) => {
            for case in &p.left_out {
                eprintln!(
                    "note: {} is not published: it is on no meeting's agenda (no moede.yaml beside it, or its `punkter` do not list it)",
                    case.display()
                );
            }
            if !common.quiet {
                say(format_args!(
                    "{}: {} meetings, {} pages, {} OParl files",
                    output.display(),
                    p.meetings,
                    p.pages,
                    p.oparl_files
                ));
            }
            if !common.quiet && p.search.records > 0 {
                say(format_args!(
                    "search: {} records indexed, {} files ({}) in {}/{}; search works over http(s) only, e.g. `python3 -m http.server --directory {}` and http://localhost:8000/{}",
                    p.search.records,
                    p.search.files,
                    dagsorden::publish::site::size_text(p.search.bytes),
                    output.display(),
                    dagsorden::publish::search::BUNDLE,
                    output.display(),
                    dagsorden::publish::site::SEARCH_PAGE,
                ));
            }
            for d in &p.withheld {
                eprint!("{}", d.render(color));
            }
            eprintln!(
                "{} documents written, {} failed ({:.1} s)",
                p.documents.succeeded,
                p.documents.failed,
                started.elapsed().as_secs_f64()
            );
            eprintln!(
                "persondata: {} ({})",
                p.persondata.line(),
                p.report.display()
            );
            ExitCode::from(if p.documents.failed > 0 || !p.withheld.is_empty() {
                exit::SOME_FAILED
            } else {
                exit::OK
            })
        }
        Err(e) => usage_error(e),
    }
}
