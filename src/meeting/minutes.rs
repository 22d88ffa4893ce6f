//! The minutes as the law reads them: who may be named in an item's vote and protokoltilførsler, and the published decision of a closed item.

use std::collections::HashMap;

use crate::check::{PunktView, one_line};
use crate::diagnostic::{Diagnostic, nearest};
use crate::load::SourceFile;
use crate::load::model::{Moede, Punkt};

/// A name as it is compared: on one line, without a party in brackets at
/// the end (`Gitte Andersen (V)` is `Gitte Andersen`).
fn person(name: &str) -> String {
    let name = one_line(name);
    match name.rfind(" (") {
        Some(i) if name.ends_with(')') => name[..i].to_string(),
        _ => name,
    }
}

/// Checks the names of an item's `afstemning` and `protokoltilførsel`.
///
/// With its meeting, a name must be one of the meeting's `medlemmer` or the
/// item's `suppleanter`; it may not be absent (the meeting's or the item's
/// `fraværende`, or a member a suppleant stands in for); and it may stand
/// once in the vote and once among the protokoltilførsler. Without a meeting
/// (an item rendered on its own) only the repeats and the item's own
/// `fraværende` are checked.
pub fn check_names(
    source: &SourceFile,
    punkt: &Punkt,
    meeting: Option<(&SourceFile, &Moede)>,
) -> Vec<Diagnostic> {
    let suppleanter: Vec<String> = punkt
        .suppleanter
        .iter()
        .map(|s| one_line(&s.navn))
        .collect();
    // Who may be named, as written in the files (for the suggestion and the list).
    let roll: Option<(&SourceFile, Vec<String>)> = meeting.map(|(meeting_source, moede)| {
        let mut roll: Vec<String> = moede.medlemmer.iter().map(|m| one_line(m)).collect();
        roll.extend(suppleanter.iter().cloned());
        (meeting_source, roll)
    });
    let names = Names {
        source,
        absent: absent(punkt, meeting, &suppleanter),
        roll,
    };
    let mut problems = Vec::new();
    for group in named_groups(punkt) {
        let mut seen: HashMap<String, String> = HashMap::new();
        for (at, name) in &group.entries {
            problems.extend(names.check(&mut seen, at, name, &group));
        }
    }
    problems
}

/// Who is absent from the item, by [`person`], with where that is written:
/// the item's `fraværende`, the members its suppleants replace, the
/// meeting's `fraværende`; a suppleant who is named is present, whatever
/// else is written.
fn absent(
    punkt: &Punkt,
    meeting: Option<(&SourceFile, &Moede)>,
    suppleanter: &[String],
) -> HashMap<String, String> {
    let mut absent: HashMap<String, String> = HashMap::new();
    for name in &punkt.fravaerende {
        absent.insert(
            person(name),
            "absent from this item (the item's `fraværende`)".to_string(),
        );
    }
    for s in &punkt.suppleanter {
        absent.insert(
            person(&s.for_),
            format!(
                "replaced for this item by the suppleant {}",
                one_line(&s.navn)
            ),
        );
    }
    if let Some((meeting_source, moede)) = meeting {
        for name in &moede.fravaerende {
            absent.entry(person(name)).or_insert_with(|| {
                format!(
                    "absent from the meeting (`fraværende` of {})",
                    meeting_source.path.display()
                )
            });
        }
    }
    for s in suppleanter {
        absent.remove(&person(s));
    }
    absent
}

/// The names an item's minutes give, in groups: the vote's and the
/// protokoltilførsler's, each with its key paths, what naming someone twice
/// should be instead, and what an absent member cannot do.
fn named_groups(punkt: &Punkt) -> [Group<'_>; 2] {
    let vote = punkt.afstemning.iter().flat_map(|a| {
        a.lists().into_iter().flat_map(|(list, names)| {
            names
                .iter()
                .enumerate()
                .map(move |(i, n)| (format!("afstemning.{list}[{i}]"), n.as_str()))
        })
    });
    let statements = punkt
        .protokoltilfoersel
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("protokoltilførsel[{i}].navn"), p.navn.as_str()));
    [
        Group {
            entries: vote.collect(),
            once: "a member votes once: keep the name only in the list the member voted in (`for`, `imod` or `undlod`)",
            what: "vote",
        },
        Group {
            entries: statements.collect(),
            once: "write a member's statement as one `tekst` (a text may have several paragraphs)",
            what: "enter a protokoltilførsel",
        },
    ]
}

/// Names of one kind in the minutes, with their key paths.
struct Group<'a> {
    entries: Vec<(String, &'a str)>,
    /// What naming someone twice should be instead.
    once: &'static str,
    /// What an absent member cannot do.
    what: &'static str,
}

/// What a name in the minutes is checked against.
struct Names<'a> {
    source: &'a SourceFile,
    absent: HashMap<String, String>,
    /// The meeting file and who may be named, when the item has a meeting.
    roll: Option<(&'a SourceFile, Vec<String>)>,
}

impl Names<'_> {
    /// The problem with `name` at `at`, if any: named a second time in its
    /// `group` (`seen` so far), absent, or neither a member nor a suppleant.
    fn check(
        &self,
        seen: &mut HashMap<String, String>,
        at: &str,
        name: &str,
        group: &Group,
    ) -> Option<Diagnostic> {
        let source = self.source;
        let shown = one_line(name);
        let place = source.value_place(at, name.trim().chars().count());
        let error = |message: String| source.error(message).at(place.clone());
        let key = person(name);
        if let Some(first) = seen.get(&key) {
            return Some(
                error(format!(
                    "`{at}` names `{shown}` a second time (first at `{first}`)"
                ))
                .label("named twice")
                .help(group.once),
            );
        }
        seen.insert(key.clone(), at.to_string());
        if let Some(why) = self.absent.get(&key) {
            return Some(
                error(format!(
                    "`{at}` names `{shown}`, who was {why} and cannot {}",
                    group.what
                ))
                .label("absent")
                .help("remove the name here, or correct `fraværende` and `suppleanter` if the member took part"),
            );
        }
        let (meeting_source, roll) = self.roll.as_ref()?;
        if roll.iter().any(|m| person(m) == key) {
            return None;
        }
        let mut d = error(format!(
            "`{at}` names `{shown}`, who is neither a member of the meeting nor a suppleant of the item"
        ))
        .label("not a member");
        if let Some(near) = nearest(&shown, roll.iter().map(String::as_str)) {
            d = d.help(format!("did you mean `{near}`?"));
        }
        let help = if roll.is_empty() {
            format!(
                "{} lists no `medlemmer`: write the committee's members there, e.g. `medlemmer: [Ole Vind, Lars Poulsen]`",
                meeting_source.path.display()
            )
        } else {
            format!(
                "the names here are the `medlemmer` of {} and the item's `suppleanter`: {}",
                meeting_source.path.display(),
                roll.join(", ")
            )
        };
        Some(d.help(help))
    }
}

/// The key of a closed item's published decision, among the item's texts.
pub const PUBLIC_DECISION: &str = "offentlig_beslutning";

/// The warning for a closed item that the public minutes would show as
/// "Lukket punkt" alone: it has no `offentlig_beslutning`.
pub fn unpublished_decision(source: &SourceFile, item: &PunktView) -> Option<Diagnostic> {
    if !item.lukket || item.tekster.contains_key(PUBLIC_DECISION) {
        return None;
    }
    Some(
        source
            .error(format!(
                "the closed item `{}` has no `offentlig_beslutning`: the public minutes show only its title and \"Lukket punkt\"",
                item.titel
            ))
            .at(source.key_place("lukket"))
            .label("closed, without a public decision")
            .help("lov om kommunernes styrelse and the supervisory authority's practice ask that a decision taken behind closed doors is published as far as confidentiality allows; \"Lukket punkt\" alone is not enough")
            .help("write the decision as it may be published beside `lukket: true`, without what is confidential, e.g. `offentlig_beslutning: Udvalget godkendte indstillingen. Sagen vedrører en enkeltperson.`")
            .as_warning(),
    )
}

/// The warning for an open item with an `offentlig_beslutning`, which is
/// printed nowhere: an open item publishes its `beslutning` itself.
pub fn stray_public_decision(source: &SourceFile, item: &PunktView) -> Option<Diagnostic> {
    if item.lukket || !item.tekster.contains_key(PUBLIC_DECISION) {
        return None;
    }
    Some(
        source
            .error("`offentlig_beslutning` is printed only for a closed item, and this item is open: both editions print its `beslutning`")
            .at(source.key_place(PUBLIC_DECISION))
            .label("not printed")
            .help("write `lukket: true` if the item was treated behind closed doors, or remove `offentlig_beslutning`")
            .as_warning(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load::{Case, parse};

    fn punkt(yaml: &str) -> (SourceFile, Punkt) {
        let source = SourceFile::new("p.yaml", yaml);
        match parse(&source) {
            Ok(Case::Punkt(p)) => (source, *p),
            _ => panic!("not an item"),
        }
    }

    fn moede(yaml: &str) -> (SourceFile, Moede) {
        let source = SourceFile::new("moede.yaml", yaml);
        match parse(&source) {
            Ok(Case::Moede(m)) => (source, *m),
            _ => panic!("not a meeting"),
        }
    }

    const MEETING: &str = "type: møde\nudvalg: U\ndato: 2022-01-10\nformand: A\nmedlemmer: [Anna Eksempel (A), Bent Prøvesen, Clara Mønster]\n";
    const ITEM: &str = "type: punkt\nsagsnr: 00.00.00-A00-1-22\ntitel: T\n";

    fn messages(item: &str, meeting: Option<&str>) -> Vec<String> {
        let (source, p) = punkt(&format!("{ITEM}{item}"));
        let m = meeting.map(moede);
        check_names(&source, &p, m.as_ref().map(|(s, m)| (s, m)))
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn members_and_suppleants_may_vote_once() {
        let ok = "afstemning:\n  for: [Anna Eksempel, Bent Prøvesen (V)]\n  imod: [Ole Ødmann]\nsuppleanter:\n  - navn: Ole Ødmann\n    for: Clara Mønster (Ø)\nprotokoltilførsel:\n  - navn: Ole Ødmann\n    tekst: Imod.\n";
        assert_eq!(messages(ok, Some(MEETING)), Vec::<String>::new());
        // The member a suppleant stands in for is absent.
        let replaced = "afstemning:\n  for: [Clara Mønster]\nsuppleanter:\n  - navn: Ole Ødmann\n    for: Clara Mønster (Ø)\n";
        let m = messages(replaced, Some(MEETING));
        assert!(
            m[0].contains("replaced for this item by the suppleant Ole Ødmann"),
            "{m:?}"
        );
        // No meeting: only repeats and the item's own absences.
        assert_eq!(
            messages("afstemning:\n  for: [Hvem Somhelst]\n", None),
            Vec::<String>::new()
        );
        let m = messages("fraværende: [Hvem]\nafstemning:\n  imod: [Hvem]\n", None);
        assert!(m[0].contains("absent from this item"), "{m:?}");
        // A statement once per member.
        let twice = "protokoltilførsel:\n  - navn: Bent Prøvesen\n    tekst: Et.\n  - navn: Bent Prøvesen\n    tekst: To.\n";
        let m = messages(twice, Some(MEETING));
        assert!(m[0].contains("a second time"), "{m:?}");
    }

    #[test]
    fn a_meeting_without_members_says_so() {
        let (source, p) = punkt(&format!("{ITEM}afstemning:\n  for: [Anna]\n"));
        let (ms, m) = moede("type: møde\nudvalg: U\ndato: 2022-01-10\nformand: A\n");
        let d = check_names(&source, &p, Some((&ms, &m)));
        assert!(d[0].help[0].contains("lists no `medlemmer`"), "{:?}", d[0]);
    }

    #[test]
    fn a_party_in_brackets_is_not_part_of_the_name() {
        assert_eq!(person("Gitte Andersen (V)"), "Gitte Andersen");
        assert_eq!(person(" Ole  Vind "), "Ole Vind");
        assert_eq!(person("Ole (Vind"), "Ole (Vind");
    }
}
