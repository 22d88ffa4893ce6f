//! Personal data in the public edition: planted CPR numbers, e-mail addresses and telephone numbers are errors at their place and never printed, nothing of their document is published, deliberate exceptions are listed, `offentlig: false` withholds a bilag, and `dagsorden persondata` reads any archive.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{dagsorden, pages_text, repo, squash};

/// A CPR number that passes modulus 11.
const CPR: &str = "010203-1008";
/// A CPR number of 1 January 1965, a birth date the CPR office lists as
/// issued without modulus 11: it fails the check and is still one.
const CPR_UNCHECKED: &str = "010165-1237";
const EMAIL: &str = "karen.jensen@example.com";
/// One telephone number in three groupings.
const PHONES: [&str; 3] = ["23 45 67 89", "2345 6789", "+45 23456789"];

/// Everything planted, as their masks must be shown.
const MASKED: [&str; 4] = [
    "010203-****",
    "010165-****",
    "k***@example.com",
    "23 ** ** **",
];

/// What must never be printed or published: each value as typed, and its digits alone.
fn raw_values() -> Vec<String> {
    let mut all = vec![CPR.to_string(), CPR_UNCHECKED.into(), EMAIL.into()];
    all.extend(PHONES.iter().map(|p| p.to_string()));
    all.extend(["0102031008".into(), "0101651237".into(), "23456789".into()]);
    all
}

const MEETING: &str = "type: møde\nudvalg: Prøveudvalget\ndato: 2022-03-07\ntid: \"16:00\"\nsted: Rådhuset\nformand: Anna Eksempel\nmedlemmer: [Anna Eksempel, Bent Prøvesen, Clara Mønster]\nudgave: referat\nstatus: endelig\n";

fn run(args: &[&std::ffi::OsStr]) -> Output {
    dagsorden().args(args).output().unwrap()
}

/// `dagsorden render|check PATH --udgave offentlig [--samlet] [-o OUT]`.
fn public(command: &str, path: &Path, out: Option<&Path>, samlet: bool) -> Output {
    let mut c = dagsorden();
    c.arg(command).arg(path).args(["--udgave", "offentlig"]);
    if samlet {
        c.arg("--samlet");
    }
    if let Some(out) = out {
        c.arg("-o").arg(out);
    }
    c.output().unwrap()
}

/// `dagsorden publish CASES -o SITE`.
fn publish(cases: &Path, site: &Path) -> Output {
    dagsorden()
        .arg("publish")
        .arg(cases)
        .arg("-o")
        .arg(site)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn assert_never_printed(what: &str, printed: &str) {
    for raw in raw_values() {
        assert!(
            !printed.contains(&raw),
            "{what} prints `{raw}` itself:\n{printed}"
        );
    }
}

/// `(line, column)`, 1-based, of the first `needle` in `text`.
fn place_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in the file"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// Every planted value, written into one line of text.
fn planted() -> String {
    format!(
        "Borgeren har CPR-nr. {CPR} og personnummer {CPR_UNCHECKED}, skriver til {EMAIL}, tlf. {}, mobil {} eller {}.",
        PHONES[0], PHONES[1], PHONES[2]
    )
}

/// The public text fields of an item, each as a YAML line (or block) holding `text`.
fn fields(text: &str) -> Vec<(&'static str, String)> {
    vec![
        ("titel", format!("titel: \"Sag om {text}\"\n")),
        ("beslutningstema", format!("beslutningstema: |\n  {text}\n")),
        ("økonomi", format!("økonomi: |\n  Intet.\n\n  {text}\n")),
        ("historik", format!("historik: \"{text}\"\n")),
        (
            "sagsfremstilling",
            format!("sagsfremstilling: |\n  Indledning.\n\n  {text}\n"),
        ),
        (
            "a table cell",
            format!("sagsfremstilling: |\n  | Post | Note |\n  |---|---|\n  | Kørsel | {text} |\n"),
        ),
        ("kommunikation", format!("kommunikation: >\n  {text}\n")),
        ("lovgrundlag", format!("lovgrundlag: '{text}'\n")),
        (
            "indstilling.at",
            format!("indstilling:\n  at:\n    - sagen drøftes, {text}\n"),
        ),
        ("beslutning", format!("beslutning: |\n  {text}\n")),
        (
            "protokoltilførsel",
            format!("protokoltilførsel:\n  - navn: Anna Eksempel\n    tekst: \"{text}\"\n"),
        ),
        (
            "a bilag title",
            format!("bilag:\n  - titel: \"Bilag om {text}\"\n"),
        ),
    ]
}

/// A meeting folder with the given items.
fn meeting(items: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("proeveudvalget/2022-03-07");
    std::fs::create_dir_all(m.join("bilag")).unwrap();
    std::fs::write(m.join("moede.yaml"), MEETING).unwrap();
    for (name, yaml) in items {
        std::fs::write(m.join(name), yaml).unwrap();
    }
    dir
}

fn item(nummer: u32, extra: &str) -> String {
    let titel = if extra.starts_with("titel:") {
        String::new()
    } else {
        format!("titel: Sag {nummer}\n")
    };
    format!("type: punkt\nsagsnr: 00.00.00-I02-{nummer}-22\nnummer: {nummer}\n{titel}{extra}")
}

fn item_path(dir: &Path, name: &str) -> PathBuf {
    dir.join("proeveudvalget/2022-03-07").join(name)
}

#[test]
fn planted_in_each_public_text_field_every_value_is_an_error_at_its_place_and_never_printed() {
    let sentence = planted();
    for (field, yaml) in fields(&sentence) {
        let dir = meeting(&[
            (
                "001-ren.yaml",
                item(1, "sagsfremstilling: Intet at bemærke.\n"),
            ),
            ("002-plantet.yaml", item(2, &yaml)),
        ]);
        // Another meeting, clean: the rest of the batch.
        let other = dir.path().join("andetudvalget/2022-03-08");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(
            other.join("moede.yaml"),
            MEETING.replace("2022-03-07", "2022-03-08"),
        )
        .unwrap();
        std::fs::write(
            other.join("001-ren.yaml"),
            item(1, "sagsfremstilling: Intet.\n"),
        )
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        let o = public("render", dir.path(), Some(out.path()), false);
        let printed = text(&o);
        assert_eq!(o.status.code(), Some(1), "{field}: {printed}");
        assert_never_printed(field, &printed);
        let file = item_path(dir.path(), "002-plantet.yaml");
        let source = std::fs::read_to_string(&file).unwrap();
        let shown = file
            .strip_prefix(dir.path())
            .unwrap_or(&file)
            .display()
            .to_string();
        for (value, masked) in [
            (CPR, MASKED[0]),
            (CPR_UNCHECKED, MASKED[1]),
            (EMAIL, MASKED[2]),
            (PHONES[0], MASKED[3]),
        ] {
            let (line, column) = place_of(&source, value);
            let at = format!("002-plantet.yaml:{line}:{column}");
            assert!(
                printed.contains(&at),
                "{field}: {masked} should be reported at {at} ({shown}):\n{printed}"
            );
            assert!(
                printed.contains(masked),
                "{field}: {masked} not reported:\n{printed}"
            );
        }
        // Every grouping of the telephone number is found, each masked.
        let phones = printed.matches("telefonnummer 23 ** ** **").count();
        assert!(phones >= 1, "{field}: {printed}");
        // Nothing of the item is written, nor of the meeting that shows it,
        // nor of the other item, whose PDF embeds the item's public
        // rendition (read back, it is told which file holds the value);
        // the other meeting is written.
        let meeting_files = all_files(&out.path().join("proeveudvalget"));
        assert!(meeting_files.is_empty(), "{field}: {meeting_files:?}");
        assert!(
            printed.contains(
                "in the embedded file `002-plantet.yaml` of `Punkt_001_Sag_1_offentlig.pdf`"
            ),
            "{field}: {printed}"
        );
        let other_files = all_files(&out.path().join("andetudvalget"));
        assert!(
            other_files.iter().any(|f| f.contains("Punkt_001"))
                && other_files.iter().any(|f| f.contains("Referat")),
            "{field}: the rest of the batch is rendered: {other_files:?}"
        );
        // The internal edition is not published, so not screened.
        let o = run(&["check".as_ref(), dir.path().as_os_str()]);
        assert_eq!(o.status.code(), Some(0), "{field}: {}", text(&o));
    }
}

#[test]
fn every_grouping_of_a_telephone_number_is_found_on_its_own() {
    for phone in PHONES {
        let (_dir, path) = crate::common::case_file(
            "punkt.yaml",
            &item(3, &format!("sagsfremstilling: Ring på {phone} i dag.\n")),
        );
        let o = public("check", &path, None, false);
        let printed = text(&o);
        assert_eq!(o.status.code(), Some(1), "{phone}: {printed}");
        assert!(
            printed.contains("telefonnummer 23 ** ** **"),
            "{phone}: {printed}"
        );
        assert!(printed.contains("punkt.yaml:5:"), "{phone}: {printed}");
        assert_never_printed(phone, &printed);
    }
}

/// Text that looks like numbers but is none of them.
const NOT_PERSONAL: &str = "Sagen 28.09.40-G01-44-21 (og 00.00.00-I02-1-21) koster 1.234.567 kr. i 2022 og 12.345.678,90 kr. i alt. \
Mødet 29.11.2021 og 2021-11-29 kl. 16.00. Sag 240611 2021 er afsluttet. Datoen 320199-1234 findes ikke. \
Ring til omstillingen på 79 75 50 00 eller skriv til skoleafdelingen@hedensted.dk. \
Tabellen viser 2020 2021 og tallene 98 12 25 37 41 55.";

#[test]
fn numbers_that_are_no_personal_data_and_what_the_profile_allows_pass() {
    let (_dir, path) = crate::common::case_file(
        "punkt.yaml",
        &item(
            4,
            &format!(
                "sagsfremstilling: |\n  {NOT_PERSONAL}\n\n  | År | Beløb |\n  |---|--:|\n  | 2021 | 12.345.678,90 |\n"
            ),
        ),
    );
    let out = tempfile::tempdir().unwrap();
    let o = public("render", &path, Some(out.path()), false);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The PDF was read back and still says it all.
    let pdf = std::fs::read(out.path().join("Punkt_004_Sag_4_offentlig.pdf")).unwrap();
    let all = squash(&pages_text(&pdf).join(""));
    assert!(all.contains(&squash("79 75 50 00")), "{all}");
    assert!(all.contains("skoleafdelingen@hedensted.dk"), "{all}");
}

#[test]
fn the_seed_cases_have_no_findings_and_the_report_says_what_was_checked() {
    let site = tempfile::tempdir().unwrap();
    let dir = site.path().join("site");
    let o = publish(&repo().join("cases"), &dir);
    let printed = text(&o);
    assert_eq!(o.status.code(), Some(0), "{printed}");
    let line = printed
        .lines()
        .find(|l| l.starts_with("persondata: "))
        .unwrap_or_else(|| panic!("no summary line:\n{printed}"));
    assert!(line.starts_with("persondata: 0 fund i "), "{line}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.path().join("site.persondata.json")).unwrap())
            .unwrap();
    assert_eq!(report["regelsæt"], "dagsorden-persondata-1");
    assert_eq!(report["fund"], 0);
    let files = report["filer"].as_array().unwrap();
    let of = |art: &str| files.iter().filter(|f| f["art"] == art).count();
    // Every public PDF, bilag and site file, each read.
    assert!(of("dokument") >= 18, "{report:#}");
    assert!(of("bilag") >= 4, "{report:#}");
    assert!(of("side") >= 50, "{report:#}");
    assert!(
        files
            .iter()
            .filter(|f| f["art"] != "side")
            .all(|f| f["sider"].as_u64().unwrap_or(0) > 0),
        "{report:#}"
    );
    // The report is beside the site, not on it.
    assert!(!dir.join("persondata.json").exists());
}

#[test]
fn a_closed_items_personal_data_never_reaches_the_public_edition_nor_its_messages() {
    let closed = item(
        5,
        &format!(
            "lukket: true\nsagsfremstilling: |\n  {}\nbeslutning: Bevilget til {EMAIL}.\noffentlig_beslutning: Udvalget traf en afgørelse.\n",
            planted()
        ),
    );
    let dir = meeting(&[("005-lukket.yaml", closed)]);
    let site = tempfile::tempdir().unwrap();
    let o = publish(dir.path(), &site.path().join("site"));
    let printed = text(&o);
    assert_eq!(o.status.code(), Some(0), "{printed}");
    assert_never_printed("publish", &printed);
    for masked in MASKED {
        assert!(!printed.contains(masked), "{printed}");
    }
    for (path, bytes) in crate::common::pdfs_in(&site.path().join("site")) {
        let text = squash(&pages_text(&bytes).join(""));
        for raw in raw_values() {
            assert!(!text.contains(&squash(&raw)), "{path} holds {raw}");
        }
    }
    let report = std::fs::read_to_string(site.path().join("site.persondata.json")).unwrap();
    assert!(!report.contains("010203"), "{report}");
}

#[test]
fn a_deliberate_exception_lets_its_value_through_and_is_listed_in_the_report() {
    let yaml = item(
        6,
        &format!(
            "sagsfremstilling: Skriv til {EMAIL}.\npersondata:\n  tilladt: [\"{EMAIL}\"]\n  begrundelse: Borgerens eget ønske om at blive kontaktet\n"
        ),
    );
    // A second item, whose public PDF carries the first one's public
    // rendition: the exception travels with its case file.
    let dir = meeting(&[
        ("006-undtagelse.yaml", yaml),
        ("007-anden.yaml", item(7, "sagsfremstilling: Intet.\n")),
    ]);
    let site = tempfile::tempdir().unwrap();
    let o = publish(dir.path(), &site.path().join("site"));
    let printed = text(&o);
    assert_eq!(o.status.code(), Some(0), "{printed}");
    assert!(printed.contains("; 1 undtagelse"), "{printed}");
    let published = all_files(&site.path().join("site"));
    for name in [
        "Punkt_006_Sag_6_offentlig.pdf",
        "Punkt_007_Sag_7_offentlig.pdf",
    ] {
        assert!(published.iter().any(|f| f == name), "{name}: {published:?}");
    }
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.path().join("site.persondata.json")).unwrap())
            .unwrap();
    assert_eq!(report["undtagelser"], 1);
    let used: Vec<&serde_json::Value> = report["filer"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["undtagelser"].as_array().unwrap())
        .collect();
    assert!(
        used.iter().all(|u| u["maskeret"] == "k***@example.com"
            && u["begrundelse"] == "Borgerens eget ønske om at blive kontaktet"),
        "{used:?}"
    );
    assert!(!used.is_empty());
    // Another address in the same item is still an error.
    let other = item(
        6,
        &format!(
            "sagsfremstilling: Skriv til {EMAIL} eller anden@example.org.\npersondata:\n  tilladt: [\"{EMAIL}\"]\n  begrundelse: Borgerens eget ønske\n"
        ),
    );
    let (_d, path) = crate::common::case_file("punkt.yaml", &other);
    let o = public("check", &path, None, false);
    let printed = text(&o);
    assert_eq!(o.status.code(), Some(1), "{printed}");
    assert!(printed.contains("a***@example.org"), "{printed}");
    assert!(!printed.contains("k***@example.com"), "{printed}");
}

/// The names of every file below `dir`.
fn all_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/persondata").join(name)
}

/// Whether LibreOffice and OCRmyPDF are installed (CI installs them).
fn engines() -> bool {
    dagsorden::bilag::Converter::LibreOffice.find().is_some()
        && dagsorden::bilag::Converter::OcrMyPdf.find().is_some()
}

#[test]
fn planted_in_bilag_of_every_kind_each_is_an_error_at_its_fil_line_naming_the_page() {
    if !engines() {
        eprintln!(
            "skipped: LibreOffice and OCRmyPDF are not installed (apt-get install libreoffice-writer libreoffice-calc ocrmypdf tesseract-ocr-dan)"
        );
        return;
    }
    let bilag = [
        ("hoeringssvar.docx", vec![MASKED[2], MASKED[3]]),
        ("budget.xlsx", vec![MASKED[0], MASKED[3]]),
        ("brev-scannet.png", vec![MASKED[1], MASKED[3]]),
        ("almindelig.pdf", vec![MASKED[1], MASKED[2]]),
        ("reportlab.pdf", vec![MASKED[0], MASKED[3]]),
    ];
    for (file, expected) in bilag {
        let yaml = item(
            7,
            &format!(
                "sagsfremstilling: Se bilaget.\nbilag:\n  - titel: Modtaget bilag\n    fil: bilag/{file}\n"
            ),
        );
        let dir = meeting(&[("007-bilag.yaml", yaml)]);
        std::fs::copy(fixture(file), item_path(dir.path(), "bilag").join(file)).unwrap();
        let out = tempfile::tempdir().unwrap();
        let o = public("render", dir.path(), Some(out.path()), true);
        let printed = text(&o);
        assert_eq!(o.status.code(), Some(1), "{file}: {printed}");
        assert_never_printed(file, &printed);
        for masked in expected {
            assert!(printed.contains(masked), "{file}: {masked}:\n{printed}");
        }
        let page = if file == "reportlab.pdf" { 2 } else { 1 };
        assert!(
            printed.contains(&format!("on page {page} of `Punkt_007_Bilag_1_")),
            "{file}: {printed}"
        );
        assert!(
            printed.contains("007-bilag.yaml:8:10"),
            "{file}: at its fil line:\n{printed}"
        );
        // Nothing of the item is written, nor the packet that carries the bilag.
        let written = all_files(out.path());
        assert!(
            written
                .iter()
                .all(|f| !f.contains("Punkt_007") && !f.contains("samlet")),
            "{file}: {written:?}"
        );
        // Withheld, the bilag is listed by its title and the rest is published.
        let withheld = item(
            7,
            &format!(
                "sagsfremstilling: Se bilaget.\nbilag:\n  - titel: Modtaget bilag\n    fil: bilag/{file}\n    offentlig: false\n"
            ),
        );
        std::fs::write(item_path(dir.path(), "007-bilag.yaml"), withheld).unwrap();
        let o = public("render", dir.path(), Some(out.path()), true);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", text(&o));
    }
}

#[test]
fn a_bilag_that_may_not_be_published_has_no_file_no_packet_page_no_oparl_file_and_no_link() {
    let marker = "Zqxborgerbrev";
    let bilag_pdf = {
        let (_d, path) = crate::common::case_file(
            "b.yaml",
            &item(9, &format!("sagsfremstilling: Brevet siger {marker}.\n")),
        );
        crate::common::render(&path).unwrap().pdf
    };
    let yaml = item(
        8,
        "sagsfremstilling: Se bilagene.\nbilag:\n  - titel: Borgerens brev\n    fil: bilag/brev.pdf\n    offentlig: false\n  - titel: Forvaltningens notat\n    fil: bilag/notat.pdf\n",
    );
    let dir = meeting(&[("008-brev.yaml", yaml)]);
    let bilag_dir = item_path(dir.path(), "bilag");
    std::fs::write(bilag_dir.join("brev.pdf"), &bilag_pdf).unwrap();
    std::fs::write(
        bilag_dir.join("notat.pdf"),
        crate::common::render(&{
            let p = bilag_dir.join("n.yaml");
            std::fs::write(&p, item(10, "sagsfremstilling: Notatet.\n")).unwrap();
            p
        })
        .unwrap()
        .pdf,
    )
    .unwrap();
    std::fs::remove_file(bilag_dir.join("n.yaml")).unwrap();
    let site = tempfile::tempdir().unwrap();
    let o = publish(dir.path(), site.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(site.path())
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    assert!(
        files.iter().any(|(p, _)| p.contains("Punkt_008_Bilag_2_")),
        "the other bilag is published"
    );
    assert!(
        !files.iter().any(|(p, _)| p.contains("Punkt_008_Bilag_1_")),
        "no file for the withheld bilag"
    );
    for (path, bytes) in &files {
        let text = if path.ends_with(".pdf") {
            squash(&pages_text(bytes).join(""))
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        };
        assert!(!text.contains(marker), "{path} carries the withheld bilag");
        assert!(
            !text.contains("Bilag_1_Borgerens"),
            "{path} names the withheld bilag's file"
        );
    }
    let page = files
        .iter()
        .find(|(p, _)| p.ends_with("2022-03-07.html"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    assert!(
        page.contains("Borgerens brev <span class=\"note\">(ikke offentlig)</span>"),
        "{page}"
    );
    let item_pdf = files
        .iter()
        .find(|(p, _)| p.ends_with("Punkt_008_Sag_8_offentlig.pdf"))
        .unwrap();
    assert!(
        squash(&pages_text(&item_pdf.1).join(""))
            .contains(&squash("Borgerens brev (ikke offentlig)"))
    );
    // OParl: the item has one auxiliary file, the published one.
    let oparl: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| p.contains("/oparl/file/"))
        .collect();
    assert!(
        oparl
            .iter()
            .any(|(_, b)| String::from_utf8_lossy(b).contains("Forvaltningens notat")),
        "the published bilag has its OParl File"
    );
    assert!(
        oparl
            .iter()
            .all(|(_, b)| !String::from_utf8_lossy(b).contains("Borgerens brev")),
        "an OParl File for the withheld bilag"
    );
    // The internal edition is unchanged: both bilag are written.
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "render".as_ref(),
        dir.path().as_os_str(),
        "-o".as_ref(),
        out.path().as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let written = all_files(out.path());
    assert!(
        written
            .iter()
            .any(|f| f.contains("Punkt_008_Bilag_1_Borgerens_brev")),
        "{written:?}"
    );
}

#[test]
fn the_archive_command_finds_the_planted_values_on_their_pages_and_nothing_in_the_seeds() {
    let archive = tempfile::tempdir().unwrap();
    for f in [
        "almindelig.pdf",
        "reportlab.pdf",
        "brev-scannet.pdf",
        "hoeringssvar.html",
    ] {
        std::fs::copy(fixture(f), archive.path().join(f)).unwrap();
    }
    let o = run(&["persondata".as_ref(), archive.path().as_os_str()]);
    let printed = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{printed}");
    assert_never_printed("persondata", &text(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found = |file: &str| -> Vec<(String, u64)> {
        report["resultater"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["fil"].as_str().unwrap().ends_with(file))
            .unwrap()["fund"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["maskeret"].as_str().unwrap().to_string(),
                    f["side"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    assert_eq!(
        found("almindelig.pdf"),
        [("010165-****".into(), 1), ("k***@example.com".into(), 1)]
    );
    assert_eq!(
        found("reportlab.pdf"),
        [("010203-****".into(), 2), ("23 ** ** **".into(), 2)]
    );
    assert_eq!(
        found("hoeringssvar.html"),
        [("k***@example.com".into(), 0), ("23 ** ** **".into(), 0)]
    );
    if dagsorden::bilag::Converter::OcrMyPdf.find().is_some() {
        let scan = found("brev-scannet.pdf");
        assert!(scan.contains(&("23 ** ** **".into(), 1)), "{scan:?}");
        assert!(scan.contains(&("010165-****".into(), 1)), "{scan:?}");
    }
    assert!(printed.contains("persondata: "), "{printed}");

    // The seeds' own bilag and the rendered cases: nothing.
    let rendered = tempfile::tempdir().unwrap();
    let r = public(
        "render",
        &repo().join("cases"),
        Some(rendered.path()),
        false,
    );
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let o = run(&[
        "persondata".as_ref(),
        repo()
            .join("cases/udvalget-for-laering/2021-11-29/bilag")
            .as_os_str(),
        rendered.path().as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["fund"], 0, "{report:#}");
    assert!(report["filer"].as_u64().unwrap() >= 18, "{report:#}");
}

#[test]
fn an_exception_without_a_reason_is_an_error_at_its_place() {
    let (_d, path) = crate::common::case_file(
        "punkt.yaml",
        &item(
            11,
            "sagsfremstilling: Tekst.\npersondata:\n  tilladt: [\"a@example.dk\"]\n",
        ),
    );
    let o = run(&["check".as_ref(), path.as_os_str()]);
    let printed = text(&o);
    assert_eq!(o.status.code(), Some(1), "{printed}");
    assert!(printed.contains("begrundelse"), "{printed}");
}

#[test]
fn a_title_that_holds_a_value_is_masked_in_the_report_and_typography_hides_nothing() {
    let dir = meeting(&[
        (
            "001-titel.yaml",
            item(1, &format!("titel: \"Sag om {CPR}\"\n")),
        ),
        // An en dash, a soft-hyphenated number and a date with dots.
        (
            "002-typografi.yaml",
            item(
                2,
                "sagsfremstilling: \"Borgeren 010203\u{2013}1008, tlf. 23\u{ad}45\u{ad}67\u{ad}89, født 01.02.03-1008.\"\n",
            ),
        ),
    ]);
    let site = tempfile::tempdir().unwrap();
    let o = publish(dir.path(), &site.path().join("site"));
    let printed = text(&o);
    assert_eq!(o.status.code(), Some(1), "{printed}");
    assert_never_printed("publish", &printed);
    assert!(printed.contains("002-typografi.yaml:5:"), "{printed}");
    assert!(printed.contains("telefonnummer 23 ** ** **"), "{printed}");
    let report = std::fs::read_to_string(site.path().join("site.persondata.json")).unwrap();
    assert!(
        !report.contains("0102031008") && !report.contains("1008"),
        "{report}"
    );
    assert!(
        report.contains("010203****"),
        "the file name is masked: {report}"
    );
}
