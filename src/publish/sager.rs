//! The cases of the published site: every item with one sagsnr, across meetings and committees, in date order.
//!
//! A case that goes fagudvalg → Økonomiudvalg → Byråd is three items with
//! one sagsnr; here they are one [`Sag`], which gets a page of its own
//! (`sager/<key>.html`), a line in the A–Z of cases and one OParl Paper
//! with a Consultation for each meeting.

use std::collections::BTreeMap;

use super::{MeetingPage, danish_order};

/// Where the case pages are, relative to the site.
pub const FOLDER: &str = "sager";

/// One item of a case: which meeting of the site, which of its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub meeting: usize,
    pub item: usize,
}

/// Every published item with one sagsnr.
#[derive(Debug, Clone)]
pub struct Sag {
    pub sagsnr: String,
    /// The sagsnr as a key for paths and ids (`00-00-00-p22-2-21`).
    pub key: String,
    /// The case's page, relative to the site: `sager/00-00-00-p22-2-21.html`.
    pub page: String,
    /// The newest item's title: what the case is called now.
    pub titel: String,
    /// Oldest first: by the meeting's date, then committee, then item order.
    pub entries: Vec<Entry>,
}

/// The cases of `meetings`, in the order of the A–Z: by title as the
/// Danish alphabet orders it, then sagsnr. An item without a sagsnr is in
/// no case.
pub fn of(meetings: &[MeetingPage]) -> Vec<Sag> {
    let mut by_number: BTreeMap<&str, Vec<Entry>> = BTreeMap::new();
    for (m, meeting) in meetings.iter().enumerate() {
        for (i, item) in meeting.items.iter().enumerate() {
            let sagsnr = item.view.sagsnr.trim();
            if !sagsnr.is_empty() {
                by_number.entry(sagsnr).or_default().push(Entry {
                    meeting: m,
                    item: i,
                });
            }
        }
    }
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    let mut sager: Vec<Sag> = by_number
        .into_iter()
        .map(|(sagsnr, mut entries)| {
            entries.sort_by_cached_key(|e| {
                let m = &meetings[e.meeting];
                (
                    m.view.dato.iso(),
                    danish_order(&m.view.udvalg),
                    m.key.clone(),
                    e.item,
                )
            });
            let newest = entries[entries.len() - 1];
            let titel = meetings[newest.meeting].items[newest.item]
                .view
                .titel
                .clone();
            // Two sagsnumre that differ only in what a key drops get `-2`.
            let base = number_key(sagsnr);
            let n = taken.entry(base.clone()).or_insert(0);
            *n += 1;
            let key = if *n == 1 { base } else { format!("{base}-{n}") };
            Sag {
                sagsnr: sagsnr.to_string(),
                page: format!("{FOLDER}/{key}.html"),
                key,
                titel,
                entries,
            }
        })
        .collect();
    sager.sort_by_cached_key(|s| (danish_order(&s.titel), s.sagsnr.clone()));
    sager
}

/// A sagsnr as a key for paths and ids: its letters in lower case and its
/// digits, every other run of characters one `-` (`00.00.00-P22-2-21` →
/// `00-00-00-p22-2-21`), so that no two sagsnumre of the KL-emnesystem share one.
pub fn number_key(sagsnr: &str) -> String {
    let word = deunicode::deunicode(sagsnr).to_ascii_lowercase();
    let parts: Vec<&str> = word
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        "x".into()
    } else {
        parts.join("-")
    }
}

/// The letter a case is listed under in the A–Z: its title's first letter
/// in upper case, `0–9` for a digit, `#` for anything else.
pub fn letter(titel: &str) -> String {
    match titel.trim().chars().find(|c| !c.is_whitespace()) {
        Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
        Some(c) if c.is_ascii_digit() => "0–9".to_string(),
        _ => "#".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sagsnr_keys() {
        assert_eq!(number_key("00.00.00-P22-2-21"), "00-00-00-p22-2-21");
        assert_ne!(
            number_key("00.01.00-A00-1-21"),
            number_key("00.01.00-A00-12-1")
        );
        assert_eq!(number_key("Æble/2"), "aeble-2");
        assert_eq!(number_key("//"), "x");
    }

    #[test]
    fn letters() {
        assert_eq!(letter("ældrepleje"), "Æ");
        assert_eq!(letter(" Økonomi"), "Ø");
        assert_eq!(letter("2022-budget"), "0–9");
        assert_eq!(letter("«x»"), "#");
        assert_eq!(letter(""), "#");
    }
}
