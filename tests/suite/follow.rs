//! Following the public site: the calendars (read by two independent iCalendar parsers), the Atom feeds (read by feed-rs), and a case followed across meetings on its own page and in OParl.

use std::collections::BTreeMap;
use std::path::Path;

use scraper::{Html, Selector};

use crate::common::dagsorden;

const BASE_URL: &str = "https://dagsorden.example/moeder/";

/// The one sagsnr three meetings of two committees share.
const SAGSNR: &str = "82.02.00-P20-7-22";

fn meeting(udvalg: &str, dato: &str, tid: &str, udgave: &str) -> String {
    format!(
        "type: møde\nudvalg: {udvalg}\ndato: {dato}\ntid: \"{tid}\"\nsted: Rådhuset, byrådssalen\n\
         formand: Anna Eksempel\nmedlemmer: [Anna Eksempel, Bent Prøvesen]\nudgave: {udgave}\nstatus: endelig\n"
    )
}

fn item(nummer: u32, titel: &str, beslutning: Option<&str>) -> String {
    let mut s = format!(
        "type: punkt\nsagsnr: {SAGSNR}\nnummer: {nummer}\ntitel: {titel}\n\
         sagsfremstilling: Skolen i Glud skal have en ny tilbygning.\n"
    );
    if let Some(b) = beslutning {
        s.push_str(&format!("beslutning: {b}\n"));
    }
    s
}

/// Three meetings of two committees, one case through them: written out of
/// date order, so the order on the case's page is the tool's.
fn cases() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: String| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "oekonomiudvalget/2022-03-15/moede.yaml",
        meeting("Økonomiudvalget", "2022-03-15", "16:00-18:00", "referat"),
    );
    write(
        "oekonomiudvalget/2022-03-15/001-glud.yaml",
        item(
            12,
            "Tilbygning til Glud Skole",
            Some("Indstillingen anbefales over for byrådet."),
        ),
    );
    write(
        "boerne-og-skoleudvalget/2022-04-05/moede.yaml",
        meeting(
            "Børne- og Skoleudvalget",
            "2022-04-05",
            "15:00",
            "dagsorden",
        ),
    );
    write(
        "boerne-og-skoleudvalget/2022-04-05/001-glud.yaml",
        item(3, "Tilbygning til Glud Skole, udbud", None),
    );
    write(
        "boerne-og-skoleudvalget/2022-02-01/moede.yaml",
        meeting(
            "Børne- og Skoleudvalget",
            "2022-02-01",
            "kl. 8.30",
            "referat",
        ),
    );
    write(
        "boerne-og-skoleudvalget/2022-02-01/001-glud.yaml",
        item(
            5,
            "Skolekapacitet i Glud",
            Some("Udvalget anbefaler en tilbygning."),
        ),
    );
    dir
}

fn publish(cases: &Path, site: &Path) {
    let out = dagsorden()
        .args(["publish", "--base-url", BASE_URL, "-o"])
        .arg(site)
        .arg(cases)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The files of the site that end in `suffix`, by path relative to it.
fn files_ending(site: &Path, suffix: &str) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.path().to_string_lossy().ends_with(suffix))
        .map(|e| {
            let rel = e.path().strip_prefix(site).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn published() -> &'static (tempfile::TempDir, tempfile::TempDir) {
    static SITE: std::sync::OnceLock<(tempfile::TempDir, tempfile::TempDir)> =
        std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let cases = cases();
        let site = tempfile::tempdir().unwrap();
        publish(cases.path(), site.path());
        (cases, site)
    })
}

fn property<'a>(
    props: &'a [ical::property::Property],
    name: &str,
) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name == name)
}

#[test]
fn the_calendars_are_read_by_two_independent_parsers_and_two_publishes_give_the_same_bytes() {
    let (cases, site) = published();
    let calendars = files_ending(site.path(), ".ics");
    assert_eq!(
        calendars.keys().collect::<Vec<_>>(),
        [
            "boerne-og-skoleudvalget/kalender.ics",
            "kalender.ics",
            "oekonomiudvalget/kalender.ics"
        ]
    );
    let mut uids = BTreeMap::new();
    for (path, bytes) in &calendars {
        let text = std::str::from_utf8(bytes).unwrap();
        // RFC 5545 §3.1: CRLF after every line, none longer than 75 octets.
        assert!(text.ends_with("\r\n"), "{path}");
        for line in text.split("\r\n") {
            assert!(!line.contains('\n'), "{path}: a bare LF in {line:?}");
            assert!(line.len() <= 75, "{path}: {} octets: {line}", line.len());
        }
        // The first parser: ical.
        let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(&bytes[..]))
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(calendars.len(), 1, "{path}");
        let cal = &calendars[0];
        assert_eq!(
            property(&cal.properties, "VERSION")
                .unwrap()
                .value
                .as_deref(),
            Some("2.0")
        );
        assert!(property(&cal.properties, "PRODID").is_some());
        assert_eq!(cal.timezones.len(), 1, "{path}: one VTIMEZONE");
        let tz = &cal.timezones[0];
        assert_eq!(
            property(&tz.properties, "TZID").unwrap().value.as_deref(),
            Some("Europe/Copenhagen")
        );
        assert_eq!(tz.transitions.len(), 2, "{path}: summer and winter time");
        let expected = if path == "kalender.ics" {
            3
        } else if path.starts_with("boerne") {
            2
        } else {
            1
        };
        assert_eq!(cal.events.len(), expected, "{path}");
        for e in &cal.events {
            let uid = property(&e.properties, "UID")
                .unwrap()
                .value
                .clone()
                .unwrap();
            let start = property(&e.properties, "DTSTART").unwrap();
            let tzid = start
                .params
                .as_ref()
                .and_then(|ps| ps.iter().find(|(k, _)| k == "TZID"))
                .map(|(_, v)| v.join(","));
            assert_eq!(tzid.as_deref(), Some("Europe/Copenhagen"), "{path}: {uid}");
            let stamp = property(&e.properties, "DTSTAMP")
                .unwrap()
                .value
                .clone()
                .unwrap();
            assert!(stamp.ends_with('Z') && stamp.len() == 16, "{stamp}");
            let url = property(&e.properties, "URL")
                .unwrap()
                .value
                .clone()
                .unwrap();
            assert!(url.starts_with(BASE_URL), "{url}");
            // The same meeting has the same UID in every calendar it is in.
            let start = start.value.clone().unwrap();
            assert_eq!(uids.entry(uid.clone()).or_insert(start.clone()), &start);
        }
        // The second parser: icalendar's.
        let parsed: icalendar::Calendar = text
            .parse()
            .unwrap_or_else(|e| panic!("{path}: icalendar does not read it: {e}"));
        use icalendar::{Component, EventLike};
        let events: Vec<&icalendar::Event> = parsed.events().collect();
        assert_eq!(events.len(), expected, "{path}");
        for e in events {
            assert!(e.get_uid().is_some_and(|u| u.ends_with("@hedensted.dk")));
            assert!(e.get_start().is_some(), "{path}: no DTSTART");
            assert!(e.get_summary().is_some_and(|s| s.starts_with("Møde i ")));
            assert_eq!(
                e.get_location(),
                Some("Rådhuset, byrådssalen"),
                "{path}: the comma is unescaped"
            );
        }
    }
    assert_eq!(uids.len(), 3);
    // The start in Danish time, and the end the `tid` gives.
    let all = std::str::from_utf8(&calendars["kalender.ics"]).unwrap();
    for line in [
        "DTSTART;TZID=Europe/Copenhagen:20220315T160000",
        "DTEND;TZID=Europe/Copenhagen:20220315T180000",
        "DTSTART;TZID=Europe/Copenhagen:20220201T083000",
        "DTSTART;TZID=Europe/Copenhagen:20220405T150000",
        "UID:oekonomiudvalget-2022-03-15@hedensted.dk",
    ] {
        assert!(
            all.contains(&format!("{line}\r\n")),
            "{line} missing:\n{all}"
        );
    }

    // Published again elsewhere: the same calendars and feeds, byte for byte.
    let again = tempfile::tempdir().unwrap();
    publish(cases.path(), again.path());
    assert_eq!(calendars, files_ending(again.path(), ".ics"));
    assert_eq!(
        files_ending(site.path(), ".atom"),
        files_ending(again.path(), ".atom")
    );
}

#[test]
fn the_feeds_are_atom_that_feed_rs_reads_with_stable_ids_and_the_documents_dates() {
    let (_cases, site) = published();
    let feeds = files_ending(site.path(), ".atom");
    assert_eq!(
        feeds.keys().collect::<Vec<_>>(),
        [
            "boerne-og-skoleudvalget/feed.atom",
            "feed.atom",
            "oekonomiudvalget/feed.atom"
        ]
    );
    for (path, bytes) in &feeds {
        let feed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom, "{path}");
        assert!(feed.id.starts_with("tag:hedensted.dk,"), "{}", feed.id);
        assert!(feed.updated.is_some(), "{path}");
        assert!(
            feed.links
                .iter()
                .any(|l| l.rel.as_deref() == Some("self") && l.href == format!("{BASE_URL}{path}")),
            "{path}: {:?}",
            feed.links
        );
        for e in &feed.entries {
            assert!(e.id.starts_with("tag:hedensted.dk,2022-"), "{}", e.id);
            assert!(
                e.links
                    .iter()
                    .any(|l| l.href.starts_with(BASE_URL) && l.href.ends_with(".html"))
            );
            assert!(e.updated.is_some());
        }
        let dates: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.updated.unwrap().format("%Y-%m-%d").to_string())
            .collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted, "{path}: newest first");
    }
    let all = feed_rs::parser::parse(&feeds["feed.atom"][..]).unwrap();
    let titles: Vec<String> = all
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    // An agenda each, and minutes for the two meetings that have them.
    assert_eq!(
        titles,
        [
            "Dagsorden: Børne- og Skoleudvalget, 5. april 2022",
            "Dagsorden: Økonomiudvalget, 15. marts 2022",
            "Referat: Økonomiudvalget, 15. marts 2022",
            "Dagsorden: Børne- og Skoleudvalget, 1. februar 2022",
            "Referat: Børne- og Skoleudvalget, 1. februar 2022",
        ]
    );
    // The dates are the documents', in Danish time, never the clock's.
    let updated = all.entries[0].updated.unwrap();
    assert_eq!(updated.to_rfc3339(), "2022-04-04T22:00:00+00:00");
}

#[test]
fn one_sagsnr_on_three_meetings_of_two_committees_is_one_case_page_in_date_order() {
    let (_cases, site) = published();
    let pages = files_ending(site.path(), ".html");
    let cases: Vec<&String> = pages
        .keys()
        .filter(|p| p.starts_with("sager/") && *p != "sager/index.html")
        .collect();
    assert_eq!(cases, ["sager/82-02-00-p20-7-22.html"]);
    let page = Html::parse_document(std::str::from_utf8(&pages[cases[0]]).unwrap());
    let entries: Vec<String> = page
        .select(&Selector::parse("ol.forloeb > li").unwrap())
        .map(|li| li.text().collect::<String>())
        .collect();
    assert_eq!(entries.len(), 3, "{entries:#?}");
    for (entry, (date, committee, title)) in entries.iter().zip([
        (
            "1. februar 2022",
            "Børne- og Skoleudvalget",
            "Punkt 5. Skolekapacitet i Glud",
        ),
        (
            "15. marts 2022",
            "Økonomiudvalget",
            "Punkt 12. Tilbygning til Glud Skole",
        ),
        (
            "5. april 2022",
            "Børne- og Skoleudvalget",
            "Punkt 3. Tilbygning til Glud Skole, udbud",
        ),
    ]) {
        for part in [date, committee, title] {
            assert!(entry.contains(part), "{part} not in {entry}");
        }
    }
    assert!(entries[0].contains("Udvalget anbefaler en tilbygning."));
    assert!(entries[2].contains("Ingen beslutning endnu."));
    // Named as the case is now called, and in the A–Z under its letter.
    let h1: String = page
        .select(&Selector::parse("h1").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(h1, "Tilbygning til Glud Skole, udbud");
    let az = std::str::from_utf8(&pages["sager/index.html"]).unwrap();
    assert!(az.contains("id=\"bogstav-t\""), "{az}");
    assert!(az.contains("href=\"82-02-00-p20-7-22.html\""), "{az}");
    // Every meeting's item links to the case.
    for meeting in [
        "boerne-og-skoleudvalget/2022-02-01.html",
        "boerne-og-skoleudvalget/2022-04-05.html",
        "oekonomiudvalget/2022-03-15.html",
    ] {
        let html = std::str::from_utf8(&pages[meeting]).unwrap();
        assert!(
            html.contains("href=\"..&#x2f;sager&#x2f;82-02-00-p20-7-22.html\""),
            "{meeting} does not link to the case"
        );
    }
    // The committee's page lists its meetings by year.
    let committee = std::str::from_utf8(&pages["boerne-og-skoleudvalget/index.html"]).unwrap();
    assert!(
        committee.contains("<h3 id=\"aar-2022\">2022</h3>"),
        "{committee}"
    );
    assert!(committee.contains("kalender.ics") && committee.contains("feed.atom"));

    // OParl: one Paper for the case, with a Consultation for each meeting, oldest first.
    let paper: serde_json::Value = serde_json::from_slice(
        &std::fs::read(site.path().join("oparl/paper/82-02-00-p20-7-22.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(paper["reference"], SAGSNR);
    assert_eq!(paper["date"], "2022-02-01");
    assert_eq!(paper["name"], "Tilbygning til Glud Skole, udbud");
    assert_eq!(
        paper["web"],
        format!("{BASE_URL}sager/82-02-00-p20-7-22.html")
    );
    let meetings: Vec<&str> = paper["consultation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["meeting"].as_str().unwrap())
        .collect();
    assert_eq!(
        meetings,
        [
            format!("{BASE_URL}oparl/meeting/boerne-og-skoleudvalget-2022-02-01.json"),
            format!("{BASE_URL}oparl/meeting/oekonomiudvalget-2022-03-15.json"),
            format!("{BASE_URL}oparl/meeting/boerne-og-skoleudvalget-2022-04-05.json"),
        ]
    );
    let papers = files_ending(&site.path().join("oparl/paper"), ".json");
    assert_eq!(papers.len(), 1, "{:?}", papers.keys());
}
