//! The text of what is published, read back: a PDF's text layer page by page, an HTML page's text and attribute values.

/// Why a PDF's text cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("its text cannot be read: {0}")]
    Unreadable(String),
}

/// Who made a PDF, which says how it is read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Maker {
    /// The tool itself, through Typst, and nothing else: its fonts are
    /// written with a ToUnicode map the in-process reader reads exactly.
    Typst,
    /// Anyone else, or the tool with received pages in it (a bilag, a
    /// complete packet).
    Other,
}

/// The text of every page of the PDF `bytes`, in page order, each run of
/// spaces as one (readers put two between the words of an OCR layer).
///
/// A PDF made by anyone else is read by Poppler's `pdftotext` when it is
/// installed: it reads the fonts Ghostscript writes into OCRmyPDF's PDF/A,
/// of which the in-process reader reads nothing or the wrong letters. The
/// tool's own documents, and every PDF without Poppler, are read in
/// process. Either way a page that draws text of which nothing can be read
/// is an error, never an empty page that passes.
pub fn pdf_pages(bytes: &[u8], maker: Maker) -> Result<Vec<String>, TextError> {
    let pages = match poppler().filter(|_| maker == Maker::Other) {
        Some(program) => poppler_pages(&program, bytes)?,
        None => raw_pages(bytes)?,
    };
    let pages: Vec<String> = pages.iter().map(|p| single_spaced(p)).collect();
    if let Some(i) = unread(bytes, &pages).first() {
        return Err(TextError::Unreadable(format!(
            "page {} draws text, but none of it can be read",
            i + 1
        )));
    }
    Ok(pages)
}

/// Which reader reads a PDF of `maker`: `poppler` or `pdf-extract`.
pub fn reader(maker: Maker) -> &'static str {
    match poppler().filter(|_| maker == Maker::Other) {
        Some(_) => "poppler",
        None => "pdf-extract",
    }
}

/// Whether PDFs are read by Poppler (`pdftotext` is installed).
pub fn reads_with_poppler() -> bool {
    poppler().is_some()
}

/// The pages (0-based) that draw text of which nothing was read.
fn unread(bytes: &[u8], pages: &[String]) -> Vec<usize> {
    if pages.iter().all(|p| !p.trim().is_empty()) {
        return Vec::new();
    }
    let drawn = pages_drawing_text(bytes);
    (0..pages.len())
        .filter(|&i| pages[i].trim().is_empty() && drawn.get(i).copied().unwrap_or(false))
        .collect()
}

/// Poppler's `pdftotext`, if installed.
fn poppler() -> Option<std::path::PathBuf> {
    static FOUND: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    FOUND
        .get_or_init(|| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .map(|dir| dir.join("pdftotext"))
                .find(|p| p.is_file())
        })
        .clone()
}

/// The pages as `pdftotext` reads them (pages end in a form feed).
fn poppler_pages(program: &std::path::Path, bytes: &[u8]) -> Result<Vec<String>, TextError> {
    let dir = tempfile::tempdir().map_err(|e| TextError::Unreadable(e.to_string()))?;
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, bytes).map_err(|e| TextError::Unreadable(e.to_string()))?;
    let out = std::process::Command::new(program)
        .args(["-q", "-enc", "UTF-8"])
        .arg(&input)
        .arg("-")
        .output()
        .map_err(|e| TextError::Unreadable(format!("pdftotext: {e}")))?;
    if !out.status.success() {
        return Err(TextError::Unreadable(format!(
            "pdftotext: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // The text ends in a form feed: nothing follows the last page.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Ok(pages)
}

/// What a PDF carries besides its pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Carried {
    /// Its document information or its XMP stream.
    Metadata,
    /// An embedded file, by its name (empty when it has none): the case
    /// files, or their public renditions, a document carries.
    File(String),
}

impl std::fmt::Display for Carried {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Carried::Metadata => f.write_str("the metadata"),
            Carried::File(name) if name.is_empty() => f.write_str("an embedded file"),
            Carried::File(name) => write!(f, "the embedded file `{name}`"),
        }
    }
}

/// What a PDF carries besides its pages, each with its text: its metadata
/// and every embedded file.
pub fn pdf_attachments(bytes: &[u8]) -> Vec<(Carried, String)> {
    let Ok(doc) = lopdf::Document::load_mem(bytes) else {
        return Vec::new();
    };
    // The name of each embedded file, by the object of its stream.
    let mut names = std::collections::HashMap::new();
    for object in doc.objects.values() {
        if let lopdf::Object::Dictionary(d) = object
            && let Ok(ef) = d.get(b"EF").and_then(lopdf::Object::as_dict)
            && let Ok(id) = ef.get(b"F").and_then(lopdf::Object::as_reference)
        {
            let name = d
                .get(b"UF")
                .or_else(|_| d.get(b"F"))
                .and_then(lopdf::Object::as_str)
                .map(crate::bilag::kind::text_string)
                .unwrap_or_default();
            names.insert(id, name);
        }
    }
    let mut out = Vec::new();
    for (id, object) in &doc.objects {
        match object {
            lopdf::Object::Stream(stream) => {
                let kind = stream.dict.get(b"Type").ok().and_then(|t| t.as_name().ok());
                let what = match kind {
                    Some(b"EmbeddedFile") => {
                        Carried::File(names.get(id).cloned().unwrap_or_default())
                    }
                    Some(b"Metadata") => Carried::Metadata,
                    _ => continue,
                };
                let content = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                out.push((what, String::from_utf8_lossy(&content).into_owned()));
            }
            lopdf::Object::Dictionary(dict) if dict.has(b"Producer") || dict.has(b"Title") => {
                let strings: Vec<String> = dict
                    .iter()
                    .filter_map(|(_, v)| v.as_str().ok())
                    .map(crate::bilag::kind::text_string)
                    .collect();
                out.push((Carried::Metadata, strings.join("\n")));
            }
            _ => {}
        }
    }
    out
}

/// For each page, whether its content (or a form it draws) shows text.
fn pages_drawing_text(bytes: &[u8]) -> Vec<bool> {
    let Ok(doc) = lopdf::Document::load_mem(bytes) else {
        return Vec::new();
    };
    let shows_text = |content: &[u8]| content.windows(2).any(|w| w == b"Tj" || w == b"TJ");
    doc.get_pages()
        .values()
        .map(|&page| {
            if shows_text(&doc.get_page_content(page)) {
                return true;
            }
            // Forms drawn by the page, as OCRmyPDF and Ghostscript nest them.
            let (resources, _) = doc.get_page_resources(page).unwrap_or((None, Vec::new()));
            resources
                .and_then(|r| r.get(b"XObject").ok())
                .and_then(|x| doc.dereference(x).ok())
                .and_then(|(_, x)| x.as_dict().ok())
                .is_some_and(|xobjects| {
                    xobjects.iter().any(|(_, o)| {
                        doc.dereference(o)
                            .ok()
                            .and_then(|(_, o)| o.as_stream().ok())
                            .and_then(|s| s.decompressed_content().ok())
                            .is_some_and(|c| shows_text(&c))
                    })
                })
        })
        .collect()
}

/// `text` with every run of spaces and tabs as one space.
fn single_spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for c in text.chars() {
        if c == ' ' || c == '\t' {
            if !blank {
                out.push(' ');
            }
            blank = true;
        } else {
            out.push(c);
            blank = false;
        }
    }
    out
}

fn raw_pages(bytes: &[u8]) -> Result<Vec<String>, TextError> {
    // The reader is strict about what it meets in received PDFs and may
    // panic on a malformed one; that is an unreadable file, not a crash.
    std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|panic| {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "the PDF reader failed".into());
            TextError::Unreadable(why)
        })?
        .map_err(|e| TextError::Unreadable(e.to_string()))
}

/// What a reader of the HTML page `html` can meet: its text, entities
/// decoded, and the values of its attributes (link targets, alternative
/// texts, titles), one per line.
pub fn html_text(html: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let mut out = String::with_capacity(html.len());
    for node in document.tree.nodes() {
        match node.value() {
            scraper::Node::Text(t) => {
                out.push_str(t);
                out.push('\n');
            }
            scraper::Node::Element(e) => {
                for (_, value) in e.attrs() {
                    out.push_str(value);
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_attributes_are_read() {
        let text =
            html_text("<p>Skriv til <a href=\"mailto:jens&#64;example.dk\">Jens</a> &amp; co</p>");
        assert!(text.contains("mailto:jens@example.dk"), "{text}");
        assert!(text.contains("& co"), "{text}");
    }

    #[test]
    fn runs_of_spaces_become_one() {
        assert_eq!(single_spaced("tlf.  23  45\t 67 89"), "tlf. 23 45 67 89");
    }

    #[test]
    fn a_damaged_pdf_is_an_error_not_a_panic() {
        assert!(pdf_pages(b"%PDF-1.7\n garbage", Maker::Other).is_err());
    }
}
