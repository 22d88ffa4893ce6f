//! What a PDF is: its PDF/A and PDF/UA level as an independent validator (`page_validation`) judges it, never as it claims.

use std::sync::Arc;

use lopdf::{Document, Object};
use page_validation::{PageError, ValidationOptions, ValidationProfile};

/// PDF/A's conformance levels, weakest first: `b` (the pages look right),
/// `u` (and every character has Unicode), `a` (and the document is tagged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Conformance {
    B,
    U,
    A,
}

/// A PDF's archival and accessibility level: PDF/A-1, 2 or 3 at some conformance,
/// and whether it is PDF/UA-1 too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    /// The PDF/A part: 1, 2 or 3.
    pub part: u8,
    pub conformance: Conformance,
    /// PDF/UA-1 (universal accessibility).
    pub ua: bool,
}

impl Level {
    /// What dagsorden's own documents are: PDF/A-3a (they carry their case
    /// files) and PDF/UA-1.
    pub const OWN: Level = Level {
        part: 3,
        conformance: Conformance::A,
        ua: true,
    };

    /// The level a document made of `self` and `other` can claim: the
    /// weaker conformance, PDF/UA only if both are. The part stays ours (3):
    /// PDF/A-3 can carry the pages of PDF/A-1, 2 and 3 files.
    pub fn with(self, other: Level) -> Level {
        Level {
            part: self.part,
            conformance: self.conformance.min(other.conformance),
            ua: self.ua && other.ua,
        }
    }

    /// The validator's profile for the PDF/A claim.
    pub fn pdfa_profile(self) -> ValidationProfile {
        use Conformance::*;
        use ValidationProfile::*;
        match (self.part, self.conformance) {
            (1, A) => PdfA1a,
            (1, _) => PdfA1b,
            (3, A) => PdfA3a,
            (3, U) => PdfA3u,
            (3, B) => PdfA3b,
            (_, A) => PdfA2a,
            (_, U) => PdfA2u,
            (_, B) => PdfA2b,
        }
    }
}

impl std::fmt::Display for Level {
    /// `PDF/A-3b`, `PDF/A-3a + PDF/UA-1`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = match self.conformance {
            Conformance::A => 'a',
            Conformance::U => 'u',
            Conformance::B => 'b',
        };
        write!(f, "PDF/A-{}{c}", self.part)?;
        if self.ua {
            write!(f, " + PDF/UA-1")?;
        }
        Ok(())
    }
}

/// Why a PDF stands at no level the packet can carry, fails a profile, or
/// cannot be made to claim less. Cheap to clone: the judgement of a PDF is
/// remembered by its contents.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ConformanceError {
    /// Its metadata claims no PDF/A level.
    #[error("it is not PDF/A: its metadata has no PDF/A identification")]
    NotPdfA,
    /// It claims a PDF/A part other than 1, 2 or 3.
    #[error("it is PDF/A-{0}, which a PDF/A-3 packet cannot carry")]
    Part(u8),
    /// It fails the level it claims (`failure`: [`ConformanceError::Unvalidated`]
    /// or [`ConformanceError::Fails`]).
    #[error("it claims {claimed} but {failure}")]
    FailsClaim {
        claimed: Level,
        #[source]
        failure: Box<ConformanceError>,
    },
    /// The validator cannot read it.
    #[error("the validator cannot read it ({0})")]
    Unvalidated(#[source] Arc<PageError>),
    /// The validator finds faults at `profile`: the first `rules` it fails
    /// (ISO clause and message), and how many `more` there are.
    #[error("fails {profile}: {}{}", .rules.join("; "), and_more(.more))]
    Fails {
        profile: ValidationProfile,
        rules: Vec<String>,
        more: usize,
    },
    /// lopdf cannot read it to take its PDF/UA claim out.
    #[error(transparent)]
    Rewrite(Arc<lopdf::Error>),
    /// lopdf cannot write it again without its PDF/UA claim.
    #[error(transparent)]
    Unwritable(Arc<std::io::Error>),
    /// It claims PDF/UA-1 in no XMP metadata of its catalog.
    #[error("it has no XMP metadata ({0})")]
    NoMetadata(#[source] Arc<lopdf::Error>),
    // Why a PDF cannot be joined into a PDF/A-3 packet whatever its level:
    #[error("it is encrypted")]
    Encrypted,
    /// Its PDF version (`2.0`) is newer than PDF/A-3's.
    #[error("it is PDF {0}, and PDF/A-3 is based on PDF 1.7")]
    Version(String),
    #[error("it has no document catalog")]
    NoCatalog,
    /// A file is attached to its page `page` (1-based).
    #[error(
        "a file is attached to its page {page}, which the packet cannot take over as an associated file"
    )]
    AttachedFile { page: u32 },
    #[error("it has form fields")]
    FormFields,
    /// Its output intent is a print profile of `channels` colour channels.
    #[error("its colours are made for a {channels}-channel (print) profile, the packet's for sRGB")]
    PrintColours { channels: i64 },
}

/// `; and N more`, or nothing when there are no more.
fn and_more(more: &usize) -> String {
    if *more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    }
}

impl From<lopdf::Error> for ConformanceError {
    fn from(e: lopdf::Error) -> ConformanceError {
        ConformanceError::Rewrite(Arc::new(e))
    }
}

/// How a PDF stands: the level it claims and passes, or why it passes none.
#[derive(Debug, Clone)]
pub enum Standing {
    /// It claims this level and the validator finds no fault at it.
    Passes(Level),
    /// It claims no PDF/A level, or fails the one it claims.
    Fails(ConformanceError),
}

/// Judges the PDF `bytes` (already read by lopdf as `doc`) at the level its
/// metadata declares: PDF/A at the declared part and conformance, PDF/UA-1
/// if declared. A file that claims PDF/UA-1 but fails it still stands at
/// its PDF/A level, without UA.
pub fn judge(bytes: &[u8], doc: &Document) -> Standing {
    let xmp = xmp_of(doc);
    let Some(part) = xmp_value(&xmp, "pdfaid:part").and_then(|p| p.parse::<u8>().ok()) else {
        return Standing::Fails(ConformanceError::NotPdfA);
    };
    if !(1..=3).contains(&part) {
        return Standing::Fails(ConformanceError::Part(part));
    }
    let conformance = match xmp_value(&xmp, "pdfaid:conformance").as_deref() {
        Some("A" | "a") => Conformance::A,
        Some("U" | "u") if part > 1 => Conformance::U,
        _ => Conformance::B,
    };
    let claimed = Level {
        part,
        conformance,
        ua: false,
    };
    if let Err(why) = passes(bytes, claimed.pdfa_profile()) {
        return Standing::Fails(ConformanceError::FailsClaim {
            claimed,
            failure: Box::new(why),
        });
    }
    let ua = xmp_value(&xmp, "pdfuaid:part").as_deref() == Some("1")
        && passes(bytes, ValidationProfile::PdfUa1).is_ok();
    Standing::Passes(Level { ua, ..claimed })
}

/// Whether the document's metadata claims PDF/UA-1.
pub fn claims_ua(doc: &Document) -> bool {
    xmp_value(&xmp_of(doc), "pdfuaid:part").is_some()
}

/// `bytes` with their PDF/UA claim taken out of the XMP metadata, for a
/// file that claims PDF/UA-1 and fails it: what dagsorden writes must claim
/// no more than it passes. Nothing else of the file changes.
pub fn without_ua_claim(bytes: &[u8]) -> Result<Vec<u8>, ConformanceError> {
    let mut doc = Document::load_mem(bytes)?;
    let id = doc
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(|m| m.as_reference())
        .map_err(|e| ConformanceError::NoMetadata(Arc::new(e)))?;
    let xmp = remove_property(&xmp_of(&doc), "pdfuaid:part");
    let stream = doc
        .get_object_mut(id)
        .and_then(lopdf::Object::as_stream_mut)?;
    // PDF/A wants the metadata readable as it stands: unfiltered.
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    stream.set_content(xmp.into_bytes());
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| ConformanceError::Unwritable(Arc::new(e)))?;
    Ok(out)
}

/// `xmp` without the property `key`, written as an attribute or as an element.
fn remove_property(xmp: &str, key: &str) -> String {
    let mut out = xmp.to_string();
    let element = (format!("<{key}>"), format!("</{key}>"));
    while let Some(start) = out.find(&element.0) {
        let Some(end) = out[start..].find(&element.1) else {
            break;
        };
        out.replace_range(start..start + end + element.1.len(), "");
    }
    while let Some(at) = out.find(&format!("{key}=")) {
        let value = at + key.len() + 1;
        let Some(quote) = out[value..]
            .chars()
            .next()
            .filter(|q| *q == '"' || *q == '\'')
        else {
            break;
        };
        let Some(close) = out[value + 1..].find(quote) else {
            break;
        };
        let start = out[..at].trim_end().len();
        out.replace_range(start..value + 1 + close + 1, "");
    }
    out
}

/// Whether `bytes` pass the validator at `profile`; else the first rules
/// they fail, by ISO clause.
pub fn passes(bytes: &[u8], profile: ValidationProfile) -> Result<(), ConformanceError> {
    let options = ValidationOptions::default().profile(profile);
    let report = page_validation::validate_pdf_bytes(bytes, &options)
        .map_err(|e| ConformanceError::Unvalidated(Arc::new(e)))?;
    if report.is_compliant {
        return Ok(());
    }
    let miscounted = |rule: &str| {
        (rule.ends_with(":6.1.7.1:1") || rule.ends_with(":6.1.7:1"))
            && stream_lengths_are_right(bytes)
    };
    let failures: Vec<_> = report
        .failures
        .iter()
        .filter(|f| !miscounted(&f.rule_id))
        .collect();
    if failures.is_empty() {
        return Ok(());
    }
    let mut rules: Vec<String> = Vec::new();
    for f in failures {
        let rule = format!("{} ({})", f.rule_id, f.message);
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    let more = rules.len().saturating_sub(3);
    rules.truncate(3);
    Err(ConformanceError::Fails {
        profile,
        rules,
        more,
    })
}

/// The one exception to the validator's word, kept as narrow as it can be.
///
/// `page_validation` 0.12 measures a stream's data up to the end-of-line
/// marker before `endstream` and strips a `\r\n` there even when the `\r` is
/// the data's last byte (compressed data ends in 0x0D about once in 256
/// streams) and only the `\n` is the marker; it then reports the stream's
/// correct `/Length` as wrong (ISO 19005-2 6.1.7.1). One of the example
/// documents has such a stream (`Punkt_104_Godkendelse_af_referat.pdf`,
/// object 35: `/Length 4848`, 4,848 bytes of data ending in 0x0D, then `\n`,
/// then `endstream`; qpdf `--check` agrees). So that rule's failure is
/// set aside only when this byte-level reading finds every stream's
/// `/Length` exactly right — the data followed by an end-of-line marker (or
/// none) and `endstream` — and at least one stream's data ending in `\r`,
/// the case the validator miscounts. Any other stream fault keeps it.
pub fn stream_lengths_are_right(bytes: &[u8]) -> bool {
    read_stream_lengths(bytes) == Some(true)
}

/// Every stream of `bytes` read by its `/Length`: `None` if one length is
/// wrong, else whether some stream's data ends in `\r`.
fn read_stream_lengths(bytes: &[u8]) -> Option<bool> {
    let doc = lopdf::Document::load_mem(bytes).ok();
    let mut ends_in_cr = false;
    let mut at = 0;
    while let Some(found) = find(bytes, at, b"stream") {
        let keyword_end = found + b"stream".len();
        at = keyword_end;
        let before = bytes[..found].trim_ascii_end();
        if !before.ends_with(b">>") {
            continue; // `endstream`, or the word inside some data or string
        }
        let start = match bytes.get(keyword_end..keyword_end + 2) {
            Some(b"\r\n") => keyword_end + 2,
            Some([b'\n', _]) => keyword_end + 1,
            _ => return None,
        };
        let dict_from = rfind(&bytes[..found], b" obj").unwrap_or(0);
        let length = declared_length(&bytes[dict_from..found], doc.as_ref())?;
        let end = start.checked_add(length).filter(|&e| e <= bytes.len())?;
        let after = &bytes[end..];
        let marker = if after.starts_with(b"\r\n") {
            2
        } else if after.starts_with(b"\n") || after.starts_with(b"\r") {
            1
        } else {
            0
        };
        if !after[marker..].starts_with(b"endstream") {
            return None;
        }
        ends_in_cr |= length > 0 && bytes[end - 1] == b'\r';
        at = end + marker + b"endstream".len();
    }
    Some(ends_in_cr)
}

/// The `/Length` of a stream dictionary's text: a number, or a reference
/// to one (`12 0 R`, read from `doc`), however the writer spaced it
/// (`/Length 12 0 R/Filter/FlateDecode>>`).
fn declared_length(dict: &[u8], doc: Option<&Document>) -> Option<usize> {
    let mut from = 0;
    let rest = loop {
        let at = find(dict, from, b"/Length")? + b"/Length".len();
        from = at;
        // `/Length1` and the like are other keys.
        if dict.get(at).is_some_and(|c| !c.is_ascii_alphanumeric()) {
            break &dict[at..];
        }
    };
    let (first, rest) = leading_number(rest)?;
    if let Some((generation, after)) = leading_number(rest)
        && after.trim_ascii_start().first() == Some(&b'R')
    {
        let id = (first, u16::try_from(generation).ok()?);
        let n = doc?.get_object(id).ok()?.as_i64().ok()?;
        return usize::try_from(n).ok();
    }
    usize::try_from(first).ok()
}

/// The number at the start of `text` (after white space), and what follows it.
fn leading_number(text: &[u8]) -> Option<(u32, &[u8])> {
    let text = text.trim_ascii_start();
    let digits = text.iter().take_while(|c| c.is_ascii_digit()).count();
    let n = std::str::from_utf8(&text[..digits]).ok()?.parse().ok()?;
    Some((n, &text[digits..]))
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The document's XMP metadata as text (empty when it has none).
pub fn xmp_of(doc: &Document) -> String {
    doc.catalog()
        .ok()
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|m| m.as_reference().ok())
        .and_then(|id| doc.get_object(id).ok())
        .and_then(|o| o.as_stream().ok())
        .and_then(|s| {
            s.decompressed_content()
                .ok()
                .or_else(|| Some(s.content.clone()))
        })
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// The value of an XMP property, written as an attribute (`pdfaid:part="2"`)
/// or as an element (`<pdfaid:part>2</pdfaid:part>`).
pub fn xmp_value(xmp: &str, key: &str) -> Option<String> {
    let mut rest = xmp;
    while let Some(at) = rest.find(key) {
        let after = rest[at + key.len()..].trim_start();
        rest = &rest[at + key.len()..];
        if let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value = &value[1..];
                return Some(value[..value.find(quote)?].trim().to_string());
            }
        } else if let Some(value) = after.strip_prefix('>') {
            return Some(value[..value.find('<')?].trim().to_string());
        }
    }
    None
}

/// Why `doc` cannot be joined into a PDF/A-3 packet whatever its level, or
/// `None` if it can. Its PDF/A and PDF/UA level is judged apart, by the
/// validator ([`judge`]).
pub fn unfit(doc: &Document) -> Option<ConformanceError> {
    if doc.is_encrypted() {
        return Some(ConformanceError::Encrypted);
    }
    if doc.version.as_str() > "1.7" {
        return Some(ConformanceError::Version(doc.version.clone()));
    }
    let Ok(catalog) = doc.catalog() else {
        return Some(ConformanceError::NoCatalog);
    };
    // Files embedded through the catalog (a PDF/A-3 such as one dagsorden
    // made, carrying its sources) stay with the bilag: the packet keeps the
    // meeting document's catalog only. A file attached to a page would come
    // along with the page, not associated with the packet.
    for (number, page) in doc.get_pages() {
        let annots = doc
            .get_dictionary(page)
            .and_then(|p| p.get(b"Annots"))
            .map(|a| deref(doc, a).as_array().cloned().unwrap_or_default())
            .unwrap_or_default();
        let attached = annots.iter().any(|a| {
            deref(doc, a)
                .as_dict()
                .and_then(|a| a.get(b"Subtype"))
                .and_then(Object::as_name)
                .is_ok_and(|s| s == b"FileAttachment")
        });
        if attached {
            return Some(ConformanceError::AttachedFile { page: number });
        }
    }
    let fields = catalog
        .get(b"AcroForm")
        .and_then(|f| deref(doc, f).as_dict())
        .and_then(|f| f.get(b"Fields"))
        .map(|f| deref(doc, f).as_array().map_or(0, Vec::len))
        .unwrap_or(0);
    if fields > 0 {
        return Some(ConformanceError::FormFields);
    }
    let intents = catalog
        .get(b"OutputIntents")
        .and_then(|i| deref(doc, i).as_array())
        .cloned()
        .unwrap_or_default();
    for intent in &intents {
        let components = deref(doc, intent)
            .as_dict()
            .and_then(|i| i.get(b"DestOutputProfile"))
            .and_then(|p| deref(doc, p).as_stream())
            .and_then(|p| p.dict.get(b"N"))
            .and_then(Object::as_i64);
        if let Ok(n) = components
            && n != 3
        {
            return Some(ConformanceError::PrintColours { channels: n });
        }
    }
    None
}

pub fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(&Object::Null),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packet_claims_what_its_weakest_part_passes() {
        let scan = Level {
            part: 2,
            conformance: Conformance::B,
            ua: false,
        };
        let office = Level {
            part: 2,
            conformance: Conformance::B,
            ua: true,
        };
        assert_eq!(Level::OWN.with(Level::OWN), Level::OWN);
        assert_eq!(Level::OWN.with(office).to_string(), "PDF/A-3b + PDF/UA-1");
        assert_eq!(Level::OWN.with(office).with(scan).to_string(), "PDF/A-3b");
        let old = Level {
            part: 1,
            conformance: Conformance::A,
            ua: true,
        };
        assert_eq!(Level::OWN.with(old), Level::OWN);
    }

    fn one_stream(data: &[u8], length: usize, marker: &[u8]) -> Vec<u8> {
        let mut pdf =
            format!("%PDF-1.7\n1 0 obj\n<< /Length {length} /Length1 9 >>\nstream\n").into_bytes();
        pdf.extend_from_slice(data);
        pdf.extend_from_slice(marker);
        pdf.extend_from_slice(b"endstream\nendobj\n");
        pdf
    }

    #[test]
    fn only_right_lengths_with_data_ending_in_cr_are_excused() {
        // The data ends in 0x0D and the marker is `\n`: the validator's miscount.
        assert!(stream_lengths_are_right(&one_stream(b"ab\r", 3, b"\n")));
        // A wrong length is never excused.
        assert!(!stream_lengths_are_right(&one_stream(b"ab\r", 2, b"\n")));
        assert!(!stream_lengths_are_right(&one_stream(b"ab\r", 4, b"\n")));
        // An indirect length, written without a space after the `R`, is
        // read from its object, never taken for the object's number.
        assert_eq!(
            declared_length(b" obj\n<</Length 2 0 R/Filter/FlateDecode>>", None),
            None
        );
        assert_eq!(
            declared_length(b"<</Length 3/Filter/FlateDecode>>", None),
            Some(3)
        );
        assert_eq!(declared_length(b"<</Length1 9 /Length 4>>", None), Some(4));
        // Right, but not the case the validator miscounts: no exception needed.
        assert!(!stream_lengths_are_right(&one_stream(b"abc", 3, b"\n")));
        assert!(stream_lengths_are_right(&one_stream(b"ab\r", 3, b"\r\n")));
    }

    #[test]
    fn lengths_are_read_as_every_writer_writes_them() {
        // LibreOffice writes indirect lengths (`/Length 3 0 R/Filter…`).
        for fixture in ["tilgaengelig.pdf", "almindelig.pdf"] {
            let path = format!(
                "{}/tests/fixtures/bilag/{fixture}",
                env!("CARGO_MANIFEST_DIR")
            );
            let bytes = std::fs::read(path).unwrap();
            assert!(read_stream_lengths(&bytes).is_some(), "{fixture}");
        }
    }

    #[test]
    fn a_property_is_removed_in_either_form() {
        let attr = r#"<rdf:Description pdfaid:part="2" pdfuaid:part="1" x="y"/>"#;
        assert_eq!(
            remove_property(attr, "pdfuaid:part"),
            r#"<rdf:Description pdfaid:part="2" x="y"/>"#
        );
        let elem = "<a><pdfuaid:part>1</pdfuaid:part><b/></a>";
        assert_eq!(remove_property(elem, "pdfuaid:part"), "<a><b/></a>");
    }

    #[test]
    fn xmp_values_as_attribute_or_element() {
        let xmp = r#"<rdf:Description pdfaid:part="2"><pdfaid:conformance>B</pdfaid:conformance>"#;
        assert_eq!(xmp_value(xmp, "pdfaid:part").as_deref(), Some("2"));
        assert_eq!(xmp_value(xmp, "pdfaid:conformance").as_deref(), Some("B"));
        assert_eq!(xmp_value(xmp, "pdfuaid:part"), None);
    }
}
