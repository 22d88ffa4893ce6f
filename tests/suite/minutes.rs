//! The minutes as the law reads them: a closed item's published decision and nothing else of it in public, votes and protokoltilførsler under Beslutning with their names checked, a draft announced in words, amounts as typed, and a year of meetings in one output tree.

use std::path::Path;

use crate::common::{
    assert_in_order, cases_dir, dagsorden, minimal_punkt, pdf_document, pdf_text, render,
    render_cli, squash, xmp,
};
use crate::meeting::{CLOSED_CONTENT, copy_meeting};

/// Everything a PDF holds that a reader or a program could find a sentence
/// in: its extracted text, every string object (bookmarks, metadata, tags'
/// alternative texts) decoded, every stream decompressed, and its raw bytes.
fn everything_in(pdf: &[u8]) -> String {
    use lopdf::Object;
    let doc = pdf_document(pdf);
    let mut all = pdf_text(pdf);
    all.push('\n');
    for object in doc.objects.values() {
        match object {
            Object::String(bytes, _) => {
                all.push_str(&decode_text(bytes));
                all.push('\n');
            }
            Object::Stream(stream) => {
                let bytes = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                all.push_str(&String::from_utf8_lossy(&bytes));
                all.push('\n');
            }
            _ => {}
        }
        // Strings inside dictionaries and arrays (a bookmark's /Title, a tag's /Alt).
        let mut stack = vec![object];
        while let Some(o) = stack.pop() {
            match o {
                Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
                Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v)),
                Object::Array(a) => stack.extend(a.iter()),
                Object::String(bytes, _) => {
                    all.push_str(&decode_text(bytes));
                    all.push('\n');
                }
                _ => {}
            }
        }
    }
    all.push_str(&String::from_utf8_lossy(pdf));
    all
}

/// A PDF text string: UTF-16BE after a byte-order mark, else bytes as text.
fn decode_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect::<Vec<_>>(),
        ),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Every PDF below `dir`, by its path relative to `dir`.
fn pdfs_below(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

const PUBLIC_DECISION: &str =
    "Udvalget drøftede rekrutteringsstrategien og traf beslutning om det videre forløb.";

/// A statement that only the closed item's protokoltilførsel holds.
const CLOSED_STATEMENT: &str = "Fortrolig udtalelse om navngivne medarbejdere";

/// The seed meeting with item 100 closed, a public decision written for it,
/// and a protokoltilførsel that must stay as closed as the rest of it.
fn meeting_with_a_published_closed_item() -> tempfile::TempDir {
    copy_meeting(|name, text| {
        if name == "100-rekrutteringsstrategi.yaml" {
            text.replace(
                "nummer: 100\n",
                &format!(
                    "nummer: 100\nlukket: true\noffentlig_beslutning: {PUBLIC_DECISION}\nprotokoltilførsel:\n  - navn: Lars Poulsen\n    tekst: {CLOSED_STATEMENT}.\n"
                ),
            )
        } else {
            text
        }
    })
}

#[test]
fn the_public_minutes_print_a_closed_items_public_decision_and_nothing_else_of_it() {
    let cases = meeting_with_a_published_closed_item();
    let run = render_cli(&[
        cases.path().as_os_str(),
        "--udgave".as_ref(),
        "offentlig".as_ref(),
        "--samlet".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        !run.stderr.contains("offentlig_beslutning"),
        "a closed item with a public decision is no warning:\n{}",
        run.stderr
    );
    let pdfs = pdfs_below(run.out.path());
    let names: Vec<&str> = pdfs.iter().map(|(n, _)| n.as_str()).collect();
    for wanted in [
        "Referat_Udvalget_for_Laering_2021-11-29_offentlig.pdf",
        "Referat_Udvalget_for_Laering_2021-11-29_offentlig_samlet.pdf",
        "Punkt_100_Anmodning_fra_Venstre_om_droeftelse_af_Rekrutteringsstrategi_offentlig.pdf",
    ] {
        assert!(names.contains(&wanted), "{wanted} not in {names:?}");
    }
    // The decision as it may be published, under Beslutning, after the title.
    for name in [
        "Referat_Udvalget_for_Laering_2021-11-29_offentlig.pdf",
        "Referat_Udvalget_for_Laering_2021-11-29_offentlig_samlet.pdf",
        "Punkt_100_Anmodning_fra_Venstre_om_droeftelse_af_Rekrutteringsstrategi_offentlig.pdf",
    ] {
        let pdf = &pdfs.iter().find(|(n, _)| n == name).unwrap().1;
        assert_in_order(
            name,
            &pdf_text(pdf),
            &[
                "100. Anmodning fra Venstre om drøftelse af Rekrutteringsstrategi",
                "Lukket punkt",
                "Beslutning",
                PUBLIC_DECISION,
            ],
        );
    }
    // The search finds what is there: the internal edition holds it all.
    let internal = render(&cases.path().join("moede.yaml")).unwrap();
    let all = squash(&everything_in(&internal.pdf));
    for sentence in CLOSED_CONTENT.iter().chain(&[CLOSED_STATEMENT]) {
        assert!(all.contains(&squash(sentence)), "`{sentence}` not found");
    }
    // Nothing else of the closed item in any file published: not its
    // decision, text, absences, protokoltilførsel nor bilag.
    for (name, pdf) in &pdfs {
        let all = everything_in(pdf);
        let squashed = squash(&all);
        for sentence in CLOSED_CONTENT.iter().chain(&[CLOSED_STATEMENT]) {
            assert!(
                !all.contains(sentence) && !squashed.contains(&squash(sentence)),
                "{name}: `{sentence}` is in the public file"
            );
        }
    }
}

#[test]
fn the_internal_minutes_show_the_closed_item_whole_and_what_will_be_published() {
    let cases = meeting_with_a_published_closed_item();
    let doc = render(&cases.path().join("moede.yaml")).unwrap();
    assert_in_order(
        "internal",
        &pdf_text(&doc.pdf),
        &[
            "100. Anmodning fra Venstre",
            "Lukket punkt",
            "Sommerferien 2021 er blevet et eksempel",
            "Beslutning",
            "Punktet er drøftet",
            &format!("Protokoltilførsel fra Lars Poulsen: {CLOSED_STATEMENT}."),
            &format!("Offentliggøres som: {PUBLIC_DECISION}"),
        ],
    );
}

/// `stderr` with the elapsed time and the temporary folder taken out.
pub(crate) fn pinned(stderr: &str, dir: &Path) -> String {
    stderr
        .replace(&dir.display().to_string(), "[cases]")
        .lines()
        .map(|l| match l.rfind(" (") {
            Some(i) if l.ends_with(" s)") => format!("{} (time)", &l[..i]),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const SMALL_MEETING: &str = "type: møde\nudvalg: Prøveudvalget\ndato: 2022-01-10\nformand: Anna Eksempel\nmedlemmer: [Anna Eksempel, Bent Prøvesen, Clara Mønster]\nudgave: referat\n";

#[test]
fn public_minutes_warn_of_a_closed_item_without_a_public_decision() {
    let item = "type: punkt\nsagsnr: 81.00.00-G01-4-22\nnummer: 5\ntitel: Personalesag\nlukket: true\nbeslutning: Orlov bevilget.\n";
    let cases = cases_dir(&[
        ("moede.yaml", SMALL_MEETING),
        ("005-personalesag.yaml", item),
    ]);
    let run = render_cli(&[
        cases.path().as_os_str(),
        "--udgave".as_ref(),
        "offentlig".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.written(),
        [
            "Punkt_005_Personalesag_offentlig.pdf",
            "Referat_Proeveudvalget_2022-01-10_offentlig.pdf"
        ]
    );
    // Once, though the item's own PDF and the meeting's both show the item.
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    insta::assert_snapshot!(
        "closed_item_without_a_public_decision",
        pinned(&run.stderr, cases.path())
    );
    // The closed item's title is still published.
    let meeting = std::fs::read(
        run.out
            .path()
            .join("Referat_Proeveudvalget_2022-01-10_offentlig.pdf"),
    )
    .unwrap();
    let text = pdf_text(&meeting);
    assert_in_order("public", &text, &["5. Personalesag", "Lukket punkt"]);
    assert!(!text.contains("Orlov bevilget"), "{text}");

    // The internal edition, and an agenda, are as before: no warning.
    let internal = render_cli(&[cases.path()]);
    assert_eq!(internal.code, Some(0), "{}", internal.stderr);
    assert!(!internal.stderr.contains("warning"), "{}", internal.stderr);
    let agenda = cases_dir(&[
        (
            "moede.yaml",
            &SMALL_MEETING.replace("udgave: referat", "udgave: dagsorden"),
        ),
        ("005-personalesag.yaml", item),
    ]);
    let public_agenda = render_cli(&[
        agenda.path().as_os_str(),
        "--udgave".as_ref(),
        "offentlig".as_ref(),
    ]);
    assert_eq!(public_agenda.code, Some(0), "{}", public_agenda.stderr);
    assert!(
        !public_agenda.stderr.contains("warning"),
        "{}",
        public_agenda.stderr
    );
}

#[test]
fn votes_and_protokoltilfoersler_are_printed_under_the_decision_in_order() {
    let item = "type: punkt\nsagsnr: 05.00.00-G01-3-22\nnummer: 2\ntitel: Anlægsbevilling\nbeslutning: Indstillingen blev godkendt.\nafstemning:\n  for: [Anna Eksempel, Ole Ødmann]\n  imod: [Bent Prøvesen]\n  undlod: [Clara Mønster]\nprotokoltilførsel:\n  - navn: Bent Prøvesen\n    tekst: \"Jeg kan ikke støtte forslaget, da <pengene> bør findes i #rammen.\"\n  - navn: Clara Mønster\n    tekst: Jeg undlader, da jeg er inhabil.\nsuppleanter:\n  - navn: Ole Ødmann\n    for: Dennis Skabelon (V)\n";
    let meeting = SMALL_MEETING.replace("Clara Mønster]", "Clara Mønster, Dennis Skabelon]");
    let cases = cases_dir(&[("moede.yaml", &meeting), ("002-anlaeg.yaml", item)]);
    let expected = [
        "2. Anlægsbevilling",
        "Beslutning",
        "Indstillingen blev godkendt.",
        "For stemte: Anna Eksempel, Ole Ødmann",
        "Imod stemte: Bent Prøvesen",
        "Undlod at stemme: Clara Mønster",
        // Text is data: `<` and `#` print as typed.
        "Protokoltilførsel fra Bent Prøvesen: Jeg kan ikke støtte forslaget, da <pengene> bør findes i #rammen.",
        "Protokoltilførsel fra Clara Mønster: Jeg undlader, da jeg er inhabil.",
        "Ole Ødmann deltog som suppleant for Dennis Skabelon (V)",
    ];
    for file in ["moede.yaml", "002-anlaeg.yaml"] {
        let doc = render(&cases.path().join(file)).unwrap();
        assert_in_order(file, &pdf_text(&doc.pdf), &expected);
    }
}

/// Renders a fixture meeting of `tests/fixtures/minutes/` and returns its
/// stderr, after asserting the exit code and that nothing was written.
fn rejected(name: &str) -> String {
    let run = render_cli(&[format!("tests/fixtures/minutes/{name}")]);
    assert_eq!(run.code, Some(1), "{name}:\n{}", run.stderr);
    assert!(run.written().is_empty(), "{name}: {:?}", run.written());
    pinned(&run.stderr, Path::new("[none]"))
}

#[test]
fn a_voter_who_is_not_a_member_is_an_error_with_the_nearest_member() {
    let stderr = rejected("unknown-voter");
    assert!(
        stderr.contains("tests/fixtures/minutes/unknown-voter/001-anlaeg.yaml:8:10"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `Bent Prøvesen`?"), "{stderr}");
    insta::assert_snapshot!("voter_not_a_member", stderr);
}

#[test]
fn a_voter_named_twice_is_an_error() {
    let stderr = rejected("repeated-voter");
    assert!(
        stderr.contains("tests/fixtures/minutes/repeated-voter/001-anlaeg.yaml:8:25"),
        "{stderr}"
    );
    insta::assert_snapshot!("voter_named_twice", stderr);
}

#[test]
fn an_absent_member_neither_votes_nor_enters_a_protokoltilfoersel() {
    let stderr = rejected("absent-voter");
    // Absent from the whole meeting, and from the item.
    assert!(
        stderr.contains("tests/fixtures/minutes/absent-voter/001-anlaeg.yaml:8:39"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tests/fixtures/minutes/absent-voter/001-anlaeg.yaml:10:11"),
        "{stderr}"
    );
    insta::assert_snapshot!("voter_absent", stderr);
}

#[test]
fn an_item_alone_checks_only_its_own_names() {
    // No meeting beside it: a name cannot be checked against the members…
    let (_dir, path) = crate::common::case_file(
        "p.yaml",
        &minimal_punkt("afstemning:\n  for: [Hvem Somhelst]\n"),
    );
    render(&path).unwrap();
    // …but a repeat is an error all the same.
    let (_dir, path) = crate::common::case_file(
        "p.yaml",
        &minimal_punkt("afstemning:\n  for: [Anna Eksempel]\n  undlod: [Anna Eksempel]\n"),
    );
    let error = render(&path).unwrap_err();
    assert!(error.contains("a second time"), "{error}");
    assert!(error.contains("p.yaml:7:12"), "{error}");
}

#[test]
fn a_draft_says_udkast_in_its_title_and_on_its_front_page() {
    for edition in ["intern", "offentlig"] {
        let cases = copy_meeting(|_, text| text.replace("status: endelig", "status: udkast"));
        let run = render_cli(&[
            cases.path().as_os_str(),
            "--udgave".as_ref(),
            edition.as_ref(),
        ]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let name = match edition {
            "intern" => "Referat_Udvalget_for_Laering_2021-11-29.pdf",
            _ => "Referat_Udvalget_for_Laering_2021-11-29_offentlig.pdf",
        };
        let pdf = std::fs::read(run.out.path().join(name)).unwrap();
        let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf).unwrap();
        assert_in_order(
            edition,
            &pages[0],
            &[
                "Hedensted Kommune",
                "Udkast",
                "Referat",
                "Udvalget for Læring",
            ],
        );
        assert!(
            xmp(&pdf).contains("Udkast til referat – Udvalget for Læring – 29. november 2021"),
            "{edition}: the title says it is a draft:\n{}",
            xmp(&pdf)
        );
        // The watermark stays, as an artifact of the page's background.
        let doc = pdf_document(&pdf);
        let first = *doc.get_pages().get(&1).unwrap();
        let content = String::from_utf8_lossy(&doc.get_page_content(first)).into_owned();
        assert!(
            content.contains("/Type/Background>>BDC"),
            "{edition}: the watermark is not an artifact"
        );
    }
    // The final minutes say nothing of a draft.
    let cases = copy_meeting(|_, text| text);
    let doc = render(&cases.path().join("moede.yaml")).unwrap();
    let pages = pdf_extract::extract_text_from_mem_by_pages(&doc.pdf).unwrap();
    assert!(!pages[0].contains("Udkast"), "{}", pages[0]);
    assert!(!xmp(&doc.pdf).contains("Udkast"));
    assert!(xmp(&doc.pdf).contains("Referat – Udvalget for Læring – 29. november 2021"));
}

fn plan(extra: &str) -> String {
    minimal_punkt(&format!(
        "reduktionsplan:\n  enhed: 1.000 kr.\n  år: [2021, 2022]\n  mål: [-2000.5, -3000]\n{extra}  initiativer:\n    - navn: Vikartimer\n      beløb: [-1000, -1500]\n"
    ))
}

#[test]
fn amounts_print_as_typed_or_rounded_on_request_with_a_note() {
    let typed = crate::common::body_text(
        &render(&crate::common::case_file("p.yaml", &plan("")).1)
            .unwrap()
            .pdf,
    );
    assert_in_order(
        "typed",
        &typed,
        &[
            "Reduktionsmål i budgetaftale",
            "-2.000,5",
            "-3.000,0",
            "Vikartimer",
            "-1.000,0",
            "-1.500,0",
            "Netto-udestående",
            "-1.000,5",
            "-1.500,0",
        ],
    );
    assert!(!typed.contains("-2.001"), "{typed}");
    assert!(!typed.contains("afrundet"), "{typed}");

    let (_dir, path) = crate::common::case_file("p.yaml", &plan("  decimaler: 0\n"));
    let rounded = crate::common::body_text(&render(&path).unwrap().pdf);
    assert_in_order(
        "rounded",
        &rounded,
        &[
            "Reduktionsmål i budgetaftale",
            "-2.001",
            "-3.000",
            "Netto-udestående",
            "-1.001",
            "Beløbene er afrundet til hele 1.000 kr.",
        ],
    );
    assert!(!rounded.contains("-2.000,5"), "{rounded}");

    let (_dir, path) = crate::common::case_file("p.yaml", &plan("  decimaler: 3\n"));
    let error = render(&path).unwrap_err();
    assert!(error.contains("reduktionsplan.decimaler"), "{error}");
}

#[test]
fn a_year_of_meetings_renders_in_one_tree() {
    // Every committee's first item is "1. Godkendelse af dagsorden".
    let year = tempfile::tempdir().unwrap();
    let item = "type: punkt\nsagsnr: 00.01.00-A00-1-22\nnummer: 1\ntitel: Godkendelse af dagsorden\nbeslutning: Godkendt.\n";
    for (udvalg, dato) in [
        ("skoleudvalget", "2022-01-10"),
        ("skoleudvalget", "2022-02-07"),
        ("oekonomiudvalget", "2022-01-10"),
    ] {
        let dir = year.path().join(udvalg).join(dato);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("moede.yaml"),
            format!("type: møde\nudvalg: {udvalg}\ndato: {dato}\nformand: Anna Eksempel\nudgave: referat\n"),
        )
        .unwrap();
        std::fs::write(dir.join("001-godkendelse.yaml"), item).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let run = dagsorden()
        .arg("render")
        .arg(year.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let written: Vec<String> = pdfs_below(out.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        written,
        [
            "oekonomiudvalget/2022-01-10/Punkt_001_Godkendelse_af_dagsorden.pdf",
            "oekonomiudvalget/2022-01-10/Referat_oekonomiudvalget_2022-01-10.pdf",
            "skoleudvalget/2022-01-10/Punkt_001_Godkendelse_af_dagsorden.pdf",
            "skoleudvalget/2022-01-10/Referat_skoleudvalget_2022-01-10.pdf",
            "skoleudvalget/2022-02-07/Punkt_001_Godkendelse_af_dagsorden.pdf",
            "skoleudvalget/2022-02-07/Referat_skoleudvalget_2022-02-07.pdf",
        ]
    );

    // One meeting folder given: its documents straight into the output folder.
    let one = render_cli(&[year.path().join("skoleudvalget/2022-01-10")]);
    assert_eq!(one.code, Some(0), "{}", one.stderr);
    assert_eq!(
        one.written(),
        [
            "Punkt_001_Godkendelse_af_dagsorden.pdf",
            "Referat_skoleudvalget_2022-01-10.pdf"
        ]
    );

    // Two files that really would write the same path are still an error.
    let dir = year.path().join("skoleudvalget/2022-01-10");
    std::fs::write(dir.join("001-kopi.yaml"), item).unwrap();
    let clash = render_cli(&[year.path()]);
    assert_eq!(clash.code, Some(1), "{}", clash.stderr);
    assert!(
        clash.stderr.contains("would overwrite the PDF of"),
        "{}",
        clash.stderr
    );
}

#[test]
fn a_public_decision_on_an_open_item_is_a_warning() {
    let (dir, path) = crate::common::case_file(
        "p.yaml",
        &minimal_punkt("beslutning: Godkendt.\noffentlig_beslutning: Godkendt.\n"),
    );
    let run = dagsorden().arg("check").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: `offentlig_beslutning` is printed only for a closed item"),
        "{stderr}"
    );
    assert!(stderr.contains("p.yaml:6:1"), "{stderr}");
    drop(dir);
}
