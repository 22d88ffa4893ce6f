//! Memos (`type: notat`): title, date, sender and sections, each with a text and at most one domain block.

use chrono::Datelike;
use serde::Serialize;

use super::blocks::{self, BlocksView};
use super::{DATE_YEARS, DateView, Printable, check_characters, one_line};
use crate::diagnostic::Diagnostic;
use crate::format;
use crate::load::SourceFile;
use crate::load::model::Notat;

#[derive(Debug, Clone, Serialize)]
pub struct NotatView {
    pub titel: String,
    pub undertitel: Option<String>,
    pub dato: DateView,
    /// The date in Danish long form: `15. april 2021`.
    pub dato_tekst: String,
    pub afsender: Option<String>,
    pub sagsnr: Option<String>,
    pub afsnit: Vec<AfsnitView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AfsnitView {
    pub overskrift: Option<String>,
    pub tekst: Option<String>,
    #[serde(flatten)]
    pub blokke: BlocksView,
}

/// Checks a memo and builds its view. Collects every problem found.
pub fn check(
    source: &SourceFile,
    notat: &Notat,
    printable: &Printable,
) -> Result<NotatView, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut texts: Vec<(String, &str)> = vec![("titel".into(), &notat.titel)];
    for (key, value) in [
        ("undertitel", &notat.undertitel),
        ("afsender", &notat.afsender),
    ] {
        if let Some(v) = value {
            texts.push((key.into(), v));
        }
    }
    for (n, a) in notat.afsnit.iter().enumerate() {
        if let Some(o) = &a.overskrift {
            texts.push((format!("afsnit[{n}].overskrift"), o));
        }
        if let Some(t) = &a.tekst {
            texts.push((format!("afsnit[{n}].tekst"), t));
        }
        blocks::texts(&format!("afsnit[{n}]."), &a.blocks(), &mut texts);
    }
    for (path, text) in texts {
        check_characters(source, &path, text, printable, &mut problems);
    }
    if notat.titel.trim().is_empty() {
        problems.push(
            source
                .error("the memo has an empty `titel`")
                .at(source.key_place("titel"))
                .help("write the memo's title"),
        );
    }
    if !DATE_YEARS.contains(&notat.dato.year()) {
        problems.push(
            source
                .error(format!(
                    "`dato` is in the year {}, which a PDF cannot carry",
                    notat.dato.year()
                ))
                .at(source.value_place("dato", 10))
                .help("write the memo's date as YYYY-MM-DD, e.g. `dato: 2021-04-15`"),
        );
    }
    let mut afsnit = Vec::new();
    for (n, a) in notat.afsnit.iter().enumerate() {
        let b = a.blocks();
        let count = [
            b.omgorelser.is_some(),
            b.reduktionsplan.is_some(),
            b.budgetopfoelgning.is_some(),
            b.visitationsregler.is_some(),
            b.udgiftsudvikling.is_some(),
            b.noegletal.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count();
        if count > 1 {
            problems.push(
                source
                    .error(format!("section `afsnit[{n}]` carries {count} blocks; a section carries at most one"))
                    .at(source.key_place(&format!("afsnit[{n}]")))
                    .help("give each block a section of its own"),
            );
        }
        let blokke = blocks::check(
            source,
            &format!("afsnit[{n}]."),
            &b,
            printable,
            &mut problems,
        );
        let clean = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        afsnit.push(AfsnitView {
            overskrift: a
                .overskrift
                .as_deref()
                .map(one_line)
                .filter(|s| !s.is_empty()),
            tekst: clean(&a.tekst),
            blokke,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(NotatView {
        titel: one_line(&notat.titel),
        undertitel: notat
            .undertitel
            .as_deref()
            .map(one_line)
            .filter(|s| !s.is_empty()),
        dato: DateView {
            aar: notat.dato.year(),
            maaned: notat.dato.month(),
            dag: notat.dato.day(),
        },
        dato_tekst: format::date_long(notat.dato),
        afsender: notat
            .afsender
            .as_deref()
            .map(one_line)
            .filter(|s| !s.is_empty()),
        sagsnr: notat.sagsnr.as_ref().map(|s| s.to_string()),
        afsnit,
    })
}
