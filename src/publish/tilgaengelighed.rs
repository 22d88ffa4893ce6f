//! The site's accessibility statement (`tilgaengelighed.html`, as webtilgængelighedsloven asks of every public site): what was checked, what the published PDFs declare, their known limits and whom to contact, made from the run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::bilag::conformance;

/// The statement's page, relative to the site's top folder.
pub const PAGE: &str = "tilgaengelighed.html";

/// What the published PDFs of a run declare, as the statement reports it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Survey {
    /// Every PDF of the site.
    pub dokumenter: usize,
    /// Those that are PDF/UA-1 (dagsorden's own, and bilag received so).
    pub ua: usize,
    /// The others, by file name: bilag received as Word, Excel, scans or
    /// ordinary PDFs, and packets that contain them.
    pub begraensede: Vec<String>,
}

/// Reads the XMP identification of every PDF in `written` (each one already
/// judged by page_validation when it was made or converted).
pub fn survey(written: &BTreeSet<PathBuf>) -> Survey {
    let mut s = Survey::default();
    for path in written {
        if path.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        s.dokumenter += 1;
        let ua = std::fs::read(path)
            .ok()
            .and_then(|bytes| lopdf::Document::load_mem(&bytes).ok())
            .is_some_and(|doc| {
                conformance::xmp_value(&conformance::xmp_of(&doc), "pdfuaid:part").is_some()
            });
        if ua {
            s.ua += 1;
        } else {
            s.begraensede.push(file_name(path));
        }
    }
    s.begraensede.sort();
    s
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
