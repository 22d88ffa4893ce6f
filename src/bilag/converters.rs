//! The converters: the real programs that turn received files into PDF/A, run as processes with a time limit: LibreOffice for Office files, OCRmyPDF (Tesseract, Ghostscript) for scans and other PDFs.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

/// A program dagsorden hands a kind of bilag to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Converter {
    /// `soffice --headless --convert-to pdf`: Word, Excel, PowerPoint and OpenDocument files.
    LibreOffice,
    /// `ocrmypdf -l dan --output-type pdfa-2`: scanned images and PDFs that
    /// are not PDF/A (Tesseract reads the pages that have no text; Ghostscript
    /// writes PDF/A-2b and keeps the text that is there).
    OcrMyPdf,
}

impl Converter {
    /// The program's names, tried in order on `PATH`.
    fn programs(self) -> &'static [&'static str] {
        match self {
            Converter::LibreOffice => &["soffice", "libreoffice"],
            Converter::OcrMyPdf => &["ocrmypdf"],
        }
    }

    /// What to name in a warning.
    pub fn name(self) -> &'static str {
        match self {
            Converter::LibreOffice => "LibreOffice",
            Converter::OcrMyPdf => "OCRmyPDF",
        }
    }

    /// The Debian packages that bring it.
    pub fn packages(self) -> &'static str {
        match self {
            Converter::LibreOffice => {
                "libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui"
            }
            Converter::OcrMyPdf => "ocrmypdf tesseract-ocr-dan",
        }
    }

    /// The program on `PATH`, if installed.
    pub fn find(self) -> Option<PathBuf> {
        let path = std::env::var_os("PATH")?;
        self.programs().iter().find_map(|name| {
            std::env::split_paths(&path)
                .filter(|dir| !dir.as_os_str().is_empty())
                .map(|dir| dir.join(name))
                .find(|p| is_executable(p))
        })
    }
}

/// Why a converter gave no PDF.
#[derive(Debug, thiserror::Error)]
pub enum ConverterError {
    /// Its folder to work in, or the copy of the bilag there, cannot be made.
    #[error(transparent)]
    Work(std::io::Error),
    /// The program cannot be run.
    #[error("it could not be started ({0})")]
    Start(#[source] std::io::Error),
    /// Waiting for the program failed.
    #[error(transparent)]
    Wait(std::io::Error),
    /// It ran past its time limit and was stopped.
    #[error("it did not finish within {} s and was stopped", .limit.as_secs())]
    TimedOut { limit: Duration },
    /// It ended with an error; `said` is the last line it wrote to standard
    /// error (empty if it wrote none).
    #[error("it failed ({status}){}", said_after_colon(said))]
    Failed { status: ExitStatus, said: String },
    /// It ended well but left no PDF where it was asked to write one.
    #[error("{} wrote no PDF", .converter.name())]
    NoOutput {
        converter: Converter,
        #[source]
        source: std::io::Error,
    },
}

/// `: what it said`, or nothing when it said nothing.
fn said_after_colon(said: &str) -> String {
    if said.is_empty() {
        String::new()
    } else {
        format!(": {said}")
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The version line (`LibreOffice 25.2.3.2 …`, `16.1.0`), which is
/// part of every cache key. Asked once per program binary and remembered in
/// `memo` (a folder of the cache), since LibreOffice takes a second to answer.
pub fn version(
    program: &Path,
    memo: Option<&Path>,
    limit: Duration,
) -> Result<String, ConverterError> {
    let real = std::fs::canonicalize(program).unwrap_or_else(|_| program.to_path_buf());
    let stamp = std::fs::metadata(&real)
        .map(|m| {
            use std::os::unix::fs::MetadataExt;
            format!("{}-{}-{}", real.display(), m.len(), m.mtime())
        })
        .unwrap_or_default();
    let memo_file = memo.map(|dir| {
        dir.join(format!(
            "{}.version",
            crate::digest::hex_sha256(stamp.as_bytes())
        ))
    });
    if let Some(text) = memo_file
        .as_ref()
        .and_then(|f| std::fs::read_to_string(f).ok())
    {
        return Ok(text);
    }
    let out = run(Command::new(program).arg("--version"), limit)?;
    let line = String::from_utf8_lossy(&out)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("unknown")
        .to_string();
    if let Some(file) = memo_file {
        let _ = crate::atomic::atomic(
            file.parent().unwrap_or(Path::new(".")),
            &file.file_name().unwrap_or_default().to_string_lossy(),
            line.as_bytes(),
        );
    }
    Ok(line)
}

/// Converts `input` (a file in `work`, a fresh folder of its own) with
/// `converter`, returning the PDF it wrote.
pub fn convert(
    converter: Converter,
    program: &Path,
    input: &Path,
    work: &Path,
    limit: Duration,
) -> Result<Vec<u8>, ConverterError> {
    let out_dir = work.join("ud");
    std::fs::create_dir_all(&out_dir).map_err(ConverterError::Work)?;
    let output = match converter {
        Converter::LibreOffice => {
            let export = match extension(input).as_str() {
                "xlsx" | "xls" | "ods" => "calc_pdf_Export",
                "pptx" | "odp" => "impress_pdf_Export",
                _ => "writer_pdf_Export",
            };
            // PDF/A-2b (SelectPdfVersion 2) with tags and the PDF/UA claim;
            // a profile folder of its own so that parallel runs never share one.
            let filter = format!(
                r#"pdf:{export}:{{"SelectPdfVersion":{{"type":"long","value":"2"}},"PDFUACompliance":{{"type":"boolean","value":"true"}},"UseTaggedPDF":{{"type":"boolean","value":"true"}},"ExportBookmarks":{{"type":"boolean","value":"true"}}}}"#
            );
            let profile = format!(
                "-env:UserInstallation=file://{}",
                work.join("profil").display()
            );
            run(
                Command::new(program)
                    .arg(profile)
                    .args(["--headless", "--norestore", "--nolockcheck", "--convert-to"])
                    .arg(filter)
                    .arg("--outdir")
                    .arg(&out_dir)
                    .arg(input)
                    .env("HOME", work),
                limit,
            )?;
            out_dir.join(input.with_extension("pdf").file_name().unwrap_or_default())
        }
        Converter::OcrMyPdf => {
            let output = out_dir.join("ud.pdf");
            let mut command = Command::new(program);
            command
                .args(["-l", "dan", "--output-type", "pdfa-2", "--skip-text"])
                .args(["--optimize", "0", "--jobs", "1", "--quiet"]);
            if !extension(input).eq("pdf") {
                // A scanned image without a resolution of its own: 300 dpi.
                command.args(["--image-dpi", "300"]);
            }
            run(command.arg(input).arg(&output).env("HOME", work), limit)?;
            output
        }
    };
    std::fs::read(&output).map_err(|source| ConverterError::NoOutput { converter, source })
}

/// The lower-cased extension of `path`.
pub fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Runs `command` to its end, or kills it (and what it started) after
/// `limit`; returns its standard output.
fn run(command: &mut Command, limit: Duration) -> Result<Vec<u8>, ConverterError> {
    use std::os::unix::process::CommandExt;
    use wait_timeout::ChildExt;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(ConverterError::Start)?;
    // Read both pipes while waiting, so a talkative converter never blocks.
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let status = match child.wait_timeout(limit).map_err(ConverterError::Wait)? {
        Some(status) => status,
        None => {
            // The whole process group: LibreOffice's soffice starts soffice.bin.
            if let Ok(group) = i32::try_from(child.id()) {
                // SAFETY: killpg only sends a signal; the group is the child's own.
                unsafe { libc::killpg(group, libc::SIGKILL) };
            }
            let _ = child.kill();
            let _ = child.wait();
            return Err(ConverterError::TimedOut { limit });
        }
    };
    let stdout = stdout.and_then(|h| h.join().ok()).unwrap_or_default();
    let stderr = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
    if !status.success() {
        let said = String::from_utf8_lossy(&stderr);
        let last = said
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(ConverterError::Failed {
            status,
            said: last.trim().to_string(),
        });
    }
    Ok(stdout)
}

fn drain(mut pipe: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = pipe.read_to_end(&mut out);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_that_cannot_start_fails_writes_nothing_or_runs_too_long_is_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("scan.png");
        std::fs::write(&input, b"\x89PNG\r\n\x1a\n").unwrap();
        let limit = Duration::from_secs(20);
        let convert = |program: &str| {
            convert(
                Converter::OcrMyPdf,
                Path::new(program),
                &input,
                dir.path(),
                limit,
            )
            .unwrap_err()
        };

        let absent = convert("/findes-ikke/ocrmypdf");
        assert!(matches!(absent, ConverterError::Start(_)), "{absent:?}");

        let failing = convert("false");
        match &failing {
            ConverterError::Failed { status, said } => {
                assert_eq!(status.code(), Some(1));
                assert_eq!(said, "");
            }
            other => panic!("{other:?}"),
        }

        let silent = convert("true");
        assert!(
            matches!(
                silent,
                ConverterError::NoOutput {
                    converter: Converter::OcrMyPdf,
                    ..
                }
            ),
            "{silent:?}"
        );
        assert_eq!(silent.to_string(), "OCRmyPDF wrote no PDF");

        let said = run(
            Command::new("sh").args(["-c", "echo 'no pages' >&2; exit 3"]),
            limit,
        )
        .unwrap_err();
        match &said {
            ConverterError::Failed { status, said } => {
                assert_eq!(status.code(), Some(3));
                assert_eq!(said, "no pages");
            }
            other => panic!("{other:?}"),
        }
        assert!(said.to_string().ends_with("): no pages"), "{said}");

        let slow = run(Command::new("sleep").arg("10"), Duration::from_millis(100)).unwrap_err();
        assert!(matches!(slow, ConverterError::TimedOut { .. }), "{slow:?}");
    }
}
