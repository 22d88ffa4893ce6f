//! `publish`: the public web edition and its OParl export — nothing closed leaks into any file, text stays text, the JSON validates, every address resolves, and two runs are identical.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use std::sync::OnceLock;

use proptest::prelude::*;
use scraper::{Html, Selector};

use crate::common::{dagsorden, pages_text, pdf_document, pdf_text, render, squash};

/// The base URL the bundled cases are published under in these tests
/// (without its `/`, which `publish` adds).
const BASE_URL: &str = "https://dagsorden.example/hedensted";

fn publish(paths: &[&Path], dir: &Path, extra: &[&str]) -> Output {
    let mut c = dagsorden();
    c.arg("publish");
    for p in paths {
        c.arg(p);
    }
    c.arg("-o").arg(dir).args(extra).output().unwrap()
}

/// The example committee published into a fresh folder.
fn publish_example(extra: &[&str]) -> (tempfile::TempDir, Output) {
    let site = tempfile::tempdir().unwrap();
    let cases = crate::common::repo().join("cases/eksempeludvalget");
    let out = publish(&[&cases], site.path(), extra);
    (site, out)
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Every file of the site, by path relative to it (with `/`).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The bundled cases published once under [`BASE_URL`].
fn site() -> &'static (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    static SITE: OnceLock<(tempfile::TempDir, BTreeMap<String, Vec<u8>>)> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = publish(
            &[&crate::common::repo().join("cases")],
            dir.path(),
            &["--base-url", BASE_URL],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let files = tree(dir.path());
        (dir, files)
    })
}

fn pages(files: &BTreeMap<String, Vec<u8>>) -> Vec<(&String, Html)> {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, Html::parse_document(std::str::from_utf8(b).unwrap())))
        .collect()
}

fn select<'a>(page: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn the_bundled_cases_become_a_site_of_committees_meetings_and_documents() {
    let (_dir, files) = site();
    for expected in [
        "index.html",
        "stil.css",
        "udvalget-for-laering/index.html",
        "udvalget-for-laering/2021-11-29.html",
        "eksempeludvalget/2022-01-10.html",
        "dokumenter/udvalget-for-laering/2021-11-29/Referat_Udvalget_for_Laering_2021-11-29_offentlig.pdf",
        "dokumenter/udvalget-for-laering/2021-11-29/Referat_Udvalget_for_Laering_2021-11-29_offentlig_samlet.pdf",
        "dokumenter/udvalget-for-laering/2021-11-29/Punkt_100_Bilag_1_Rekrutteringsstrategidocx_offentlig.pdf",
        "oparl/system.json",
        "oparl/body.json",
        "oparl/meetings.json",
    ] {
        assert!(files.contains_key(expected), "{expected} missing");
    }
    // Only the public edition: every PDF is the `_offentlig` one, and valid.
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".pdf")) {
        assert!(path.contains("_offentlig"), "{path}");
        crate::common::assert_conformant(path, bytes);
    }
    let meeting = Html::parse_document(
        std::str::from_utf8(&files["udvalget-for-laering/2021-11-29.html"]).unwrap(),
    );
    let text = squash(&meeting.root_element().text().collect::<String>());
    for shown in [
        "Referat–UdvalgetforLæring–29.november2021",
        "96.Omgørelsesprocenter2020",
        "Sagsnr.",
        "Beslutning",
        "Rådhuset,Juelsminde",
    ] {
        assert!(text.contains(shown), "{shown} not on the meeting page");
    }
    // The budget table of the example meeting: a real table, numbers right-aligned.
    let example = Html::parse_document(
        std::str::from_utf8(&files["eksempeludvalget/2022-01-10.html"]).unwrap(),
    );
    let captions: Vec<String> = select(&example, "table caption")
        .iter()
        .map(|c| c.text().collect())
        .collect();
    assert!(
        captions.iter().any(|c| c.starts_with("Budgetopfølgning")),
        "{captions:?}"
    );
    let right = select(&example, "table td.tal");
    assert!(right.len() > 10, "{} right-aligned cells", right.len());
    // The committee page lists its meetings, newest first, linked.
    let committee = Html::parse_document(
        std::str::from_utf8(&files["udvalget-for-laering/index.html"]).unwrap(),
    );
    let links: Vec<&str> = select(&committee, "main ul.moeder a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["2021-11-29.html"]);
}

#[test]
fn every_page_has_one_h1_headings_in_order_header_cells_and_a_skip_link() {
    let (_dir, files) = site();
    let pages = pages(files);
    assert!(pages.len() >= 5, "{} pages", pages.len());
    for (path, page) in &pages {
        let html = select(page, "html")[0];
        assert_eq!(html.value().attr("lang"), Some("da"), "{path}");
        assert_eq!(select(page, "title").len(), 1, "{path}");
        let levels: Vec<u8> = select(page, "h1, h2, h3, h4, h5, h6")
            .iter()
            .map(|h| h.value().name()[1..].parse().unwrap())
            .collect();
        assert_eq!(
            levels.iter().filter(|l| **l == 1).count(),
            1,
            "{path}: {levels:?}"
        );
        assert_eq!(levels.first(), Some(&1), "{path}: {levels:?}");
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{path}: heading level {} after {}",
                pair[1],
                pair[0]
            );
        }
        for table in select(page, "table") {
            let headers = table.select(&Selector::parse("th").unwrap()).count();
            assert!(headers > 0, "{path}: a table without header cells");
            for th in table.select(&Selector::parse("th").unwrap()) {
                assert!(
                    th.value().attr("scope").is_some(),
                    "{path}: th without scope"
                );
            }
        }
        // The skip link comes first and leads to the main content.
        let first = select(page, "body a")[0];
        assert_eq!(first.value().attr("href"), Some("#indhold"), "{path}");
        assert_eq!(select(page, "main#indhold").len(), 1, "{path}");
        // JavaScript on the search page only, where it is the search.
        let scripts: Vec<Option<&str>> = select(page, "script")
            .iter()
            .map(|s| s.value().attr("src"))
            .collect();
        if path.as_str() == "soeg.html" {
            assert_eq!(scripts, [Some("soeg.js")], "{path}");
        } else {
            assert!(scripts.is_empty(), "{path}: no JavaScript");
        }
    }
}

#[test]
fn every_link_is_relative_and_resolves_to_a_file_of_the_site() {
    let (_dir, files) = site();
    let mut checked = 0;
    for (path, page) in pages(files) {
        let folder = Path::new(path.as_str()).parent().unwrap().to_path_buf();
        let ids: Vec<&str> = select(&page, "[id]")
            .iter()
            .filter_map(|e| e.value().attr("id"))
            .collect();
        for element in select(&page, "a[href], link[href]") {
            let href = element.value().attr("href").unwrap();
            if href.starts_with("https://") || href.starts_with("mailto:") {
                continue; // a link typed in a case file's text
            }
            assert!(
                !href.starts_with('/') && !href.contains("://"),
                "{path}: {href} is not relative"
            );
            let (target, fragment) = href.split_once('#').unwrap_or((href, ""));
            if target.is_empty() {
                assert!(ids.contains(&fragment), "{path}: no #{fragment}");
            } else {
                let resolved = normalise(&folder.join(percent_decode(target)));
                assert!(
                    files.contains_key(&resolved),
                    "{path}: {href} → {resolved} is not in the site"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} links");
}

/// `a/b/../c` → `a/c`, with `/`.
fn normalise(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Every OParl object in `value`, embedded ones included.
fn oparl_objects<'a>(value: &'a serde_json::Value, found: &mut Vec<&'a serde_json::Value>) {
    match value {
        serde_json::Value::Object(map) => {
            if map
                .get("type")
                .and_then(|t| t.as_str())
                .is_some_and(|t| t.starts_with("https://schema.oparl.org/1.1/"))
            {
                found.push(value);
            }
            map.values().for_each(|v| oparl_objects(v, found));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| oparl_objects(v, found)),
        _ => {}
    }
}

fn schemas() -> BTreeMap<String, jsonschema::Validator> {
    let dir = crate::common::repo().join("tests/fixtures/oparl-1.1");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let schema: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|e| panic!("schema {name}: {e}"));
            (name, validator)
        })
        .collect()
}

#[test]
fn the_oparl_files_validate_against_the_oparl_1_1_schemas() {
    let (_dir, files) = site();
    let schemas = schemas();
    assert!(schemas.len() >= 12, "{} schemas", schemas.len());
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.starts_with("oparl/")) {
        let json: serde_json::Value =
            serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
        if json.get("data").is_some() {
            // An external list: its objects on one page.
            assert!(json["data"].is_array(), "{path}");
            assert_eq!(json["pagination"]["currentPage"], 1, "{path}");
        } else {
            // An object file's id is its own address.
            assert_eq!(json["id"], format!("{BASE_URL}/{path}"), "{path}");
        }
        let mut objects = Vec::new();
        oparl_objects(&json, &mut objects);
        assert!(
            !objects.is_empty() || json["data"] == serde_json::json!([]),
            "{path}"
        );
        for object in objects {
            let kind = object["type"].as_str().unwrap().rsplit('/').next().unwrap();
            let validator = schemas
                .get(kind)
                .unwrap_or_else(|| panic!("{path}: no schema for {kind}"));
            let errors: Vec<String> = validator
                .iter_errors(object)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{path}: {kind} invalid: {errors:#?}");
            *by_type.entry(kind.to_string()).or_default() += 1;
            // Every id is a file of the site under the base URL.
            let id = object["id"].as_str().unwrap();
            let rel = id.strip_prefix(&format!("{BASE_URL}/")).unwrap();
            assert!(files.contains_key(rel), "{path}: id {id} is not a file");
        }
    }
    for kind in [
        "System",
        "Body",
        "Organization",
        "Person",
        "Meeting",
        "AgendaItem",
        "Paper",
        "File",
        "Consultation",
        "Membership",
        "Location",
    ] {
        assert!(by_type.contains_key(kind), "no {kind}: {by_type:?}");
    }
    // The closed item of the example meeting: not public, its case number as reference.
    let item: serde_json::Value =
        serde_json::from_slice(&files["oparl/agendaitem/eksempeludvalget-2022-01-10-5.json"])
            .unwrap();
    assert_eq!(item["public"], false);
    assert_eq!(item["name"], "Personalesag");
    let paper: serde_json::Value =
        serde_json::from_slice(&files["oparl/paper/81-00-00-g01-4-22.json"]).unwrap();
    assert_eq!(paper["reference"], "81.00.00-G01-4-22");
    let open: serde_json::Value =
        serde_json::from_slice(&files["oparl/agendaitem/eksempeludvalget-2022-01-10-2.json"])
            .unwrap();
    assert_eq!(open["public"], true);
}

#[test]
fn every_access_url_resolves_to_a_file_of_the_site_with_its_size_and_checksum() {
    use sha2::Digest;
    let (_dir, files) = site();
    let list: serde_json::Value = serde_json::from_slice(&files["oparl/files.json"]).unwrap();
    let data = list["data"].as_array().unwrap();
    let pdfs = files.keys().filter(|p| p.ends_with(".pdf")).count();
    assert_eq!(data.len(), pdfs, "every PDF has a File");
    for file in data {
        let url = file["accessUrl"].as_str().unwrap();
        let rel = percent_decode(url.strip_prefix(&format!("{BASE_URL}/")).unwrap());
        let bytes = files
            .get(&rel)
            .unwrap_or_else(|| panic!("{url} is not a file of the site"));
        assert_eq!(file["size"], bytes.len(), "{url}");
        let sha512: String = sha2::Sha512::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(file["sha512Checksum"], sha512, "{url}");
        assert_eq!(file["mimeType"], "application/pdf");
    }
}

#[test]
fn two_runs_give_identical_trees_and_a_rerun_removes_what_is_gone() {
    let cases = tempfile::tempdir().unwrap();
    let meeting = cases.path().join("eksempeludvalget/2022-01-10");
    copy_dir(
        &crate::common::repo().join("cases/eksempeludvalget/2022-01-10"),
        &meeting,
    );
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        let out = publish(&[cases.path()], dir.path(), &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
    let first = tree(a.path());
    assert!(first.len() > 40, "{} files", first.len());
    // The search index, the calendars and the feeds are among them.
    for file in [
        "kalender.ics",
        "feed.atom",
        "pagefind/pagefind-entry.json",
        "soeg.html",
    ] {
        assert!(first.contains_key(file), "{file} is not published");
    }
    assert!(first.keys().any(|p| p.ends_with(".pf_fragment")));
    assert_eq!(first, tree(b.path()), "two runs differ");
    // Again into the same folder: the same tree.
    let out = publish(&[cases.path()], a.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(first, tree(a.path()), "a run over a site differs");
    // An item taken out of the meeting: its files leave the site.
    std::fs::remove_file(meeting.join("002-renovering-af-legepladser.yaml")).unwrap();
    let out = publish(&[cases.path()], a.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let after = tree(a.path());
    assert!(
        after.keys().all(|p| !p.contains("legepladser")),
        "{:?}",
        after
            .keys()
            .filter(|p| p.contains("legepladser"))
            .collect::<Vec<_>>()
    );
    assert!(after.len() < first.len());
}

#[test]
fn a_folder_that_is_not_a_site_is_not_published_into() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vigtigt.txt"), "behold mig").unwrap();
    let out = publish(
        &[&crate::common::repo().join("cases/eksempeludvalget")],
        dir.path(),
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no site written by `dagsorden publish`"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vigtigt.txt")).unwrap(),
        "behold mig"
    );
    assert_eq!(crate::common::files_in(dir.path()), ["vigtigt.txt"]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A word no case file, template or font has: planted in the closed item.
const SECRET: &str = "Zqxfortrolig";
/// Planted the same way in an open item, to show that the search finds it.
const VISIBLE: &str = "Zqxoffentlig";

const MEETING: &str = "type: møde\nudvalg: Prøveudvalget\ndato: 2022-03-07\ntid: \"16:00\"\nsted: Rådhuset\nformand: Anna Eksempel\nmedlemmer: [Anna Eksempel, Bent Prøvesen, Clara Mønster]\nudgave: referat\nstatus: endelig\n";

/// An item with `word` planted in every text a closed item may carry.
fn planted_item(nummer: u32, lukket: bool, word: &str, bilag: &str) -> String {
    format!(
        "type: punkt\nsagsnr: 00.00.00-I02-{nummer}-22\nnummer: {nummer}\ntitel: Sag nummer {nummer}\nlukket: {lukket}\n\
         beslutningstema: Temaet er {word}tema.\n\
         sagsfremstilling: |\n  Sagen handler om {word}sag og om tallene.\n\n  | Post | Beløb |\n  |---|--:|\n  | {word}post | 1.000 |\n\
         økonomi: Det koster {word}kroner.\n\
         indstilling:\n  af: Direktør {word}direktør\n  at:\n    - {word}klausul godkendes.\n\
         beslutning: Udvalget besluttede {word}beslutning.\n\
         {public}\
         afstemning:\n  for: [Anna Eksempel, Bent Prøvesen]\n  imod: [Clara Mønster]\n\
         protokoltilførsel:\n  - navn: Clara Mønster\n    tekst: Jeg er imod {word}protokol.\n\
         bilag:\n  - titel: Bilagstitel {word}bilagstitel\n    fil: {bilag}\n",
        public = if lukket {
            "offentlig_beslutning: Udvalget traf en beslutning i sagen.\n"
        } else {
            ""
        }
    )
}

/// A PDF/A bilag whose text holds `word`: an item rendered by dagsorden.
fn bilag_pdf(word: &str) -> Vec<u8> {
    let (_dir, path) = crate::common::case_file(
        "bilag.yaml",
        &format!(
            "type: punkt\nsagsnr: 00.00.00-I02-9-22\ntitel: Bilag\nsagsfremstilling: Bilaget nævner {word}ibilaget.\n"
        ),
    );
    render(&path).unwrap().pdf
}

/// Every place a word can hide in a file: its bytes, and in a PDF its
/// decompressed streams and its text (two extractors).
fn contains_word(path: &str, bytes: &[u8], word: &str) -> bool {
    let lower = word.to_lowercase();
    let has = |b: &[u8]| String::from_utf8_lossy(b).to_lowercase().contains(&lower);
    if has(bytes) {
        return true;
    }
    // The search index's files are gzip streams.
    if bytes.starts_with(&[0x1f, 0x8b]) {
        use std::io::Read;
        let mut plain = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut plain)
            .unwrap_or_else(|e| panic!("{path}: not a gzip stream: {e}"));
        return has(&plain);
    }
    if !path.ends_with(".pdf") {
        return false;
    }
    let doc = pdf_document(bytes);
    for object in doc.objects.values() {
        if let Ok(stream) = object.as_stream() {
            let content = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            if has(&content) {
                return true;
            }
        }
    }
    squash(&pdf_text(bytes)).to_lowercase().contains(&lower)
        || pages_text(bytes)
            .iter()
            .any(|t| squash(t).to_lowercase().contains(&lower))
}

#[test]
fn no_byte_of_a_closed_item_reaches_any_file_of_the_site() {
    let cases = tempfile::tempdir().unwrap();
    let meeting = cases.path().join("proeveudvalget/2022-03-07");
    std::fs::create_dir_all(meeting.join("bilag")).unwrap();
    std::fs::write(meeting.join("moede.yaml"), MEETING).unwrap();
    std::fs::write(meeting.join("bilag/hemmelig.pdf"), bilag_pdf(SECRET)).unwrap();
    std::fs::write(meeting.join("bilag/offentlig.pdf"), bilag_pdf(VISIBLE)).unwrap();
    std::fs::write(
        meeting.join("001-aaben.yaml"),
        planted_item(1, false, VISIBLE, "bilag/offentlig.pdf"),
    )
    .unwrap();
    std::fs::write(
        meeting.join("002-lukket.yaml"),
        planted_item(2, true, SECRET, "bilag/hemmelig.pdf"),
    )
    .unwrap();
    // An open item's bilag that is not public: listed, never published nor indexed.
    std::fs::write(meeting.join("bilag/tilbageholdt.pdf"), bilag_pdf(SECRET)).unwrap();
    std::fs::write(
        meeting.join("003-tilbageholdt.yaml"),
        "type: punkt\nsagsnr: 00.00.00-I02-3-22\nnummer: 3\ntitel: Sag med et bilag, der ikke er offentligt\n\
         sagsfremstilling: Bilaget er ikke offentligt.\nbeslutning: Taget til efterretning.\n\
         bilag:\n  - titel: Internt notat\n    fil: bilag/tilbageholdt.pdf\n    offentlig: false\n",
    )
    .unwrap();
    let site = tempfile::tempdir().unwrap();
    let out = publish(&[cases.path()], site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = tree(site.path());
    assert!(files.len() > 20, "{} files", files.len());

    let index: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("pagefind/") && p.ends_with(".pf_fragment"))
        .collect();
    assert!(index.len() >= 5, "the search index has {index:?}");
    let leaked: Vec<&String> = files
        .iter()
        .filter(|(p, b)| contains_word(p, b, SECRET))
        .map(|(p, _)| p)
        .collect();
    assert!(
        leaked.is_empty(),
        "the closed item or the withheld bilag leaks into {leaked:#?}"
    );

    // The open item's planted word is found where it should be: the search works.
    let found: Vec<&String> = files
        .iter()
        .filter(|(p, b)| contains_word(p, b, VISIBLE))
        .map(|(p, _)| p)
        .collect();
    for expected in [
        "proeveudvalget/2022-03-07.html",
        "dokumenter/proeveudvalget/2022-03-07/Punkt_001_Sag_nummer_1_offentlig.pdf",
        "dokumenter/proeveudvalget/2022-03-07/Referat_Proeveudvalget_2022-03-07_offentlig.pdf",
        "dokumenter/proeveudvalget/2022-03-07/Referat_Proeveudvalget_2022-03-07_offentlig_samlet.pdf",
        "oparl/agendaitem/proeveudvalget-2022-03-07-1.json",
    ] {
        assert!(
            found.iter().any(|p| *p == expected),
            "{expected} should carry the open item's text: {found:#?}"
        );
    }
    // The index holds the open item's words, and its bilag's.
    for word in [format!("{VISIBLE}sag"), format!("{VISIBLE}ibilaget")] {
        assert!(
            index.iter().any(|p| contains_word(p, &files[*p], &word)),
            "no fragment of the search index holds {word}"
        );
    }
    let bilag = files
        .keys()
        .find(|p| p.contains("Punkt_001_Bilag_1"))
        .expect("the open item's bilag is published");
    assert!(contains_word(
        bilag,
        &files[bilag],
        &format!("{VISIBLE}ibilaget")
    ));

    // The closed item is there, as the public PDF shows it.
    let page = Html::parse_document(
        std::str::from_utf8(&files["proeveudvalget/2022-03-07.html"]).unwrap(),
    );
    let closed = select(&page, "#punkt-2")[0].text().collect::<String>();
    assert!(closed.contains("2. Sag nummer 2"), "{closed}");
    assert!(closed.contains("Lukket punkt"), "{closed}");
    assert!(
        closed.contains("Udvalget traf en beslutning i sagen."),
        "{closed}"
    );
    assert!(!closed.contains("Bilag"), "{closed}");
    let pdf = &files["dokumenter/proeveudvalget/2022-03-07/Punkt_002_Sag_nummer_2_offentlig.pdf"];
    assert!(squash(&pdf_text(pdf)).contains("Udvalgettrafenbeslutningisagen."));
}

/// What means something in HTML, after the escaping tests' hostile strings.
const HOSTILE_HTML: &[&str] = &[
    "{{ profil.kommune }} og {% if true %}",
    "<script>alert(\"x\")</script>",
    "<img src=x onerror=alert(1)>",
    "</p></main><h1>Falsk overskrift</h1>",
    "<a href=\"javascript:alert(1)\">klik</a>",
    "\"'><!-- kommentar -->",
];

#[test]
fn hostile_text_appears_literally_in_the_pages_and_never_as_markup() {
    let hostile: Vec<&str> = crate::escaping::HOSTILE
        .iter()
        .chain(HOSTILE_HTML)
        .copied()
        .collect();
    let cases = tempfile::tempdir().unwrap();
    let meeting = cases.path().join("udvalg/2022-03-07");
    std::fs::create_dir_all(&meeting).unwrap();
    let yaml_string = |s: &str| serde_yaml::to_string(s).unwrap().trim_end().to_string();
    let moede = MEETING
        .replace(
            "sted: Rådhuset",
            &format!("sted: {}", yaml_string("Rådhuset <b>\"&\"</b>")),
        )
        .replace(
            "udvalg: Prøveudvalget",
            &format!(
                "udvalg: {}",
                yaml_string("Udvalget <i>for</i> & \"{{ x }}\"")
            ),
        );
    std::fs::write(meeting.join("moede.yaml"), moede).unwrap();
    let mut item = serde_yaml::Mapping::new();
    let mut put = |k: &str, v: serde_yaml::Value| {
        item.insert(k.into(), v);
    };
    put("type", "punkt".into());
    put("sagsnr", "00.00.00-I02-1-22".into());
    put("nummer", 1.into());
    put(
        "titel",
        "Titel <script>alert(1)</script> & \"citat\"".into(),
    );
    put("sagsfremstilling", hostile.join("\n\n").into());
    put("beslutning", hostile.join("\n\n").into());
    let at: Vec<serde_yaml::Value> = hostile.iter().map(|s| (*s).into()).collect();
    let mut indstilling = serde_yaml::Mapping::new();
    indstilling.insert("at".into(), at.into());
    put("indstilling", indstilling.into());
    std::fs::write(
        meeting.join("001-fjendtlig.yaml"),
        serde_yaml::to_string(&item).unwrap(),
    )
    .unwrap();
    let site = tempfile::tempdir().unwrap();
    let out = publish(&[cases.path()], site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = tree(site.path());
    let (path, page) = files
        .iter()
        .find(|(p, _)| p.ends_with("/2022-03-07.html"))
        .expect("the meeting's page");
    assert_eq!(path, "udvalget-ifori-x/2022-03-07.html");
    let page = Html::parse_document(std::str::from_utf8(page).unwrap());
    let text = page.root_element().text().collect::<String>();
    // Each string thrice (sagsfremstilling, the clauses, beslutning), as typed.
    for typed in &hostile {
        let n = text.matches(typed).count();
        assert!(
            n >= 3,
            "`{typed}` appears {n} times in the page's text:\n{text}"
        );
    }
    assert!(text.contains("Titel <script>alert(1)</script> & \"citat\""));
    assert!(text.contains("Rådhuset <b>\"&\"</b>"));
    assert!(text.contains("Udvalget <i>for</i> & \"{{ x }}\""));
    // Never as markup: no script, image, extra heading, comment-swallowed
    // content or event handler, and the only links are the site's own.
    assert!(select(&page, "script, img, b, i").is_empty());
    assert_eq!(select(&page, "h1").len(), 1);
    assert_eq!(select(&page, "main").len(), 1);
    for element in page
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "{name}={value}");
            assert!(!value.contains("javascript:"), "{name}={value}");
        }
    }
    // The page's title and the OParl export carry the text as data too.
    let title = select(&page, "title")[0].text().collect::<String>();
    assert!(title.starts_with("Referat"), "{title}");
    let agenda: serde_json::Value =
        serde_json::from_slice(&files["oparl/agendaitem/udvalget-ifori-x-2022-03-07-1.json"])
            .unwrap();
    assert_eq!(
        agenda["name"],
        "Titel <script>alert(1)</script> & \"citat\""
    );
}

#[test]
fn an_approved_meeting_publishes_its_approved_documents_and_a_changed_one_is_refused() {
    let cases = tempfile::tempdir().unwrap();
    let meeting = cases.path().join("eksempeludvalget/2022-01-10");
    copy_dir(
        &crate::common::repo().join("cases/eksempeludvalget/2022-01-10"),
        &meeting,
    );
    let moede = std::fs::read_to_string(meeting.join("moede.yaml")).unwrap();
    std::fs::write(
        meeting.join("moede.yaml"),
        moede.replace("status: udkast", "status: endelig"),
    )
    .unwrap();
    let approved = tempfile::tempdir().unwrap();
    let out = dagsorden()
        .arg("approve")
        .arg(&meeting)
        .args(["--dato", "2022-01-24", "-o"])
        .arg(approved.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let record = dagsorden::approval::Record::read(&meeting)
        .unwrap()
        .unwrap();

    let site = tempfile::tempdir().unwrap();
    let out = publish(&[cases.path()], site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = tree(site.path());
    let mut compared = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".pdf")) {
        let name = path.rsplit('/').next().unwrap();
        if let Some(hash) = record.dokumenter.get(name) {
            assert_eq!(
                *hash,
                dagsorden::digest::hex_sha256(bytes),
                "{name} differs from the approved document"
            );
            compared += 1;
        }
    }
    assert!(compared >= 6, "{compared} approved documents published");
    let page = std::str::from_utf8(&files["eksempeludvalget/2022-01-10.html"]).unwrap();
    assert!(page.contains("Referatet godkendt"));

    // Corrections by addition: the "Tillæg til referat" is published with
    // the meeting; a correction to the closed item shows no text.
    std::fs::write(
        meeting.join("rettelse-1.yaml"),
        "type: rettelse\ndato: 2022-02-07\npunkt: 2\ntekst: I punkt 2 skal der stå 1,6 mio. kr.\n",
    )
    .unwrap();
    std::fs::write(
        meeting.join("rettelse-2.yaml"),
        format!("type: rettelse\ndato: 2022-02-08\npunkt: 5\ntekst: Orloven gælder {SECRET}.\n"),
    )
    .unwrap();
    let out = publish(&[cases.path()], site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = tree(site.path());
    let page = std::str::from_utf8(&files["eksempeludvalget/2022-01-10.html"]).unwrap();
    let tillaeg = "dokumenter/eksempeludvalget/2022-01-10/Tillaeg_Referat_Eksempeludvalget_2022-01-10_offentlig.pdf";
    assert!(page.contains(&tillaeg.replace('/', "&#x2f;")), "{page}");
    assert!(squash(&pdf_text(&files[tillaeg])).contains("1,6mio.kr."));
    let oparl_files = std::str::from_utf8(&files["oparl/files.json"]).unwrap();
    assert!(oparl_files.contains("Tillaeg_Referat_Eksempeludvalget"));
    for (path, bytes) in &files {
        assert!(!contains_word(path, bytes, SECRET), "{path}");
    }

    // A source changed after the approval: the meeting is not published.
    let item = meeting.join("002-renovering-af-legepladser.yaml");
    let changed = std::fs::read_to_string(&item).unwrap() + "\nkommunikation: Tilføjet bagefter.\n";
    std::fs::write(&item, changed).unwrap();
    let out = publish(&[cases.path()], site.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("was changed after the minutes were approved"),
        "{}",
        text(&out)
    );
    let files = tree(site.path());
    assert!(
        !files.contains_key("eksempeludvalget/2022-01-10.html"),
        "{:?}",
        files.keys().collect::<Vec<_>>()
    );
    assert!(
        files.keys().all(|p| !p.ends_with(".pdf")),
        "no document of it is left"
    );
}

/// The binary's `--help` names the command as the README does.
#[test]
fn publish_is_a_command() {
    let out = dagsorden().args(["publish", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--base-url"), "{help}");
    assert!(help.contains("-o, --output"), "{help}");
}

/// File sizes and checksums change whenever a PDF does; the rest of a page
/// or an OParl object must not change unnoticed.
fn without_sizes(text: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() || (c == ',' && !digits.is_empty()) {
            digits.push(c);
            continue;
        }
        out.push_str(&digits);
        digits.clear();
        out.push(c);
        if out.ends_with(" kB)") || out.ends_with(" MB)") {
            let cut = out[..out.len() - 4].rfind(['(', ' ']).unwrap();
            let unit = out[out.len() - 3..].to_string();
            out.truncate(cut + 1);
            out.push_str("N ");
            out.push_str(&unit);
        }
    }
    out + &digits
}

fn without_checksums(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == "size" || k == "sha512Checksum" {
                    *v = "…".into();
                } else {
                    without_checksums(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_checksums),
        _ => {}
    }
}

#[test]
fn the_example_meeting_as_published() {
    let (_dir, files) = site();
    let page = std::str::from_utf8(&files["eksempeludvalget/2022-01-10.html"]).unwrap();
    insta::assert_snapshot!("example_meeting_page", without_sizes(page));
    let mut meeting: serde_json::Value =
        serde_json::from_slice(&files["oparl/meeting/eksempeludvalget-2022-01-10.json"]).unwrap();
    without_checksums(&mut meeting);
    insta::assert_snapshot!(
        "example_meeting_oparl",
        serde_json::to_string_pretty(&meeting).unwrap()
    );
}

#[test]
fn a_template_folder_replaces_the_pages_and_colours() {
    let templates = tempfile::tempdir().unwrap();
    let profile = std::fs::read_to_string(crate::common::repo().join("templates/profil.yaml"))
        .unwrap()
        .replace("#00594F", "#7A1E48");
    std::fs::write(templates.path().join("profil.yaml"), profile).unwrap();
    std::fs::create_dir(templates.path().join("html")).unwrap();
    let forside =
        std::fs::read_to_string(crate::common::repo().join("templates/html/forside.html"))
            .unwrap()
            .replace("<h1>Dagsordener og referater</h1>", "<h1>Vores møder</h1>");
    std::fs::write(templates.path().join("html/forside.html"), forside).unwrap();
    let (site, out) = publish_example(&["--templates", templates.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let css = std::fs::read_to_string(site.path().join("stil.css")).unwrap();
    assert!(css.contains("--primaer: #7A1E48;"), "{css}");
    let index = std::fs::read_to_string(site.path().join("index.html")).unwrap();
    assert!(index.contains("<h1>Vores møder</h1>"), "{index}");
    // The other pages stay built in.
    let meeting = std::fs::read_to_string(site.path().join("eksempeludvalget/2022-01-10.html"));
    assert!(meeting.unwrap().contains("Gå til indholdet"));
}

#[test]
fn a_meeting_with_errors_is_reported_and_the_others_are_published() {
    let cases = tempfile::tempdir().unwrap();
    let good = cases.path().join("eksempeludvalget/2022-01-10");
    copy_dir(
        &crate::common::repo().join("cases/eksempeludvalget/2022-01-10"),
        &good,
    );
    let bad = cases.path().join("proeveudvalget/2022-03-07");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("moede.yaml"), MEETING).unwrap();
    std::fs::write(
        bad.join("001-fejl.yaml"),
        "type: punkt\nsagsnr: 00.00.00-I02-1-22\nnummer: 1\ntitel: Fejl\nsagsfremstiling: stavet forkert\n",
    )
    .unwrap();
    let site = tempfile::tempdir().unwrap();
    let out = publish(&[cases.path()], site.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("001-fejl.yaml:5:1"), "{said}");
    assert!(said.contains("sagsfremstilling"), "{said}");
    let files = tree(site.path());
    assert!(files.contains_key("eksempeludvalget/2022-01-10.html"));
    assert!(
        files.keys().all(|p| !p.contains("proeveudvalget")),
        "{:?}",
        files.keys()
    );
    let index = std::str::from_utf8(&files["index.html"]).unwrap();
    assert!(!index.contains("Prøveudvalget"));
}

#[test]
fn a_template_with_a_mistake_stops_the_run_before_anything_is_written() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::create_dir(templates.path().join("html")).unwrap();
    std::fs::write(
        templates.path().join("html/udvalg.html"),
        "{% extends \"html/side.html\" %}{% block indhold %}{{ udvalg.navn }{% endblock %}",
    )
    .unwrap();
    let (site, out) = publish_example(&["--templates", templates.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("html/udvalg.html"), "{}", text(&out));
    assert!(crate::common::files_in(site.path()).is_empty());
}

#[test]
fn an_item_on_no_agenda_is_not_published() {
    let cases = tempfile::tempdir().unwrap();
    let meeting = cases.path().join("proeveudvalget/2022-03-07");
    std::fs::create_dir_all(&meeting).unwrap();
    let item = |n: u32, titel: &str| {
        format!(
            "type: punkt\nsagsnr: 00.00.00-I02-{n}-22\nnummer: {n}\ntitel: {titel}\nsagsfremstilling: Tekst om {titel}.\n"
        )
    };
    std::fs::write(
        meeting.join("moede.yaml"),
        format!("{MEETING}punkter: [001-listet.yaml]\n"),
    )
    .unwrap();
    std::fs::write(meeting.join("001-listet.yaml"), item(1, "Listet")).unwrap();
    std::fs::write(meeting.join("002-udkast.yaml"), item(2, "Zqxudkast")).unwrap();
    std::fs::write(
        cases.path().join("proeveudvalget/loest.yaml"),
        item(3, "Zqxloest"),
    )
    .unwrap();
    let site = tempfile::tempdir().unwrap();
    let out = publish(&[cases.path()], site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("002-udkast.yaml is not published"), "{said}");
    assert!(said.contains("loest.yaml is not published"), "{said}");
    let files = tree(site.path());
    assert!(
        files.contains_key("dokumenter/proeveudvalget/2022-03-07/Punkt_001_Listet_offentlig.pdf")
    );
    for (path, bytes) in &files {
        assert!(!contains_word(path, bytes, "Zqxudkast"), "{path}");
        assert!(!contains_word(path, bytes, "Zqxloest"), "{path}");
    }
}

#[test]
fn a_base_url_must_be_a_web_address() {
    let (site, out) = publish_example(&["--base-url", "dagsorden.kommune.dk"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("is not a web address"),
        "{}",
        text(&out)
    );
    assert!(crate::common::files_in(site.path()).is_empty());
}

/// The elements a text field's Markdown may become; anything else typed is text.
const MARKDOWN_ELEMENTS: &[&str] = &[
    "html",
    "head",
    "body",
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "blockquote",
    "a",
    "br",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever is typed, with Markdown and HTML mixed in, the HTML of a
    /// text field holds only the subset's elements, links only to web and
    /// mail addresses, and no attribute but the ones the subset writes.
    #[test]
    fn typed_text_becomes_only_the_subsets_html(
        text in proptest::collection::vec(
            proptest::prop_oneof![
                crate::escaping::typed_text(),
                proptest::sample::select(vec![
                    "<script>x</script>", "<img src=x onerror=y>", "<!--", "-->", "<b>", "</p>",
                    "&lt;", "&#60;", "[a](javascript:x)", "[a](https://x.dk)", "<https://x.dk>",
                    "**", "*", "> ", "| a | b |\n|---|--:|\n| 1 | 2 |\n", "\n\n", "\n- ", "\n3. ",
                ]).prop_map(str::to_string),
            ],
            1..12,
        ).prop_map(|parts| parts.concat())
    ) {
        let html = dagsorden::template::markdown::to_html(&text);
        let parsed = Html::parse_fragment(&html);
        for element in parsed.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            let name = element.value().name();
            proptest::prop_assert!(MARKDOWN_ELEMENTS.contains(&name), "<{}> from {:?}:\n{}", name, text, html);
            for (attr, value) in element.value().attrs() {
                let allowed = match (name, attr) {
                    ("a", "href") => ["https://", "http://", "mailto:"]
                        .iter()
                        .any(|s| value.to_ascii_lowercase().starts_with(s)),
                    ("th", "scope") | ("th" | "td", "class") | ("div", "class") | ("li", "value") => true,
                    _ => false,
                };
                proptest::prop_assert!(allowed, "{}={:?} on <{}> from {:?}:\n{}", attr, value, name, text, html);
            }
        }
    }
}

#[test]
fn a_meeting_file_named_alone_brings_its_items_and_bilag() {
    let site = tempfile::tempdir().unwrap();
    let moede = crate::common::repo().join("cases/eksempeludvalget/2022-01-10/moede.yaml");
    let out = publish(&[&moede], site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = tree(site.path());
    let items = files
        .keys()
        .filter(|p| p.starts_with("dokumenter/Punkt_"))
        .count();
    assert_eq!(items, 5, "{:?}", files.keys());
    assert!(files.contains_key("eksempeludvalget/2022-01-10.html"));
}

#[test]
fn a_committees_meetings_come_newest_first_and_two_on_one_day_both_get_a_page() {
    let cases = tempfile::tempdir().unwrap();
    let example = crate::common::repo().join("cases/eksempeludvalget/2022-01-10");
    for (folder, dato) in [
        ("2022-01-10", "2022-01-10"),
        ("2022-02-14", "2022-02-14"),
        ("2022-02-14-ekstra", "2022-02-14"),
    ] {
        let meeting = cases.path().join("eksempeludvalget").join(folder);
        copy_dir(&example, &meeting);
        let moede = std::fs::read_to_string(meeting.join("moede.yaml")).unwrap();
        std::fs::write(
            meeting.join("moede.yaml"),
            moede.replace("dato: 2022-01-10", &format!("dato: {dato}")),
        )
        .unwrap();
    }
    let site = tempfile::tempdir().unwrap();
    let out = publish(&[cases.path()], site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = tree(site.path());
    let committee =
        Html::parse_document(std::str::from_utf8(&files["eksempeludvalget/index.html"]).unwrap());
    let links: Vec<&str> = select(&committee, "main ul.moeder a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        ["2022-02-14.html", "2022-02-14-2.html", "2022-01-10.html"]
    );
    let meetings: serde_json::Value =
        serde_json::from_slice(&files["oparl/meetings.json"]).unwrap();
    assert_eq!(meetings["data"].as_array().unwrap().len(), 3);
}

#[test]
fn the_accessibility_statement_counts_the_published_pdfs_and_names_the_limited_ones() {
    let (_dir, files) = site();
    let pdfs: Vec<(&String, &Vec<u8>)> =
        files.iter().filter(|(p, _)| p.ends_with(".pdf")).collect();
    let ua: Vec<&str> = pdfs
        .iter()
        .filter(|(_, b)| crate::common::xmp(b).contains("pdfuaid:part"))
        .map(|(p, _)| p.as_str())
        .collect();
    let limited: Vec<&str> = pdfs
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| !ua.contains(p))
        .collect();
    assert!(
        !limited.is_empty() && ua.len() > limited.len(),
        "{limited:?}"
    );
    let page = Html::parse_document(std::str::from_utf8(&files["tilgaengelighed.html"]).unwrap());
    let text: String = page.root_element().text().collect();
    let text = squash(&text);
    assert!(
        text.contains(&squash(&format!(
            "I denne udgivelse er {} af {} PDF-dokumenter mærket PDF/UA-1.",
            ua.len(),
            pdfs.len()
        ))),
        "{text}"
    );
    let named: Vec<String> = select(&page, "ul.begraensede li")
        .iter()
        .map(|li| li.text().collect())
        .collect();
    let expected: Vec<String> = limited
        .iter()
        .map(|p| p.rsplit('/').next().unwrap().to_string())
        .collect();
    let mut expected = expected;
    expected.sort();
    assert_eq!(named, expected);
    assert!(text.contains("79755000"), "the profile's contact: {text}");
    // Every page's footer links to it, relative to the page.
    for (path, page) in pages(files) {
        let depth = path.matches('/').count();
        let href = format!("{}tilgaengelighed.html", "../".repeat(depth));
        assert!(
            select(&page, "footer a")
                .iter()
                .any(|a| a.value().attr("href") == Some(href.as_str())),
            "{path} has no link to {href}"
        );
    }
}
