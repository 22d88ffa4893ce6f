//! An export's XML file read with the place of every element, so that an error names its line and column.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use roxmltree::{Document, Node};

use crate::diagnostic::{Diagnostic, Place};

/// The text of one XML file of an export, kept for the places of its errors.
pub struct XmlFile {
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl XmlFile {
    /// Reads `path`. Character references to control characters (eDoc
    /// writes `&#xC;` for Word's page breaks), which XML 1.0 forbids, are
    /// taken out before parsing; nothing else is changed, so places stay right.
    pub fn read(path: &Path) -> Result<XmlFile, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::new(path, format!("cannot read the export's XML file: {e}"))
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Diagnostic::new(
                path,
                format!(
                    "the XML file is not UTF-8 (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
            .help("save the export as UTF-8, as the case systems do by default")
        })?;
        Ok(XmlFile {
            path: path.to_path_buf(),
            text: blank_control_references(&text).into(),
        })
    }

    /// Parses the file; a malformed one is an error at its line and column.
    pub fn parse(&self) -> Result<Document<'_>, Diagnostic> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        Document::parse_with_options(&self.text, options).map_err(|e| {
            let pos = e.pos();
            Diagnostic::new(&self.path, format!("the export's XML is malformed: {e}"))
                .in_text(self.text.clone())
                .at(Some(Place::at(&self.text, pos.row as usize, pos.col as usize, 1)))
                .label("here")
                .help("export the meeting again from the case system; a file cut short or edited by hand cannot be read")
        })
    }

    /// An error at `node`.
    pub fn error(&self, node: Node, message: impl Into<String>) -> Diagnostic {
        let start = node.range().start;
        let len = self.text[start..]
            .find('>')
            .map_or(1, |n| self.text[start..start + n + 1].chars().count());
        Diagnostic::new(&self.path, message)
            .in_text(self.text.clone())
            .at(Some(Place::of_offset(&self.text, start, len)))
    }

    /// The child element `name` of `node`, which must be there.
    pub fn required<'a, 'i>(
        &self,
        node: Node<'a, 'i>,
        name: &str,
    ) -> Result<Node<'a, 'i>, Diagnostic> {
        child(node, name).ok_or_else(|| {
            self.error(
                node,
                format!("<{}> has no <{name}>", node.tag_name().name()),
            )
            .label(format!("expected a <{name}> inside"))
            .help("the importer reads the layout the case system writes; check that this is the right format")
        })
    }

    /// The attribute `name` of `node`, which must be there.
    pub fn attribute<'a>(&self, node: Node<'a, '_>, name: &str) -> Result<&'a str, Diagnostic> {
        node.attribute(name).ok_or_else(|| {
            self.error(
                node,
                format!("<{}> has no attribute {name}", node.tag_name().name()),
            )
            .label(format!("expected {name}=\"…\""))
        })
    }

    /// A date (and a time, when it has one) as the case systems write
    /// them; an unknown format is an error at `node`.
    pub fn date_time(
        &self,
        node: Node,
        value: &str,
    ) -> Result<(NaiveDate, Option<NaiveTime>), Diagnostic> {
        parse_date_time(value).ok_or_else(|| {
            self.error(node, format!("unknown date format: `{}`", value.trim()))
                .label("a date the importer cannot read")
                .help("the importer reads `27. august 2018 16:00`, `27-08-2018 16:00:00`, `27.08.2018`, `2018-08-27` and `2018-08-27T16:00:00`")
        })
    }
}

/// The first child element of `node` named `name`.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

/// Every child element of `node` named `name`.
pub fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The text of an element (its text and CDATA), trimmed.
pub fn text(node: Node) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_string()
}

/// The text of the child `name`, when there is one and it is not empty.
pub fn child_text(node: Node, name: &str) -> Option<String> {
    child(node, name).map(text).filter(|t| !t.is_empty())
}

/// `true`, `True`, `1`, `ja` as true.
pub fn truthy(value: &str) -> bool {
    matches!(
        value.trim().to_lowercase().as_str(),
        "true" | "1" | "ja" | "yes"
    )
}

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// Parses the date formats of the exports: `27. august 2018 16:00`,
/// `27-08-2018 16:00:00`, `27.08.2018`, `2018-08-27`, `2018-08-27T16:00:00`
/// (with or without a zone, which is dropped: the meeting's local time is written).
pub fn parse_date_time(value: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let value = value.trim().trim_matches('"');
    let (date, time) = match value.split_once(['T', ' ']) {
        // "27. august 2018 16:00": the date has spaces itself.
        Some(_) if value.contains(". ") => {
            let parts: Vec<&str> = value.split_whitespace().collect();
            let day: u32 = parts.first()?.trim_end_matches('.').parse().ok()?;
            let month = MONTHS
                .iter()
                .position(|m| parts.get(1).is_some_and(|p| p.to_lowercase() == *m))?
                as u32
                + 1;
            let year: i32 = parts.get(2)?.parse().ok()?;
            let date = NaiveDate::from_ymd_opt(year, month, day)?;
            let time = match parts.get(3) {
                Some(t) => Some(parse_time(t)?),
                None => None,
            };
            if parts.len() > 4 {
                return None;
            }
            return Some((date, time));
        }
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let date = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(date, f).ok())?;
    let time = match time {
        Some(t) => Some(parse_time(t)?),
        None => None,
    };
    Some((date, time))
}

pub fn parse_time(t: &str) -> Option<NaiveTime> {
    // A zone or fraction after the time is dropped: `16:00:00+02:00`, `16:00:00.000Z`.
    let t = t.split(['+', 'Z', '.']).next()?;
    let t = match t.rfind('-') {
        Some(i) if i > 0 => &t[..i],
        _ => t,
    };
    ["%H:%M:%S", "%H:%M", "%H.%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(t, f).ok())
}

/// Replaces character references to control characters other than tab,
/// line feed and carriage return by spaces of the same length.
fn blank_control_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let code = end.and_then(|e| {
            let body = &tail[2..e];
            match body.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => body.parse().ok(),
            }
        });
        match (end, code) {
            (Some(e), Some(c)) if c < 0x20 && !matches!(c, 0x9 | 0xA | 0xD) => {
                out.push_str(&" ".repeat(e + 1));
                rest = &tail[e + 1..];
            }
            _ => {
                out.push_str("&#");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_the_exports() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(
            parse_date_time("27. august 2018 16:00"),
            Some((d(2018, 8, 27), t(16, 0)))
        );
        assert_eq!(
            parse_date_time("4. December 2012"),
            Some((d(2012, 12, 4), None))
        );
        assert_eq!(
            parse_date_time("04-12-2012 13:00:00"),
            Some((d(2012, 12, 4), t(13, 0)))
        );
        assert_eq!(
            parse_date_time("2021-11-29T15:00:00+01:00"),
            Some((d(2021, 11, 29), t(15, 0)))
        );
        assert_eq!(parse_date_time("29.11.2021"), Some((d(2021, 11, 29), None)));
        assert_eq!(parse_date_time("2021-11-29"), Some((d(2021, 11, 29), None)));
        assert_eq!(parse_date_time("29 nov 2021"), None);
        assert_eq!(parse_date_time("31-02-2021"), None);
        assert_eq!(parse_date_time("27. august 2018 25:00"), None);
    }

    #[test]
    fn control_references_are_blanked_in_place() {
        let s = "<a>x&#xC;y&#12;z&#229;&amp;</a>";
        let out = blank_control_references(s);
        assert_eq!(out.len(), s.len());
        assert_eq!(out, "<a>x     y     z&#229;&amp;</a>");
    }
}
