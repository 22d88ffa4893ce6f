//! SBSYS's meeting export: `/Dagsorden` with `Møde`, `Dagsordenpunkter/Dagsordenpunkt` (its `Indhold` one element per heading) and `Bilagsliste/Bilag`.

use roxmltree::Document;

use super::xml::{XmlFile, child, children, text, truthy};
use super::{
    Attachment, Export, Format, Item, Section, bilag_file, find_sagsnr, inner_html, split_sections,
    text_blocks,
};
use crate::diagnostic::Diagnostic;
use crate::template::profile::Afsnit;

/// Reads an SBSYS export. SBSYS numbers no items: they are numbered in the
/// export's order. A sagsnr is taken from the item (`Sagsnr`/`Sagsnummer`)
/// or, failing that, from the agenda's `Dagsorden.html` beside the XML.
pub fn read(file: &XmlFile, document: &Document, afsnit: &[Afsnit]) -> Result<Export, Diagnostic> {
    let root = super::root(file, document, Format::Sbsys)?;
    let id = file.attribute(root, "DagsordenID")?.to_string();
    let open = root.attribute("Åben").is_none_or(truthy);
    let referat = root
        .attribute("Dagsordentype")
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("referat"));
    let moede = file.required(root, "Møde")?;
    let udvalg = file.attribute(moede, "Udvalg")?.trim().to_string();
    let (dato, mut tid) = file.date_time(moede, file.attribute(moede, "Mødedato")?)?;
    if let Some(t) = moede.attribute("Mødetid").filter(|t| !t.trim().is_empty()) {
        tid = Some(super::xml::parse_time(t.trim()).ok_or_else(|| {
            file.error(moede, format!("unknown time format: `{}`", t.trim()))
                .label("a time the importer cannot read")
                .help("write the time as `16:00`")
        })?);
    }
    let sted = moede
        .attribute("Mødested")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let agenda_html = file
        .path
        .parent()
        .map(|d| d.join("Dagsorden.html"))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .map(|h| super::html::markdown(&super::html::blocks(&h)));

    let mut items = Vec::new();
    let punkter = child(root, "Dagsordenpunkter");
    for (n, punkt) in punkter
        .into_iter()
        .flat_map(|p| children(p, "Dagsordenpunkt"))
        .enumerate()
    {
        let titel = child(punkt, "Overskrift")
            .map(text)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                file.error(punkt, "the item has no <Overskrift>")
                    .label("an item without a title")
            })?;
        let mut sections = Vec::new();
        let mut sagsnr = child(punkt, "Sagsnr")
            .or_else(|| child(punkt, "Sagsnummer"))
            .map(text)
            .or_else(|| punkt.attribute("Sagsnr").map(str::to_string))
            .and_then(|s| find_sagsnr(&s));
        for indhold in children(punkt, "Indhold") {
            for felt in indhold.children().filter(|c| c.is_element()) {
                let heading = felt
                    .attribute("Navn")
                    .or_else(|| felt.attribute("Overskrift"))
                    .map(str::to_string)
                    .unwrap_or_else(|| felt.tag_name().name().replace('_', " "));
                let (inner, found) = split_sections(text_blocks(&inner_html(file, felt)), afsnit);
                sagsnr = sagsnr.or(found);
                for s in inner {
                    let heading = if s.heading.is_empty() {
                        heading.clone()
                    } else {
                        s.heading
                    };
                    sections.push(Section {
                        heading,
                        blocks: s.blocks,
                    });
                }
            }
        }
        if sagsnr.is_none() {
            sagsnr = agenda_html.as_deref().and_then(|h| sagsnr_after(h, &titel));
        }
        let mut bilag = Vec::new();
        for b in child(punkt, "Bilagsliste")
            .into_iter()
            .flat_map(|l| children(l, "Bilag"))
        {
            let url = file.attribute(b, "BilagUrl")?;
            bilag.push(Attachment {
                titel: b
                    .attribute("Navn")
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .unwrap_or(url)
                    .to_string(),
                file: bilag_file(file, b, url)?,
                offentlig: b.attribute("MaaPubliceres").is_some_and(truthy),
            });
        }
        items.push(Item {
            nummer: n as u32 + 1,
            titel,
            lukket: !open || !punkt.attribute("Åbent").is_none_or(truthy),
            sagsnr,
            sections,
            bilag,
            historik: Vec::new(),
        });
    }
    Ok(Export {
        format: Format::Sbsys,
        xml: file.path.clone(),
        id,
        udvalg,
        dato,
        tid,
        sted,
        formand: None,
        medlemmer: Vec::new(),
        fravaerende: Vec::new(),
        suppleanter: Vec::new(),
        referat,
        items,
    })
}

/// The journal number that follows an item's title in the agenda's text,
/// before the next line that is a heading of its own.
fn sagsnr_after(agenda: &str, titel: &str) -> Option<String> {
    let at = agenda.find(titel)?;
    let rest = &agenda[at + titel.len()..];
    rest.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .take_while(|l| !l.starts_with("**"))
        .find_map(|l| {
            l.to_lowercase()
                .contains("sag")
                .then(|| find_sagsnr(l))
                .flatten()
        })
}
