//! Atom 1.0 feeds (RFC 4287) of what is published: `feed.atom` for every committee and `<udvalg>/feed.atom` for each, an entry for each agenda, minutes and Tillæg til referat.
//!
//! An entry's id is a `tag:` URI (RFC 4151) of the kommune's domain, the
//! meeting's date and its key in the site, so it stays the same across
//! publishes and base URLs; its dates are the documents' own (the meeting
//! day for an agenda, the approval for minutes, the newest correction for
//! a Tillæg), never the clock. Links are relative to the feed, or absolute
//! under `--base-url`. The XML is written by `atom_syndication`.

use std::collections::BTreeMap;

use atom_syndication::{Entry, Feed, Generator, Link, Person, Text};
use chrono::{FixedOffset, NaiveDate, TimeZone};

use super::site::url_path;
use super::{MeetingPage, Site};
use crate::load::model::Dokumenttype;

/// The feed's file name: at the top of the site for all committees, in
/// each committee's folder for its own.
pub const FILE: &str = "feed.atom";

/// Every feed of the site, by path relative to it.
pub fn files(site: &Site, base: &str, domain: &str) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let all: Vec<&MeetingPage> = site.meetings.iter().collect();
    let title = format!("Dagsordener og referater – {}", site.kommune);
    out.insert(
        FILE.to_string(),
        feed(site, &title, FILE, "", &all, base, domain),
    );
    for (key, meetings) in site.by_committee() {
        let title = format!(
            "{}: dagsordener og referater – {}",
            meetings[0].view.udvalg, site.kommune
        );
        let path = format!("{key}/{FILE}");
        out.insert(
            path.clone(),
            feed(site, &title, &path, "../", &meetings, base, domain),
        );
    }
    out
}

/// One entry before it is written.
struct Item {
    id: String,
    title: String,
    updated: NaiveDate,
    page: String,
    pdf: Option<String>,
    summary: String,
}

/// The feed at `path` (relative to the site; `rod` leads from its folder
/// back to the top) of `meetings`, newest entry first.
fn feed(
    site: &Site,
    title: &str,
    path: &str,
    rod: &str,
    meetings: &[&MeetingPage],
    base: &str,
    domain: &str,
) -> Vec<u8> {
    let href = |site_path: &str| {
        if base.is_empty() {
            format!("{rod}{}", url_path(site_path))
        } else {
            format!("{base}{}", url_path(site_path))
        }
    };
    let mut items: Vec<Item> = Vec::new();
    for m in meetings {
        items.extend(entries(m, domain, &href));
    }
    items.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    let updated = items
        .iter()
        .map(|i| i.updated)
        .max()
        .or_else(|| NaiveDate::from_ymd_opt(1970, 1, 1))
        .unwrap_or_default();
    let mut feed = Feed::default();
    feed.set_id(format!("tag:{domain},1970:{path}"));
    feed.set_title(Text::plain(title));
    feed.set_updated(danish_midnight(updated));
    feed.set_lang(Some("da".to_string()));
    feed.set_authors(vec![Person {
        name: site.kommune.clone(),
        ..Default::default()
    }]);
    feed.set_generator(Some(Generator {
        value: "dagsorden".into(),
        uri: None,
        version: Some(env!("CARGO_PKG_VERSION").into()),
    }));
    let mut links = vec![link("alternate", &href("index.html"), "text/html", None)];
    if !base.is_empty() {
        links.push(link(
            "self",
            &format!("{base}{}", url_path(path)),
            "application/atom+xml",
            None,
        ));
    }
    feed.set_links(links);
    feed.set_entries(
        items
            .into_iter()
            .map(|i| {
                let mut e = Entry::default();
                e.set_id(i.id);
                e.set_title(Text::plain(i.title));
                e.set_updated(danish_midnight(i.updated));
                e.set_published(Some(danish_midnight(i.updated)));
                let mut links = vec![link("alternate", &i.page, "text/html", None)];
                if let Some(pdf) = i.pdf {
                    links.push(link("enclosure", &pdf, "application/pdf", None));
                }
                e.set_links(links);
                e.set_summary(Some(Text::plain(i.summary)));
                e
            })
            .collect::<Vec<_>>(),
    );
    let mut xml = feed.to_string().into_bytes();
    xml.push(b'\n');
    xml
}

/// The entries of one meeting: its agenda, its minutes once there are
/// some, and its Tillæg til referat once there is one.
fn entries(m: &MeetingPage, domain: &str, href: &dyn Fn(&str) -> String) -> Vec<Item> {
    let v = &m.view;
    let Some(day) = v.dato.naive() else {
        return Vec::new();
    };
    let tag = |what: &str| format!("tag:{domain},{}:{}/{what}", v.dato.iso(), m.key);
    let page = href(&m.page);
    let pdf = m.pdf.as_ref().map(|f| href(&f.path));
    let items: Vec<String> = v
        .punkter
        .iter()
        .map(|p| match p.nummer {
            Some(n) => format!("{n}. {}", p.titel),
            None => p.titel.clone(),
        })
        .collect();
    let summary = |what: &str| {
        let mut s = format!("{what} for {}s møde {}", v.udvalg, v.dato_tekst);
        if let Some(sted) = &v.sted {
            s.push_str(&format!(", {sted}"));
        }
        s.push_str(&format!(". Punkter: {}", items.join("; ")));
        s
    };
    let mut out = Vec::new();
    let referat = v.udgave == Dokumenttype::Referat;
    out.push(Item {
        id: tag("dagsorden"),
        title: format!("Dagsorden: {}, {}", v.udvalg, v.dato_tekst),
        updated: day,
        page: page.clone(),
        pdf: if referat { None } else { pdf.clone() },
        summary: summary("Dagsorden"),
    });
    if referat {
        let approved = m
            .godkendt
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let what = if v.udkast {
            "Udkast til referat"
        } else {
            "Referat"
        };
        out.push(Item {
            id: tag("referat"),
            title: format!("{what}: {}, {}", v.udvalg, v.dato_tekst),
            updated: approved.unwrap_or(day).max(day),
            page: page.clone(),
            pdf,
            summary: summary(what),
        });
    }
    if let (Some(file), Some(date)) = (&m.tillaeg, m.tillaeg_dato) {
        out.push(Item {
            id: tag("tillaeg"),
            title: format!("Tillæg til referat: {}, {}", v.udvalg, v.dato_tekst),
            updated: date,
            page,
            pdf: Some(href(&file.path)),
            summary: format!(
                "Rettelser til det godkendte referat af {}s møde {}, vedtaget til og med {}",
                v.udvalg,
                v.dato_tekst,
                crate::format::date_long(date)
            ),
        });
    }
    out
}

fn link(rel: &str, href: &str, mime: &str, title: Option<String>) -> Link {
    Link {
        href: href.to_string(),
        rel: rel.to_string(),
        mime_type: Some(mime.to_string()),
        title,
        ..Default::default()
    }
}

/// Midnight at the start of `date` in Danish time, with its offset.
fn danish_midnight(date: NaiveDate) -> chrono::DateTime<FixedOffset> {
    // At midnight the clocks have not changed yet: the day before decides.
    let hours = if date.pred_opt().is_some_and(super::summer_time) {
        2
    } else {
        1
    };
    let offset = FixedOffset::east_opt(hours * 3600).expect("a valid offset");
    offset
        .from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
        .single()
        .unwrap_or_else(|| offset.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default()))
}
