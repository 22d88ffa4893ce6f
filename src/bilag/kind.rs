//! What a received bilag is: its kind by its name, the checks made at its `fil:` line (confined to the rendered folders, readable, of the kind it says), and a PDF read whole.

use std::path::{Path, PathBuf};

/// What a received file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    /// Word, Excel, PowerPoint, OpenDocument, RTF.
    Office,
    /// A scanned page: PNG, JPEG, TIFF.
    Image,
}

/// The file name endings a bilag may have, as the spec lists them.
pub const ENDINGS: &str =
    ".pdf, .docx, .doc, .odt, .rtf, .xlsx, .xls, .ods, .pptx, .odp, .png, .jpg, .jpeg, .tif, .tiff";

impl Kind {
    pub fn of(path: &Path) -> Option<Kind> {
        Some(match super::converters::extension(path).as_str() {
            "pdf" => Kind::Pdf,
            "docx" | "doc" | "odt" | "rtf" | "xlsx" | "xls" | "ods" | "pptx" | "odp" => {
                Kind::Office
            }
            "png" | "jpg" | "jpeg" | "tif" | "tiff" => Kind::Image,
            _ => return None,
        })
    }
}

/// Whether `resolved` (the `fil` of a case file) stays inside one of
/// `roots` once every link is followed; `Err` says where it leads instead.
pub fn confine(resolved: &Path, roots: &[PathBuf]) -> Result<PathBuf, String> {
    let real = std::fs::canonicalize(resolved).map_err(|e| format!("it cannot be opened ({e})"))?;
    // An empty root (a folder that could not be resolved) holds nothing,
    // though every path "starts with" it.
    if roots
        .iter()
        .any(|root| !root.as_os_str().is_empty() && real.starts_with(root))
    {
        Ok(real)
    } else {
        Err(format!("it leads to `{}`", real.display()))
    }
}

/// Reads the bilag at `path` as far as it can be read before any
/// conversion: a PDF wholly (every object, its pages), other kinds by their
/// first bytes. `Err` says what is wrong with it.
pub fn inspect(path: &Path, kind: Kind) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("it cannot be read ({e})"))?;
    if bytes.is_empty() {
        return Err("it is empty (0 bytes)".into());
    }
    match kind {
        Kind::Pdf => read_pdf(&bytes).map(drop),
        Kind::Office => {
            let ok = match super::converters::extension(path).as_str() {
                // Office Open XML and OpenDocument are zip archives; .doc/.xls
                // are OLE compound files; RTF is text that opens with `{\rtf`.
                "doc" | "xls" => bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]),
                "rtf" => bytes.starts_with(b"{\\rtf"),
                _ => bytes.starts_with(b"PK\x03\x04"),
            };
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "it is not a .{} file (its contents are of another kind)",
                    super::converters::extension(path)
                ))
            }
        }
        Kind::Image => {
            let ok = bytes.starts_with(b"\x89PNG\r\n\x1a\n")
                || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
                || bytes.starts_with(b"II*\0")
                || bytes.starts_with(b"MM\0*");
            if ok {
                Ok(())
            } else {
                Err("it is not a PNG, JPEG or TIFF image".into())
            }
        }
    }
}

/// `bytes` read as a whole PDF: every object parsed, not encrypted, with pages.
pub fn read_pdf(bytes: &[u8]) -> Result<lopdf::Document, String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("it is not a PDF file".into());
    }
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| format!("it is damaged and cannot be read as a PDF ({e})"))?;
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err("it is encrypted (password-protected)".into());
    }
    if doc.get_pages().is_empty() {
        return Err("it has no pages".into());
    }
    // Every page's content must decode: a truncated file often parses up
    // to its last object and fails only here.
    for (n, page) in doc.get_pages() {
        for id in doc.get_page_contents(page) {
            let stream = doc
                .get_object(id)
                .and_then(lopdf::Object::as_stream)
                .map_err(|e| format!("it is damaged: page {n} cannot be read ({e})"))?;
            if stream.dict.has(b"Filter") {
                stream
                    .decompressed_content()
                    .map_err(|e| format!("it is damaged: page {n} cannot be read ({e})"))?;
            }
        }
    }
    Ok(doc)
}
