//! The `dagsorden` binary: parses the command line and runs a batch through the pipeline.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser};

use dagsorden::batch::{self, Event, Options};
use dagsorden::pipeline::{Edition, Engine};

mod cli;

/// Typst allocates and frees much per document; mimalloc hands the memory
/// back between documents where the system allocator kept it, and scales
/// across threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cli::{Cli, Command, Common, exit};

/// A line on standard output; a closed pipe (`| head`) is not an error.
fn say(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

fn usage_error(message: String) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(exit::USAGE)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render {
            rendering,
            keep_typ,
        } => batch_command(
            &rendering.paths,
            &rendering.common,
            &Options {
                output: Some(rendering.output),
                keep_typ,
                samlet: rendering.samlet,
                base: batch::base_of(&rendering.paths),
            },
        ),
        Command::Check { paths, common } => batch_command(
            &paths,
            &common,
            &Options {
                output: None,
                keep_typ: false,
                samlet: false,
                base: batch::base_of(&paths),
            },
        ),
        Command::Watch { rendering } => watch_command(
            &rendering.paths,
            &rendering.common,
            &Options {
                output: Some(rendering.output),
                keep_typ: false,
                samlet: rendering.samlet,
                base: batch::base_of(&rendering.paths),
            },
        ),
        Command::Approve {
            meeting,
            dato,
            af,
            output,
            common,
        } => approve_command(&meeting, dato, af, &output, &common),
        Command::Verify {
            meetings,
            output,
            templates,
        } => {
            let color = stderr_color();
            let mut failed = false;
            for meeting in &meetings {
                if meeting.is_file()
                    || meeting
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
                {
                    match dagsorden::provenance::verify_pdf(meeting, templates.as_deref()) {
                        Ok(line) => say(format_args!("{line}")),
                        Err(problems) => {
                            failed = true;
                            problems.iter().for_each(|p| eprintln!("error: {p}"));
                        }
                    }
                    continue;
                }
                match dagsorden::approval::verify(meeting, templates.as_deref(), &output) {
                    Ok(lines) => lines.iter().for_each(|l| say(format_args!("{l}"))),
                    Err(problems) => {
                        failed = true;
                        problems.iter().for_each(|d| eprint!("{}", d.render(color)));
                    }
                }
            }
            ExitCode::from(if failed { exit::SOME_FAILED } else { exit::OK })
        }
        Command::Publish {
            paths,
            output,
            base_url,
            templates,
            quiet,
            jobs,
            cache,
            timeout,
        } => publish_command(
            &paths,
            &output,
            &base_url,
            &Common {
                templates,
                quiet,
                jobs,
                udgave: cli::Udgave::Offentlig,
                cache,
                timeout,
            },
        ),
        Command::Sources { pdf, output } => {
            let dir = output.unwrap_or_else(|| {
                let stem = pdf.file_stem().unwrap_or_default().to_string_lossy();
                pdf.with_file_name(format!("{stem}_kilder"))
            });
            match dagsorden::provenance::write_sources(&pdf, &dir) {
                Ok(written) => {
                    written
                        .iter()
                        .for_each(|p| say(format_args!("{} written", p.display())));
                    ExitCode::from(exit::OK)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(exit::SOME_FAILED)
                }
            }
        }
        Command::New {
            kind,
            path,
            templates,
        } => new_case_file(kind, &path, templates.as_deref()),
        Command::Schema { dir } => match dagsorden::schema::write(&dir) {
            Ok(files) => {
                for f in files {
                    say(format_args!("{} written", f.display()));
                }
                ExitCode::from(exit::OK)
            }
            Err(e) => usage_error(format!(
                "cannot write the schemas into `{}`: {e}",
                dir.display()
            )),
        },
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "dagsorden",
                &mut std::io::stdout(),
            );
            ExitCode::from(exit::OK)
        }
        Command::Man => {
            match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::from(exit::OK),
                Err(e) => usage_error(format!("cannot write the manual page: {e}")),
            }
        }
    }
}

/// What `render`, `check` and `watch` set up before the first document;
/// an error here is a usage or configuration error.
struct Batch {
    cases: Vec<std::path::PathBuf>,
    engine: Engine,
    /// The threads: `--jobs`, or one per core.
    pool: rayon::ThreadPool,
}

impl Batch {
    fn set_up(
        paths: &[std::path::PathBuf],
        common: &Common,
        options: &Options,
    ) -> Result<Batch, String> {
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
            .map_err(|e| format!("cannot start worker threads: {e}"))?;
        let mut engine = engine(common, paths)?;
        engine.show_generated = options.keep_typ;
        engine.packets = options.samlet;
        Ok(Batch {
            cases,
            engine,
            pool,
        })
    }
}

/// `watch`: render everything, then what each save changes, until stopped.
/// Errors are printed and the watching goes on.
fn watch_command(paths: &[std::path::PathBuf], common: &Common, options: &Options) -> ExitCode {
    let Batch {
        cases,
        mut engine,
        pool,
    } = match Batch::set_up(paths, common, options) {
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
            match self::engine(common, paths) {
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

/// `approve`: renders the meeting in both editions with its complete packet,
/// then writes the approval record: the SHA-256 of every source and document.
/// Nothing is recorded unless every document was written.
fn approve_command(
    meeting: &Path,
    dato: Option<String>,
    af: Option<String>,
    output: &Path,
    common: &Common,
) -> ExitCode {
    use dagsorden::approval::{self, Record};
    let color = stderr_color();
    let dato = match dato {
        Some(d) if chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").is_ok() => d,
        Some(d) => {
            return usage_error(format!(
                "`--dato {d}` is not a date; write it as YYYY-MM-DD, e.g. 2021-12-13"
            ));
        }
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        }
    };
    if let Err(d) = approval::approvable(meeting) {
        eprint!("{}", d.render(color));
        return ExitCode::from(exit::USAGE);
    }
    let paths = vec![meeting.to_path_buf()];
    let options = Options {
        output: Some(output.to_path_buf()),
        keep_typ: false,
        samlet: true,
        base: batch::base_of(&paths),
    };
    let mut written = Vec::new();
    let mut failed = 0;
    for edition in [Edition::Intern, Edition::Offentlig] {
        let Batch {
            cases,
            mut engine,
            pool,
        } = match Batch::set_up(&paths, common, &options) {
            Ok(b) => b,
            Err(e) => return usage_error(e),
        };
        engine.edition = edition;
        let summary = pool.install(|| {
            batch::run(&engine, &cases, &options, &|| {}, |event| match event {
                Event::Written {
                    pdf, packet, also, ..
                } => {
                    written.push(pdf);
                    written.extend(packet);
                    written.extend(also);
                }
                Event::Checked { .. } => {}
                Event::Failed { case, failure } => {
                    eprint!("{}", failure.render(color));
                    eprintln!("{}: not rendered\n", case.display());
                }
            })
        });
        failed += summary.failed;
    }
    if failed > 0 {
        eprintln!("{failed} documents failed; the minutes are not approved");
        return ExitCode::from(exit::SOME_FAILED);
    }
    let mut dokumenter = std::collections::BTreeMap::new();
    for path in &written {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with(approval::TILLAEG) {
            continue; // corrections are added to, not approved
        }
        match std::fs::read(path) {
            Ok(bytes) => {
                dokumenter.insert(
                    name.into_owned(),
                    dagsorden::bilag::cache::hex_sha256(&bytes),
                );
            }
            Err(e) => return usage_error(format!("cannot read `{}`: {e}", path.display())),
        }
    }
    let kilder = match approval::sources(meeting, common.templates.as_deref()) {
        Ok(k) => k,
        Err(d) => {
            eprint!("{}", d.render(color));
            return ExitCode::from(exit::USAGE);
        }
    };
    let record = Record {
        godkendt: dato,
        godkendt_af: af,
        version: env!("CARGO_PKG_VERSION").to_string(),
        kilder,
        dokumenter,
    };
    let written = record.to_yaml().and_then(|yaml| {
        dagsorden::write::atomic(meeting, approval::RECORD, yaml.as_bytes())
            .map_err(|e| e.to_string())
    });
    match written {
        Ok(path) => {
            say(format_args!(
                "{} written: {} sources and {} documents approved on {}",
                path.display(),
                record.kilder.len(),
                record.dokumenter.len(),
                record.godkendt
            ));
            ExitCode::from(exit::OK)
        }
        Err(e) => usage_error(format!("cannot write the approval record: {e}")),
    }
}

/// Whether messages on standard error may be coloured: a terminal, and no `NO_COLOR`.
fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// `publish`: the public edition as a web site with its PDFs and OParl files.
fn publish_command(
    paths: &[std::path::PathBuf],
    output: &Path,
    base_url: &str,
    common: &Common,
) -> ExitCode {
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
    } = match Batch::set_up(paths, common, &options) {
        Ok(b) => b,
        Err(e) => return usage_error(e),
    };
    let publish = dagsorden::publish::Options {
        dir: output.to_path_buf(),
        base_url,
        base: options.base,
    };
    let started = Instant::now();
    let mut shown = std::collections::HashSet::new();
    let result = pool.install(|| {
        dagsorden::publish::publish(&engine, &cases, &publish, &|| {}, |event| match event {
            Event::Written { warnings, .. } | Event::Checked { warnings, .. } => {
                for w in warnings {
                    let text = w.render(color);
                    if shown.insert(text.clone()) {
                        eprint!("{text}");
                    }
                }
            }
            Event::Failed { case, failure } => {
                eprint!("{}", failure.render(color));
                eprintln!("{}: not published\n", case.display());
            }
        })
    });
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
            eprintln!(
                "{} documents written, {} failed ({:.1} s)",
                p.documents.succeeded,
                p.documents.failed,
                started.elapsed().as_secs_f64()
            );
            ExitCode::from(if p.documents.failed > 0 {
                exit::SOME_FAILED
            } else {
                exit::OK
            })
        }
        Err(e) => usage_error(e),
    }
}

/// `new`: a starter case file.
fn new_case_file(
    kind: dagsorden::scaffold::Kind,
    path: &Path,
    templates: Option<&Path>,
) -> ExitCode {
    let assets = match templates {
        Some(dir) => match dagsorden::assets::Assets::with_user_dir(dir) {
            Ok(a) => a,
            Err(e) => return usage_error(e),
        },
        None => dagsorden::assets::Assets::built_in(),
    };
    match dagsorden::scaffold::new_case_file(&assets, kind, path) {
        Ok(file) => {
            say(format_args!("{} written", file.display()));
            say(format_args!(
                "fill it in, then: dagsorden check {}",
                file.display()
            ));
            ExitCode::from(exit::OK)
        }
        Err(e) => usage_error(e),
    }
}

/// The engine the common options ask for, for the case files of `paths`.
fn engine(common: &Common, paths: &[std::path::PathBuf]) -> Result<Engine, String> {
    let mut engine = Engine::new(common.templates.as_deref())?;
    engine.edition = match common.udgave {
        cli::Udgave::Intern => Edition::Intern,
        cli::Udgave::Offentlig => Edition::Offentlig,
    };
    engine.bilag = dagsorden::bilag::Bilag::new(
        common.cache.clone(),
        std::time::Duration::from_secs(common.timeout.into()),
    );
    // A bilag must lie inside what is rendered: the folders named, or the
    // folder of a case file named.
    engine.roots = paths
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
    Ok(engine)
}

/// `render` and `check`: every case file of `paths`, on every core (or `--jobs`).
fn batch_command(paths: &[std::path::PathBuf], common: &Common, options: &Options) -> ExitCode {
    let Batch {
        cases,
        engine,
        pool,
    } = match Batch::set_up(paths, common, options) {
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
fn run_batch(
    engine: &Engine,
    cases: &[std::path::PathBuf],
    common: &Common,
    options: &Options,
) -> batch::Summary {
    let stderr_is_terminal = std::io::stderr().is_terminal();
    let color = stderr_is_terminal && std::env::var_os("NO_COLOR").is_none();
    let bar = if stderr_is_terminal && !common.quiet && cases.len() > 1 {
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} [{bar:32}] {pos}/{len} documents ({elapsed})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
        indicatif::ProgressBar::new(cases.len() as u64).with_style(style)
    } else {
        indicatif::ProgressBar::hidden()
    };

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
                eprint!("{}", failure.render(color));
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
    let converted = engine.bilag.converted.load(Ordering::Relaxed);
    let cached = engine.bilag.from_cache.load(Ordering::Relaxed);
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
    summary
}
