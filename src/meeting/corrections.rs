//! Corrections to approved minutes (`type: rettelse`): every correction beside a meeting, in date order, printed as one "Tillæg til referat".

use crate::bilag::conformance::Level;
use crate::check::edition::Edition;
use crate::check::{self, Printable};
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::load::model::{Dokumenttype, Rettelse};
use crate::load::{self, Case, SourceFile};
use crate::prepared::Prepared;
use crate::typeset::PdfMeta;
use crate::write;

use crate::check::moede::MoedeView;

/// The document's title, and its bookmark in the complete packet.
pub const TITLE: &str = "Tillæg til referat";

/// The correction files beside the meeting file, read and parsed, sorted by
/// date (then file name).
fn corrections(meeting: &SourceFile) -> Result<Vec<(SourceFile, Rettelse)>, Vec<Diagnostic>> {
    let files = super::items::case_files_beside(meeting);
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let is_correction =
            std::fs::read_to_string(&path).is_ok_and(|t| crate::load::is_correction(&t));
        if !is_correction {
            continue;
        }
        match load::load(&path) {
            Ok(loaded) => {
                if let Case::Rettelse(r) = loaded.case {
                    found.push((loaded.source, *r));
                }
            }
            Err(d) => problems.push(*d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    found.sort_by(|a, b| (a.1.dato, &a.0.path).cmp(&(b.1.dato, &b.0.path)));
    Ok(found)
}

/// The day the newest correction beside `meeting` was adopted, if there is one.
pub fn newest(meeting: &SourceFile) -> Option<chrono::NaiveDate> {
    corrections(meeting).ok()?.last().map(|(_, r)| r.dato)
}

/// The "Tillæg til referat" of the minutes `view`, as `engine`'s edition
/// shows it: every correction in date order, with the item it concerns and
/// who decided it. `None` when the meeting has no corrections (or is an
/// agenda). In the public edition, the text of a correction to a closed
/// item is not printed.
pub fn tillaeg(
    engine: &Engine,
    meeting: &SourceFile,
    view: &MoedeView,
    printable: &Printable,
) -> Result<Option<Prepared>, Vec<Diagnostic>> {
    if view.udgave != Dokumenttype::Referat {
        return Ok(None);
    }
    let found = corrections(meeting)?;
    let Some(last) = found.last().map(|(_, r)| r.dato) else {
        return Ok(None);
    };
    let mut problems = Vec::new();
    let mut afsnit = Vec::new();
    for (source, r) in &found {
        let item = r
            .punkt
            .map(|n| (n, view.punkter.iter().find(|p| p.nummer == Some(n))));
        if let Some((n, None)) = item {
            problems.push(
                source
                    .error(format!("the meeting has no item {n}"))
                    .at(source.value_place("punkt", n.to_string().len()))
                    .help(format!(
                        "`punkt` is the number of the item the correction concerns, as the minutes print it: {}",
                        view.punkter
                            .iter()
                            .filter_map(|p| p.nummer.map(|n| n.to_string()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            );
            continue;
        }
        let dato = crate::format::date_long(r.dato);
        let overskrift = match item {
            Some((n, Some(p))) => format!("Rettelse vedtaget {dato} til punkt {n}: {}", p.titel),
            _ => format!("Rettelse vedtaget {dato}"),
        };
        let closed = item.is_some_and(|(_, p)| p.is_some_and(|p| p.lukket));
        let mut tekst = if closed && engine.edition() == Edition::Offentlig {
            "Rettelsen angår et lukket punkt og offentliggøres ikke.".to_string()
        } else {
            r.tekst.trim_end().to_string()
        };
        if let Some(af) = &r.vedtaget_af {
            tekst.push_str(&format!("\n\nVedtaget af: {}", af.trim()));
        }
        let mut a = serde_yaml::Mapping::new();
        a.insert("overskrift".into(), overskrift.into());
        a.insert("tekst".into(), tekst.into());
        afsnit.push(serde_yaml::Value::Mapping(a));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut notat = serde_yaml::Mapping::new();
    notat.insert("type".into(), "notat".into());
    notat.insert("titel".into(), TITLE.into());
    notat.insert(
        "undertitel".into(),
        format!("{}, mødet {}", view.udvalg, view.dato_tekst).into(),
    );
    notat.insert("dato".into(), last.format("%Y-%m-%d").to_string().into());
    notat.insert("afsender".into(), view.kommune.clone().into());
    notat.insert("afsnit".into(), serde_yaml::Value::Sequence(afsnit));
    let failed = |e: String| vec![meeting.error(format!("the corrections cannot be printed: {e}"))];
    let notat = serde_yaml::from_value(serde_yaml::Value::Mapping(notat))
        .map_err(|e| failed(e.to_string()))?;
    let notat_view = check::notat::check(meeting, &notat, printable)?;
    let typst = engine
        .templates()
        .notat(&notat_view)
        .map_err(|e| failed(e.to_string()))?;
    let name = write::tillaeg_file_name(view, engine.edition());
    Ok(Some(Prepared {
        meta: PdfMeta {
            ident: format!("{}/{name}", engine.templates().profile.kommune),
            date: notat_view.dato,
            level: Level::OWN,
            files: Vec::new(),
        },
        name,
        typst,
        bilag_files: Vec::new(),
        generated: Vec::new(),
        source: meeting.clone(),
        packet: None,
        warnings: Vec::new(),
        persondata: Vec::new(),
    }))
}
