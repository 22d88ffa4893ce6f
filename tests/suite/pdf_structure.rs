//! The PDFs are archival and accessible: PDF/A-3a and PDF/UA-1 identification, tags, language, title, embedded fonts, a fixed date.

use lopdf::{Document, Object};

use crate::common::{pdf_document, rendered_cases, xmp};

fn item_96() -> &'static [u8] {
    rendered_cases()
        .1
        .get("Punkt_096_Omgoerelsesprocenter_2020.pdf")
        .expect("item 96 rendered")
}

#[test]
fn identifies_as_pdf_a_3a_and_pdf_ua_1() {
    // dagsorden's own documents; the bilag it converts are judged by
    // `common::assert_conformant` at the level they claim.
    let converted = |name: &str| name.contains("_Bilag_") && !name.starts_with("Punkt_096");
    for (name, pdf) in rendered_cases().1.iter().filter(|(n, _)| !converted(n)) {
        let xmp = xmp(pdf);
        for needle in [
            "<pdfaid:part>3</pdfaid:part>",
            "<pdfaid:conformance>A</pdfaid:conformance>",
            "<pdfuaid:part>1</pdfuaid:part>",
        ] {
            assert!(xmp.contains(needle), "{name}: XMP lacks {needle}:\n{xmp}");
        }
    }
}

#[test]
fn metadata_title_author_keywords_and_date() {
    let xmp = xmp(item_96());
    assert!(
        xmp.contains("96. Omgørelsesprocenter 2020 på det sociale område"),
        "title:\n{xmp}"
    );
    assert!(xmp.contains("Hedensted Kommune"), "author:\n{xmp}");
    assert!(xmp.contains("00.00.00-I02-1-21"), "keywords:\n{xmp}");
    assert!(
        xmp.contains("2021-11-29"),
        "the date comes from the meeting folder:\n{xmp}"
    );
}

fn catalog_entry<'a>(doc: &'a Document, key: &[u8]) -> &'a Object {
    let catalog = doc.catalog().unwrap();
    let obj = catalog
        .get(key)
        .unwrap_or_else(|_| panic!("catalog lacks /{}", String::from_utf8_lossy(key)));
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

#[test]
fn tagged_in_danish_with_the_title_shown() {
    let doc = pdf_document(item_96());
    let lang = catalog_entry(&doc, b"Lang")
        .as_str()
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .unwrap();
    assert!(lang.starts_with("da"), "language is {lang}");
    let mark_info = catalog_entry(&doc, b"MarkInfo").as_dict().unwrap();
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    let tree = catalog_entry(&doc, b"StructTreeRoot").as_dict().unwrap();
    assert!(tree.has(b"K"), "the structure tree has content");
    let prefs = catalog_entry(&doc, b"ViewerPreferences").as_dict().unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
}

#[test]
fn headings_are_tagged_and_bookmarked() {
    let doc = pdf_document(item_96());
    let mut roles = Vec::new();
    for obj in doc.objects.values() {
        if let Ok(dict) = obj.as_dict()
            && dict.get(b"Type").ok().and_then(|t| t.as_name().ok())
                == Some(b"StructElem".as_slice())
            && let Ok(s) = dict.get(b"S").and_then(|s| s.as_name())
        {
            roles.push(String::from_utf8_lossy(s).into_owned());
        }
    }
    assert_eq!(
        roles.iter().filter(|r| *r == "H1").count(),
        1,
        "one H1 (the item): {roles:?}"
    );
    assert!(
        roles.iter().filter(|r| *r == "H2").count() >= 8,
        "a H2 per section: {roles:?}"
    );
    assert!(roles.iter().any(|r| r == "P"), "paragraphs are tagged");
    let outlines = catalog_entry(&doc, b"Outlines").as_dict().unwrap();
    assert!(
        outlines.get(b"Count").unwrap().as_i64().unwrap() != 0,
        "bookmarks exist"
    );
}

#[test]
fn every_font_is_embedded() {
    for (name, pdf) in &rendered_cases().1 {
        let doc = pdf_document(pdf);
        let mut descriptors = 0;
        for obj in doc.objects.values() {
            let Ok(dict) = obj.as_dict() else { continue };
            if dict.get(b"Type").ok().and_then(|t| t.as_name().ok())
                == Some(b"FontDescriptor".as_slice())
            {
                descriptors += 1;
                assert!(
                    dict.has(b"FontFile") || dict.has(b"FontFile2") || dict.has(b"FontFile3"),
                    "{name}: a font is not embedded: {dict:?}"
                );
            }
        }
        assert!(descriptors > 0, "{name}: no fonts at all");
    }
}
