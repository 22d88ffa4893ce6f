//! Expenditure over the years (`udgiftsudvikling`): the change from the first to the last year in the unit and in per cent, for the series and its comparison, as a sentence, a table with regnskab and budget years marked, and a chart.

use rust_decimal::Decimal;
use serde::Serialize;

use super::amount;
use crate::diagnostic::Diagnostic;
use crate::format;
use crate::load::SourceFile;
use crate::load::model::{Amount, Art, Udgiftsudvikling};

/// The change from the first to the last year, exact: last − first
/// (positive is a rise), in per cent of the first year's size.
pub type Udvikling = amount::Change;

pub fn udvikling(first: Decimal, last: Decimal) -> Udvikling {
    amount::change(first, last)
}

/// How many decimals a series prints with: as many as its most precise
/// amount was typed with (`20.8` → one), so no typed figure is rounded away
/// ([`amount::Precision`], as every amount block).
pub fn decimals(values: &[Decimal]) -> u32 {
    amount::Precision::of(values.iter().copied(), None).decimals
}

/// The sentence of a series: "Udgifterne er steget fra 274 mio. kr. i 2018
/// til 301 mio. kr. i 2022, en stigning på 27 mio. kr. eller 10%."
pub fn saetning(
    subject: &str,
    enhed: &str,
    (first_year, last_year): (i32, i32),
    (first, last): (Decimal, Decimal),
    places: u32,
) -> String {
    let u = udvikling(first, last);
    let n = |d: Decimal| format!("{} {enhed}", format::number(d, places));
    let per_cent = match u.procent {
        Some(p) => format!(" eller {}", format::percent_text(Some(p.abs()))),
        None => String::new(),
    };
    if u.beloeb.is_zero() {
        return format::sentence(format!(
            "{subject} er de samme i {first_year} og {last_year}: {}",
            n(first)
        ));
    }
    let (verb, noun) = if u.beloeb > Decimal::ZERO {
        ("steget", "en stigning")
    } else {
        ("faldet", "et fald")
    };
    format::sentence(format!(
        "{subject} er {verb} fra {} i {first_year} til {} i {last_year}, {noun} på {}{per_cent}",
        n(first),
        n(last),
        n(u.beloeb.abs()),
    ))
}

#[derive(Debug, Clone, Serialize)]
pub struct UdgiftsView {
    pub titel: String,
    pub aar: Vec<i32>,
    /// "Regnskab" or "Budget" per year; empty when `art` is not given.
    pub art: Vec<String>,
    /// The chart's category per year: `2021 (B)` for a budget year.
    pub kategorier: Vec<String>,
    pub serier: Vec<SerieView>,
    /// Whether both series share a unit, and so one chart.
    pub samme_enhed: bool,
    /// "2021-2022 er budget, de øvrige år regnskab", when `art` is given.
    pub art_tekst: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SerieView {
    pub navn: String,
    pub enhed: String,
    pub beloeb: Vec<String>,
    pub aendring: String,
    pub procent: String,
    pub saetning: String,
    /// Plain numbers for the chart.
    pub diagram: Vec<String>,
    /// The series in words, for the chart's alternative text.
    pub beskrivelse: String,
}

/// Checks the block at `path` and computes its view.
pub fn check(
    source: &SourceFile,
    path: &str,
    block: &Udgiftsudvikling,
) -> Result<UdgiftsView, Vec<Diagnostic>> {
    let aar = &block.aar;
    let example = "år: [2018, 2019, 2020, 2021, 2022]";
    let mut problems = amount::check_years(source, &format!("{path}.år"), aar, 2, example);
    if !block.art.is_empty() && block.art.len() != aar.len() {
        let at = format!("{path}.art");
        problems.push(
            source
                .error(format!(
                    "`{at}` has {} entries, but `{path}.år` has {} year(s)",
                    block.art.len(),
                    aar.len()
                ))
                .at(source.key_place(&at))
                .label("one per year")
                .help("write `regnskab` or `budget` for each year, in the order of `år`, or leave `art` out"),
        );
    }
    let enhed_of_comparison = block
        .sammenligning
        .as_ref()
        .and_then(|s| s.enhed.as_deref())
        .unwrap_or(&block.enhed);
    let lists: Vec<(String, &[Amount], &str, &str)> = std::iter::once((
        format!("{path}.beløb"),
        block.beloeb.as_slice(),
        "the expenditure",
        block.enhed.as_str(),
    ))
    .chain(block.sammenligning.as_ref().map(|s| {
        (
            format!("{path}.sammenligning.beløb"),
            s.beloeb.as_slice(),
            "the comparison",
            enhed_of_comparison,
        )
    }))
    .collect();
    for (at, amounts, what, enhed) in &lists {
        problems.extend(amount::check_per_year(
            source,
            at,
            amounts,
            aar,
            ("`år`", what, enhed),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let years = (aar[0], aar[aar.len() - 1]);
    let art: Vec<String> = block
        .art
        .iter()
        .map(|a| match a {
            Art::Regnskab => "Regnskab",
            Art::Budget => "Budget",
        })
        .map(str::to_string)
        .collect();
    let serie = |navn: &str, subject: &str, enhed: &str, values: &[Amount]| {
        let values: Vec<Decimal> = values.iter().map(|a| a.0).collect();
        let places = decimals(&values);
        let (first, last) = (values[0], values[values.len() - 1]);
        let u = udvikling(first, last);
        let budget_fra = aar
            .iter()
            .zip(&block.art)
            .find(|(_, a)| matches!(a, Art::Budget))
            .map(|(y, _)| *y);
        let points: Vec<(i32, Decimal)> = aar.iter().copied().zip(values.iter().copied()).collect();
        let beskrivelse = super::prose::udgifter(navn, enhed, &points, places, budget_fra);
        SerieView {
            navn: navn.to_string(),
            enhed: enhed.to_string(),
            beloeb: values.iter().map(|v| format::number(*v, places)).collect(),
            aendring: format::number(u.beloeb, places),
            procent: format::percent_table(u.procent),
            saetning: saetning(subject, enhed, years, (first, last), places),
            diagram: values.iter().map(|v| amount::chart_value(*v)).collect(),
            beskrivelse,
        }
    };
    let titel = block.titel.trim();
    let mut serier = vec![serie(
        titel,
        "Udgifterne",
        block.enhed.trim(),
        &block.beloeb,
    )];
    if let Some(s) = &block.sammenligning {
        let navn = s.navn.trim();
        serier.push(serie(
            navn,
            &format!("{navn}: udgifterne"),
            enhed_of_comparison.trim(),
            &s.beloeb,
        ));
    }
    let samme_enhed = serier.iter().all(|s| s.enhed == serier[0].enhed);
    Ok(UdgiftsView {
        titel: titel.to_string(),
        kategorier: aar
            .iter()
            .enumerate()
            .map(|(i, y)| match block.art.get(i) {
                Some(Art::Budget) => format!("{y} (B)"),
                _ => y.to_string(),
            })
            .collect(),
        art_tekst: art_tekst(aar, &block.art),
        aar: aar.clone(),
        art,
        serier,
        samme_enhed,
    })
}

/// Which years are budget and which regnskab, in words: "2021 og 2022 er
/// budgettal, de øvrige år regnskabstal."
fn art_tekst(aar: &[i32], art: &[Art]) -> Option<String> {
    let of = |kind: Art| -> Vec<String> {
        aar.iter()
            .zip(art)
            .filter(|(_, a)| **a == kind)
            .map(|(y, _)| y.to_string())
            .collect()
    };
    let list = |years: Vec<String>| match years.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} og {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    };
    let (budget, regnskab) = (of(Art::Budget), of(Art::Regnskab));
    match (budget.is_empty(), regnskab.is_empty()) {
        (true, true) => None,
        (true, false) => Some("Alle år er regnskabstal.".to_string()),
        (false, true) => Some("Alle år er budgettal.".to_string()),
        (false, false) => Some(format!(
            "{} er budgettal, {} regnskabstal.",
            list(budget),
            list(regnskab)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_seed_development_in_hedensted() {
        // Seed 004: 274 mio. kr. in 2018 to 301 mio. kr. in 2022.
        let u = udvikling(d("274"), d("301"));
        assert_eq!(u.beloeb, d("27"));
        assert_eq!(format::percent_text(u.procent), "10%");
        assert_eq!(
            saetning(
                "Udgifterne",
                "mio. kr.",
                (2018, 2022),
                (d("274"), d("301")),
                0
            ),
            "Udgifterne er steget fra 274 mio. kr. i 2018 til 301 mio. kr. i 2022, en stigning på 27 mio. kr. eller 10%."
        );
    }

    #[test]
    fn the_national_comparison_keeps_its_decimal() {
        let values = [d("20.8"), d("21.4"), d("21.9"), d("22.1"), d("22.5")];
        assert_eq!(decimals(&values), 1);
        assert_eq!(
            saetning(
                "Hele landet: udgifterne",
                "mia. kr.",
                (2018, 2022),
                (d("20.8"), d("22.5")),
                1
            ),
            "Hele landet: udgifterne er steget fra 20,8 mia. kr. i 2018 til 22,5 mia. kr. i 2022, en stigning på 1,7 mia. kr. eller 8%."
        );
        // 1,7 / 20,8 = 8,17 %.
        assert_eq!(
            format::percent_table(udvikling(d("20.8"), d("22.5")).procent),
            "8,2"
        );
    }

    #[test]
    fn a_fall_and_no_change() {
        assert_eq!(
            saetning(
                "Udgifterne",
                "mio. kr.",
                (2018, 2020),
                (d("50"), d("40")),
                0
            ),
            "Udgifterne er faldet fra 50 mio. kr. i 2018 til 40 mio. kr. i 2020, et fald på 10 mio. kr. eller 20%."
        );
        assert_eq!(
            saetning(
                "Udgifterne",
                "mio. kr.",
                (2018, 2020),
                (d("50"), d("50.0")),
                0
            ),
            "Udgifterne er de samme i 2018 og 2020: 50 mio. kr."
        );
    }

    #[test]
    fn a_first_year_of_zero_has_no_per_cent() {
        let u = udvikling(Decimal::ZERO, d("12"));
        assert_eq!(u.procent, None);
        assert_eq!(format::percent_table(u.procent), "-");
        assert_eq!(
            saetning(
                "Udgifterne",
                "mio. kr.",
                (2018, 2022),
                (Decimal::ZERO, d("12")),
                0
            ),
            "Udgifterne er steget fra 0 mio. kr. i 2018 til 12 mio. kr. i 2022, en stigning på 12 mio. kr."
        );
    }

    #[test]
    fn budget_and_regnskab_years_in_words() {
        let art = [
            Art::Regnskab,
            Art::Regnskab,
            Art::Regnskab,
            Art::Budget,
            Art::Budget,
        ];
        assert_eq!(
            art_tekst(&[2018, 2019, 2020, 2021, 2022], &art).unwrap(),
            "2021 og 2022 er budgettal, 2018, 2019 og 2020 regnskabstal."
        );
        assert_eq!(art_tekst(&[2018], &[]), None);
    }
}
