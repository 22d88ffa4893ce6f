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

/// What is wrong with a received bilag, as found before any conversion:
/// where it lies, what it holds, or how it reads as a PDF.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    /// Its path cannot be followed to a file.
    #[error("it cannot be opened ({0})")]
    Unopenable(#[source] std::io::Error),
    /// It leads, once every link is followed, outside the rendered folders.
    #[error("it leads to `{}`", .0.display())]
    Outside(PathBuf),
    #[error("it cannot be read ({0})")]
    Unreadable(#[source] std::io::Error),
    #[error("it is empty (0 bytes)")]
    Empty,
    /// An Office file whose first bytes are not those of its kind;
    /// `extension` is the ending its name has.
    #[error("it is not a .{extension} file (its contents are of another kind)")]
    NotOfItsKind { extension: String },
    #[error("it is not a PNG, JPEG or TIFF image")]
    NotAnImage,
    #[error("it is not a PDF file")]
    NotAPdf,
    /// It starts as a PDF but does not parse as one.
    #[error("it is damaged and cannot be read as a PDF ({0})")]
    Damaged(#[source] lopdf::Error),
    #[error("it is encrypted (password-protected)")]
    Encrypted,
    #[error("it has no pages")]
    NoPages,
    /// The content of page `page` (1-based) cannot be read or decoded.
    #[error("it is damaged: page {page} cannot be read ({source})")]
    DamagedPage {
        page: u32,
        #[source]
        source: lopdf::Error,
    },
}

/// Whether `resolved` (the `fil` of a case file) stays inside one of
/// `roots` once every link is followed; `Err` says where it leads instead.
pub fn confine(resolved: &Path, roots: &[PathBuf]) -> Result<PathBuf, InspectError> {
    let real = std::fs::canonicalize(resolved).map_err(InspectError::Unopenable)?;
    // An empty root (a folder that could not be resolved) holds nothing,
    // though every path "starts with" it.
    if roots
        .iter()
        .any(|root| !root.as_os_str().is_empty() && real.starts_with(root))
    {
        Ok(real)
    } else {
        Err(InspectError::Outside(real))
    }
}

/// Reads the bilag at `path` as far as it can be read before any
/// conversion: a PDF wholly (every object, its pages), other kinds by their
/// first bytes. `Err` says what is wrong with it.
pub fn inspect(path: &Path, kind: Kind) -> Result<(), InspectError> {
    let bytes = std::fs::read(path).map_err(InspectError::Unreadable)?;
    if bytes.is_empty() {
        return Err(InspectError::Empty);
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
                Err(InspectError::NotOfItsKind {
                    extension: super::converters::extension(path),
                })
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
                Err(InspectError::NotAnImage)
            }
        }
    }
}

/// A PDF text string: UTF-16BE with its byte-order mark, UTF-8 with its
/// mark, or else PDFDocEncoding (read as Latin-1).
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| b as char).collect()
}

/// `bytes` read as a whole PDF: every object parsed, not encrypted, with pages.
pub fn read_pdf(bytes: &[u8]) -> Result<lopdf::Document, InspectError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(InspectError::NotAPdf);
    }
    let doc = lopdf::Document::load_mem(bytes).map_err(InspectError::Damaged)?;
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(InspectError::Encrypted);
    }
    if doc.get_pages().is_empty() {
        return Err(InspectError::NoPages);
    }
    // Every page's content must decode: a truncated file often parses up
    // to its last object and fails only here.
    for (n, page) in doc.get_pages() {
        for id in doc.get_page_contents(page) {
            let stream = doc
                .get_object(id)
                .and_then(lopdf::Object::as_stream)
                .map_err(|source| InspectError::DamagedPage { page: n, source })?;
            if stream.dict.has(b"Filter") {
                stream
                    .decompressed_content()
                    .map_err(|source| InspectError::DamagedPage { page: n, source })?;
            }
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/bilag")
            .join(name)
    }

    #[test]
    fn a_damaged_an_encrypted_and_an_empty_pdf_are_told_apart() {
        let damaged = inspect(&fixture("beskadiget.pdf"), Kind::Pdf).unwrap_err();
        assert!(matches!(damaged, InspectError::Damaged(_)), "{damaged:?}");
        let encrypted = inspect(&fixture("krypteret.pdf"), Kind::Pdf).unwrap_err();
        assert!(
            matches!(encrypted, InspectError::Encrypted),
            "{encrypted:?}"
        );
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("tom.pdf");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(
            inspect(&empty, Kind::Pdf),
            Err(InspectError::Empty)
        ));
        let missing = inspect(&dir.path().join("findes-ikke.pdf"), Kind::Pdf).unwrap_err();
        assert!(
            matches!(&missing, InspectError::Unreadable(e) if e.kind() == std::io::ErrorKind::NotFound)
        );
        assert!(inspect(&fixture("almindelig.pdf"), Kind::Pdf).is_ok());
    }

    #[test]
    fn contents_of_another_kind_are_named_by_the_ending() {
        let dir = tempfile::tempdir().unwrap();
        let docx = dir.path().join("svar.docx");
        std::fs::write(&docx, b"%PDF-1.7 not a zip").unwrap();
        match inspect(&docx, Kind::Office) {
            Err(InspectError::NotOfItsKind { extension }) => assert_eq!(extension, "docx"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_pdf(b"PK\x03\x04"),
            Err(InspectError::NotAPdf)
        ));
    }

    #[test]
    fn a_link_out_of_the_roots_says_where_it_leads() {
        let inside = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("x.pdf");
        std::fs::write(&target, b"%PDF-").unwrap();
        let link = inside.path().join("x.pdf");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let roots = [std::fs::canonicalize(inside.path()).unwrap()];
        match confine(&link, &roots) {
            Err(InspectError::Outside(real)) => {
                assert_eq!(real, std::fs::canonicalize(&target).unwrap());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            confine(&inside.path().join("findes-ikke.pdf"), &roots),
            Err(InspectError::Unopenable(_))
        ));
    }
}
