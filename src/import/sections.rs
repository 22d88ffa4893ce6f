//! An export's headings sorted under the case files' keys by the profile's headings; the rest kept in Sagsfremstilling.

use super::html::{self, Block};
use super::{Item, Section};
use crate::template::profile::Afsnit;

/// The text keys of an item, in the spec's order (`indstilling`, `bilag`
/// are written on their own).
pub const TEXT_KEYS: [&str; 7] = [
    "beslutningstema",
    "økonomi",
    "historik",
    "sagsfremstilling",
    "kommunikation",
    "lovgrundlag",
    "beslutning",
];

/// An item's text sorted under our keys.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sorted {
    /// `(key, Markdown)`, in [`TEXT_KEYS`] order, only keys with text.
    pub texts: Vec<(&'static str, String)>,
    /// Who recommends, when it is not the default.
    pub af: Option<String>,
    /// The "at …" clauses, without their "at".
    pub at: Vec<String>,
}

/// Which key a heading of the export is, by the profile's headings and
/// the usual variants of the case systems.
pub fn key_of(heading: &str, afsnit: &[Afsnit]) -> Option<Key> {
    let h = normal(heading);
    if let Some(who) = h
        .strip_suffix(" indstiller")
        .or_else(|| h.strip_suffix(" indstiller at"))
    {
        let original = heading.trim().trim_end_matches([',', ':', '.']).trim();
        let who = &original[..original.len().min(who.len())];
        return Some(Key::Indstilling(Some(who.trim().to_string())));
    }
    if matches!(
        h.as_str(),
        "indstilling"
            | "indstillinger"
            | "forslag til beslutning"
            | "administrationens indstilling"
    ) {
        return Some(Key::Indstilling(None));
    }
    for a in afsnit {
        if normal(&a.overskrift) == h {
            if a.noegle == "indstilling" {
                return Some(Key::Indstilling(None));
            }
            if let Some(k) = TEXT_KEYS.iter().find(|k| **k == a.noegle) {
                return Some(Key::Text(k));
            }
        }
    }
    let synonym = match h.as_str() {
        "resume" | "resumé" | "beslutningstema og resume" => "beslutningstema",
        "økonomiske konsekvenser" | "økonomi og finansiering" | "økonomi og personale" => {
            "økonomi"
        }
        "sagsbeskrivelse" | "sagens indhold" | "baggrund" => "sagsfremstilling",
        "kommunikation og høring" | "høring" => "kommunikation",
        "lovgrundlag og politik" | "retsgrundlag" | "lovgivning" => "lovgrundlag",
        "beslutning" | "beslutninger" | "afgørelse" => "beslutning",
        "historik" | "tidligere beslutninger" | "beslutningshistorik" => "historik",
        _ => return None,
    };
    TEXT_KEYS
        .iter()
        .find(|k| **k == synonym)
        .map(|k| Key::Text(k))
}

/// A heading's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Text(&'static str),
    /// The recommendation, with who recommends when the heading says so.
    Indstilling(Option<String>),
}

fn normal(heading: &str) -> String {
    heading
        .replace("{af}", "")
        .trim()
        .trim_end_matches([',', ':', '.'])
        .trim()
        .to_lowercase()
}

/// Sorts an item's sections. A section under a heading we have no key for
/// is kept in Sagsfremstilling under its own heading (bold), in the
/// export's order; a recommendation without "at …" clauses is kept there too.
pub fn sort(item: &Item, afsnit: &[Afsnit]) -> Sorted {
    let mut texts: Vec<(&'static str, Vec<String>)> = Vec::new();
    let mut push = |key: &'static str, text: String| {
        if text.trim().is_empty() {
            return;
        }
        match texts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(text),
            None => texts.push((key, vec![text])),
        }
    };
    let mut sorted = Sorted::default();
    for Section { heading, blocks } in &item.sections {
        match key_of(heading, afsnit) {
            Some(Key::Text(key)) => push(key, html::markdown(blocks)),
            Some(Key::Indstilling(who)) => match clauses(blocks) {
                Some((af, at)) if sorted.at.is_empty() => {
                    sorted.af = af
                        .or(who)
                        .filter(|w| !w.eq_ignore_ascii_case("administrationen"));
                    sorted.at = at;
                }
                _ => push(
                    "sagsfremstilling",
                    format!("**{}**\n\n{}", heading.trim(), html::markdown(blocks)),
                ),
            },
            None if heading.trim().is_empty() => push("sagsfremstilling", html::markdown(blocks)),
            None => push(
                "sagsfremstilling",
                format!("**{}**\n\n{}", heading.trim(), html::markdown(blocks)),
            ),
        }
    }
    for h in &item.historik {
        push("historik", h.clone());
    }
    sorted.texts = TEXT_KEYS
        .iter()
        .filter_map(|k| {
            texts
                .iter()
                .find(|(key, _)| key == k)
                .map(|(key, v)| (*key, v.join("\n\n")))
        })
        .collect();
    sorted
}

/// The "at …" clauses of a recommendation and who recommends (`Direktøren
/// indstiller, at …`); `None` when a paragraph is not a clause.
fn clauses(blocks: &[Block]) -> Option<(Option<String>, Vec<String>)> {
    let mut af = None;
    let mut at = Vec::new();
    for block in blocks {
        let text = match block {
            Block::Paragraph(t) | Block::Item { text: t, .. } => t.replace("\\\n", " "),
            Block::Heading(_) | Block::Table(_) => return None,
        };
        let text = text.trim();
        let (who, rest) = match text.split_once(" indstiller") {
            Some((who, rest)) if !who.contains(' ') || who.split(' ').count() <= 3 => (
                Some(who.trim().to_string()),
                rest.trim_start_matches([',', ':']).trim(),
            ),
            _ => (None, text),
        };
        if who.is_some() {
            af = who;
            if rest.is_empty() {
                continue;
            }
        }
        match rest
            .strip_prefix("at ")
            .or_else(|| rest.strip_prefix("At "))
        {
            Some(clause) => at.push(clause.trim().to_string()),
            None => return None,
        }
    }
    (!at.is_empty()).then_some((af, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Vec<Afsnit> {
        [
            ("beslutningstema", "Beslutningstema"),
            ("økonomi", "Økonomi"),
            ("sagsfremstilling", "Sagsfremstilling"),
            ("indstilling", "{af} indstiller,"),
            ("beslutning", "Beslutning"),
        ]
        .iter()
        .map(|(k, o)| Afsnit {
            noegle: k.to_string(),
            overskrift: o.to_string(),
        })
        .collect()
    }

    #[test]
    fn headings_by_the_profile_and_variants() {
        let p = profile();
        assert_eq!(
            key_of("Beslutningstema:", &p),
            Some(Key::Text("beslutningstema"))
        );
        assert_eq!(key_of("ØKONOMI", &p), Some(Key::Text("økonomi")));
        assert_eq!(
            key_of("Administrationen indstiller,", &p),
            Some(Key::Indstilling(Some("Administrationen".into())))
        );
        assert_eq!(key_of("Indstilling", &p), Some(Key::Indstilling(None)));
        assert_eq!(key_of("Høringssvar", &p), None);
    }

    #[test]
    fn clauses_and_who_recommends() {
        let blocks = html::blocks(
            "<p>Direktøren indstiller,</p><ul><li>at planen godkendes, og</li><li>at sagen sendes videre.</li></ul>",
        );
        assert_eq!(
            clauses(&blocks),
            Some((
                Some("Direktøren".into()),
                vec!["planen godkendes, og".into(), "sagen sendes videre.".into()]
            ))
        );
        assert_eq!(
            clauses(&html::blocks("<p>Sagen forelægges til orientering.</p>")),
            None
        );
    }

    #[test]
    fn unknown_headings_stay_in_sagsfremstilling_under_their_heading() {
        let item = Item {
            nummer: 1,
            titel: "T".into(),
            lukket: false,
            sagsnr: None,
            sections: vec![
                Section {
                    heading: "Sagsfremstilling".into(),
                    blocks: html::blocks("<p>A.</p>"),
                },
                Section {
                    heading: "Høringssvar".into(),
                    blocks: html::blocks("<p>B.</p>"),
                },
                Section {
                    heading: "Indstilling".into(),
                    blocks: html::blocks("<p>Til orientering.</p>"),
                },
            ],
            bilag: vec![],
            historik: vec![],
        };
        let s = sort(&item, &profile());
        assert_eq!(
            s.texts,
            vec![(
                "sagsfremstilling",
                "A.\n\n**Høringssvar**\n\nB.\n\n**Indstilling**\n\nTil orientering.".to_string()
            )]
        );
        assert!(s.at.is_empty());
    }
}
