//! The meeting document: front page, contents whose page numbers are right, every item, the bilag, the signatures, a header on every page.

use crate::common::{assert_in_order, rendered_cases, squash};

const MEETING: &str = "Referat_Udvalget_for_Laering_2021-11-29.pdf";

fn pages() -> Vec<String> {
    let pdf = rendered_cases()
        .1
        .get(MEETING)
        .expect("the meeting document is written");
    pdf_extract::extract_text_from_mem_by_pages(pdf).expect("text by pages")
}

#[test]
fn front_page_and_contents() {
    let pages = pages();
    assert_in_order(
        "front page",
        &pages[0],
        &[
            "Hedensted Kommune",
            "Referat",
            "Udvalget for Læring",
            "Mødetid:",
            "29. november 2021, kl. 15:00",
            "Formand:",
            "Ole Vind",
            "Medlemmer:",
            "Ole Vind, Lars Poulsen, Peter Sebastian Petersen, Hanne Grangaard, Torsten Sonne Petersen",
            "Indhold",
            "96. Omgørelsesprocenter 2020 på det sociale område",
            "104. Godkendelse af referat",
            "Bilag",
            "Underskrifter",
        ],
    );
}

/// The page the contents give for an entry, read from the front page.
fn contents_page(front: &str, title: &str) -> usize {
    let line = front
        .lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("`{title}` is not in the contents:\n{front}"));
    let digits: String = line
        .chars()
        .rev()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().unwrap()
}

#[test]
fn contents_page_numbers_point_at_the_items() {
    let pages = pages();
    for title in [
        "96. Omgørelsesprocenter 2020",
        "99. Visitationsregler for anvisning",
        "102. Status på økonomisk genopretning",
        "104. Godkendelse af referat",
        "Underskrifter",
    ] {
        let page = contents_page(&pages[0], title);
        assert!(
            squash(&pages[page - 1]).contains(&squash(title)),
            "the contents say `{title}` is on page {page}, which reads:\n{}",
            pages[page - 1]
        );
    }
}

#[test]
fn every_page_carries_the_header_and_its_number() {
    let pages = pages();
    assert!(pages.len() > 10, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let text = squash(page);
        for needle in [
            "HedenstedKommune",
            "UdvalgetforLæring",
            "Mødedato:29.november2021",
            "Formand:OleVind",
        ] {
            assert!(
                text.contains(needle),
                "page {} lacks `{needle}`:\n{page}",
                i + 1
            );
        }
        assert!(
            text.contains(&format!("Side{}af{}", i + 1, pages.len())),
            "page {} lacks its number",
            i + 1
        );
    }
}

#[test]
fn items_bilag_and_signatures_in_order() {
    let all = pages().join("\n");
    assert_in_order(
        "meeting",
        &all,
        &[
            "96. Omgørelsesprocenter 2020 på det sociale område",
            "Afgørelser 113. Omgørelser 37% (42).",
            "97. Fremadrettede organisering af ungesamtaler",
            "98. Status på",
            "99. Visitationsregler",
            "100. Anmodning fra Venstre",
            "101. Månedsopfølgning Oktober 2021",
            "102. Status på økonomisk genopretning",
            "103. Til orientering",
            "104. Godkendelse af referat",
            "Bilag",
            "Punkt 96: Tal for omgørelsesprocenter 2016-2020.pdf",
            "Punkt 97: Midtvejsevaluering åbne anonyme rådgivningssamtaler til unge mellem 13-25 år",
            "Punkt 101: Månedsopfølgning Oktober 2021 _",
            "Underskrifter",
            "Ole Vind",
            "Lars Poulsen",
            "Peter Sebastian Petersen",
            "Hanne Grangaard",
            "Torsten Sonne Petersen",
        ],
    );
}

#[test]
fn a_draft_carries_a_watermark_and_a_final_version_none() {
    let final_text = squash(&pages().join(""));
    assert!(!final_text.contains("UDKAST"));
    let dir = copy_meeting(|_, text| text.replace("status: endelig", "status: udkast"));
    let doc = crate::common::render(&dir.path().join("moede.yaml")).unwrap();
    let pages = pdf_extract::extract_text_from_mem_by_pages(&doc.pdf).unwrap();
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("UDKAST"),
            "page {} has no draft watermark",
            i + 1
        );
    }
}

/// The example meeting copied into a fresh folder, each case file's text
/// passed through `edit` (given the file name).
pub(crate) fn copy_meeting(edit: impl Fn(&str, String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = crate::common::repo().join("cases/udvalget-for-laering/2021-11-29");
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = edit(&name, std::fs::read_to_string(&path).unwrap());
            std::fs::write(dir.path().join(&name), text).unwrap();
        }
    }
    std::fs::create_dir(dir.path().join("bilag")).unwrap();
    for entry in std::fs::read_dir(source.join("bilag")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue; // the sources the example bilag were made from
        }
        std::fs::copy(
            &path,
            dir.path().join("bilag").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    dir
}

/// The example meeting with item 100 closed.
pub(crate) fn meeting_with_a_closed_item() -> tempfile::TempDir {
    copy_meeting(|name, text| {
        if name == "100-rekrutteringsstrategi.yaml" {
            text.replace("nummer: 100\n", "nummer: 100\nlukket: true\n")
        } else {
            text
        }
    })
}

/// Sentences of item 100 that only its content holds (text, decision, absences, bilag).
pub(crate) const CLOSED_CONTENT: [&str; 5] = [
    "Sommerferien 2021 er blevet et eksempel",
    "Merete Skovgaard Jensen",
    "Ole Ødmann deltog som suppleant",
    "Punktet er drøftet",
    "Rekrutteringsstrategi.docx",
];

#[test]
fn the_public_edition_never_shows_a_closed_item() {
    let cases = meeting_with_a_closed_item();
    let run = crate::common::render_cli(&[
        cases.path().as_os_str(),
        "--udgave".as_ref(),
        "offentlig".as_ref(),
        "--keep-typ".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let written = run.written();
    assert!(
        written.contains(&"Referat_Udvalget_for_Laering_2021-11-29_offentlig.pdf".to_string()),
        "{written:?}"
    );
    assert!(
        !written.iter().any(|w| w.starts_with("Punkt_100_Bilag")),
        "a closed item's bilag is not published: {written:?}"
    );
    assert!(
        written.iter().any(|w| w.starts_with("Punkt_099_Bilag_1")),
        "{written:?}"
    );
    for name in [
        "Referat_Udvalget_for_Laering_2021-11-29_offentlig",
        "Punkt_100_Anmodning_fra_Venstre_om_droeftelse_af_Rekrutteringsstrategi_offentlig",
    ] {
        let pdf = std::fs::read(run.out.path().join(format!("{name}.pdf"))).unwrap();
        let typst = std::fs::read_to_string(run.out.path().join(format!("{name}.typ"))).unwrap();
        let text = crate::common::pdf_text(&pdf);
        let xmp = crate::common::xmp(&pdf);
        let raw = String::from_utf8_lossy(&pdf);
        assert!(
            squash(&text).contains(&squash(
                "100. Anmodning fra Venstre om drøftelse af Rekrutteringsstrategi."
            )),
            "{name}: title shown"
        );
        assert!(text.contains("Lukket punkt"), "{name}: marked closed");
        for sentence in CLOSED_CONTENT {
            for (what, haystack) in [("text", &text), ("XMP", &xmp), ("generated source", &typst)] {
                assert!(
                    !squash(haystack).contains(&squash(sentence)),
                    "{name}: `{sentence}` is in the {what}"
                );
            }
            assert!(
                !raw.contains(sentence),
                "{name}: `{sentence}` is in the PDF's bytes"
            );
        }
    }
    // The meeting's list of bilag leaves out the closed item's.
    let meeting = std::fs::read(
        run.out
            .path()
            .join("Referat_Udvalget_for_Laering_2021-11-29_offentlig.pdf"),
    )
    .unwrap();
    let text = squash(&crate::common::pdf_text(&meeting));
    assert!(
        text.contains(&squash("Punkt 99: Forslag til retningslinjer")),
        "other bilag stay"
    );
}

#[test]
fn the_internal_edition_shows_a_closed_item_marked() {
    let cases = meeting_with_a_closed_item();
    let doc = crate::common::render(&cases.path().join("moede.yaml")).unwrap();
    let text = crate::common::pdf_text(&doc.pdf);
    assert_in_order(
        "internal",
        &text,
        &[
            "100. Anmodning fra Venstre",
            "Lukket punkt",
            "Sommerferien 2021 er blevet et eksempel",
            "Punktet er drøftet",
        ],
    );
}

#[test]
fn absences_for_the_meeting_and_for_an_item() {
    let cases = copy_meeting(|name, text| {
        match name {
        "moede.yaml" => text.replace("udgave: referat", "udgave: referat\nfraværende: [Hanne Grangaard]"),
        "098-faelles-om-boern-i-dagtilbud.yaml" => text.replace(
            "nummer: 98\n",
            "nummer: 98\nfraværende: [Lars Poulsen]\nsuppleanter:\n  - navn: Ole Ødmann\n    for: Lars Poulsen (V)\n",
        ),
        _ => text,
    }
    });
    let doc = crate::common::render(&cases.path().join("moede.yaml")).unwrap();
    let pages = pdf_extract::extract_text_from_mem_by_pages(&doc.pdf).unwrap();
    assert_in_order(
        "front page",
        &pages[0],
        &["Fraværende:", "Hanne Grangaard", "Indhold"],
    );
    assert_in_order(
        "item 98",
        &pages.join("\n"),
        &[
            "98. Status på",
            "Beslutning",
            "Indstilling godkendt",
            "Fraværende: Lars Poulsen",
            "Ole Ødmann deltog som suppleant for Lars Poulsen (V)",
            "99. Visitationsregler",
        ],
    );
}

#[test]
fn the_meeting_numbers_items_without_a_number() {
    let meeting = "type: møde\nudvalg: Økonomiudvalget\ndato: 2022-03-07\nformand: Ole Vind\nudgave: dagsorden\n";
    let item = |titel: &str| {
        format!("type: punkt\nsagsnr: 00.00.00-I02-1-21\ntitel: {titel}\nbeslutningstema: Tema.\n")
    };
    let cases = crate::common::cases_dir(&[
        ("moede.yaml", meeting),
        ("a.yaml", &item("Første")),
        ("b.yaml", &item("Anden")),
    ]);
    let run = crate::common::render_cli(&[cases.path()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.written().contains(&"Punkt_002_Anden.pdf".to_string()),
        "the item's own PDF carries the number the meeting gives it: {:?}",
        run.written()
    );
    let pdf = std::fs::read(
        run.out
            .path()
            .join("Dagsorden_Oekonomiudvalget_2022-03-07.pdf"),
    )
    .unwrap();
    assert_in_order(
        "numbered",
        &crate::common::pdf_text(&pdf),
        &[
            "Dagsorden",
            "Indhold",
            "1. Første",
            "2. Anden",
            "1. Første",
            "Tema.",
            "2. Anden",
        ],
    );
}
