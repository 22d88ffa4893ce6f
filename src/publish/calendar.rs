//! The meetings as iCalendar (RFC 5545) to subscribe to: `kalender.ics` with every committee's meetings and `<udvalg>/kalender.ics` with one's.
//!
//! Each meeting is a VEVENT whose UID is its key in the site at the
//! kommune's domain, so a calendar that subscribed keeps its event when the
//! agenda becomes minutes or the place changes. A meeting with a time of
//! day starts at it in Europe/Copenhagen, whose VTIMEZONE (the EU rule
//! since 1996) the file carries; one without is an all-day event. DTSTAMP
//! is the date of the newest document of the meeting, never the clock, so
//! two publishes of the same cases give the same bytes.
//!
//! The writer is this file's own: the crates that write iCalendar cannot
//! write a VTIMEZONE, and what RFC 5545 asks of the text (escaping, lines
//! folded at 75 octets, CRLF) is the few functions below. The tests read
//! the files back with two independent parsers.

use std::collections::BTreeMap;

use super::site::url_path;
use super::{MeetingPage, Site};

/// The calendar's file name: at the top of the site for all committees, in
/// each committee's folder for its own.
pub const FILE: &str = "kalender.ics";

/// The time zone every meeting is in.
const TZID: &str = "Europe/Copenhagen";

/// Every calendar of the site, by path relative to it. `base` is the
/// normalised base URL (empty for none: then the events carry no URL,
/// which RFC 5545 wants absolute).
pub fn files(site: &Site, base: &str, domain: &str) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let all: Vec<&MeetingPage> = site.meetings.iter().collect();
    out.insert(
        FILE.to_string(),
        calendar(
            &format!("Møder – {}", site.kommune),
            &site.kommune,
            &all,
            base,
            domain,
        ),
    );
    for (key, meetings) in site.by_committee() {
        let name = format!("{} – {}", meetings[0].view.udvalg, site.kommune);
        out.insert(
            format!("{key}/{FILE}"),
            calendar(&name, &site.kommune, &meetings, base, domain),
        );
    }
    out
}

/// One calendar of `meetings`, oldest first.
fn calendar(
    name: &str,
    kommune: &str,
    meetings: &[&MeetingPage],
    base: &str,
    domain: &str,
) -> Vec<u8> {
    let mut ics = Writer::default();
    ics.line("BEGIN:VCALENDAR");
    ics.line("VERSION:2.0");
    ics.property("PRODID", &format!("-//dagsorden//{}//DA", text(kommune)));
    ics.line("CALSCALE:GREGORIAN");
    ics.line("METHOD:PUBLISH");
    ics.property("NAME", &text(name));
    ics.property("X-WR-CALNAME", &text(name));
    ics.property("X-WR-TIMEZONE", TZID);
    timezone(&mut ics);
    let mut sorted: Vec<&&MeetingPage> = meetings.iter().collect();
    sorted.sort_by_key(|m| (m.view.dato.iso(), m.key.clone()));
    for m in sorted {
        event(&mut ics, m, base, domain);
    }
    ics.line("END:VCALENDAR");
    ics.0.into_bytes()
}

/// Europe/Copenhagen: CET, with CEST from the last Sunday of March at
/// 02:00 to the last Sunday of October at 03:00.
fn timezone(ics: &mut Writer) {
    for line in [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Copenhagen",
        "X-LIC-LOCATION:Europe/Copenhagen",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        ics.line(line);
    }
}

fn event(ics: &mut Writer, m: &MeetingPage, base: &str, domain: &str) {
    let v = &m.view;
    let day = compact(&v.dato.iso());
    ics.line("BEGIN:VEVENT");
    ics.property("UID", &text(&format!("{}@{domain}", m.key)));
    ics.property(
        "DTSTAMP",
        &format!("{}T000000Z", compact(&m.newest_document())),
    );
    match super::meeting_times(v.tid.as_deref()) {
        (Some((h, min)), end) => {
            ics.property(
                &format!("DTSTART;TZID={TZID}"),
                &format!("{day}T{h:02}{min:02}00"),
            );
            if let Some((h, min)) = end {
                ics.property(
                    &format!("DTEND;TZID={TZID}"),
                    &format!("{day}T{h:02}{min:02}00"),
                );
            }
        }
        (None, _) => {
            ics.property("DTSTART;VALUE=DATE", &day);
            if let Some(next) = v.dato.naive().and_then(|d| d.succ_opt()) {
                ics.property("DTEND;VALUE=DATE", &next.format("%Y%m%d").to_string());
            }
        }
    }
    ics.property("SUMMARY", &text(&format!("Møde i {}", v.udvalg)));
    if let Some(sted) = &v.sted {
        ics.property("LOCATION", &text(sted));
    }
    let mut description = format!("{}\n", v.titel);
    for p in &v.punkter {
        match p.nummer {
            Some(n) => description.push_str(&format!("\n{n}. {}", p.titel)),
            None => description.push_str(&format!("\n{}", p.titel)),
        }
    }
    let page = format!("{base}{}", url_path(&m.page));
    if !base.is_empty() {
        description.push_str(&format!("\n\n{page}"));
    }
    ics.property("DESCRIPTION", &text(&description));
    if !base.is_empty() {
        ics.property("URL;VALUE=URI", &page);
    }
    ics.property("STATUS", if v.udkast { "TENTATIVE" } else { "CONFIRMED" });
    ics.line("TRANSP:OPAQUE");
    ics.line("END:VEVENT");
}

/// `2021-11-29` → `20211129`.
fn compact(iso: &str) -> String {
    iso.replace('-', "")
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, `;`, `,` and line breaks escaped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.replace("\r\n", "\n").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// iCalendar's lines: CRLF after each, folded so none is longer than 75
/// octets, never inside a character (RFC 5545 §3.1).
#[derive(Default)]
struct Writer(String);

impl Writer {
    fn property(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    fn line(&mut self, line: &str) {
        let mut room = 75;
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > room {
                self.0.push_str("\r\n ");
                room = 74;
                used = 0;
            }
            self.0.push(c);
            used += c.len_utf8();
        }
        self.0.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_lines_folded_at_75_octets() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        let mut w = Writer::default();
        let long = format!("DESCRIPTION:{}", "æ".repeat(60));
        w.line(&long);
        for line in w.0.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = w.0.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
    }
}
