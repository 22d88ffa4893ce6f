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

#[derive(Debug, Parser)]
#[command(
    name = "dagsorden",
    version,
    about = "Turns YAML case files into the archival PDF documents of a municipality's committees",
    after_help = "Exit codes: 0 all documents rendered, 1 some documents failed (the others were written), 2 usage or configuration error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render case files to PDF (PDF/A-2a and PDF/UA-1)
    Render {
        /// Case files, or folders holding case files (searched recursively)
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Folder for the PDFs
        #[arg(short, long, value_name = "DIR", default_value = "output")]
        output: PathBuf,
        #[command(flatten)]
        common: Common,
        /// Also write the generated Typst source next to each PDF (for template work)
        #[arg(long)]
        keep_typ: bool,
        /// For each meeting, also write the complete packet `…_samlet.pdf`: the
        /// meeting document followed by every bilag, with a bookmark for each
        #[arg(long)]
        samlet: bool,
    },
    /// Check case files without writing anything
    Check {
        /// Case files, or folders holding case files (searched recursively)
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// A template folder whose files replace the built-in ones of the same name
    /// (profil.yaml, punkt.typ.j2, stil.typ, fonts/)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Print only errors and the summary
    #[arg(short, long)]
    pub quiet: bool,
    /// The edition: `intern` shows everything; `offentlig`, for publishing,
    /// shows a closed item only by number and title ("Lukket punkt") and
    /// names files `…_offentlig.pdf`
    #[arg(long, value_enum, default_value_t = Udgave::Intern)]
    pub udgave: Udgave,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Udgave {
    Intern,
    Offentlig,
}
