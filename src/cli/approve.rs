//! `approve`: the meeting rendered in both editions with its complete packet, then its approval record written; from then on the minutes are final.

use std::process::ExitCode;

use dagsorden::approval::{self, Record};
use dagsorden::batch::{self, Event, Options};
use dagsorden::check::edition::Edition;

use super::setup::Batch;
use super::{ApproveArgs, exit, say, stderr_color, usage_error};

/// Renders the meeting in both editions with its complete packet, then has
/// [`Record`] record the SHA-256 of every source and document. Nothing is
/// recorded unless every document was written.
pub fn approve(args: ApproveArgs) -> ExitCode {
    let color = stderr_color();
    let meeting = args.meeting.as_path();
    let dato = match approval_day(args.dato) {
        Ok(d) => d,
        Err(e) => return usage_error(e),
    };
    if let Err(d) = approval::approvable(meeting) {
        eprint!("{}", d.render(color));
        return ExitCode::from(exit::USAGE);
    }
    let paths = vec![meeting.to_path_buf()];
    let options = Options {
        output: Some(args.output),
        keep_typ: false,
        samlet: true,
        base: batch::base_of(&paths),
    };
    let mut written = Vec::new();
    let mut failed = 0;
    for edition in [Edition::Intern, Edition::Offentlig] {
        let Batch {
            cases,
            engine,
            pool,
        } = match Batch::set_up(&paths, &args.common, &options, edition) {
            Ok(b) => b,
            Err(e) => return usage_error(e),
        };
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
    let templates = args.common.templates.as_deref();
    let record = match Record::new(meeting, templates, dato, args.af, &written) {
        Ok(r) => r,
        Err(d) => {
            eprint!("{}", d.render(color));
            return ExitCode::from(exit::USAGE);
        }
    };
    match record.write(meeting) {
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

/// A `--dato` that is no date.
#[derive(Debug, thiserror::Error)]
#[error("`--dato {0}` is not a date; write it as YYYY-MM-DD, e.g. 2021-12-13")]
struct NotADate(String);

/// `--dato` as given, if it is a date, or today (UTC).
fn approval_day(dato: Option<String>) -> Result<String, NotADate> {
    match dato {
        Some(d) if chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").is_ok() => Ok(d),
        Some(d) => Err(NotADate(d)),
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            Ok(
                chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            )
        }
    }
}
