//! `dagsorden persondata`: the same check over an archive the kommune already published — any PDFs and HTML files, made by any system — reported per file and page, masked.
//!
//! A PDF page without text (a scan without OCR) is read by OCRmyPDF when it
//! is installed; otherwise the report says which pages could not be read.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use super::ledger::Fund;
use super::{Check, RULESET, text};
use crate::bilag::Converter;

/// One file of the archive.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub fil: String,
    /// Its pages, for a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sider: Option<usize>,
    /// The pages that had no text and were read by OCR.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ocr_sider: Vec<usize>,
    /// The pages without text that could not be read (OCRmyPDF missing or failed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ulaeste_sider: Vec<usize>,
    pub fund: Vec<Fund>,
    /// Why the file could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fejl: Option<String>,
}

/// The report over an archive.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveReport {
    #[serde(rename = "regelsæt")]
    pub ruleset: &'static str,
    pub filer: usize,
    pub fund: usize,
    pub filer_med_fund: usize,
    /// Files that could not be read, and files with pages that could not.
    pub ulaeselige: usize,
    /// `false` when OCRmyPDF is not installed, so scans were not read.
    pub ocr: bool,
    pub resultater: Vec<FileReport>,
}

impl ArchiveReport {
    /// "3 fund i 2 af 40 filer (5 sider læst med OCR); 1 fil kunne ikke læses".
    pub fn line(&self) -> String {
        let ocr_pages: usize = self.resultater.iter().map(|f| f.ocr_sider.len()).sum();
        let mut line = format!(
            "{} fund i {} af {} {}",
            self.fund,
            self.filer_med_fund,
            self.filer,
            if self.filer == 1 { "fil" } else { "filer" }
        );
        if ocr_pages > 0 {
            let sider = if ocr_pages == 1 { "side" } else { "sider" };
            line.push_str(&format!(" ({ocr_pages} {sider} læst med OCR)"));
        }
        if self.ulaeselige > 0 {
            line.push_str(&format!(
                "; {} {} kunne ikke læses helt",
                self.ulaeselige,
                if self.ulaeselige == 1 { "fil" } else { "filer" }
            ));
        }
        line
    }
}

/// The PDF and HTML files below `paths` (a file given is taken whatever its
/// ending), in path order.
pub fn files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
            continue;
        }
        for entry in walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() && kind(entry.path()).is_some() {
                found.push(entry.path().to_path_buf());
            }
        }
    }
    found
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Pdf,
    Html,
}

fn kind(path: &Path) -> Option<FileKind> {
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    match ext.as_str() {
        "pdf" => Some(FileKind::Pdf),
        "html" | "htm" | "xhtml" => Some(FileKind::Html),
        _ => None,
    }
}

/// Checks every file of `files` on every core; OCR by OCRmyPDF (`ocr`, its
/// program) for PDF pages without text, each run at most `limit`.
pub fn scan(
    check: &Check,
    files: &[PathBuf],
    ocr: Option<&Path>,
    limit: Duration,
    progress: &(dyn Fn() + Sync),
) -> ArchiveReport {
    use rayon::prelude::*;
    let resultater: Vec<FileReport> = files
        .par_iter()
        .map(|f| {
            let report = one(check, f, ocr, limit);
            progress();
            report
        })
        .collect();
    ArchiveReport {
        ruleset: RULESET,
        filer: resultater.len(),
        fund: resultater.iter().map(|r| r.fund.len()).sum(),
        filer_med_fund: resultater.iter().filter(|r| !r.fund.is_empty()).count(),
        ulaeselige: resultater
            .iter()
            .filter(|r| r.fejl.is_some() || !r.ulaeste_sider.is_empty())
            .count(),
        ocr: ocr.is_some(),
        resultater,
    }
}

fn one(check: &Check, path: &Path, ocr: Option<&Path>, limit: Duration) -> FileReport {
    let mut report = FileReport {
        fil: path.display().to_string(),
        sider: None,
        ocr_sider: Vec::new(),
        ulaeste_sider: Vec::new(),
        fund: Vec::new(),
        fejl: None,
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            report.fejl = Some(e.to_string());
            return report;
        }
    };
    let pages = match kind(path) {
        Some(FileKind::Html) => vec![text::html_text(&String::from_utf8_lossy(&bytes))],
        _ => match pdf_pages(path, &bytes, ocr, limit, &mut report) {
            Some(pages) => pages,
            None => return report,
        },
    };
    for (n, page) in pages.iter().enumerate() {
        for f in check.scan(page, &[]).findings {
            report.fund.push(Fund {
                kind: f.kind.key(),
                masked: f.masked,
                side: report.sider.map(|_| n + 1),
            });
        }
    }
    // A PDF's metadata and embedded files are published with it.
    if kind(path) != Some(FileKind::Html) {
        for (_, text) in text::pdf_attachments(&bytes) {
            for f in check.scan(&text, &[]).findings {
                report.fund.push(Fund {
                    kind: f.kind.key(),
                    masked: f.masked,
                    side: None,
                });
            }
        }
    }
    report
}

/// The text of each page of a PDF, pages without text read by OCR where
/// it can be.
fn pdf_pages(
    path: &Path,
    bytes: &[u8],
    ocr: Option<&Path>,
    limit: Duration,
    report: &mut FileReport,
) -> Option<Vec<String>> {
    let mut pages = match text::pdf_pages(bytes, text::Maker::Other) {
        Ok(p) => p,
        Err(e) => {
            report.fejl = Some(e.to_string());
            return None;
        }
    };
    report.sider = Some(pages.len());
    let blank: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].trim().is_empty())
        .collect();
    if blank.is_empty() {
        return Some(pages);
    }
    let read = ocr.and_then(|program| {
        let work = tempfile::tempdir().ok()?;
        let pdf = crate::bilag::converters::convert(
            Converter::OcrMyPdf,
            program,
            path,
            work.path(),
            limit,
        )
        .ok()?;
        text::pdf_pages(&pdf, text::Maker::Other).ok()
    });
    match read {
        Some(read) if read.len() == pages.len() => {
            for &i in &blank {
                if !read[i].trim().is_empty() {
                    report.ocr_sider.push(i + 1);
                    pages[i] = read[i].clone();
                } else {
                    report.ulaeste_sider.push(i + 1);
                }
            }
        }
        _ => report.ulaeste_sider = blank.iter().map(|i| i + 1).collect(),
    }
    Some(pages)
}
