//! The complete packet (`render --samlet`): the meeting document and every bilag in one
//! PDF, its tags whole, a bookmark per bilag, deterministic, and a bilag that
//! cannot be carried left out with a warning.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

use crate::common::{pdf_document, pdf_text, render_cli, squash, xmp};
use crate::meeting::{CLOSED_CONTENT, copy_meeting, meeting_with_a_closed_item};

const MEETING: &str = "cases/udvalget-for-laering/2021-11-29";
const PACKET: &str = "Referat_Udvalget_for_Laering_2021-11-29_samlet.pdf";
const DOCUMENT: &str = "Referat_Udvalget_for_Laering_2021-11-29.pdf";

/// The bilag of the example meeting, in the order the packet carries them.
const BILAG: [&str; 5] = [
    "Punkt_096_Bilag_1_Tal_for_omgoerelsesprocenter_20162020pdf.pdf",
    "Punkt_097_Bilag_1_Midtvejsevaluering_aabne_anonyme_raadgivningssamtaler_til_unge_mellem_1325_aar.pdf",
    "Punkt_099_Bilag_1_Forslag_til_retningslinjer_for_anvisning_af_plads.pdf",
    "Punkt_100_Bilag_1_Rekrutteringsstrategidocx.pdf",
    "Punkt_101_Bilag_1_Maanedsopfoelgning_Oktober_2021__.pdf",
];

pub(crate) fn read(run: &crate::common::Run, name: &str) -> Vec<u8> {
    std::fs::read(run.out.path().join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}; written: {:?}", run.written()))
}

#[test]
fn the_packet_is_the_meeting_document_followed_by_every_bilag() {
    let run = render_cli(&[MEETING, "--samlet"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains(PACKET), "{}", run.stdout);
    let packet = read(&run, PACKET);
    let meeting_pages = pdf_document(&read(&run, DOCUMENT)).get_pages().len();
    let bilag_pages: Vec<usize> = BILAG
        .iter()
        .map(|b| pdf_document(&read(&run, b)).get_pages().len())
        .collect();
    let doc = pdf_document(&packet);
    assert_eq!(
        doc.get_pages().len(),
        meeting_pages + bilag_pages.iter().sum::<usize>()
    );

    // Page by page: the meeting document, then each bilag's pages as in its own file.
    let pages = pdf_extract::extract_text_from_mem_by_pages(&packet).unwrap();
    let meeting = pdf_extract::extract_text_from_mem_by_pages(&read(&run, DOCUMENT)).unwrap();
    assert_eq!(squash(&pages[0]), squash(&meeting[0]), "front page");
    let mut at = meeting_pages;
    let mut starts = Vec::new();
    for (bilag, count) in BILAG.iter().zip(&bilag_pages) {
        let own = pdf_extract::extract_text_from_mem_by_pages(&read(&run, bilag)).unwrap();
        for (i, page) in own.iter().enumerate() {
            assert_eq!(
                squash(&pages[at + i]),
                squash(page),
                "page {} of the packet is page {} of {bilag}",
                at + i + 1,
                i + 1
            );
        }
        starts.push(at + 1);
        at += count;
    }

    // A bookmark "Bilag" after the items', with one per bilag pointing at its first page.
    let outline = outline(&doc);
    let items = outline
        .iter()
        .filter(|b| b.title.starts_with("96.") || b.title.starts_with("104."))
        .count();
    assert_eq!(items, 2, "items keep their bookmarks: {outline:#?}");
    let group = outline.last().expect("bookmarks");
    assert_eq!(group.title, "Bilag");
    let titles: Vec<&str> = group.kids.iter().map(|k| k.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Punkt 96, bilag 1: Tal for omgørelsesprocenter 2016-2020.pdf",
            "Punkt 97, bilag 1: Midtvejsevaluering åbne anonyme rådgivningssamtaler til unge mellem 13-25 år",
            "Punkt 99, bilag 1: Forslag til retningslinjer for anvisning af plads",
            "Punkt 100, bilag 1: Rekrutteringsstrategi.docx",
            "Punkt 101, bilag 1: Månedsopfølgning Oktober 2021 _",
        ]
    );
    let pages_of: Vec<usize> = group.kids.iter().map(|k| k.page).collect();
    assert_eq!(
        pages_of, starts,
        "bookmarks point at each bilag's first page"
    );
    // Each bilag keeps its own bookmarks, under its own (the scan has none).
    for (n, k) in group.kids.iter().enumerate() {
        assert_eq!(k.kids.is_empty(), n == 1, "{group:#?}");
    }

    // Still one archival document: the meeting's identification, language
    // and title, at the level of its weakest part (item 97's scan is PDF/A-2b).
    let xmp = xmp(&packet);
    assert!(
        xmp.contains("pdfaid:part") && !xmp.contains("pdfuaid:part"),
        "{xmp}"
    );
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"da-DK");
    assert_eq!(
        catalog
            .get(b"OutputIntents")
            .and_then(|o| doc.dereference(o))
            .unwrap()
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
    check_tags(&doc, BILAG.len() - 1); // all but the scan are tagged
}

#[test]
fn the_tags_of_the_plain_meeting_document_pass_the_same_check() {
    // The check below is no stricter than what Typst writes itself.
    let run = render_cli(&[MEETING]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    check_tags(&pdf_document(&read(&run, DOCUMENT)), 0);
}

#[test]
fn the_packet_is_byte_identical_on_every_run() {
    let first = render_cli(&[MEETING, "--samlet"]);
    let second = render_cli(&[MEETING, "--samlet"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(read(&first, PACKET) == read(&second, PACKET));
}

#[test]
fn a_bilag_that_is_not_pdf_a_is_made_pdf_a_and_carried() {
    let cases = copy_meeting(|_, text| text);
    std::fs::write(
        cases.path().join("bilag/punkt-099-bilag-1.pdf"),
        plain_pdf(),
    )
    .unwrap();
    let run = render_cli(&[cases.path().as_os_str(), "--samlet".as_ref()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("punkt-099-bilag-1.pdf` is PDF/A-2b as OCRmyPDF made it"),
        "the run says what the bilag became: {}",
        run.stderr
    );
    // Beside the item: not the file as received, but its PDF/A (checked by
    // the validator when `run` is dropped).
    let copied = read(&run, BILAG[2]);
    assert!(copied != plain_pdf());
    assert!(xmp(&copied).contains("pdfaid"));
    let doc = pdf_document(&read(&run, PACKET));
    let outline = outline(&doc);
    assert_eq!(outline.last().unwrap().kids.len(), 5);
    check_tags(&doc, 3);
}

#[test]
fn a_tagged_bilag_from_another_program_is_carried_whole() {
    // A LibreOffice export (PDF/A-2b, PDF/UA-1, tagged) as item 99's bilag.
    let cases = copy_meeting(|_, text| text);
    let external = crate::common::repo().join("tests/fixtures/bilag/tilgaengelig.pdf");
    std::fs::copy(&external, cases.path().join("bilag/punkt-099-bilag-1.pdf")).unwrap();
    let run = render_cli(&[cases.path().as_os_str(), "--samlet".as_ref()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("punkt-099-bilag-1.pdf` is PDF/A-2b + PDF/UA-1\n"),
        "carried as it is, no engine run: {}",
        run.stderr
    );
    let packet = read(&run, PACKET);
    let doc = pdf_document(&packet);
    let outline = outline(&doc);
    let group = outline.last().unwrap();
    assert_eq!(group.kids.len(), 5);
    let page = group.kids[2].page;
    let pages = pdf_extract::extract_text_from_mem_by_pages(&packet).unwrap();
    assert!(
        squash(&pages[page - 1]).contains(&squash("Vejledningen om visitation gælder fra januar")),
        "page {page}: {}",
        pages[page - 1]
    );
    check_tags(&doc, 4);
}

#[test]
fn the_public_packet_carries_no_bilag_of_a_closed_item() {
    let cases = meeting_with_a_closed_item();
    let run = render_cli(&[
        cases.path().as_os_str(),
        "--samlet".as_ref(),
        "--udgave".as_ref(),
        "offentlig".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let packet = read(
        &run,
        "Referat_Udvalget_for_Laering_2021-11-29_offentlig_samlet.pdf",
    );
    let doc = pdf_document(&packet);
    let text = squash(&pdf_text(&packet));
    let mut bookmarks = String::new();
    collect_titles(&outline(&doc), &mut bookmarks);
    for sentence in CLOSED_CONTENT
        .iter()
        .chain(&["Rekrutteringsstrategi Hedensted"])
    {
        assert!(
            !text.contains(&squash(sentence)),
            "`{sentence}` is in the packet's text"
        );
        assert!(
            !bookmarks.contains(sentence),
            "`{sentence}` is in a bookmark"
        );
        assert!(
            !xmp(&packet).contains(sentence),
            "`{sentence}` is in the XMP"
        );
    }
    assert!(text.contains(&squash("Lukket punkt")));
    check_tags(&doc, 3); // item 97's scan is untagged
}

/// A one-page PDF as a scanner or an old word processor writes it: no PDF/A, no tags.
fn plain_pdf() -> Vec<u8> {
    use lopdf::{Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, b"0 0 m 10 10 l S".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A bookmark: its title, the 1-based page it opens, and the bookmarks under it.
#[derive(Debug)]
pub(crate) struct Bookmark {
    pub(crate) title: String,
    pub(crate) page: usize,
    pub(crate) kids: Vec<Bookmark>,
}

pub(crate) fn outline(doc: &Document) -> Vec<Bookmark> {
    let pages: HashMap<ObjectId, usize> = doc
        .get_pages()
        .into_iter()
        .map(|(n, id)| (id, n as usize))
        .collect();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .expect("bookmarks");
    let root = doc.get_dictionary(root).unwrap();
    let first = root.get(b"First").and_then(Object::as_reference).ok();
    bookmarks(doc, first, &pages)
}

fn bookmarks(
    doc: &Document,
    mut next: Option<ObjectId>,
    pages: &HashMap<ObjectId, usize>,
) -> Vec<Bookmark> {
    let mut out = Vec::new();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let title = decode_text(item.get(b"Title").unwrap().as_str().unwrap());
        let dest = doc
            .dereference(item.get(b"Dest").expect("a destination"))
            .unwrap()
            .1;
        let page = dest.as_array().unwrap()[0].as_reference().unwrap();
        out.push(Bookmark {
            title,
            page: pages[&page],
            kids: bookmarks(
                doc,
                item.get(b"First").and_then(Object::as_reference).ok(),
                pages,
            ),
        });
        next = item.get(b"Next").and_then(Object::as_reference).ok();
    }
    out
}

fn collect_titles(bookmarks: &[Bookmark], out: &mut String) {
    for b in bookmarks {
        out.push_str(&b.title);
        out.push('\n');
        collect_titles(&b.kids, out);
    }
}

/// A PDF text string: UTF-16BE after a byte-order mark, else (here) ASCII.
fn decode_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The structure tree is whole: every marked-content sequence on every page
/// and every annotation belongs to the element the parent tree names, every
/// element's parent is the element that holds it, element IDs are unique,
/// and the document element holds one `Part` per carried bilag.
fn check_tags(doc: &Document, parts: usize) {
    let root_id = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .unwrap();
    let root = doc.get_dictionary(root_id).unwrap();
    let nums = root
        .get(b"ParentTree")
        .and_then(|t| doc.dereference(t))
        .unwrap()
        .1
        .as_dict()
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap();
    let parents: BTreeMap<i64, &Object> = nums
        .chunks(2)
        .map(|p| (p[0].as_i64().unwrap(), &p[1]))
        .collect();
    assert_eq!(
        root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap(),
        parents.keys().next_back().unwrap() + 1
    );
    let holds = |element: ObjectId, what: &dyn Fn(&Object) -> bool| {
        let e = doc.get_dictionary(element).unwrap();
        match e.get(b"K").unwrap() {
            Object::Array(kids) => kids.iter().any(what),
            k => what(k),
        }
    };
    let mut used_keys = HashSet::new();
    for (n, page) in doc.get_pages() {
        let page_dict = doc.get_dictionary(page).unwrap();
        // A page of an untagged bilag (a scan) has no marked content.
        let Ok(key) = page_dict.get(b"StructParents").and_then(Object::as_i64) else {
            continue;
        };
        used_keys.insert(key);
        let array = doc
            .dereference(parents[&key])
            .unwrap()
            .1
            .as_array()
            .unwrap();
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        for op in content.operations.iter().filter(|o| o.operator == "BDC") {
            let Some(Object::Dictionary(props)) = op.operands.get(1) else {
                continue;
            };
            let Ok(mcid) = props.get(b"MCID").and_then(Object::as_i64) else {
                continue;
            };
            let element = array[mcid as usize]
                .as_reference()
                .unwrap_or_else(|_| panic!("page {n}: MCID {mcid} has no element"));
            // Held as a bare MCID on the element's page, or as a reference
            // naming its page.
            let element_page = doc
                .get_dictionary(element)
                .unwrap()
                .get(b"Pg")
                .and_then(Object::as_reference)
                .ok();
            assert!(
                holds(element, &|k| match k {
                    Object::Integer(m) => *m == mcid && element_page == Some(page),
                    Object::Dictionary(d) =>
                        d.get(b"MCID").and_then(Object::as_i64).ok() == Some(mcid)
                            && d.get(b"Pg")
                                .and_then(Object::as_reference)
                                .ok()
                                .or(element_page)
                                == Some(page),
                    _ => false,
                }),
                "page {n}: MCID {mcid}'s element does not hold it on this page"
            );
        }
        if let Ok(annots) = page_dict.get(b"Annots").and_then(|a| doc.dereference(a)) {
            for annot in annots.1.as_array().unwrap() {
                let annot = annot.as_reference().unwrap();
                let key = doc
                    .get_dictionary(annot)
                    .unwrap()
                    .get(b"StructParent")
                    .unwrap()
                    .as_i64()
                    .unwrap();
                used_keys.insert(key);
                let element = parents[&key].as_reference().unwrap();
                assert!(
                    holds(element, &|k| doc
                        .dereference(k)
                        .ok()
                        .and_then(|(_, o)| o.as_dict().ok())
                        .and_then(|d| d
                            .get(b"Obj")
                            .and_then(Object::as_reference)
                            .ok())
                        == Some(annot)),
                    "page {n}: an annotation's element does not hold it"
                );
            }
        }
    }
    assert_eq!(
        used_keys.len(),
        parents.len(),
        "every parent-tree entry belongs to a page or annotation"
    );

    // Down from the root: each element's /P is its holder; IDs unique.
    let mut ids = HashSet::new();
    let mut stack: Vec<(ObjectId, ObjectId)> = root
        .get(b"K")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k.as_reference().unwrap(), root_id))
        .collect();
    let document = stack[0].0;
    let mut count = 0;
    while let Some((id, holder)) = stack.pop() {
        let e = doc.get_dictionary(id).unwrap();
        if !e.has(b"S") {
            continue;
        }
        count += 1;
        assert_eq!(
            e.get(b"P").unwrap().as_reference().unwrap(),
            holder,
            "{id:?}'s parent"
        );
        if let Ok(id_string) = e.get(b"ID").and_then(Object::as_str) {
            assert!(
                ids.insert(id_string.to_vec()),
                "element ID {:?} twice",
                String::from_utf8_lossy(id_string)
            );
        }
        let kids = match e.get(b"K") {
            Ok(Object::Array(kids)) => kids.clone(),
            Ok(k) => vec![k.clone()],
            Err(_) => Vec::new(),
        };
        stack.extend(
            kids.iter()
                .filter_map(|k| k.as_reference().ok())
                .map(|k| (k, id)),
        );
    }
    assert!(count > 100, "{count} elements");
    let part_count = match doc.get_dictionary(document).unwrap().get(b"K").unwrap() {
        Object::Array(kids) => kids
            .iter()
            .filter_map(|k| k.as_reference().ok())
            .filter(|k| {
                doc.get_dictionary(*k)
                    .and_then(|d| d.get(b"S"))
                    .and_then(Object::as_name)
                    .ok()
                    == Some(b"Part")
            })
            .count(),
        _ => 0,
    };
    assert_eq!(part_count, parts, "one Part per bilag");
}

#[test]
fn a_bilag_dagsorden_made_keeps_its_sources_and_the_packet_its_own() {
    // A memo rendered by dagsorden (PDF/A-3a + PDF/UA-1, carrying its case
    // file) as item 99's bilag: carried as it is, its embedded files left
    // with it.
    let (_memo_dir, memo) = crate::common::case_file(
        "notat-som-bilag.yaml",
        "type: notat\ntitel: Notat som bilag\ndato: 2021-11-15\nafsnit:\n  - overskrift: Baggrund\n    tekst: Notatets egen kildetekst står her.\n",
    );
    let memo_pdf = crate::common::render(&memo).unwrap().pdf;
    assert!(
        String::from_utf8_lossy(&memo_pdf).contains("notat-som-bilag.yaml"),
        "the memo carries its source"
    );
    let cases = copy_meeting(|_, text| text);
    std::fs::write(cases.path().join("bilag/punkt-099-bilag-1.pdf"), &memo_pdf).unwrap();
    let run = render_cli(&[cases.path().as_os_str(), "--samlet".as_ref()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        !run.stderr.contains("punkt-099-bilag-1.pdf"),
        "it neither fails nor lowers the packet: {}",
        run.stderr
    );
    assert_eq!(
        read(
            &run,
            "Punkt_099_Bilag_1_Forslag_til_retningslinjer_for_anvisning_af_plads.pdf"
        ),
        memo_pdf,
        "carried as it is, no engine run"
    );
    let packet = read(&run, PACKET);
    let doc = pdf_document(&packet);
    assert_eq!(outline(&doc).last().unwrap().kids.len(), 5);
    let names = embedded_names(&doc);
    assert!(names.iter().any(|n| n == "moede.yaml"), "{names:?}");
    assert!(
        !names.iter().any(|n| n == "notat-som-bilag.yaml"),
        "the bilag's own source stays in the bilag: {names:?}"
    );
    assert!(squash(&pdf_text(&packet)).contains(&squash("Notatets egen kildetekst står her.")));
}

/// The names in a PDF's tree of embedded files.
fn embedded_names(doc: &Document) -> Vec<String> {
    let mut names = Vec::new();
    let tree = doc
        .catalog()
        .and_then(|c| c.get(b"Names"))
        .and_then(|n| doc.dereference(n).map(|(_, o)| o))
        .and_then(Object::as_dict)
        .and_then(|n| n.get(b"EmbeddedFiles"))
        .and_then(|t| doc.dereference(t).map(|(_, o)| o))
        .and_then(Object::as_dict)
        .cloned();
    let mut stack: Vec<lopdf::Dictionary> = tree.into_iter().collect();
    while let Some(node) = stack.pop() {
        if let Ok(pairs) = node.get(b"Names").and_then(Object::as_array) {
            for pair in pairs.chunks(2) {
                if let Ok(Object::String(bytes, _)) = doc.dereference(&pair[0]).map(|(_, o)| o) {
                    names.push(decode_text(bytes));
                }
            }
        }
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            for kid in kids {
                if let Ok(Object::Dictionary(d)) = doc.dereference(kid).map(|(_, o)| o) {
                    stack.push(d.clone());
                }
            }
        }
    }
    names
}
