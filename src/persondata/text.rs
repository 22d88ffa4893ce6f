//! The text of what is published, read back: a PDF's text layer page by page, an HTML page's text and attribute values.

/// Why a PDF's text cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("its text cannot be read: {0}")]
    Unreadable(String),
}

/// The text of every page of the PDF `bytes`, in page order.
pub fn pdf_pages(bytes: &[u8]) -> Result<Vec<String>, TextError> {
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
        let text = html_text(
            "<p>Skriv til <a href=\"mailto:jens&#64;example.dk\">Jens</a> &amp; co</p>",
        );
        assert!(text.contains("mailto:jens@example.dk"), "{text}");
        assert!(text.contains("& co"), "{text}");
    }

    #[test]
    fn a_damaged_pdf_is_an_error_not_a_panic() {
        assert!(pdf_pages(b"%PDF-1.7\n garbage").is_err());
    }
}
