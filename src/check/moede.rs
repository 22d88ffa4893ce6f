//! The meeting document's view: the meeting's facts (`moede.yaml`) checked, and its items gathered under them.

use chrono::Datelike;
use serde::Serialize;

use crate::check::{DATE_YEARS, DateView, Printable, PunktView, check_characters, one_line};
use crate::diagnostic::Diagnostic;
use crate::format;
use crate::load::SourceFile;
use crate::load::model::{Dokumenttype, Moede, Status};

#[derive(Debug, Clone, Serialize)]
pub struct MoedeView {
    pub kommune: String,
    pub udvalg: String,
    pub dato: DateView,
    /// `29. november 2021`.
    pub dato_tekst: String,
    pub tid: Option<String>,
    pub sted: Option<String>,
    pub formand: String,
    pub medlemmer: Vec<String>,
    pub fravaerende: Vec<String>,
    pub udgave: Dokumenttype,
    /// `Dagsorden` or `Referat`.
    pub overskrift: &'static str,
    pub udkast: bool,
    /// The document's title, also its metadata: "Referat – Udvalget for
    /// Læring – 29. november 2021", with "Udkast til …" for a draft.
    pub titel: String,
    pub punkter: Vec<PunktView>,
    /// Every bilag of the meeting, with the number of its item.
    pub bilag: Vec<MoedeBilagView>,
    pub sagsnumre: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MoedeBilagView {
    pub punkt: Option<u32>,
    pub titel: String,
    /// May not be published: listed by its title only, "(ikke offentlig)".
    pub tilbageholdt: bool,
    /// Left out of the complete packet (its converter is not installed);
    /// the packet's list of bilag says so.
    pub udeladt: bool,
}

/// Checks a meeting file and builds the meeting's view from its checked items.
pub fn check(
    source: &SourceFile,
    moede: &Moede,
    printable: &Printable,
    default_kommune: &str,
    punkter: Vec<PunktView>,
) -> Result<MoedeView, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut texts: Vec<(String, &str)> = vec![("udvalg".into(), &moede.udvalg)];
    for (key, value) in [
        ("formand", &moede.formand),
        ("kommune", &moede.kommune),
        ("tid", &moede.tid),
        ("sted", &moede.sted),
    ] {
        if let Some(v) = value {
            texts.push((key.into(), v));
        }
    }
    for (n, m) in moede.medlemmer.iter().enumerate() {
        texts.push((format!("medlemmer[{n}]"), m));
    }
    for (n, m) in moede.fravaerende.iter().enumerate() {
        texts.push((format!("fraværende[{n}]"), m));
    }
    for (path, text) in texts {
        check_characters(source, &path, text, printable, &mut problems);
    }
    if !DATE_YEARS.contains(&moede.dato.year()) {
        problems.push(
            source
                .error(format!(
                    "`dato` is in the year {}, which a PDF cannot carry",
                    moede.dato.year()
                ))
                .at(source.value_place("dato", 10))
                .help("write the meeting date as YYYY-MM-DD, e.g. `dato: 2021-11-29`"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let bilag = punkter
        .iter()
        .flat_map(|p| {
            p.bilag.iter().map(|b| MoedeBilagView {
                punkt: p.nummer,
                titel: b.titel.clone(),
                tilbageholdt: b.tilbageholdt,
                udeladt: false,
            })
        })
        .collect();
    let mut sagsnumre: Vec<String> = punkter
        .iter()
        .filter(|p| !p.sagsnr.is_empty())
        .map(|p| p.sagsnr.clone())
        .collect();
    sagsnumre.dedup();
    let names = |v: &[String]| v.iter().map(|n| one_line(n)).collect();
    let overskrift = match moede.udgave {
        Dokumenttype::Dagsorden => "Dagsorden",
        Dokumenttype::Referat => "Referat",
    };
    let udvalg = one_line(&moede.udvalg);
    let dato_tekst = format::date_long(moede.dato);
    let udkast = moede.status == Status::Udkast;
    let titel = match udkast {
        true => format!(
            "Udkast til {} – {udvalg} – {dato_tekst}",
            overskrift.to_lowercase()
        ),
        false => format!("{overskrift} – {udvalg} – {dato_tekst}"),
    };
    Ok(MoedeView {
        kommune: moede
            .kommune
            .as_deref()
            .map(one_line)
            .unwrap_or_else(|| default_kommune.to_string()),
        udvalg,
        dato: DateView {
            aar: moede.dato.year(),
            maaned: moede.dato.month(),
            dag: moede.dato.day(),
        },
        dato_tekst,
        tid: moede.tid.as_deref().map(one_line),
        sted: moede.sted.as_deref().map(one_line),
        formand: moede.formand.as_deref().map(one_line).unwrap_or_default(),
        medlemmer: names(&moede.medlemmer),
        fravaerende: names(&moede.fravaerende),
        udgave: moede.udgave,
        overskrift,
        udkast,
        titel,
        punkter,
        bilag,
        sagsnumre,
    })
}
