//! `verify`: a PDF rendered again from its embedded case files and compared byte for byte; a meeting folder's sources and approved documents checked against its approval record.

use std::process::ExitCode;

use super::{VerifyArgs, exit, say, stderr_color};

/// Verifies every path given: a PDF by rendering it again, a meeting folder
/// against `godkendelse.yaml`. Exit 0 only when everything is identical.
pub fn verify(args: VerifyArgs) -> ExitCode {
    let color = stderr_color();
    let templates = args.templates.as_deref();
    let mut failed = false;
    for path in &args.meetings {
        let is_pdf = path.is_file()
            || path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if is_pdf {
            match dagsorden::verify::verify_pdf(path, templates) {
                Ok(line) => say(format_args!("{line}")),
                Err(problems) => {
                    failed = true;
                    problems.iter().for_each(|p| eprintln!("error: {p}"));
                }
            }
            continue;
        }
        match dagsorden::approval::verify(path, templates, &args.output) {
            Ok(lines) => lines.iter().for_each(|l| say(format_args!("{l}"))),
            Err(problems) => {
                failed = true;
                problems.iter().for_each(|d| eprint!("{}", d.render(color)));
            }
        }
    }
    ExitCode::from(if failed { exit::SOME_FAILED } else { exit::OK })
}
