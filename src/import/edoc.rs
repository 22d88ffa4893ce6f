//! eDoc's meeting export: `/Meeting` with `Committee`, `MeetingDate`, `MeetingState` and the items under `MeetingAgendaTypes/MeetingAgendaType`.

use roxmltree::Document;

use super::xml::{XmlFile, child, child_text, children};
use super::{Attachment, Export, Format, Item, bilag_file, split_sections, text_blocks};
use crate::diagnostic::Diagnostic;
use crate::template::profile::Afsnit;

/// Reads an eDoc export. eDoc carries no place or members; an agenda type
/// whose name says "lukket" holds closed items; a document or bilag whose
/// `PublishingType` is not "SKAL PUBLICERES" is not published; the item's
/// text is `FullText`, split at its headings.
pub fn read(file: &XmlFile, document: &Document, afsnit: &[Afsnit]) -> Result<Export, Diagnostic> {
    let root = super::root(file, document, Format::Edoc)?;
    let committee = file.required(root, "Committee")?;
    let udvalg = super::xml::text(committee);
    let date_node = file.required(root, "MeetingDate")?;
    let (dato, tid) = file.date_time(date_node, &super::xml::text(date_node))?;
    let state = child_text(root, "MeetingState").unwrap_or_default();
    let referat = state.to_lowercase().contains("referat");
    let publish = |node| {
        child_text(node, "PublishingType")
            .map(|p| p.to_uppercase())
            .is_none_or(|p| p.contains("SKAL PUBLICERES") && !p.contains("IKKE"))
    };
    let mut items = Vec::new();
    let types = child(root, "MeetingAgendaTypes");
    for agenda_type in types
        .into_iter()
        .flat_map(|t| children(t, "MeetingAgendaType"))
    {
        let closed_type = child_text(agenda_type, "AgendaType")
            .is_some_and(|t| t.to_lowercase().contains("lukket"));
        let list = child(agenda_type, "MeetingAgendaItems");
        for item in list
            .into_iter()
            .flat_map(|l| children(l, "MeetingAgendaItem"))
        {
            let number_node = file.required(item, "AgendaItemNumber")?;
            let nummer: u32 = super::xml::text(number_node).parse().map_err(|_| {
                file.error(
                    number_node,
                    format!(
                        "the item number `{}` is not a whole number",
                        super::xml::text(number_node)
                    ),
                )
                .label("expected a number such as 96")
            })?;
            let doc = file.required(item, "Document")?;
            let titel = child_text(doc, "Title")
                .ok_or_else(|| file.error(doc, "the item's <Document> has no <Title>"))?;
            let body = child(item, "FullText")
                .map(|f| super::inner_html(file, f))
                .unwrap_or_default();
            let (sections, sagsnr) = split_sections(text_blocks(&body), afsnit);
            let mut bilag = Vec::new();
            for a in child(doc, "Attachments")
                .into_iter()
                .flat_map(|l| l.children().filter(|c| c.is_element()))
            {
                let pdf = file.required(a, "PDFDocument")?;
                let name = super::xml::text(pdf);
                bilag.push(Attachment {
                    titel: child_text(a, "Title").unwrap_or_else(|| name.clone()),
                    file: bilag_file(file, pdf, &name)?,
                    offentlig: publish(a),
                });
            }
            items.push(Item {
                nummer,
                titel,
                lukket: closed_type || !publish(doc),
                sagsnr,
                sections,
                bilag,
                historik: Vec::new(),
            });
        }
    }
    items.sort_by_key(|i| i.nummer);
    Ok(Export {
        format: Format::Edoc,
        xml: file.path.clone(),
        // eDoc gives the meeting no id: the committee and the date are it.
        id: format!("{udvalg} {}", dato.format("%d-%m-%Y")),
        udvalg,
        dato,
        tid,
        sted: None,
        formand: None,
        medlemmer: Vec::new(),
        fravaerende: Vec::new(),
        suppleanter: Vec::new(),
        referat,
        items,
    })
}
