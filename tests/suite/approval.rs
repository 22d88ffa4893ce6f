//! Approved minutes: `approve` writes the record; afterwards a changed source is refused and no approved document is overwritten.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use crate::common::{cases_dir, dagsorden, pdfs_in};

const MEETING: &str = "type: møde\nudvalg: Prøveudvalget\ndato: 2022-01-10\nformand: Anna Eksempel\nmedlemmer: [Anna Eksempel, Bent Prøvesen, Clara Mønster]\nudgave: referat\nstatus: endelig\n";

const ITEM: &str = "type: punkt\nsagsnr: 00.00.00-I02-1-21\nnummer: 1\ntitel: Skolernes ferieplan\nbeslutning: Ferieplanen blev godkendt.\n";

const CLOSED: &str = "type: punkt\nsagsnr: 00.00.00-I02-2-21\nnummer: 2\ntitel: Personalesag\nlukket: true\noffentlig_beslutning: Indstillingen blev godkendt.\nbeslutning: Den fortrolige afgørelse om medarbejderen.\n";

fn meeting(moede: &str) -> tempfile::TempDir {
    cases_dir(&[
        ("moede.yaml", moede),
        ("001-ferieplan.yaml", ITEM),
        ("002-personalesag.yaml", CLOSED),
    ])
}

fn approve(meeting: &Path, out: &Path) -> Output {
    dagsorden()
        .arg("approve")
        .arg(meeting)
        .args([
            "--dato",
            "2022-01-24",
            "--af",
            "Prøveudvalget, møde 24. januar 2022, punkt 1",
            "-o",
        ])
        .arg(out)
        .output()
        .unwrap()
}

fn render(meeting: &Path, out: &Path) -> Output {
    dagsorden()
        .arg("render")
        .arg(meeting)
        .arg("--samlet")
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

fn stderr(output: &Output, meeting: &Path) -> String {
    crate::minutes::pinned(&String::from_utf8_lossy(&output.stderr), meeting)
}

fn record(meeting: &Path) -> dagsorden::approval::Record {
    let text = std::fs::read_to_string(meeting.join("godkendelse.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// An approved meeting: its folder, the output folder and the approved PDFs.
fn approved() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    BTreeMap<String, Vec<u8>>,
) {
    let cases = meeting(MEETING);
    let out = tempfile::tempdir().unwrap();
    let run = approve(cases.path(), out.path());
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdfs = pdfs_in(out.path());
    (cases, out, pdfs)
}

#[test]
fn approve_records_every_source_and_every_document_of_both_editions() {
    let (cases, _out, pdfs) = approved();
    let record = record(cases.path());
    assert_eq!(record.godkendt, "2022-01-24");
    assert_eq!(
        record.godkendt_af.as_deref(),
        Some("Prøveudvalget, møde 24. januar 2022, punkt 1")
    );
    assert_eq!(record.version, env!("CARGO_PKG_VERSION"));
    let sources: Vec<&str> = record.kilder.keys().map(String::as_str).collect();
    assert_eq!(
        sources,
        ["001-ferieplan.yaml", "002-personalesag.yaml", "moede.yaml"]
    );
    let meeting = std::fs::read(cases.path().join("moede.yaml")).unwrap();
    assert_eq!(
        record.kilder["moede.yaml"],
        dagsorden::digest::hex_sha256(&meeting)
    );
    for name in [
        "Referat_Proeveudvalget_2022-01-10.pdf",
        "Referat_Proeveudvalget_2022-01-10_offentlig.pdf",
        "Referat_Proeveudvalget_2022-01-10_samlet.pdf",
        "Referat_Proeveudvalget_2022-01-10_offentlig_samlet.pdf",
    ] {
        assert!(
            record.dokumenter.contains_key(name),
            "{name} not in {:?}",
            record.dokumenter.keys()
        );
    }
    // Every recorded document is on disk with the recorded bytes.
    assert!(!record.dokumenter.is_empty());
    for (name, hash) in &record.dokumenter {
        let bytes = pdfs.get(name).unwrap_or_else(|| panic!("{name} written"));
        assert_eq!(*hash, dagsorden::digest::hex_sha256(bytes), "{name}");
    }
}

#[test]
fn rendering_unchanged_approved_minutes_gives_the_approved_bytes() {
    let (cases, out, before) = approved();
    let run = render(cases.path(), out.path());
    assert!(run.status.success(), "{}", stderr(&run, cases.path()));
    assert_eq!(pdfs_in(out.path()), before);
}

#[test]
fn a_source_changed_after_approval_is_refused_and_nothing_approved_is_overwritten() {
    let (cases, out, before) = approved();
    let item = cases.path().join("001-ferieplan.yaml");
    std::fs::write(&item, ITEM.replace("godkendt.", "godkendt med en ændring.")).unwrap();
    let run = render(cases.path(), out.path());
    assert_eq!(run.status.code(), Some(1));
    insta::assert_snapshot!("approved_source_changed", stderr(&run, cases.path()));
    assert_eq!(
        pdfs_in(out.path()),
        before,
        "the approved PDFs are unchanged"
    );
}

#[test]
fn an_item_added_to_approved_minutes_is_refused() {
    let (cases, out, before) = approved();
    std::fs::write(
        cases.path().join("003-nyt.yaml"),
        ITEM.replace("nummer: 1", "nummer: 3"),
    )
    .unwrap();
    let run = render(cases.path(), out.path());
    assert_eq!(run.status.code(), Some(1));
    let text = stderr(&run, cases.path());
    assert!(
        text.contains("`003-nyt.yaml` was added after the minutes were approved on 2022-01-24"),
        "{text}"
    );
    assert_eq!(pdfs_in(out.path()), before);
}

#[test]
fn a_document_that_comes_out_different_leaves_the_approved_file_alone() {
    let (cases, out, before) = approved();
    // As after a tool upgrade that changed the layout: the record holds
    // other bytes than the tool now makes.
    let path = cases.path().join("godkendelse.yaml");
    let mut record = record(cases.path());
    let name = "Referat_Proeveudvalget_2022-01-10.pdf";
    record.dokumenter.insert(name.to_string(), "0".repeat(64));
    std::fs::write(&path, record.to_yaml().unwrap()).unwrap();
    let run = render(cases.path(), out.path());
    assert_eq!(run.status.code(), Some(1));
    let text = stderr(&run, cases.path());
    assert!(
        text.contains(&format!(
            "`{name}` comes out different from the document approved on 2022-01-24; the approved file is left as it is"
        )),
        "{text}"
    );
    assert_eq!(pdfs_in(out.path())[name], before[name]);
}

#[test]
fn approve_refuses_a_draft_and_an_agenda() {
    for (what, moede) in [
        (
            "draft",
            MEETING.replace("status: endelig", "status: udkast"),
        ),
        (
            "agenda",
            MEETING.replace("udgave: referat", "udgave: dagsorden"),
        ),
    ] {
        let cases = meeting(&moede);
        let out = tempfile::tempdir().unwrap();
        let run = approve(cases.path(), out.path());
        assert_eq!(run.status.code(), Some(2), "{what}");
        insta::assert_snapshot!(
            format!("approve_refuses_{what}"),
            stderr(&run, cases.path())
        );
        assert!(!cases.path().join("godkendelse.yaml").exists());
        assert!(crate::common::files_in(out.path()).is_empty());
    }
}

#[test]
fn approving_twice_is_refused() {
    let (cases, out, _) = approved();
    let run = approve(cases.path(), out.path());
    assert_eq!(run.status.code(), Some(2));
    let text = stderr(&run, cases.path());
    assert!(
        text.contains("the minutes were already approved on 2022-01-24"),
        "{text}"
    );
}

const CORRECTION: &str = "type: rettelse\ndato: 2022-02-07\npunkt: 1\ntekst: I punkt 1 skal »sommerferien« være »sommerferien 2022«.\nvedtaget_af: Prøveudvalget, møde 7. februar 2022, punkt 4\n";

const EARLIER_CORRECTION: &str =
    "type: rettelse\ndato: 2022-01-31\ntekst: Mødet sluttede kl. 17.30, ikke kl. 17.00.\n";

#[test]
fn a_correction_added_after_approval_is_printed_and_carried_in_the_packet() {
    let (cases, out, before) = approved();
    std::fs::write(cases.path().join("rettelse-2.yaml"), CORRECTION).unwrap();
    std::fs::write(cases.path().join("rettelse-1.yaml"), EARLIER_CORRECTION).unwrap();
    let run = render(cases.path(), out.path());
    assert!(run.status.success(), "{}", stderr(&run, cases.path()));
    let after = pdfs_in(out.path());
    // The approved documents are byte for byte as recorded.
    let record = record(cases.path());
    for (name, hash) in &record.dokumenter {
        if name.contains("_samlet") {
            continue; // the packet now carries the corrections
        }
        assert_eq!(*hash, dagsorden::digest::hex_sha256(&after[name]), "{name}");
        assert_eq!(after[name], before[name], "{name}");
    }
    let tillaeg = crate::common::squash(&crate::common::pdf_text(
        &after["Tillaeg_Referat_Proeveudvalget_2022-01-10.pdf"],
    ));
    crate::common::assert_in_order(
        "the Tillæg",
        &tillaeg,
        &[
            "Tillæg til referat",
            "Rettelse vedtaget 31. januar 2022",
            "Mødet sluttede kl. 17.30, ikke kl. 17.00.",
            "Rettelse vedtaget 7. februar 2022 til punkt 1: Skolernes ferieplan",
            "I punkt 1 skal »sommerferien« være »sommerferien 2022«.",
            "Vedtaget af: Prøveudvalget, møde 7. februar 2022, punkt 4",
        ],
    );
    let packet = crate::common::squash(&crate::common::pdf_text(
        &after["Referat_Proeveudvalget_2022-01-10_samlet.pdf"],
    ));
    crate::common::assert_in_order(
        "the packet",
        &packet,
        &[
            "Ferieplanen blev godkendt.",
            "Tillæg til referat",
            "I punkt 1 skal »sommerferien« være »sommerferien 2022«.",
        ],
    );
    // The public edition prints them too, and keeps its approved bytes.
    let public = dagsorden()
        .arg("render")
        .arg(cases.path())
        .args(["--samlet", "--udgave", "offentlig", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(public.status.success(), "{}", stderr(&public, cases.path()));
    let after = pdfs_in(out.path());
    assert!(after.contains_key("Tillaeg_Referat_Proeveudvalget_2022-01-10_offentlig.pdf"));
    let name = "Referat_Proeveudvalget_2022-01-10_offentlig.pdf";
    assert_eq!(after[name], before[name]);
    // The approval still holds.
    let run = verify(cases.path(), out.path());
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run, cases.path()));
}

#[test]
fn a_correction_of_an_item_the_meeting_lacks_is_an_error() {
    let cases = meeting(MEETING);
    std::fs::write(
        cases.path().join("rettelse.yaml"),
        CORRECTION.replace("punkt: 1", "punkt: 9"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = render(cases.path(), out.path());
    assert_eq!(run.status.code(), Some(1));
    let text = stderr(&run, cases.path());
    assert!(text.contains("the meeting has no item 9"), "{text}");
    assert!(text.contains("rettelse.yaml:3:8"), "{text}");
}

fn verify(meeting: &Path, out: &Path) -> Output {
    dagsorden()
        .arg("verify")
        .arg(meeting)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn verify_passes_fresh_output_and_catches_a_flipped_byte_and_a_changed_source() {
    let (cases, out, _) = approved();
    let run = verify(cases.path(), out.path());
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run, cases.path()));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("Referat_Proeveudvalget_2022-01-10.pdf: identical"),
        "{stdout}"
    );

    // One byte of an approved PDF changed.
    let name = "Referat_Proeveudvalget_2022-01-10_offentlig.pdf";
    let path = out.path().join(name);
    let original = std::fs::read(&path).unwrap();
    let mut flipped = original.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    std::fs::write(&path, &flipped).unwrap();
    let run = verify(cases.path(), out.path());
    assert_eq!(run.status.code(), Some(1));
    let text = stderr(&run, cases.path());
    assert!(
        text.contains(&format!(
            "`{name}` differs from the document approved on 2022-01-24"
        )),
        "{text}"
    );
    std::fs::write(&path, &original).unwrap();

    // A source changed.
    std::fs::write(
        cases.path().join("002-personalesag.yaml"),
        CLOSED.replace("fortrolige", "hemmelige"),
    )
    .unwrap();
    let run = verify(cases.path(), out.path());
    assert_eq!(run.status.code(), Some(1));
    let text = stderr(&run, cases.path());
    assert!(
        text.contains(
            "`002-personalesag.yaml` was changed after the minutes were approved on 2022-01-24"
        ),
        "{text}"
    );
}

#[test]
fn render_reports_an_approved_pdf_changed_on_disk_and_leaves_it() {
    let (cases, out, before) = approved();
    let name = "Referat_Proeveudvalget_2022-01-10.pdf";
    let path = out.path().join(name);
    let mut flipped = before[name].clone();
    let last = flipped.len() - 10;
    flipped[last] ^= 0x01;
    std::fs::write(&path, &flipped).unwrap();
    let run = render(cases.path(), out.path());
    assert_eq!(run.status.code(), Some(1));
    let text = stderr(&run, cases.path());
    assert!(
        text.contains(&format!(
            "`{name}` on disk differs from the document approved on 2022-01-24"
        )),
        "{text}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), flipped, "left as it is");
    std::fs::write(&path, &before[name]).unwrap();
}
