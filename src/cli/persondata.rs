//! `persondata`: an archive of PDFs and HTML files, made by any system, checked for personal data and reported per file and page, masked.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use dagsorden::bilag::Converter;
use dagsorden::engine::Engine;
use dagsorden::persondata::archive;

use super::{PersondataArgs, exit, usage_error};

/// Checks every PDF and HTML file below the paths given; exit 1 when
/// anything is found or cannot be read.
pub fn persondata(args: PersondataArgs) -> ExitCode {
    for p in &args.paths {
        if !p.exists() {
            return usage_error(format!("`{}` does not exist", p.display()));
        }
    }
    let engine = match Engine::builder()
        .templates(args.templates.as_deref())
        .convert_in_background(false)
        .build()
    {
        Ok(e) => e,
        Err(e) => return usage_error(e),
    };
    let files = archive::files(&args.paths);
    if files.is_empty() {
        return usage_error("no PDF or HTML files where the paths point");
    }
    let ocr = Converter::OcrMyPdf.find();
    if ocr.is_none() {
        eprintln!(
            "warning: {} is not installed, so pages without text (scans) are not read; install it with apt-get install {}",
            Converter::OcrMyPdf.name(),
            Converter::OcrMyPdf.packages()
        );
    }
    let report = archive::scan(
        engine.persondata(),
        &files,
        ocr.as_deref(),
        Duration::from_secs(u64::from(args.timeout)),
        &|| {},
    );
    if !args.quiet {
        for file in &report.resultater {
            for f in &file.fund {
                match f.side {
                    Some(page) => eprintln!("{}, side {page}: {} {}", file.fil, f.kind, f.masked),
                    None => eprintln!("{}: {} {}", file.fil, f.kind, f.masked),
                }
            }
            if let Some(why) = &file.fejl {
                eprintln!("{}: kunne ikke læses: {why}", file.fil);
            }
            if !file.ulaeste_sider.is_empty() {
                eprintln!(
                    "{}: sider uden tekst, ikke læst: {:?}",
                    file.fil, file.ulaeste_sider
                );
            }
        }
    }
    let json = match serde_json::to_string_pretty(&report) {
        Ok(j) => j + "\n",
        Err(e) => return usage_error(e),
    };
    let written = match &args.output {
        Some(path) => std::fs::write(path, json),
        None => std::io::stdout().write_all(json.as_bytes()),
    };
    if let Err(e) = written {
        return usage_error(format!("cannot write the report: {e}"));
    }
    // The report may be on stdout: the summary line goes to stderr.
    eprintln!("persondata: {}", report.line());
    ExitCode::from(if report.fund > 0 || report.ulaeselige > 0 {
        exit::SOME_FAILED
    } else {
        exit::OK
    })
}
