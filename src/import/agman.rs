//! Agenda Management's (Acadre's) meeting export: `/Publication` with `Agendas/Agenda`, its `Meeting` and members, and `Items/Item` with their fields, history and enclosures.

use roxmltree::Document;

use super::xml::{XmlFile, child, child_text, children, text, truthy};
use super::{Attachment, Export, Format, Item, Section, bilag_file, find_sagsnr, html};
use crate::diagnostic::Diagnostic;

/// Reads an Agenda Management export: the first agenda of the publication.
/// `PublicationTypeAsValue` 2 or more is minutes. A member whose status is
/// 1 (attends), 4 or 0 (not decided) took part; any other status is absent;
/// a member whose note or status says "suppleant for X" is X's substitute.
pub fn read(file: &XmlFile, document: &Document) -> Result<Export, Diagnostic> {
    let root = super::root(file, document, Format::Agman)?;
    let referat = child_text(root, "PublicationTypeAsValue")
        .and_then(|v| v.parse::<u32>().ok())
        .is_some_and(|v| v >= 2);
    let agendas = file.required(root, "Agendas")?;
    let agenda = file.required(agendas, "Agenda")?;
    let id = agenda.attribute("ID").unwrap_or_default().to_string();
    let meeting = file.required(agenda, "Meeting")?;
    let when = file.required(meeting, "When")?;
    let (dato, tid) = file.date_time(when, &text(when))?;
    let sted = child_text(meeting, "Where");
    let committee = file.required(meeting, "Committee")?;
    let udvalg = child_text(committee, "Name")
        .ok_or_else(|| file.error(committee, "the <Committee> has no <Name>"))?;

    let mut formand = None;
    let mut medlemmer = Vec::new();
    let mut fravaerende = Vec::new();
    let mut suppleanter = Vec::new();
    for m in child(meeting, "Members")
        .into_iter()
        .flat_map(|l| children(l, "MeetingMember"))
    {
        let Some(name) = child_text(m, "Name") else {
            continue;
        };
        let status = child_text(m, "ParticipationStatusAsValue").unwrap_or_default();
        let status_text = child_text(m, "ParticipationStatusAsText").unwrap_or_default();
        let note = child_text(m, "ParticipationNote").unwrap_or_default();
        let said = format!("{status_text} {note}");
        let lower = said.to_lowercase();
        if let Some(i) = lower.find("suppleant for ") {
            let for_ = said[i + "suppleant for ".len()..]
                .trim()
                .trim_end_matches('.')
                .to_string();
            suppleanter.push((name, for_));
            continue;
        }
        if lower.contains("formand") && !lower.contains("næstformand") && formand.is_none() {
            formand = Some(name.clone());
        }
        let attends = matches!(status.trim(), "0" | "1" | "4") || status_text == "NotDecided";
        if !attends {
            fravaerende.push(name.clone());
        }
        medlemmer.push(name);
    }

    let mut items = Vec::new();
    for item in child(agenda, "Items")
        .into_iter()
        .flat_map(|l| children(l, "Item"))
    {
        let number = file.attribute(item, "Nummer")?;
        let nummer: u32 = number.trim().parse().map_err(|_| {
            file.error(
                item,
                format!("the item number `{number}` is not a whole number"),
            )
            .label("expected Nummer=\"96\"")
        })?;
        let titel = child_text(item, "Caption")
            .ok_or_else(|| file.error(item, "the item has no <Caption>"))?;
        let mut sagsnr = ["CaseNumber", "Sagsnummer", "Sagsnr"]
            .iter()
            .find_map(|n| child_text(item, n))
            .and_then(|s| find_sagsnr(&s));
        let mut sections = Vec::new();
        for field in child(item, "Fields")
            .into_iter()
            .flat_map(|l| children(l, "ItemField"))
        {
            if child_text(field, "HasContent").is_some_and(|h| !truthy(&h)) {
                continue;
            }
            let heading = child_text(field, "Caption").unwrap_or_default();
            let content = child(field, "Content")
                .map(|c| super::inner_html(file, c))
                .unwrap_or_default();
            let blocks = html::blocks(&content);
            if heading.to_lowercase().starts_with("sagsnr") {
                sagsnr = sagsnr.or_else(|| find_sagsnr(&html::markdown(&blocks)));
                continue;
            }
            sections.push(Section { heading, blocks });
        }
        let mut historik = Vec::new();
        for h in child(item, "ItemHistory")
            .into_iter()
            .flat_map(|l| l.children().filter(|c| c.is_element()))
        {
            if child_text(h, "HasContent").is_some_and(|v| !truthy(&v)) {
                continue;
            }
            let details = child(h, "MeetingDetails");
            let who = details
                .and_then(|d| child_text(d, "CommitteeName"))
                .unwrap_or_default();
            let date = details
                .and_then(|d| child(d, "MeetingDueDate"))
                .map(|d| file.date_time(d, &text(d)))
                .transpose()?
                .map(|(d, _)| crate::format::date_long(d));
            let caption = child_text(h, "Caption").unwrap_or_else(|| "Beslutning".to_string());
            let content = child(h, "Content")
                .map(|c| super::inner_html(file, c))
                .unwrap_or_default();
            let body = html::markdown(&html::blocks(&content));
            let head = [Some(who), date]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            historik.push(
                format!("**{caption}, {head}**\n\n{body}")
                    .trim()
                    .to_string(),
            );
        }
        let mut bilag = Vec::new();
        for e in child(item, "Enclosures")
            .into_iter()
            .flat_map(|l| children(l, "Enclosure"))
        {
            let uri_node = file.required(e, "EnclosureOutputUri")?;
            let uri = text(uri_node);
            let name = child_text(e, "FileName").unwrap_or_else(|| uri.clone());
            let titel = match name.rsplit_once('.') {
                Some((stem, ext)) if ext.len() <= 4 && !stem.is_empty() => stem.to_string(),
                _ => name,
            };
            bilag.push(Attachment {
                titel,
                file: bilag_file(file, uri_node, &uri)?,
                offentlig: !child_text(e, "IsProtected").is_some_and(|p| truthy(&p)),
            });
        }
        items.push(Item {
            nummer,
            titel,
            lukket: !child_text(item, "IsPublic").is_none_or(|p| truthy(&p)),
            sagsnr,
            sections,
            bilag,
            historik,
        });
    }
    items.sort_by_key(|i| i.nummer);
    Ok(Export {
        format: Format::Agman,
        xml: file.path.clone(),
        id,
        udvalg,
        dato,
        tid,
        sted,
        formand,
        medlemmer,
        fravaerende,
        suppleanter,
        referat,
        items,
    })
}
