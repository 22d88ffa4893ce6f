//! `sources`: the case files embedded in a PDF, written out byte for byte.

use std::process::ExitCode;

use super::{SourcesArgs, exit, say};

/// Writes the files embedded in the PDF into the folder given, or beside it.
pub fn sources(args: SourcesArgs) -> ExitCode {
    let dir = args
        .output
        .unwrap_or_else(|| dagsorden::write::sources_dir(&args.pdf));
    match dagsorden::provenance::write_sources(&args.pdf, &dir) {
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
