//! Visitation rules (`visitationsregler`): the current and proposed priority orders compared, rule by rule.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::format;
use crate::load::SourceFile;
use crate::load::model::Visitationsregler;

/// What became of a rule between the two orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// In both orders, at the same place.
    Uaendret,
    /// In both orders, at another place (1-based places).
    Flyttet { fra: usize, til: usize },
    /// Only in the proposed order.
    Ny,
    /// Only in the current order.
    Udgaar,
}

/// Two rules are the same rule when their names agree before any
/// parenthesis, case aside: `Anciennitet (behovsdato …)` is `Anciennitet`.
fn key(rule: &str) -> String {
    rule.split('(').next().unwrap_or(rule).trim().to_lowercase()
}

/// The change of each current rule and of each proposed rule, in order.
pub fn compare(current: &[String], proposed: &[String]) -> (Vec<Change>, Vec<Change>) {
    let place_in = |list: &[String], rule: &str| list.iter().position(|r| key(r) == key(rule));
    let now = current
        .iter()
        .enumerate()
        .map(|(i, r)| match place_in(proposed, r) {
            None => Change::Udgaar,
            Some(j) if j == i => Change::Uaendret,
            Some(j) => Change::Flyttet {
                fra: i + 1,
                til: j + 1,
            },
        })
        .collect();
    let then = proposed
        .iter()
        .enumerate()
        .map(|(j, r)| match place_in(current, r) {
            None => Change::Ny,
            Some(i) if i == j => Change::Uaendret,
            Some(i) => Change::Flyttet {
                fra: i + 1,
                til: j + 1,
            },
        })
        .collect();
    (now, then)
}

#[derive(Debug, Clone, Serialize)]
pub struct VisitationView {
    pub omraade: String,
    pub lovgrundlag: Option<String>,
    pub gaeldende: Vec<RegelView>,
    pub foreslaaede: Vec<RegelView>,
    pub ikrafttraeden: Option<String>,
    pub evaluering: Option<String>,
    pub fordel_for: Vec<String>,
    pub ikke_fordel_for: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegelView {
    pub nummer: usize,
    pub navn: String,
    /// `uaendret`, `flyttet`, `ny` or `udgaar`.
    pub status: &'static str,
    /// A moved rule's place in the current and in the proposed order.
    pub fra: Option<usize>,
    pub til: Option<usize>,
}

/// Checks the block at `path` and builds its view.
pub fn check(
    source: &SourceFile,
    path: &str,
    block: &Visitationsregler,
) -> Result<VisitationView, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for (key_name, list) in [
        ("gældende", &block.gaeldende),
        ("foreslåede", &block.foreslaaede),
    ] {
        let mut seen: Vec<String> = Vec::new();
        for (i, rule) in list.iter().enumerate() {
            if seen.contains(&key(rule)) {
                let at = format!("{path}.{key_name}[{i}]");
                problems.push(
                    source
                        .error(format!(
                            "`{}` stands twice in `{path}.{key_name}`",
                            rule.trim()
                        ))
                        .at(source.value_place(&at, rule.chars().count()))
                        .help("a priority order names each rule once"),
                );
            }
            seen.push(key(rule));
        }
    }
    if block.foreslaaede.is_empty() {
        problems.push(
            source
                .error(format!("`{path}.foreslåede` lists no rules"))
                .at(source.key_place(&format!("{path}.foreslåede")))
                .help("list the proposed priority order, most important first"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (now, then) = compare(&block.gaeldende, &block.foreslaaede);
    let rules = |list: &[String], changes: &[Change]| {
        list.iter()
            .zip(changes)
            .enumerate()
            .map(|(i, (r, c))| RegelView {
                nummer: i + 1,
                navn: r.trim().to_string(),
                status: match c {
                    Change::Uaendret => "uaendret",
                    Change::Flyttet { .. } => "flyttet",
                    Change::Ny => "ny",
                    Change::Udgaar => "udgaar",
                },
                fra: match c {
                    Change::Flyttet { fra, .. } => Some(*fra),
                    _ => None,
                },
                til: match c {
                    Change::Flyttet { til, .. } => Some(*til),
                    _ => None,
                },
            })
            .collect()
    };
    let clean = |v: &[String]| v.iter().map(|s| s.trim().to_string()).collect();
    Ok(VisitationView {
        omraade: block.omraade.trim().to_string(),
        lovgrundlag: block
            .lovgrundlag
            .as_deref()
            .map(str::trim)
            .map(str::to_string),
        gaeldende: rules(&block.gaeldende, &now),
        foreslaaede: rules(&block.foreslaaede, &then),
        ikrafttraeden: block.ikrafttraeden.map(format::date_long),
        evaluering: block
            .evaluering
            .as_deref()
            .map(str::trim)
            .map(str::to_string),
        fordel_for: clean(&block.fordel_for),
        ikke_fordel_for: clean(&block.ikke_fordel_for),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(rules: &[&str]) -> Vec<String> {
        rules.iter().map(|r| r.to_string()).collect()
    }

    #[test]
    fn the_seed_change_adds_a_rule_and_moves_seniority_down() {
        let (now, then) = compare(
            &v(&[
                "Søskendefortrin",
                "Anciennitet (behovsdato og opskrivningsdato)",
            ]),
            &v(&["Søskendefortrin", "Lokalområdefortrin", "Anciennitet"]),
        );
        let moved = Change::Flyttet { fra: 2, til: 3 };
        assert_eq!(now, [Change::Uaendret, moved]);
        assert_eq!(then, [Change::Uaendret, Change::Ny, moved]);
    }

    #[test]
    fn a_dropped_rule() {
        let (now, then) = compare(&v(&["A", "B"]), &v(&["B"]));
        let moved = Change::Flyttet { fra: 2, til: 1 };
        assert_eq!(now, [Change::Udgaar, moved]);
        assert_eq!(then, [moved]);
    }
}
