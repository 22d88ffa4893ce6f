//! Overturn rates (`omgørelser`): omgørelser = ændringer + hjemvisninger, each rate over afgørelser, checked and formatted.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::format;
use crate::load::SourceFile;
use crate::load::model::{OmgorelseTal, Omgorelser};

/// The derived figures of one area and year. Rates are per cent, exact;
/// `None` where there were no decisions to divide by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rates {
    pub afgoerelser: Decimal,
    pub omgoerelser: Decimal,
    pub aendringer: Decimal,
    pub hjemvisninger: Decimal,
    pub omgoerelser_pct: Option<Decimal>,
    pub aendringer_pct: Option<Decimal>,
    pub hjemvisninger_pct: Option<Decimal>,
}

/// Omgørelser = ændringer + hjemvisninger; each rate = count / afgørelser × 100.
pub fn rates(t: &OmgorelseTal) -> Rates {
    let hundred = Decimal::ONE_HUNDRED;
    let pct = |count: Decimal| (!t.afgoerelser.is_zero()).then(|| count * hundred / t.afgoerelser);
    let omgoerelser = t.aendringer + t.hjemvisninger;
    Rates {
        afgoerelser: t.afgoerelser,
        omgoerelser,
        aendringer: t.aendringer,
        hjemvisninger: t.hjemvisninger,
        omgoerelser_pct: pct(omgoerelser),
        aendringer_pct: pct(t.aendringer),
        hjemvisninger_pct: pct(t.hjemvisninger),
    }
}

/// The block as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct OmgorelserView {
    pub aar: i32,
    pub omraader: Vec<OmraadeView>,
    /// Years of the table over time (earlier years and this year), ascending.
    pub aarstal: Vec<i32>,
    /// One series per area with earlier years.
    pub historik: Vec<SerieView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OmraadeView {
    pub navn: String,
    pub afgoerelser: String,
    pub omgoerelser: AndelView,
    pub aendringer: AndelView,
    pub hjemvisninger: AndelView,
    /// The rate with one decimal, for tables (`37,2`).
    pub omgoerelser_tabel: String,
    /// The national rate as given (`36,3%`, `52%`), if given.
    pub landsplan_tekst: Option<String>,
    /// The national rate with one decimal, for tables (`-` when not given).
    pub landsplan_tabel: String,
    pub kommentar: Option<String>,
}

/// A count and its rate in running text: `42` and `37%`.
#[derive(Debug, Clone, Serialize)]
pub struct AndelView {
    pub antal: String,
    pub procent: String,
}

/// An area's rate over the years, for the table and chart.
#[derive(Debug, Clone, Serialize)]
pub struct SerieView {
    pub navn: String,
    pub punkter: Vec<PunktView>,
    /// The figures in words, for the chart's alternative text.
    pub beskrivelse: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PunktView {
    pub aar: i32,
    /// Table text (`37,2`, or `-` for a year without figures).
    pub kommune: String,
    pub landsplan: String,
    /// Plain numbers for the chart (`37.17`), absent where there is no figure.
    pub kommune_tal: Option<String>,
    pub landsplan_tal: Option<String>,
}

/// Checks the counts at `path` (whole, not negative, parts within the whole).
fn check_tal(
    source: &SourceFile,
    path: &str,
    what: &str,
    t: &OmgorelseTal,
    problems: &mut Vec<Diagnostic>,
) {
    let counts = [
        ("afgørelser", t.afgoerelser),
        ("ændringer", t.aendringer),
        ("hjemvisninger", t.hjemvisninger),
    ];
    let mut whole = true;
    let most = Decimal::from(1_000_000_000u32);
    for (key, value) in counts {
        if value.scale() > 0 && value.fract().is_zero() && value > Decimal::ZERO {
            // `2.000` is two thousand to a Danish reader, two to YAML.
            whole = false;
            let at = format!("{path}.{key}");
            problems.push(
                source
                    .error(format!(
                        "`{at}` is written `{value}`: a count has no decimal point or thousands separator"
                    ))
                    .at(source.value_place(&at, value.to_string().chars().count()))
                    .label("ambiguous")
                    .help(format!("write the whole number without separators, e.g. `{key}: 2000`")),
            );
        } else if value.is_sign_negative() || !value.fract().is_zero() || value > most {
            whole = false;
            let at = format!("{path}.{key}");
            problems.push(
                source
                    .error(format!(
                        "`{at}` must be a whole number from 0 to 1.000.000.000; it is {value}"
                    ))
                    .at(source.value_place(&at, value.to_string().chars().count()))
                    .label("not a count")
                    .help(format!(
                        "{key} counts decisions of {what}: write e.g. `{key}: 9`"
                    )),
            );
        }
    }
    if whole && t.aendringer + t.hjemvisninger > t.afgoerelser {
        let at = format!("{path}.afgørelser");
        problems.push(
            source
                .error(format!(
                    "{what}: ændringer ({}) + hjemvisninger ({}) = {} exceed afgørelser ({})",
                    t.aendringer,
                    t.hjemvisninger,
                    t.aendringer + t.hjemvisninger,
                    t.afgoerelser
                ))
                .at(source.value_place(&at, t.afgoerelser.to_string().chars().count()))
                .label("fewer decisions than overturned ones")
                .help("overturned decisions (ændringer and hjemvisninger) are counted among afgørelser; check the three figures against Danmarkskortet"),
        );
    }
    if let Some(l) = t.landsplan
        && (l.is_sign_negative() || l > Decimal::ONE_HUNDRED)
    {
        let at = format!("{path}.landsplan");
        problems.push(
            source
                .error(format!(
                    "`{at}` must be a per cent between 0 and 100; it is {l}"
                ))
                .at(source.value_place(&at, l.to_string().chars().count()))
                .help("write the national overturn rate in per cent, e.g. `landsplan: 36.3`"),
        );
    }
}

/// Checks the block at `path` and computes its view.
pub fn check(
    source: &SourceFile,
    path: &str,
    block: &Omgorelser,
) -> Result<OmgorelserView, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    check_areas(source, path, block, &mut problems);
    check_history(source, path, block, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }

    let omraader = area_views(block);

    let mut aarstal: BTreeSet<i32> = block
        .historik
        .iter()
        .flat_map(|h| h.aar.keys().copied())
        .collect();
    if !aarstal.is_empty() {
        aarstal.insert(block.aar);
    }
    let historik = series(block, &aarstal);

    Ok(OmgorelserView {
        aar: block.aar,
        omraader,
        aarstal: aarstal.into_iter().collect(),
        historik,
    })
}

/// Checks the block's year and its areas: at least one, each named once, each one's counts.
fn check_areas(
    source: &SourceFile,
    path: &str,
    block: &Omgorelser,
    problems: &mut Vec<Diagnostic>,
) {
    if !(1900..=9999).contains(&block.aar) {
        let at = format!("{path}.år");
        problems.push(
            source
                .error(format!(
                    "`{at}` must be a year in four digits; it is {}",
                    block.aar
                ))
                .at(source.value_place(&at, block.aar.to_string().chars().count()))
                .help("write the year of the figures, e.g. `år: 2020`"),
        );
    }
    if block.omraader.is_empty() {
        problems.push(
            source
                .error(format!("`{path}.områder` lists no areas"))
                .at(source.key_place(&format!("{path}.områder")))
                .help("give each area's afgørelser, ændringer and hjemvisninger, e.g. `- navn: Det sociale område`"),
        );
    }
    for (i, o) in block.omraader.iter().enumerate() {
        if block.omraader[..i]
            .iter()
            .any(|earlier| earlier.navn.trim() == o.navn.trim())
        {
            let at = format!("{path}.områder[{i}].navn");
            problems.push(
                source
                    .error(format!(
                        "the area `{}` stands twice in `{path}.områder`",
                        o.navn.trim()
                    ))
                    .at(source.value_place(&at, o.navn.chars().count()))
                    .help("give each area once; its history goes under `historik`"),
            );
        }
        let what = format!("{} {}", o.navn, block.aar);
        check_tal(
            source,
            &format!("{path}.områder[{i}]"),
            &what,
            &o.tal(),
            problems,
        );
    }
}

/// Checks the history: each area's years and counts, and that `områder` has the area.
fn check_history(
    source: &SourceFile,
    path: &str,
    block: &Omgorelser,
    problems: &mut Vec<Diagnostic>,
) {
    for (i, h) in block.historik.iter().enumerate() {
        if h.aar.is_empty() {
            let at = format!("{path}.historik[{i}].år");
            problems.push(
                source
                    .error(format!("the history of `{}` has no years", h.navn))
                    .at(source.key_place(&at))
                    .help("give the figures per year, e.g. `2019: {afgørelser: 98, ændringer: 12, hjemvisninger: 25, landsplan: 34.0}`, or leave the area out of `historik`"),
            );
        }
        for (year, t) in &h.aar {
            if !(1900..=9999).contains(year) {
                let at = format!("{path}.historik[{i}].år.{year}");
                problems.push(
                    source
                        .error(format!("`{year}` is not a year of the history"))
                        .at(source.key_place(&at))
                        .help("write the year in four digits, e.g. `2019:`"),
                );
            }
            let what = format!("{} {year}", h.navn);
            check_tal(
                source,
                &format!("{path}.historik[{i}].år.{year}"),
                &what,
                t,
                problems,
            );
        }
        if !block.omraader.iter().any(|o| o.navn == h.navn) {
            let at = format!("{path}.historik[{i}].navn");
            let known: Vec<&str> = block.omraader.iter().map(|o| o.navn.as_str()).collect();
            problems.push(
                source
                    .error(format!(
                        "the history names an area `{}` that `områder` does not have",
                        h.navn
                    ))
                    .at(source.value_place(&at, h.navn.chars().count()))
                    .help(format!("use one of the area names: {}", known.join(", "))),
            );
        }
    }
}

/// The view of each area of the block, its counts and rates formatted.
fn area_views(block: &Omgorelser) -> Vec<OmraadeView> {
    block
        .omraader
        .iter()
        .map(|o| {
            let r = rates(&o.tal());
            let andel = |count: Decimal, pct: Option<Decimal>| AndelView {
                antal: format::number(count, 0),
                procent: format::percent_text(pct),
            };
            OmraadeView {
                navn: o.navn.trim().to_string(),
                afgoerelser: format::number(r.afgoerelser, 0),
                omgoerelser: andel(r.omgoerelser, r.omgoerelser_pct),
                aendringer: andel(r.aendringer, r.aendringer_pct),
                hjemvisninger: andel(r.hjemvisninger, r.hjemvisninger_pct),
                omgoerelser_tabel: format::percent_table(r.omgoerelser_pct),
                landsplan_tekst: o.landsplan.map(|l| format!("{}%", national(l))),
                landsplan_tabel: format::percent_table(o.landsplan),
                kommentar: o
                    .kommentar
                    .as_deref()
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_string),
            }
        })
        .collect()
}

/// Each area's rate over the years `aarstal`, from its history and this year's figures.
fn series(block: &Omgorelser, aarstal: &BTreeSet<i32>) -> Vec<SerieView> {
    block
        .historik
        .iter()
        .map(|h| {
            let now = block
                .omraader
                .iter()
                .find(|o| o.navn == h.navn)
                .map(|o| o.tal());
            let figures: Vec<(i32, Option<Decimal>, Option<Decimal>)> = aarstal
                .iter()
                .map(|&year| {
                    let t = if year == block.aar {
                        now
                    } else {
                        h.aar.get(&year).copied()
                    };
                    let rate = t.and_then(|t| rates(&t).omgoerelser_pct);
                    (year, rate, t.and_then(|t| t.landsplan))
                })
                .collect();
            let punkter: Vec<PunktView> = figures
                .iter()
                .map(|&(year, rate, landsplan)| PunktView {
                    aar: year,
                    kommune: format::percent_table(rate),
                    landsplan: format::percent_table(landsplan),
                    kommune_tal: rate.map(super::amount::chart_value),
                    landsplan_tal: landsplan.map(super::amount::chart_value),
                })
                .collect();
            let beskrivelse = super::prose::omgoerelser(&figures);
            SerieView {
                navn: h.navn.trim().to_string(),
                punkter,
                beskrivelse,
            }
        })
        .collect()
}

/// The national rate as Ankestyrelsen gives it: with its one decimal, or
/// whole when it is whole (`36,3`, `52`).
fn national(l: Decimal) -> String {
    let decimals = if l.fract().is_zero() { 0 } else { 1 };
    format::number(l, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tal(a: i64, ae: i64, h: i64) -> OmgorelseTal {
        OmgorelseTal {
            afgoerelser: a.into(),
            aendringer: ae.into(),
            hjemvisninger: h.into(),
            landsplan: None,
        }
    }

    fn text(r: Option<Decimal>) -> String {
        format::percent_text(r)
    }

    #[test]
    fn the_seed_figures_for_2020() {
        // Det sociale område: Afgørelser 113. Omgørelser 37% (42). Ændringer 8% (9). Hjemvisninger 29% (33).
        let r = rates(&tal(113, 9, 33));
        assert_eq!(r.omgoerelser, Decimal::from(42));
        assert_eq!(
            (
                text(r.omgoerelser_pct),
                text(r.aendringer_pct),
                text(r.hjemvisninger_pct)
            ),
            ("37%".into(), "8%".into(), "29%".into())
        );
        // Børnehandicap: 23; 43% (10); 9% (2); 35% (8).
        let r = rates(&tal(23, 2, 8));
        assert_eq!(r.omgoerelser, Decimal::from(10));
        assert_eq!(
            (
                text(r.omgoerelser_pct),
                text(r.aendringer_pct),
                text(r.hjemvisninger_pct)
            ),
            ("43%".into(), "9%".into(), "35%".into())
        );
        // Voksenhandicap: 14; 29% (4); 7% (1); 21% (3).
        let r = rates(&tal(14, 1, 3));
        assert_eq!(r.omgoerelser, Decimal::from(4));
        assert_eq!(
            (
                text(r.omgoerelser_pct),
                text(r.aendringer_pct),
                text(r.hjemvisninger_pct)
            ),
            ("29%".into(), "7%".into(), "21%".into())
        );
    }

    #[test]
    fn no_decisions_gives_no_rate() {
        let r = rates(&tal(0, 0, 0));
        assert_eq!(r.omgoerelser_pct, None);
        assert_eq!(text(r.omgoerelser_pct), "-");
    }

    #[test]
    fn national_rate_keeps_its_decimal() {
        assert_eq!(national("36.3".parse().unwrap()), "36,3");
        assert_eq!(national("52".parse().unwrap()), "52");
        assert_eq!(national("42.4".parse().unwrap()), "42,4");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::rates;
    use crate::load::model::OmgorelseTal;

    proptest! {
        /// Omgørelser is the sum of its parts, every rate lies between 0 and
        /// 100, and the rate of the whole is the sum of the parts' rates.
        #[test]
        fn rates_are_shares_of_the_decisions(
            afgoerelser in 0u32..100_000,
            aendringer_share in 0u32..=1000,
            hjemvisninger_share in 0u32..=1000,
        ) {
            let aendringer = afgoerelser * aendringer_share / 2000;
            let hjemvisninger = afgoerelser * hjemvisninger_share / 2000;
            let t = OmgorelseTal {
                afgoerelser: afgoerelser.into(),
                aendringer: aendringer.into(),
                hjemvisninger: hjemvisninger.into(),
                landsplan: None,
            };
            let r = rates(&t);
            prop_assert_eq!(r.omgoerelser, Decimal::from(aendringer + hjemvisninger));
            if afgoerelser == 0 {
                prop_assert!(r.omgoerelser_pct.is_none());
            } else {
                for pct in [r.omgoerelser_pct, r.aendringer_pct, r.hjemvisninger_pct] {
                    let pct = pct.unwrap();
                    prop_assert!(pct >= Decimal::ZERO && pct <= Decimal::ONE_HUNDRED, "{pct}");
                }
                let parts = r.aendringer_pct.unwrap() + r.hjemvisninger_pct.unwrap();
                prop_assert!((parts - r.omgoerelser_pct.unwrap()).abs() < Decimal::new(1, 20));
            }
        }
    }
}
