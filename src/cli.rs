//! The command line: commands, arguments and exit codes (clap definitions only).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Exit codes, as documented in `--help`.
pub mod exit {
    /// Every document rendered (or checked).
    pub const OK: u8 = 0;
    /// Some documents failed; the others were written.
    pub const SOME_FAILED: u8 = 1;
    /// Usage or configuration error; nothing was done.
    pub const USAGE: u8 = 2;
}

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
    /// Render case files to PDF (PDF/A-2a and PDF/UA-1)
    #[command(after_help = EXIT_CODES)]
    Render {
        #[command(flatten)]
        rendering: Rendering,
        /// Also write the generated Typst source next to each PDF (for template work)
        #[arg(long)]
        keep_typ: bool,
    },
    /// Check case files without writing anything
    #[command(after_help = EXIT_CODES)]
    Check {
        /// Case files, or folders holding case files (searched recursively)
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Render, then render again what changes whenever a case file, bilag or template is saved (Ctrl-C stops)
    Watch {
        #[command(flatten)]
        rendering: Rendering,
    },
    /// Approve a meeting's minutes: render both editions and the complete
    /// packet, then write `godkendelse.yaml` beside `moede.yaml` with the
    /// SHA-256 of every source and document; from then on they are final
    #[command(after_help = EXIT_CODES)]
    Approve {
        /// The meeting folder (the one holding `moede.yaml`)
        #[arg(value_name = "MEETING_DIR")]
        meeting: PathBuf,
        /// The day the committee approved the minutes, YYYY-MM-DD (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        dato: Option<String>,
        /// Who approved them, e.g. "Udvalget for Læring, møde 13. december 2021, punkt 110"
        #[arg(long, value_name = "TEXT")]
        af: Option<String>,
        /// Folder for the PDFs
        #[arg(short, long, value_name = "DIR", default_value = "output")]
        output: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Check approved minutes: every source beside the meeting and every
    /// approved document below the output folder against `godkendelse.yaml`
    /// (exit 0 only when everything is identical)
    #[command(after_help = EXIT_CODES)]
    Verify {
        /// Meeting folders approved with `dagsorden approve`
        #[arg(required = true, value_name = "MEETING_DIR")]
        meetings: Vec<PathBuf>,
        /// The folder the approved PDFs are in (searched recursively)
        #[arg(short, long, value_name = "DIR", default_value = "output")]
        output: PathBuf,
        /// The template folder the minutes were approved with, if any
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Publish the public edition as a static web site (HTML pages, the
    /// public PDFs and bilag) with an OParl 1.1 export under `oparl/`
    #[command(after_help = EXIT_CODES)]
    Publish {
        /// Case files, or folders holding case files (searched recursively)
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The site's folder (new, empty, or a site published before, whose
        /// files that are no longer part of the site are removed)
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// The address the site will be served from, for the OParl ids and
        /// URLs (default: none, ids relative to the site's top folder)
        #[arg(long, value_name = "URL", default_value = "")]
        base_url: String,
        /// A template folder whose files replace the built-in ones of the same name
        /// (profil.yaml, html/*.html, html/stil.css, the Typst templates, fonts/)
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Print only errors, warnings and the summary
        #[arg(short, long)]
        quiet: bool,
        /// How many documents to typeset at once (default: one per core)
        #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Where converted bilag are kept (default: $XDG_CACHE_HOME/dagsorden)
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// How many seconds one bilag's conversion may take
        #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..))]
        timeout: u32,
    },
    /// Write a filled-in starter case file, every key commented; `check` passes on it
    New {
        /// What kind of case file
        #[arg(value_enum)]
        kind: dagsorden::scaffold::Kind,
        /// The new file, or a folder to put it in (`<kind>.yaml`; `moede.yaml` for a meeting)
        path: PathBuf,
        /// A template folder whose `ny/` files replace the built-in starters
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Write the JSON Schemas of the case files (for an editor's YAML language server)
    Schema {
        /// The folder to write `punkt.schema.json`, `notat.schema.json`, `moede.schema.json` and `rettelse.schema.json` into
        #[arg(default_value = "schema", value_name = "DIR")]
        dir: PathBuf,
    },
    /// Print a shell completion script (e.g. `dagsorden completions bash > /etc/bash_completion.d/dagsorden`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `dagsorden man > dagsorden.1`)
    Man,
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
    #[arg(long, value_enum, default_value_t = Udgave::Intern)]
    pub udgave: Udgave,
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

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Udgave {
    Intern,
    Offentlig,
}
