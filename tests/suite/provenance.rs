//! Provenance: every PDF carries its case files (PDF/A-3 associated files); `verify` renders a PDF again from them and `sources` writes them out.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use dagsorden::provenance::{self, MANIFEST, Manifest};

use crate::common::{assert_conformant, cases_dir, dagsorden, pdf_document, pdfs_in, xmp};

const MEETING: &str = "type: møde\nudvalg: Prøveudvalget\ndato: 2022-01-10\nformand: Anna Eksempel\nmedlemmer: [Anna Eksempel, Bent Prøvesen, Clara Mønster]\nudgave: referat\nstatus: endelig\n";

const OPEN: &str = "type: punkt\nsagsnr: 00.00.00-I02-1-21\nnummer: 1\ntitel: Skolernes ferieplan\nsagsfremstilling: Ferieplanen følger den fælles plan.\nbeslutning: Ferieplanen blev godkendt.\n";

/// A sentence found only in the closed item's texts and its comment.
const SECRET: &str = "Kvartermesteren Oluf Strandgaard fik en skriftlig advarsel";

fn closed() -> String {
    format!(
        "# {SECRET} (kommentar).\ntype: punkt\nsagsnr: 00.00.00-I02-2-21\nnummer: 2\ntitel: Personalesag\nlukket: true\nsagsfremstilling: {SECRET} i sagsfremstillingen.\noffentlig_beslutning: Indstillingen blev godkendt.\nbeslutning: {SECRET} ved beslutningen.\n"
    )
}

const CORRECTION: &str = "type: rettelse\ndato: 2022-01-24\npunkt: 2\ntekst: Kvartermesteren hedder Strandgård i den rettede beslutning.\nvedtaget_af: Prøveudvalget\n";

fn meeting() -> tempfile::TempDir {
    cases_dir(&[
        ("moede.yaml", MEETING),
        ("001-ferieplan.yaml", OPEN),
        ("002-personalesag.yaml", &closed()),
        ("003-rettelse.yaml", CORRECTION),
    ])
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    dagsorden().args(args).output().unwrap()
}

fn render(cases: &Path, out: &Path, udgave: &str) -> Output {
    let output = run(&[
        "render".as_ref(),
        cases.as_os_str(),
        "--samlet".as_ref(),
        "--udgave".as_ref(),
        udgave.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The test meeting rendered in `udgave`: its folder, the output folder and the PDFs.
fn rendered(
    udgave: &str,
) -> (
    tempfile::TempDir,
    tempfile::TempDir,
    BTreeMap<String, Vec<u8>>,
) {
    let cases = meeting();
    let out = tempfile::tempdir().unwrap();
    render(cases.path(), out.path(), udgave);
    let pdfs = pdfs_in(out.path());
    (cases, out, pdfs)
}

/// `verify` finds every PDF in `out` but the packet identical.
fn assert_identical(out: &Path, pdfs: &BTreeMap<String, Vec<u8>>) {
    for name in pdfs.keys().filter(|n| !n.contains("_samlet")) {
        let v = verify(&out.join(name));
        assert!(
            v.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&v.stderr)
        );
        assert!(String::from_utf8_lossy(&v.stdout).contains(": identical"));
    }
}

fn verify(pdf: &Path) -> Output {
    run(&["verify".as_ref(), pdf.as_os_str()])
}

fn sources(pdf: &Path, target: &Path) -> Output {
    run(&[
        "sources".as_ref(),
        pdf.as_os_str(),
        "-o".as_ref(),
        target.as_os_str(),
    ])
}

fn embedded(pdf: &[u8]) -> Vec<provenance::Found> {
    provenance::embedded_files(&pdf_document(pdf)).unwrap()
}

fn manifest(pdf: &[u8]) -> Manifest {
    let files = embedded(pdf);
    let m = files
        .iter()
        .find(|f| f.name == MANIFEST)
        .expect("a manifest");
    serde_json::from_slice(&m.bytes).unwrap()
}

/// Every stream of the PDF, decoded where it can be: what a reader of the
/// file could get at, embedded files included.
fn decoded_streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let doc = pdf_document(pdf);
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .map(|s| {
            s.decompressed_content()
                .unwrap_or_else(|_| s.content.clone())
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn the_internal_meeting_pdf_embeds_the_meeting_file_and_every_item_as_sources() {
    let (cases, _out, pdfs) = rendered("intern");
    let pdf = &pdfs["Referat_Proeveudvalget_2022-01-10.pdf"];
    let files = embedded(pdf);
    // In the name tree's order (by name).
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "001-ferieplan.yaml",
            "002-personalesag.yaml",
            MANIFEST,
            "moede.yaml",
        ]
    );
    // A correction is carried by the Tillæg (and the packet), not by the
    // minutes, which stay as approved when one is added.
    let tillaeg = embedded(&pdfs["Tillaeg_Referat_Proeveudvalget_2022-01-10.pdf"]);
    let rettelse = tillaeg
        .iter()
        .find(|f| f.name == "003-rettelse.yaml")
        .expect("the Tillæg embeds the correction");
    assert_eq!(rettelse.bytes, CORRECTION.as_bytes());
    let packet = embedded(&pdfs["Referat_Proeveudvalget_2022-01-10_samlet.pdf"]);
    assert!(packet.iter().any(|f| f.name == "003-rettelse.yaml"));
    for f in &files {
        let source = std::fs::read(cases.path().join(&f.name));
        if f.name == MANIFEST {
            assert_eq!(f.relationship.as_deref(), Some("Supplement"));
            assert_eq!(f.mime.as_deref(), Some("application/json"));
        } else {
            assert_eq!(
                f.bytes,
                source.unwrap(),
                "{} embedded byte for byte",
                f.name
            );
            assert_eq!(f.relationship.as_deref(), Some("Source"), "{}", f.name);
            assert_eq!(f.mime.as_deref(), Some("application/yaml"), "{}", f.name);
        }
        assert!(
            f.description.as_deref().is_some_and(|d| !d.is_empty()),
            "{} has a description",
            f.name
        );
    }
    // The catalog lists them as associated files (PDF/A-3).
    let doc = pdf_document(pdf);
    let af = doc.catalog().unwrap().get(b"AF").unwrap();
    let af = match af {
        lopdf::Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
        other => other.clone(),
    };
    assert_eq!(af.as_array().unwrap().len(), files.len());
    let m = manifest(pdf);
    assert_eq!(m.udgave, "intern");
    assert_eq!(m.kilde, "moede.yaml");
    assert_eq!(m.dokument, "Referat_Proeveudvalget_2022-01-10.pdf");
    // An item PDF carries its own file (and the meeting it is numbered by).
    let item = embedded(&pdfs["Punkt_001_Skolernes_ferieplan.pdf"]);
    assert!(item.iter().any(|f| f.name == "001-ferieplan.yaml"));
    assert_eq!(
        manifest(&pdfs["Punkt_001_Skolernes_ferieplan.pdf"]).kilde,
        "001-ferieplan.yaml"
    );
}

#[test]
fn the_public_edition_embeds_no_sentence_of_a_closed_item() {
    let (_cases, out, pdfs) = rendered("offentlig");
    assert!(pdfs.len() >= 4, "{:?}", pdfs.keys());
    for (name, pdf) in &pdfs {
        for stream in decoded_streams(pdf) {
            assert!(!contains(&stream, SECRET), "{name} carries the closed text");
            assert!(
                !contains(&stream, "Strandg"),
                "{name} carries the closed correction"
            );
        }
        for f in embedded(pdf) {
            assert!(!contains(&f.bytes, SECRET), "{name}: {}", f.name);
            if f.name == "002-personalesag.yaml" {
                for key in ["\nbeslutning:", "sagsfremstilling", "#"] {
                    assert!(!contains(&f.bytes, key), "{name}: {} has {key}", f.name);
                }
            }
        }
    }
    // The closed item is there as its public rendition, which renders to the same page.
    let pdf = &pdfs["Referat_Proeveudvalget_2022-01-10_offentlig.pdf"];
    let files = embedded(pdf);
    let rendition = files
        .iter()
        .find(|f| f.name == "002-personalesag.yaml")
        .expect("a public rendition of the closed item");
    let text = String::from_utf8(rendition.bytes.clone()).unwrap();
    assert!(text.contains("offentlig_beslutning: Indstillingen blev godkendt."));
    assert!(text.contains("lukket: true"));
    assert!(
        rendition.description.as_deref().unwrap().contains("lukket"),
        "{:?}",
        rendition.description
    );
    assert_eq!(manifest(pdf).udgave, "offentlig");
    assert_identical(out.path(), &pdfs);
    // The public edition's packet is named `…_offentlig_samlet.pdf`, and
    // verify knows it for a packet.
    let packet = "Referat_Proeveudvalget_2022-01-10_offentlig_samlet.pdf";
    assert_eq!(manifest(&pdfs[packet]).dokument, packet);
    let v = verify(&out.path().join(packet));
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
}

#[test]
fn verify_finds_fresh_output_identical_and_catches_a_changed_byte_and_an_altered_source() {
    let (_cases, out, pdfs) = rendered("intern");
    assert_identical(out.path(), &pdfs);
    // The packet too, with its bilag… it has none here: the sources suffice.
    let packet = out
        .path()
        .join("Referat_Proeveudvalget_2022-01-10_samlet.pdf");
    assert!(verify(&packet).status.success());

    let name = "Referat_Proeveudvalget_2022-01-10.pdf";
    let original = pdfs[name].clone();
    let path = out.path().join(name);

    // One byte of the page content changed: the first text stream's `Tj`.
    let doc = pdf_document(&original);
    let at = find(&original, b"stream\n").expect("a stream") + 40;
    let mut flipped = original.clone();
    flipped[at] ^= 0x01;
    std::fs::write(&path, &flipped).unwrap();
    let v = verify(&path);
    assert_eq!(v.status.code(), Some(1), "a changed byte is caught");
    drop(doc);

    // One byte in the document information (a title letter) changed.
    let mut flipped = original.clone();
    let at = find(&original, "Prøveudvalget".as_bytes()).unwrap_or(original.len() / 2);
    flipped[at + 1] = b'X';
    std::fs::write(&path, &flipped).unwrap();
    assert_eq!(verify(&path).status.code(), Some(1));

    // An embedded source rewritten with lopdf: the open item's decision.
    let mut doc = pdf_document(&original);
    let id = embedded_stream_id(&doc, "001-ferieplan.yaml");
    let altered = OPEN.replace("blev godkendt", "blev forkastet");
    let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    stream.dict.remove(b"Filter");
    stream.set_content(altered.into_bytes());
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let v = verify(&path);
    assert_eq!(v.status.code(), Some(1));
    let said = String::from_utf8_lossy(&v.stderr);
    assert!(
        said.contains("the embedded source `001-ferieplan.yaml` was altered"),
        "{said}"
    );
    assert!(said.contains("no longer renders to this PDF"), "{said}");

    // Restored, it is identical again.
    std::fs::write(&path, &original).unwrap();
    assert!(verify(&path).status.success());
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The object id of the file stream embedded under `name`.
fn embedded_stream_id(doc: &lopdf::Document, name: &str) -> lopdf::ObjectId {
    for object in doc.objects.values() {
        let Ok(spec) = object.as_dict() else { continue };
        let matches = spec
            .get(b"UF")
            .or_else(|_| spec.get(b"F"))
            .ok()
            .and_then(|n| n.as_str().ok())
            .is_some_and(|n| String::from_utf8_lossy(n).contains(name));
        if matches && spec.has(b"EF") {
            let ef = spec.get(b"EF").unwrap();
            let ef = match ef {
                lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
                other => other.as_dict().unwrap(),
            };
            return ef.get(b"F").unwrap().as_reference().unwrap();
        }
    }
    panic!("no embedded file `{name}`");
}

#[test]
fn sources_writes_the_embedded_files_back_byte_for_byte() {
    let cases = meeting();
    let out = tempfile::tempdir().unwrap();
    render(cases.path(), out.path(), "intern");
    // The Tillæg carries every file: the meeting, its items and the correction.
    let pdf = out
        .path()
        .join("Tillaeg_Referat_Proeveudvalget_2022-01-10.pdf");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("kilder");
    let s = sources(&pdf, &target);
    assert!(s.status.success(), "{}", String::from_utf8_lossy(&s.stderr));
    for name in [
        "moede.yaml",
        "001-ferieplan.yaml",
        "002-personalesag.yaml",
        "003-rettelse.yaml",
    ] {
        assert_eq!(
            std::fs::read(target.join(name)).unwrap(),
            std::fs::read(cases.path().join(name)).unwrap(),
            "{name}"
        );
    }
    let written: Manifest =
        serde_json::from_slice(&std::fs::read(target.join(MANIFEST)).unwrap()).unwrap();
    assert_eq!(written, manifest(&std::fs::read(&pdf).unwrap()));
    // The sources written out render the same PDF again.
    let again = tempfile::tempdir().unwrap();
    let meeting_dir = dir.path().join("2022");
    std::fs::create_dir(&meeting_dir).unwrap();
    for name in [
        "moede.yaml",
        "001-ferieplan.yaml",
        "002-personalesag.yaml",
        "003-rettelse.yaml",
    ] {
        std::fs::copy(target.join(name), meeting_dir.join(name)).unwrap();
    }
    let r = run(&[
        "render".as_ref(),
        meeting_dir.as_os_str(),
        "-o".as_ref(),
        again.path().as_os_str(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // A second time into the same folder: nothing is overwritten.
    let s = sources(&pdf, &target);
    assert_eq!(s.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&s.stderr).contains("exists already"));
}

#[test]
fn sources_refuses_a_name_that_would_leave_the_folder() {
    let cases = meeting();
    let out = tempfile::tempdir().unwrap();
    render(cases.path(), out.path(), "intern");
    let path = out.path().join("Punkt_001_Skolernes_ferieplan.pdf");
    let mut doc = pdf_document(&std::fs::read(&path).unwrap());
    let ids: Vec<_> = doc.objects.keys().copied().collect();
    for id in ids {
        if let Ok(spec) = doc.get_object_mut(id).and_then(lopdf::Object::as_dict_mut)
            && spec.has(b"EF")
            && spec
                .get(b"UF")
                .is_ok_and(|n| n.as_str().is_ok_and(|n| n.ends_with(b"ferieplan.yaml")))
        {
            let evil = lopdf::Object::string_literal("../../udenfor.yaml");
            spec.set("UF", evil.clone());
            spec.set("F", evil);
        }
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a").join("b");
    let s = sources(&path, &target);
    assert_eq!(s.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&s.stderr).contains("outside"),
        "{}",
        String::from_utf8_lossy(&s.stderr)
    );
    assert!(!dir.path().join("udenfor.yaml").exists());
    assert!(!target.exists(), "nothing written");
}

#[test]
fn every_document_is_identified_as_pdf_a_3a_and_pdf_ua_1_and_renders_byte_identically() {
    let cases = meeting();
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for udgave in ["intern", "offentlig"] {
        render(cases.path(), first.path(), udgave);
        render(cases.path(), second.path(), udgave);
    }
    let (a, b) = (pdfs_in(first.path()), pdfs_in(second.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a.len() >= 8, "{:?}", a.keys());
    for (name, pdf) in &a {
        assert!(*pdf == b[name], "{name} differs between two renders");
        let x = xmp(pdf);
        let value = |key: &str| dagsorden::bilag::conformance::xmp_value(&x, key);
        assert_eq!(value("pdfaid:part").as_deref(), Some("3"), "{name}");
        assert_eq!(value("pdfaid:conformance").as_deref(), Some("A"), "{name}");
        assert_eq!(value("pdfuaid:part").as_deref(), Some("1"), "{name}");
        assert_conformant(name, pdf);
        assert!(
            embedded(pdf).iter().any(|f| f.name == MANIFEST),
            "{name} carries its manifest"
        );
    }
}

#[test]
fn a_file_name_is_embedded_as_data_never_as_typst_code() {
    // Quotes, `#`, `$`, brackets, a backslash (which Typst refuses in a path).
    let name = r#"002 #panic("x") [*æ*] $y \ 100%.yaml"#;
    let cases = cases_dir(&[
        ("moede.yaml", MEETING),
        ("001-ferieplan.yaml", OPEN),
        (name, &closed()),
    ]);
    let out = tempfile::tempdir().unwrap();
    render(cases.path(), out.path(), "intern");
    let pdfs = pdfs_in(out.path());
    let files = embedded(&pdfs["Referat_Proeveudvalget_2022-01-10.pdf"]);
    let carried = files
        .iter()
        .find(|f| f.name == r#"002 #panic("x") [*æ*] $y _ 100%.yaml"#)
        .unwrap_or_else(|| panic!("{:?}", files.iter().map(|f| &f.name).collect::<Vec<_>>()));
    assert_eq!(carried.bytes, closed().as_bytes());
    assert_identical(out.path(), &pdfs);
}

#[test]
fn a_document_rendered_with_a_template_folder_is_verified_with_that_folder_only() {
    let profile = "kommune: Prøvested Kommune\nskrifttyper: [Open Sans]\nfarver: {primær: \"#7A1E48\", sekundær: \"#333333\"}\nafsnit:\n  - nøgle: sagsfremstilling\n    overskrift: Sagen\n  - nøgle: beslutning\n    overskrift: Afgørelse\n";
    let templates = cases_dir(&[("profil.yaml", profile)]);
    let cases = cases_dir(&[("001-ferieplan.yaml", OPEN)]);
    let out = tempfile::tempdir().unwrap();
    let r = run(&[
        "render".as_ref(),
        cases.path().as_os_str(),
        "--templates".as_ref(),
        templates.path().as_os_str(),
        "-o".as_ref(),
        out.path().as_os_str(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let pdf = out.path().join("Punkt_001_Skolernes_ferieplan.pdf");
    assert!(manifest(&std::fs::read(&pdf).unwrap()).skabeloner.is_some());
    let with = |dir: &Path| {
        run(&[
            "verify".as_ref(),
            pdf.as_os_str(),
            "--templates".as_ref(),
            dir.as_os_str(),
        ])
    };
    let v = verify(&pdf);
    assert_eq!(v.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&v.stderr).contains("--templates DIR"));
    let v = with(templates.path());
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    // Another folder (one letter of the profile changed) is not that folder.
    let other = cases_dir(&[("profil.yaml", &profile.replace("Prøvested", "Prøvestad"))]);
    let v = with(other.path());
    assert_eq!(v.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&v.stderr).contains("is not the one it was rendered with"));
}

#[test]
fn a_memo_carries_the_spreadsheet_it_reads() {
    let memo = crate::common::repo().join("cases/notater/voksenhandicap-status-juni-2022.yaml");
    let out = tempfile::tempdir().unwrap();
    let r = run(&[
        "render".as_ref(),
        memo.as_os_str(),
        "-o".as_ref(),
        out.path().as_os_str(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let pdfs = pdfs_in(out.path());
    let (name, pdf) = pdfs.iter().next().unwrap();
    let files = embedded(pdf);
    let sheet = files
        .iter()
        .find(|f| f.name == "data/budgetopfoelgning-2022-q2.xlsx")
        .expect("the spreadsheet is embedded");
    let on_disk = crate::common::repo().join("cases/notater/data/budgetopfoelgning-2022-q2.xlsx");
    assert_eq!(sheet.bytes, std::fs::read(on_disk).unwrap());
    assert_eq!(
        sheet.mime.as_deref(),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    assert_eq!(sheet.relationship.as_deref(), Some("Source"));
    assert_identical(out.path(), &pdfs);
    assert_eq!(manifest(pdf).dokument, *name);
}

#[test]
fn approved_minutes_verify_as_pdfs_and_a_replaced_embedded_file_is_caught_both_ways() {
    let cases = meeting();
    std::fs::remove_file(cases.path().join("003-rettelse.yaml")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let a = run(&[
        "approve".as_ref(),
        cases.path().as_os_str(),
        "--dato".as_ref(),
        "2022-01-24".as_ref(),
        "-o".as_ref(),
        out.path().as_os_str(),
    ]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let pdfs = pdfs_in(out.path());
    assert_identical(out.path(), &pdfs);
    let by_folder = || {
        run(&[
            "verify".as_ref(),
            cases.path().as_os_str(),
            "-o".as_ref(),
            out.path().as_os_str(),
        ])
    };
    assert!(by_folder().status.success());

    // The closed item's embedded file in the public minutes replaced.
    let path = out
        .path()
        .join("Referat_Proeveudvalget_2022-01-10_offentlig.pdf");
    let mut doc = pdf_document(&pdfs["Referat_Proeveudvalget_2022-01-10_offentlig.pdf"]);
    let id = embedded_stream_id(&doc, "002-personalesag.yaml");
    let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    stream.dict.remove(b"Filter");
    stream.set_content(closed().into_bytes());
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(verify(&path).status.code(), Some(1));
    assert_eq!(by_folder().status.code(), Some(1));
}
