//! The command line: commands, arguments and exit codes (the clap definitions), and one module per command doing its work.

mod approve;
mod import;
mod persondata;
mod publish;
mod reference;
mod render;
mod setup;
mod sources;
mod verify;
mod watch;

pub use approve::approve;
pub use import::import;
pub use persondata::persondata;
pub use publish::publish;
pub use reference::{completions, man, new, schema};
pub use render::{check, render};
pub use sources::sources;
pub use verify::verify;
pub use watch::watch;

use std::path::PathBuf;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dagsorden::check::edition::Edition;

/// Exit codes, as documented in `--help`.
pub mod exit {
    /// Every document rendered (or checked).
    pub const OK: u8 = 0;
    /// Some documents failed; the others were written.
    pub const SOME_FAILED: u8 = 1;
    /// Usage or configuration error; nothing was done.
    pub const USAGE: u8 = 2;
}

/// `persondata`'s exit codes.
const PERSONDATA_EXIT_CODES: &str = "Exit codes:\n  0  nothing found, every file read\n  1  personal data found, or a file or page could not be read\n  2  usage or configuration error; nothing was done";

/// The exit codes, as `--help` shows them.
const EXIT_CODES: &str = "Exit codes:\n  0  every document rendered (or checked)\n  1  some documents failed; the others were written\n  2  usage or configuration error; nothing was done";

#[derive(Debug, Parser)]
#[command(
    name = "dagsorden",
    version,
    about = "Turns YAML case files into the archival PDF documents of a municipality's committees",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render case files to PDF (PDF/A-3a and PDF/UA-1, carrying their case files)
    #[command(after_help = EXIT_CODES)]
    Render(RenderArgs),
    /// Check case files without writing anything
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Render, then render again what changes whenever a case file, bilag or template is saved (Ctrl-C stops)
    Watch(Rendering),
    /// Approve a meeting's minutes: render both editions and the complete
    /// packet, then write `godkendelse.yaml` beside `moede.yaml` with the
    /// SHA-256 of every source and document; from then on they are final
    #[command(after_help = EXIT_CODES)]
    Approve(ApproveArgs),
    /// Check documents: a PDF is rendered again, in memory, from the case
    /// files embedded in it and compared byte for byte; a meeting folder's
    /// sources and approved documents (below the output folder) are checked
    /// against `godkendelse.yaml` (exit 0 only when everything is identical)
    #[command(after_help = EXIT_CODES)]
    Verify(VerifyArgs),
    /// Publish the public edition as a static web site (HTML pages, the
    /// public PDFs and bilag) with an OParl 1.1 export under `oparl/`
    #[command(after_help = EXIT_CODES)]
    Publish(PublishArgs),
    /// Check any PDFs and HTML files (a copy of an agenda archive already
    /// published, made by any system) for CPR numbers, e-mail addresses and
    /// telephone numbers, pages without text read by OCRmyPDF when it is
    /// installed; the report, masked, as JSON on stdout (exit 1 when
    /// something is found)
    #[command(after_help = PERSONDATA_EXIT_CODES)]
    Persondata(PersondataArgs),
    /// Write the files embedded in a PDF made by dagsorden (its case files
    /// and `dagsorden-manifest.json`) into a folder, byte for byte
    #[command(after_help = EXIT_CODES)]
    Sources(SourcesArgs),
    /// Write a meeting exported from a case system (SBSYS, eDoc, Agenda
    /// Management) as case files: `moede.yaml`, one file per item and the
    /// bilag, in one step or not at all
    #[command(after_help = EXIT_CODES)]
    Import(ImportArgs),
    /// Write a filled-in starter case file, every key commented; `check` passes on it
    New(NewArgs),
    /// Write the JSON Schemas of the case files (for an editor's YAML language server)
    Schema(SchemaArgs),
    /// Print a shell completion script (e.g. `dagsorden completions bash > /etc/bash_completion.d/dagsorden`)
    Completions(CompletionsArgs),
    /// Print the manual page (roff; e.g. `dagsorden man > dagsorden.1`)
    Man,
}

/// `render`'s arguments.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub rendering: Rendering,
    /// Also write the generated Typst source next to each PDF (for template work)
    #[arg(long)]
    pub keep_typ: bool,
}

/// `check`'s arguments.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Case files, or folders holding case files (searched recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// `approve`'s arguments.
#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    /// The meeting folder (the one holding `moede.yaml`)
    #[arg(value_name = "MEETING_DIR")]
    pub meeting: PathBuf,
    /// The day the committee approved the minutes, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub dato: Option<String>,
    /// Who approved them, e.g. "Udvalget for Læring, møde 13. december 2021, punkt 110"
    #[arg(long, value_name = "TEXT")]
    pub af: Option<String>,
    /// Folder for the PDFs
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    #[command(flatten)]
    pub common: Common,
}

/// `verify`'s arguments.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// PDFs made by dagsorden, or meeting folders approved with `dagsorden approve`
    #[arg(required = true, value_name = "PATH")]
    pub meetings: Vec<PathBuf>,
    /// The folder the approved PDFs are in (searched recursively)
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    /// The template folder the documents were rendered (or the minutes approved) with, if any
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `publish`'s arguments.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// Case files, or folders holding case files (searched recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The site's folder (new, empty, or a site published before, whose
    /// files that are no longer part of the site are removed)
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// The address the site will be served from, for the OParl ids and
    /// URLs (default: none, ids relative to the site's top folder)
    #[arg(long, value_name = "URL", default_value = "")]
    pub base_url: String,
    /// Make no search index (`pagefind/`): the search page then says the
    /// site has no search
    #[arg(long)]
    pub no_search: bool,
    /// A template folder whose files replace the built-in ones of the same name
    /// (profil.yaml, html/*.html, html/stil.css, the Typst templates, fonts/)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Print only errors, warnings and the summary
    #[arg(short, long)]
    pub quiet: bool,
    /// How many documents to typeset at once (default: one per core)
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Where converted bilag are kept (default: $XDG_CACHE_HOME/dagsorden)
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// How many seconds one bilag's conversion may take
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..))]
    pub timeout: u32,
}

/// `persondata`'s arguments.
#[derive(Debug, clap::Args)]
pub struct PersondataArgs {
    /// PDF and HTML files, or folders searched for them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A template folder whose profile (profil.yaml) says what is allowed
    /// (the kommune's domains and switchboard) and which words to look for
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write the JSON report to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only the summary line and errors
    #[arg(short, long)]
    pub quiet: bool,
    /// How long OCR of one file may take, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..))]
    pub timeout: u32,
}

/// `sources`'s arguments.
#[derive(Debug, clap::Args)]
pub struct SourcesArgs {
    /// The PDF
    pub pdf: PathBuf,
    /// The folder to write them into (default: the PDF's name without `.pdf`, plus `_kilder`)
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// `import`'s arguments.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The case system that wrote the export
    #[arg(value_enum)]
    pub format: ImportFormat,
    /// The export: its folder, or its XML file
    #[arg(value_name = "EXPORT")]
    pub export: PathBuf,
    /// The folder to write the meeting into (default: `cases/<udvalg>/<dato>/`)
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Replace the folder if it exists
    #[arg(long)]
    pub force: bool,
    /// A template folder whose `profil.yaml` gives the section headings
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// The case systems `import` reads.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ImportFormat {
    /// SBSYS: `/Dagsorden` with `Møde` and `Dagsordenpunkter`
    Sbsys,
    /// eDoc: `/Meeting` (`eDocAgendaPublishing.xml`)
    Edoc,
    /// Agenda Management (Acadre): `/Publication`
    Agman,
}

/// `new`'s arguments.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What kind of case file
    #[arg(value_enum)]
    pub kind: dagsorden::scaffold::Kind,
    /// The new file, or a folder to put it in (`<kind>.yaml`; `moede.yaml` for a meeting)
    pub path: PathBuf,
    /// A template folder whose `ny/` files replace the built-in starters
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `schema`'s arguments.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The folder to write `punkt.schema.json`, `notat.schema.json`, `moede.schema.json` and `rettelse.schema.json` into
    #[arg(default_value = "schema", value_name = "DIR")]
    pub dir: PathBuf,
}

/// `completions`'s arguments.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// What `render` and `watch` share.
#[derive(Debug, clap::Args)]
pub struct Rendering {
    /// Case files, or folders holding case files (searched recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Folder for the PDFs; the case tree below the folder given is mirrored
    /// in it (`DIR/<udvalg>/<dato>/Punkt_….pdf`)
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    #[command(flatten)]
    pub common: Common,
    /// For each meeting, also write the complete packet `…_samlet.pdf`: the
    /// meeting document followed by every bilag, with a bookmark for each
    #[arg(long)]
    pub samlet: bool,
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// A template folder whose files replace the built-in ones of the same name
    /// (profil.yaml, punkt.typ.j2, stil.typ, fonts/)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Print only errors, warnings and the summary (no progress bar)
    #[arg(short, long)]
    pub quiet: bool,
    /// How many documents to typeset at once (default: one per core)
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// The edition: `intern` shows everything; `offentlig`, for publishing,
    /// shows a closed item only by number, title ("Lukket punkt") and its
    /// `offentlig_beslutning`, and names files `…_offentlig.pdf`
    #[arg(long, value_enum, default_value_t = Edition::Intern)]
    pub udgave: Edition,
    /// Where converted bilag are kept, by the SHA-256 of the file and the
    /// converter's version (default: $XDG_CACHE_HOME/dagsorden, or
    /// ~/.cache/dagsorden)
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// How many seconds one bilag's conversion (LibreOffice, OCRmyPDF) may
    /// take before it is stopped and reported
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..))]
    pub timeout: u32,
}

/// A line on standard output; a closed pipe (`| head`) is not an error.
/// The progress bar of a run over `cases` case files, on a terminal only
/// (hidden when quiet, for one file, or when stderr is not a terminal).
pub(crate) fn progress_bar(cases: usize, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || quiet || cases < 2 {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} [{bar:32}] {pos}/{len} documents ({elapsed})",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .progress_chars("=> ");
    indicatif::ProgressBar::new(cases as u64).with_style(style)
}

/// Prints a case's errors, each only once in a run: an item's error that
/// its meeting's document shares is not printed again for the meeting.
pub(crate) fn print_failure(
    failure: &dagsorden::prepared::Failure,
    color: bool,
    shown: &mut std::collections::HashSet<String>,
) {
    let mut repeated = 0;
    let fresh: Vec<String> = failure
        .diagnostics
        .iter()
        .map(|d| d.render(color))
        .filter(|text| {
            let new = shown.insert(text.clone());
            repeated += usize::from(!new);
            new
        })
        .collect();
    if !fresh.is_empty() {
        eprint!("{}", fresh.join("\n"));
    }
    if repeated > 0 {
        eprintln!(
            "({repeated} {} shown above)",
            if repeated == 1 { "error" } else { "errors" }
        );
    }
}

pub(crate) fn say(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// A usage or configuration error: said, and nothing done.
pub(crate) fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(exit::USAGE)
}

/// Whether messages on standard error may be coloured: a terminal, and no `NO_COLOR`.
pub(crate) fn stderr_color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
