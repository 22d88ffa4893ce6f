//! Finance status (`budgetopfølgning`): afvigelse = forventet regnskab − korrigeret budget (positive: merforbrug), in per cent of the corrected budget, and a total row.

use rust_decimal::Decimal;
use serde::Serialize;

use super::amount;
use crate::diagnostic::Diagnostic;
use crate::format;
use crate::load::SourceFile;
use crate::load::model::Budgetopfoelgning;

/// One row's derived figures, exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Afvigelse {
    /// Forventet regnskab − korrigeret budget: positive is merforbrug, negative mindreforbrug.
    pub beloeb: Decimal,
    /// Afvigelse in per cent of the size of the corrected budget, so that it
    /// carries the afvigelse's sign (merforbrug positive) also for an income
    /// budget, which is negative; `None` for a budget of 0.
    pub procent: Option<Decimal>,
}

pub fn afvigelse(korrigeret: Decimal, forventet: Decimal) -> Afvigelse {
    let beloeb = forventet - korrigeret;
    Afvigelse {
        beloeb,
        procent: (!korrigeret.is_zero()).then(|| beloeb * Decimal::ONE_HUNDRED / korrigeret.abs()),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetView {
    pub periode: String,
    pub enhed: String,
    pub har_oprindeligt: bool,
    pub raekker: Vec<RaekkeView>,
    pub i_alt: RaekkeView,
    /// Under the table, when `decimaler` rounds the amounts.
    pub afrunding: Option<String>,
    pub bemaerkninger: Vec<(String, String)>,
    pub diagram_korrigeret: Vec<String>,
    pub diagram_forventet: Vec<String>,
    pub beskrivelse: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RaekkeView {
    pub navn: String,
    pub oprindeligt: String,
    pub korrigeret: String,
    pub forventet: String,
    pub afvigelse: String,
    pub procent: String,
}

/// Checks the block at `path` and computes its view.
pub fn check(
    source: &SourceFile,
    path: &str,
    block: &Budgetopfoelgning,
) -> Result<BudgetView, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    if block.omraader.is_empty() {
        problems.push(
            source
                .error(format!("`{path}.områder` lists no areas"))
                .at(source.key_place(&format!("{path}.områder")))
                .help("give each area's korrigeret_budget and forventet_regnskab"),
        );
    }
    for (i, o) in block.omraader.iter().enumerate() {
        let amounts = [
            ("oprindeligt_budget", o.oprindeligt_budget.map(|a| a.0)),
            ("korrigeret_budget", Some(o.korrigeret_budget.0)),
            ("forventet_regnskab", Some(o.forventet_regnskab.0)),
        ];
        for (key, value) in amounts {
            if let Some(v) = value {
                let at = format!("{path}.områder[{i}].{key}");
                problems.extend(amount::check(source, &at, v, &block.enhed));
            }
        }
    }
    problems.extend(amount::check_decimals(
        source,
        &format!("{path}.decimaler"),
        block.decimaler,
    ));
    if !problems.is_empty() {
        return Err(problems);
    }

    let typed = block.omraader.iter().flat_map(|o| {
        [
            o.oprindeligt_budget.map(|a| a.0),
            Some(o.korrigeret_budget.0),
            Some(o.forventet_regnskab.0),
        ]
        .into_iter()
        .flatten()
    });
    let precision = amount::Precision::of(typed, block.decimaler);
    let amount = |d: Decimal| precision.amount(Some(d));
    let row =
        |navn: &str, oprindeligt: Option<Decimal>, korrigeret: Decimal, forventet: Decimal| {
            let a = afvigelse(korrigeret, forventet);
            RaekkeView {
                navn: navn.to_string(),
                oprindeligt: precision.amount(oprindeligt),
                korrigeret: amount(korrigeret),
                forventet: amount(forventet),
                afvigelse: amount(a.beloeb),
                procent: format::percent_table(a.procent),
            }
        };
    let raekker = block
        .omraader
        .iter()
        .map(|o| {
            row(
                o.navn.trim(),
                o.oprindeligt_budget.map(|a| a.0),
                o.korrigeret_budget.0,
                o.forventet_regnskab.0,
            )
        })
        .collect();
    let har_oprindeligt = block
        .omraader
        .iter()
        .any(|o| o.oprindeligt_budget.is_some());
    let sum = |f: fn(&crate::load::model::BudgetOmraade) -> Decimal| -> Decimal {
        block.omraader.iter().map(f).sum()
    };
    let oprindeligt_i_alt = har_oprindeligt.then(|| {
        block
            .omraader
            .iter()
            .filter_map(|o| o.oprindeligt_budget.map(|a| a.0))
            .sum()
    });
    let i_alt = row(
        "I alt",
        oprindeligt_i_alt,
        sum(|o| o.korrigeret_budget.0),
        sum(|o| o.forventet_regnskab.0),
    );
    let beskrivelse = block
        .omraader
        .iter()
        .map(|o| {
            format!(
                "{}: korrigeret budget {}, forventet regnskab {}",
                o.navn.trim(),
                amount(o.korrigeret_budget.0),
                amount(o.forventet_regnskab.0)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Ok(BudgetView {
        periode: block.periode.trim().to_string(),
        enhed: block.enhed.trim().to_string(),
        har_oprindeligt,
        raekker,
        i_alt,
        afrunding: precision.note(&block.enhed),
        bemaerkninger: block
            .omraader
            .iter()
            .filter_map(|o| {
                let b = o.bemaerkning.as_deref()?.trim();
                (!b.is_empty()).then(|| (o.navn.trim().to_string(), b.to_string()))
            })
            .collect(),
        diagram_korrigeret: block
            .omraader
            .iter()
            .map(|o| amount::chart_value(o.korrigeret_budget.0))
            .collect(),
        diagram_forventet: block
            .omraader
            .iter()
            .map(|o| amount::chart_value(o.forventet_regnskab.0))
            .collect(),
        beskrivelse: format!(
            "Korrigeret budget og forventet regnskab, {}, i {}: {beskrivelse}.",
            block.periode.trim(),
            block.enhed.trim()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn merforbrug_is_positive_and_mindreforbrug_negative() {
        let over = afvigelse(d("252300"), d("253000"));
        assert_eq!(over.beloeb, d("700"));
        let under = afvigelse(d("252300"), d("251000"));
        assert_eq!(under.beloeb, d("-1300"));
        assert_eq!(format::percent_table(under.procent), "-0,5");
    }

    #[test]
    fn the_seed_voksenhandicap_deficit() {
        // Seed 004, Voksenhandicap 2022 in 1.000 kr.: a deficit of 20,9 mio. kr.
        // on expenses, 9,6 mio. kr. more state refusion, 11,3 mio. kr. net.
        let udgifter = afvigelse(d("250000"), d("270900"));
        let refusion = afvigelse(d("-20000"), d("-29600"));
        let netto = udgifter.beloeb + refusion.beloeb;
        assert_eq!(format::number(udgifter.beloeb / d("1000"), 1), "20,9");
        assert_eq!(format::number(refusion.beloeb / d("1000"), 1), "-9,6");
        assert_eq!(format::number(netto / d("1000"), 1), "11,3");
    }

    #[test]
    fn a_zero_budget_has_no_per_cent() {
        assert_eq!(afvigelse(Decimal::ZERO, d("10")).procent, None);
    }
}
