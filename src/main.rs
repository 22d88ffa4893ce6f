//! The `dagsorden` binary: parses the command line and runs a batch through the pipeline.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use dagsorden::batch::{self, Event, Options};
use dagsorden::pipeline::{Edition, Engine};

mod cli;

use cli::{Cli, Command, exit};

/// A line on standard output; a closed pipe (`| head`) is not an error.
fn say(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (paths, common, options) = match cli.command {
        Command::Render {
            paths,
            output,
            common,
            keep_typ,
            samlet,
        } => (
            paths,
            common,
            Options {
                output: Some(output),
                keep_typ,
                samlet,
            },
        ),
        Command::Check { paths, common } => (
            paths,
            common,
            Options {
                output: None,
                keep_typ: false,
                samlet: false,
            },
        ),
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let usage_error = |message: String| {
        eprintln!("error: {message}");
        ExitCode::from(exit::USAGE)
    };

    let cases = match batch::discover(&paths) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    if let Some(dir) = &options.output
        && let Err(e) = batch::prepare_output(dir)
    {
        return usage_error(e);
    }
    let mut engine = match Engine::new(common.templates.as_deref()) {
        Ok(e) => e,
        Err(e) => return usage_error(e),
    };
    engine.edition = match common.udgave {
        cli::Udgave::Intern => Edition::Intern,
        cli::Udgave::Offentlig => Edition::Offentlig,
    };

    let started = Instant::now();
    let mut warned = 0;
    let summary = batch::run(&engine, &cases, &options, |event| match event {
        Event::Written {
            case,
            pdf,
            packet,
            warnings,
        } => {
            for w in &warnings {
                eprint!("{}", w.render(color));
            }
            warned += warnings.len();
            if !common.quiet {
                say(format_args!("{} → {}", case.display(), pdf.display()));
                if let Some(packet) = packet {
                    say(format_args!("{} → {}", case.display(), packet.display()));
                }
            }
        }
        Event::Checked { case } if !common.quiet => say(format_args!("{}: ok", case.display())),
        Event::Failed { case, failure } => {
            eprint!("{}", failure.render(color));
            eprintln!("{}: not rendered\n", case.display());
        }
        _ => {}
    });
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
    eprintln!(
        "{} {documents} {verb}, {} failed{warnings} ({:.1} s)",
        summary.succeeded,
        summary.failed,
        started.elapsed().as_secs_f64()
    );
    if summary.failed > 0 {
        ExitCode::from(exit::SOME_FAILED)
    } else {
        ExitCode::from(exit::OK)
    }
}
