//! Import: a meeting exported from a case system (SBSYS, eDoc, Agenda Management) written as case files.
//!
//! Each format's reader ([`sbsys`], [`edoc`], [`agman`]) turns its XML into
//! one [`Export`]; [`sections`] sorts the text under the profile's
//! headings; [`yaml`] writes the files a person would have written; and
//! [`write`] puts the folder in place in one step, or not at all.

// An import stops at its first error, which is printed once before the
// process exits: the size of a `Diagnostic` in a `Result` costs nothing here.
#![allow(clippy::result_large_err)]

pub mod agman;
pub mod edoc;
pub mod html;
pub mod sbsys;
pub mod sections;
pub mod write;
pub mod xml;
pub mod yaml;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};

use crate::diagnostic::Diagnostic;
use crate::template::profile::Afsnit;

/// The case systems whose exports can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Sbsys,
    Edoc,
    Agman,
}

impl Format {
    /// The system's name as the header comment gives it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Sbsys => "SBSYS",
            Format::Edoc => "eDoc",
            Format::Agman => "Agenda Management",
        }
    }

    /// The root element of its XML.
    pub fn root(self) -> &'static str {
        match self {
            Format::Sbsys => "Dagsorden",
            Format::Edoc => "Meeting",
            Format::Agman => "Publication",
        }
    }

    /// Its name on the command line.
    pub fn command(self) -> &'static str {
        match self {
            Format::Sbsys => "sbsys",
            Format::Edoc => "edoc",
            Format::Agman => "agman",
        }
    }
}

/// A meeting as an export has it, before it becomes case files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub format: Format,
    /// The XML file read.
    pub xml: PathBuf,
    /// The export's own id of the agenda or meeting (`DagsordenID`, `Agenda@ID`…).
    pub id: String,
    pub udvalg: String,
    pub dato: NaiveDate,
    pub tid: Option<NaiveTime>,
    pub sted: Option<String>,
    pub formand: Option<String>,
    pub medlemmer: Vec<String>,
    pub fravaerende: Vec<String>,
    /// Substitutes: who, and for whom.
    pub suppleanter: Vec<(String, String)>,
    /// Minutes (`referat`) rather than an agenda.
    pub referat: bool,
    pub items: Vec<Item>,
}

/// One item of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub nummer: u32,
    pub titel: String,
    pub lukket: bool,
    pub sagsnr: Option<String>,
    /// The text under its headings, in the export's order.
    pub sections: Vec<Section>,
    pub bilag: Vec<Attachment>,
    /// Earlier decisions on the case, one paragraph each.
    pub historik: Vec<String>,
}

/// A heading of the export and the text under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<html::Block>,
}

/// A bilag the export names, with the file it points to (checked to exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub titel: String,
    pub file: PathBuf,
    pub offentlig: bool,
}

/// Reads an export: `path` is its folder or its XML file.
pub fn read(format: Format, path: &Path, afsnit: &[Afsnit]) -> Result<Export, Diagnostic> {
    let xml = xml_file(format, path)?;
    let file = xml::XmlFile::read(&xml)?;
    let document = file.parse()?;
    match format {
        Format::Sbsys => sbsys::read(&file, &document, afsnit),
        Format::Edoc => edoc::read(&file, &document, afsnit),
        Format::Agman => agman::read(&file, &document),
    }
}

/// The HTML (or plain text) of an element: its inner markup when it holds
/// elements, its text (escaped HTML or CDATA) otherwise.
pub fn inner_html(file: &xml::XmlFile, node: roxmltree::Node) -> String {
    let elements: Vec<_> = node.children().filter(|c| c.is_element()).collect();
    match (elements.first(), node.last_child()) {
        (Some(_), Some(last)) => {
            let start = node.first_child().map_or(0, |c| c.range().start);
            file.text[start..last.range().end].to_string()
        }
        _ => xml::text(node),
    }
}

/// Text that is HTML, or plain text with blank lines between paragraphs, as blocks.
pub fn text_blocks(body: &str) -> Vec<html::Block> {
    if body.contains('<') && body.contains('>') {
        return html::blocks(body);
    }
    let escaped = body
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let paragraphs: Vec<String> = escaped
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| {
            format!(
                "<p>{}</p>",
                p.lines().map(str::trim).collect::<Vec<_>>().join("<br>")
            )
        })
        .collect();
    html::blocks(&paragraphs.join(""))
}

/// Splits one body into sections at its headings: a heading block, or a
/// paragraph that is a known heading alone. A `Sagsnr.: …` line is taken
/// out and returned.
pub fn split_sections(
    blocks: Vec<html::Block>,
    afsnit: &[Afsnit],
) -> (Vec<Section>, Option<String>) {
    let mut sections = vec![Section {
        heading: String::new(),
        blocks: Vec::new(),
    }];
    let mut sagsnr = None;
    for block in blocks {
        let heading = match &block {
            html::Block::Heading(h) => Some(h.clone()),
            html::Block::Paragraph(p) if sections::key_of(p, afsnit).is_some() && p.len() < 60 => {
                Some(p.clone())
            }
            _ => None,
        };
        if let html::Block::Paragraph(p) | html::Block::Heading(p) = &block
            && p.to_lowercase().starts_with("sagsnr")
            && let Some(s) = find_sagsnr(p)
        {
            sagsnr.get_or_insert(s);
            continue;
        }
        match heading {
            Some(h) => sections.push(Section {
                heading: h,
                blocks: Vec::new(),
            }),
            None => sections
                .last_mut()
                .expect("one section at least")
                .blocks
                .push(block),
        }
    }
    sections.retain(|s| !s.blocks.is_empty());
    (sections, sagsnr)
}

/// The first KLE journal number in a text (`Sagsnr.: 28.09.40-G01-44-21`).
pub fn find_sagsnr(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':'))
        .map(|w| w.trim_end_matches('.'))
        .find(|w| crate::load::sagsnr::Sagsnr::try_from(w.to_string()).is_ok())
        .map(str::to_string)
}

/// The XML file of an export: the path itself, or the one XML file in the
/// folder (eDoc's is `eDocAgendaPublishing.xml` by name).
fn xml_file(format: Format, path: &Path) -> Result<PathBuf, Diagnostic> {
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    let entries = std::fs::read_dir(path).map_err(|e| {
        Diagnostic::new(path, format!("cannot read the export folder: {e}"))
            .help("give the folder the case system exported the meeting to, or its XML file")
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")))
        .collect();
    found.sort();
    if format == Format::Edoc
        && let Some(p) = found.iter().find(|p| {
            p.file_name()
                .is_some_and(|n| n == "eDocAgendaPublishing.xml")
        })
    {
        return Ok(p.clone());
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(
            Diagnostic::new(path, "the export folder has no XML file").help(format!(
                "an export from {} is a folder with the meeting's XML file, its HTML and the bilag",
                format.name()
            )),
        ),
        _ => Err(Diagnostic::new(
            path,
            format!(
                "the export folder has {} XML files: {}",
                found.len(),
                found
                    .iter()
                    .filter_map(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .help("give the XML file of the meeting instead of the folder")),
    }
}

/// The root element of an export, which must be `name` for `format`;
/// another root is an error that names the format whose root it is.
pub fn root<'a, 'i>(
    file: &xml::XmlFile,
    document: &'a roxmltree::Document<'i>,
    format: Format,
) -> Result<roxmltree::Node<'a, 'i>, Diagnostic> {
    let root = document.root_element();
    let found = root.tag_name().name();
    let expected = format.root();
    if found == expected {
        return Ok(root);
    }
    let mut d = file
        .error(
            root,
            format!(
                "an export from {} begins with <{expected}>, this one with <{found}>",
                format.name()
            ),
        )
        .label(format!("not {}", format.name()));
    if let Some(other) = [Format::Sbsys, Format::Edoc, Format::Agman]
        .into_iter()
        .find(|f| f.root() == found)
    {
        d = d.help(format!(
            "this is an export from {}: `dagsorden import {}`",
            other.name(),
            other.command()
        ));
    }
    Err(d)
}

/// A bilag's file relative to the XML file's folder, which must exist.
pub fn bilag_file(
    file: &xml::XmlFile,
    node: roxmltree::Node,
    relative: &str,
) -> Result<PathBuf, Diagnostic> {
    let dir = file.path.parent().unwrap_or(Path::new("."));
    let relative = relative.trim().replace('\\', "/");
    let path = dir.join(&relative);
    let inside = !relative.starts_with('/') && !relative.split('/').any(|p| p == "..");
    if !inside {
        return Err(file
            .error(
                node,
                format!("the bilag `{relative}` is outside the export folder"),
            )
            .label("a path out of the export")
            .help("a bilag must lie in the export folder or below it"));
    }
    if !path.is_file() {
        return Err(file
            .error(
                node,
                format!("the bilag `{relative}` is not in the export folder"),
            )
            .label("this file is missing")
            .help(format!(
                "copy the file into {} or export the meeting again with its bilag",
                dir.display()
            )));
    }
    Ok(path)
}

/// The folder an import goes to when none is given: `cases/<udvalg>/<dato>/`.
pub fn default_dir(export: &Export) -> PathBuf {
    Path::new("cases")
        .join(slug(&export.udvalg))
        .join(export.dato.format("%Y-%m-%d").to_string())
}

/// A title as a file name's word: `Godkendelse af dagsorden` → `godkendelse-af-dagsorden`.
pub fn slug(title: &str) -> String {
    // Hyphens part words, as spaces do: `2016-2020` stays two numbers.
    let word = crate::write::file_word(&title.replace(['-', '–', '/'], " "))
        .to_lowercase()
        .replace('_', "-");
    let mut out = String::new();
    for part in word.split('-').filter(|p| !p.is_empty()) {
        if out.len() + part.len() > 48 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    if out.is_empty() {
        "punkt".to_string()
    } else {
        out
    }
}
