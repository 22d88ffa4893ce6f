//! What a screen-reader user meets, judged by outloud: each warning class it gave our PDFs shown to fail on a planted fault and to pass on ours, and the two exceptions shown to be narrow.

use dagsorden::bilag::conformance::Level;
use dagsorden::check::view::DateView;
use dagsorden::typeset::PdfMeta;

use crate::common::{Judgement, engine, outloud, rendered_cases};

/// A small Typst document, typeset as dagsorden's own documents are
/// (PDF/A-3a + PDF/UA-1, the bundled fonts), with `body` planted in it.
fn planted(body: &str) -> Vec<u8> {
    let source = format!(
        "#set document(title: [Prøve])\n#set text(font: \"Open Sans\", lang: \"da\")\n#set page(paper: \"a4\")\n= Prøve\n\n{body}\n"
    );
    let meta = PdfMeta {
        ident: "proeve".into(),
        date: DateView {
            aar: 2021,
            maaned: 11,
            dag: 29,
        },
        level: Level::OWN,
        files: Vec::new(),
    };
    engine()
        .typesetter()
        .pdf(source, &meta)
        .unwrap_or_else(|e| panic!("the planted document compiles: {e:?}"))
}

fn rules(j: &Judgement) -> Vec<&str> {
    j.findings.iter().map(|f| f.rule.as_str()).collect()
}

fn excused(j: &Judgement) -> Vec<&str> {
    j.excused.iter().map(|f| f.rule.as_str()).collect()
}

/// One of the bundled cases' PDFs, rendered by the binary.
fn ours(name: &str) -> Judgement {
    let pdf = rendered_cases()
        .1
        .get(name)
        .unwrap_or_else(|| panic!("{name} is rendered"));
    let j = outloud(pdf);
    assert_eq!(j.error, None, "{name}");
    j
}

#[test]
fn an_empty_header_cell_is_found_and_our_tables_have_none() {
    let fault = outloud(&planted(
        "#table(columns: 3, table.header([], [2021], [2022]), [Dagtilbud], [250.300], [251.000], [Skoler], [412.000], [409.500])",
    ));
    assert!(rules(&fault).contains(&"TBL-011"), "{fault:?}");
    // Item 97's table has an empty corner (typed so in the case file), the
    // June 2022 note a finance table, a development table and key figures.
    for name in [
        "Punkt_097_Fremadrettede_organisering_af_ungesamtaler_for_1325aarige.pdf",
        "Notat_Oekonomisk_status_paa_omraadet_for_voksne_med_handicap.pdf",
    ] {
        let j = ours(name);
        assert!(!rules(&j).contains(&"TBL-011"), "{name}: {j:?}");
        assert!(!rules(&j).contains(&"TBL-010"), "{name}: {j:?}");
    }
}

#[test]
fn an_alt_text_of_a_file_name_is_found_and_our_charts_speak_danish() {
    let chart = |alt: &str| {
        outloud(&planted(&format!(
            "#figure(rect(width: 4cm, height: 2cm, fill: gray), alt: \"{alt}\", caption: [Omgørelser])"
        )))
    };
    // A file name is a placeholder (FIG-010); a list of figures is no
    // language (FIG-012), as our alternative texts were before.
    let file_name = chart("IMG_20201129_0042.png");
    assert!(rules(&file_name).contains(&"FIG-010"), "{file_name:?}");
    let figures = chart(
        "Kommunen: 2017 37,8 %, 2018 36,5 %, 2019 33,9 %, 2020 37,2 %. Landsplan: 2017 34,0 %, 2018 35,1 %, 2019 35,8 %, 2020 36,3 %.",
    );
    assert!(rules(&figures).contains(&"FIG-012"), "{figures:?}");
    // Every kind of chart: lines (item 96), bars of a reduction plan (item
    // 3), of a budget follow-up (item 4), of an expenditure development.
    for name in [
        "Punkt_096_Omgoerelsesprocenter_2020.pdf",
        "Punkt_003_Status_paa_reduktionsplan_for_dagtilbud.pdf",
        "Punkt_004_Budgetopfoelgning_pr_30_november_2021.pdf",
        "Notat_Oekonomisk_status_paa_omraadet_for_voksne_med_handicap.pdf",
    ] {
        let j = ours(name);
        assert!(!rules(&j).contains(&"FIG-012"), "{name}: {j:?}");
        assert!(!rules(&j).contains(&"FIG-010"), "{name}: {j:?}");
    }
}

#[test]
fn a_running_header_as_content_is_found_and_ours_are_artifacts() {
    let pages = (1..=6)
        .map(|n| {
            format!(
                "#pagebreak(weak: true)\nUdvalget for Læring, referat\n\nPunkt {n}. #lorem(40)\n\n"
            )
        })
        .collect::<String>();
    let fault = outloud(&planted(&pages));
    assert!(rules(&fault).contains(&"PAG-001"), "{fault:?}");
    assert!(
        !excused(&fault).contains(&"PAG-001"),
        "a real running head is not excused: {fault:?}"
    );
    // The minutes: 19 pages, a running head and page numbers on each. The
    // items' case numbers above their titles are the one case set aside.
    let j = ours("Referat_Udvalget_for_Laering_2021-11-29.pdf");
    assert!(!rules(&j).contains(&"PAG-001"), "{j:?}");
}

#[test]
fn a_web_address_as_text_is_found_and_ours_are_links() {
    let fault = outloud(&planted(
        "Retningslinjerne kan ses på kommunens hjemmeside: www.hedensted.dk/borger/pladsanvisning",
    ));
    assert!(rules(&fault).contains(&"LNK-010"), "{fault:?}");
    let j = ours(
        "Punkt_099_Visitationsregler_for_anvisning_af_pladser_i_dagpleje_vuggestue_og_boernehave.pdf",
    );
    assert!(!rules(&j).contains(&"LNK-010"), "{j:?}");
}

#[test]
fn a_ruled_grid_that_is_no_table_is_found_and_the_exception_is_narrow() {
    let cells = "[Område], [Afgørelser], [Omgørelser], [Det sociale område], [113], [42], [Børnehandicap], [23], [10], [Voksenhandicap], [14], [4]";
    let fault = outloud(&planted(&format!(
        "#grid(columns: (1fr, auto, auto), stroke: 0.5pt, inset: 5pt, {cells})"
    )));
    assert!(rules(&fault).contains(&"TBL-014"), "{fault:?}");
    assert!(
        !excused(&fault).contains(&"TBL-014"),
        "a grid is no table: {fault:?}"
    );
    // The same cells as a table: the rule still reports them (the /Table
    // has no /Pg), and the exception sets that aside.
    let table = outloud(&planted(&format!(
        "#table(columns: (1fr, auto, auto), table.header([Område], [Afgørelser], [Omgørelser]), {})",
        cells.split_once("[Omgørelser], ").unwrap().1
    )));
    assert!(rules(&table).is_empty(), "{table:?}");
    assert!(excused(&table).contains(&"TBL-014"), "{table:?}");
}

#[test]
fn text_an_emphasis_and_a_link_in_one_paragraph_read_in_order() {
    // outloud's ORD-001 lists an element's own content before its
    // children's, so `P [Span(a), " ", Link(a), " aaa"]` reads to it as
    // scrambled; in the /K order the PDF gives, it is in order.
    let pdf = planted("#emph[a] #link(\"https://b.dk\")[a] aaa");
    let j = outloud(&pdf);
    assert!(j.findings.is_empty(), "{j:?}");
    assert_eq!(excused(&j), ["ORD-001"], "{j:?}");
}

#[test]
fn a_term_in_another_language_is_spoken_in_it() {
    // The profile's `fremmedsprog` marks "Early Bird" as English wherever a
    // text field has it: in the PDF, marked content with /Lang (en).
    let profile = crate::common::repo().join("templates/profil.yaml");
    let profile = std::fs::read_to_string(profile)
        .unwrap()
        .replace("fremmedsprog: {}", "fremmedsprog:\n  en: [Early Bird]");
    let templates = crate::common::cases_dir(&[("profil.yaml", &profile)]);
    let case = crate::common::minimal_punkt(
        "sagsfremstilling: Ordningen early bird giver rabat ved tilmelding før 1. marts.\n",
    );
    let cases = crate::common::cases_dir(&[("p.yaml", &case)]);
    let run = crate::common::render_cli(&[cases.path(), "--templates".as_ref(), templates.path()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let pdfs = crate::common::pdfs_in(run.out.path());
    let pdf = pdfs.values().next().unwrap();
    let doc = crate::common::pdf_document(pdf);
    let mut marked = Vec::new();
    for (_, page) in doc.get_pages() {
        let content = doc.get_page_content(page);
        let ops = lopdf::content::Content::decode(&content)
            .unwrap()
            .operations;
        for op in ops.iter().filter(|o| o.operator == "BDC") {
            if let Some(lang) = op
                .operands
                .get(1)
                .and_then(|d| d.as_dict().ok())
                .and_then(|d| d.get(b"Lang").ok())
                .and_then(|l| l.as_str().ok())
            {
                marked.push(String::from_utf8_lossy(lang).into_owned());
            }
        }
    }
    assert_eq!(
        marked,
        ["en"],
        "one span in English, the rest in the document's Danish"
    );
    let text = crate::common::squash(&crate::common::body_text(pdf));
    assert!(
        text.contains(&crate::common::squash("Ordningen early bird giver rabat")),
        "{text}"
    );
}

/// Each page's marked content in the order a screen reader meets it: the
/// structure tree walked depth first, each `/K` array in its order.
fn tree_order(doc: &lopdf::Document) -> std::collections::BTreeMap<lopdf::ObjectId, Vec<i64>> {
    use lopdf::Object;
    fn walk(
        doc: &lopdf::Document,
        node: &Object,
        page: Option<lopdf::ObjectId>,
        out: &mut std::collections::BTreeMap<lopdf::ObjectId, Vec<i64>>,
    ) {
        let node = match node {
            Object::Reference(id) => doc.get_object(*id).unwrap(),
            other => other,
        };
        match node {
            Object::Integer(mcid) => {
                if let Some(p) = page {
                    out.entry(p).or_default().push(*mcid);
                }
            }
            Object::Array(kids) => kids.iter().for_each(|k| walk(doc, k, page, out)),
            Object::Dictionary(d) => {
                let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                let kind = d.get(b"Type").and_then(Object::as_name).ok();
                if kind == Some(b"MCR".as_slice()) {
                    if let (Some(p), Ok(mcid)) = (page, d.get(b"MCID").and_then(Object::as_i64)) {
                        out.entry(p).or_default().push(mcid);
                    }
                } else if kind != Some(b"OBJR".as_slice())
                    && let Ok(k) = d.get(b"K")
                {
                    walk(doc, k, page, out);
                }
            }
            _ => {}
        }
    }
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .and_then(lopdf::Object::as_reference)
        .unwrap();
    let mut out = std::collections::BTreeMap::new();
    walk(doc, doc.get_object(root).unwrap(), None, &mut out);
    out
}

/// Each page's marked content in the order it is painted: top to bottom as
/// Typst lays a page out, so the order a sighted reader reads it in.
fn paint_order(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<i64> {
    let content = doc.get_page_content(page);
    lopdf::content::Content::decode(&content)
        .unwrap()
        .operations
        .iter()
        .filter(|o| o.operator == "BDC")
        .filter_map(|o| {
            o.operands
                .get(1)?
                .as_dict()
                .ok()?
                .get(b"MCID")
                .ok()?
                .as_i64()
                .ok()
        })
        .collect()
}

#[test]
fn every_page_reads_aloud_in_the_order_it_is_printed() {
    let mut pages = 0;
    for (name, pdf) in &rendered_cases().1 {
        let doc = crate::common::pdf_document(pdf);
        if !crate::common::typeset_by_us(&doc) {
            continue; // a converted bilag
        }
        let tree = tree_order(&doc);
        for (number, page) in doc.get_pages() {
            let painted = paint_order(&doc, page);
            let read = tree.get(&page).cloned().unwrap_or_default();
            let mut sorted_read = read.clone();
            sorted_read.sort();
            let mut sorted_painted = painted.clone();
            sorted_painted.sort();
            assert_eq!(
                sorted_read, sorted_painted,
                "{name} page {number}: the tree and the page hold the same content"
            );
            assert_eq!(
                read, painted,
                "{name} page {number}: read aloud in another order than printed"
            );
            pages += 1;
        }
    }
    assert!(pages > 40, "{pages} pages");
}
