//! A key figure against the national average (`nøgletal`): the difference in the unit and in per cent of the kommune's level, and with `antal` what the national level would mean in total.

use rust_decimal::Decimal;
use serde::Serialize;

use super::amount;
use crate::diagnostic::Diagnostic;
use crate::format;
use crate::load::SourceFile;
use crate::load::model::Noegletal;

/// The derived figures, exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forskel {
    /// Kommune − landsgennemsnit: positive when the kommune lies above.
    pub beloeb: Decimal,
    /// The difference in per cent of the kommune's level; `None` when the
    /// kommune's figure is 0.
    pub procent: Option<Decimal>,
    /// The difference times `antal`: what the national level would change
    /// in total; `None` without `antal`.
    pub i_alt: Option<Decimal>,
}

pub fn forskel(kommune: Decimal, landsgennemsnit: Decimal, antal: Option<Decimal>) -> Forskel {
    let beloeb = kommune - landsgennemsnit;
    Forskel {
        beloeb,
        procent: amount::percent_of(beloeb, kommune),
        i_alt: antal.map(|a| beloeb * a),
    }
}

/// A total in kroner in words fit for a sentence: from a million on in
/// `mio. kr.` (from a thousand million in `mia. kr.`) with one decimal,
/// below that in whole kroner (`35,0 mio. kr.`, `812.000 kr.`). An amount
/// in another unit is written whole in its unit.
pub fn total_in_words(total: Decimal, enhed: &str) -> String {
    let per_krone = match enhed.trim() {
        "kr." | "kr" => Some(Decimal::ONE),
        "1.000 kr." | "t.kr." | "tkr." => Some(Decimal::from(1000)),
        "mio. kr." => Some(Decimal::from(1_000_000)),
        _ => None,
    };
    let Some(factor) = per_krone else {
        return format!("{} {}", format::number(total, 0), enhed.trim());
    };
    let kroner = total * factor;
    let million = Decimal::from(1_000_000);
    let milliard = Decimal::from(1_000_000_000);
    if kroner.abs() >= milliard {
        format!("{} mia. kr.", format::number(kroner / milliard, 1))
    } else if kroner.abs() >= million {
        format!("{} mio. kr.", format::number(kroner / million, 1))
    } else {
        format!("{} kr.", format::number(kroner, 0))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NoegletalView {
    pub navn: String,
    /// The name with a capital first letter, for the table's head.
    pub titel: String,
    pub aar: i32,
    pub enhed: String,
    pub kommune: String,
    pub landsgennemsnit: String,
    pub forskel: String,
    pub procent: String,
    pub antal: Option<String>,
    pub i_alt: Option<String>,
    /// The sentences: the two levels and the difference, and with `antal`
    /// what the national level would mean.
    pub saetninger: Vec<String>,
}

/// Checks the block at `path` and computes its view.
pub fn check(
    source: &SourceFile,
    path: &str,
    block: &Noegletal,
) -> Result<NoegletalView, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for (key, value) in [
        ("kommune", block.kommune.0),
        ("landsgennemsnit", block.landsgennemsnit.0),
    ] {
        problems.extend(amount::check(
            source,
            &format!("{path}.{key}"),
            value,
            &block.enhed,
        ));
    }
    if let Some(a) = block.antal
        && (!a.fract().is_zero() || a.is_sign_negative() || amount::too_large(a))
    {
        let at = format!("{path}.antal");
        problems.push(
            source
                .error(format!("`{at}` is {a}, which is not a count"))
                .at(source.value_place(&at, a.to_string().len()))
                .help("write how many the figure is per as a whole number without thousands separators, e.g. `antal: 26985`"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let enhed = block.enhed.trim();
    let navn = block.navn.trim();
    let (kommune, landet) = (block.kommune.0, block.landsgennemsnit.0);
    let f = forskel(kommune, landet, block.antal);
    let places = super::udgiftsudvikling::decimals(&[kommune, landet]);
    let n = |d: Decimal| format::number(d, places);
    let per_cent = match f.procent {
        Some(p) => format!(
            ", svarende til {} af kommunens niveau",
            format::percent_text(Some(p.abs()))
        ),
        None => String::new(),
    };
    let mut saetninger = vec![if f.beloeb.is_zero() {
        format!(
            "I {} var kommunens {navn} {} {enhed}, det samme som landsgennemsnittet",
            block.aar,
            n(kommune)
        )
    } else {
        format!(
            "I {} var kommunens {navn} {} {enhed} mod et landsgennemsnit på {} {enhed}: {} {enhed} {}{per_cent}",
            block.aar,
            n(kommune),
            n(landet),
            n(f.beloeb.abs()),
            if f.beloeb > Decimal::ZERO {
                "mere"
            } else {
                "mindre"
            },
        )
    }];
    if let Some(i_alt) = f.i_alt.filter(|t| !t.is_zero()) {
        let change = if i_alt > Decimal::ZERO {
            "en reduktion i udgifterne"
        } else {
            "en forøgelse af udgifterne"
        };
        saetninger.push(format!(
            "Samme niveau som landsgennemsnittet svarer til {change} på {}{}",
            total_in_words(i_alt.abs(), enhed),
            match f.procent {
                Some(p) => format!(" eller {}", format::percent_text(Some(p.abs()))),
                None => String::new(),
            }
        ));
    }
    let mut letters = navn.chars();
    let titel = letters
        .next()
        .map(|c| c.to_uppercase().chain(letters).collect())
        .unwrap_or_default();
    Ok(NoegletalView {
        navn: navn.to_string(),
        titel,
        aar: block.aar,
        enhed: enhed.to_string(),
        kommune: n(kommune),
        landsgennemsnit: n(landet),
        forskel: n(f.beloeb),
        procent: format::percent_table(f.procent),
        antal: block.antal.map(|a| format::number(a, 0)),
        i_alt: f.i_alt.map(|t| total_in_words(t, enhed)),
        saetninger: saetninger.into_iter().map(format::sentence).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_seed_key_figure_per_18_to_64_year_old() {
        // Seed 004: 10.702 kr. against 9.405 kr. in 2020; with 26.985
        // inhabitants aged 18-64 the national level is 35,0 mio. kr. or 12 % less.
        let f = forskel(d("10702"), d("9405"), Some(d("26985")));
        assert_eq!(f.beloeb, d("1297"));
        assert_eq!(format::percent_text(f.procent), "12%");
        assert_eq!(format::percent_table(f.procent), "12,1");
        assert_eq!(f.i_alt, Some(d("34999545")));
        assert_eq!(total_in_words(f.i_alt.unwrap(), "kr."), "35,0 mio. kr.");
    }

    #[test]
    fn totals_in_words() {
        assert_eq!(total_in_words(d("812000"), "kr."), "812.000 kr.");
        assert_eq!(total_in_words(d("1250000000"), "kr."), "1,3 mia. kr.");
        assert_eq!(total_in_words(d("35000"), "1.000 kr."), "35,0 mio. kr.");
        assert_eq!(total_in_words(d("1234"), "timer"), "1.234 timer");
    }

    #[test]
    fn below_the_average_and_a_zero_level() {
        let f = forskel(d("9000"), d("9405"), Some(d("100")));
        assert_eq!(f.beloeb, d("-405"));
        assert_eq!(f.i_alt, Some(d("-40500")));
        let zero = forskel(Decimal::ZERO, d("9405"), None);
        assert_eq!(zero.procent, None);
        assert_eq!(format::percent_text(zero.procent), "-");
        assert_eq!(zero.i_alt, None);
    }
}
