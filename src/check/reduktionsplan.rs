//! Savings-plan status (`reduktionsplan`): Netto-udestående = mål − the initiatives' sum per year, with optional carry-forward of unmet amounts.

use rust_decimal::Decimal;
use serde::Serialize;

use super::amount;
use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use crate::load::model::{Amount, Reduktionsplan};

/// The derived rows, exact, one entry per year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Carried from the year before (0 in the first year, and without carry-forward).
    pub overfoert: Vec<Decimal>,
    /// The target including what was carried.
    pub maal_i_alt: Vec<Decimal>,
    /// The sum of the initiatives.
    pub opnaaet: Vec<Decimal>,
    /// Netto-udestående = target (incl. carried) − initiatives.
    pub netto: Vec<Decimal>,
}

/// Computes the plan's rows. Targets and amounts are negative for a
/// reduction, so a negative Netto-udestående is a reduction still to be
/// found; with `carry`, that unmet amount is added to the next year's target
/// (an amount found beyond the target is not carried).
pub fn compute(maal: &[Decimal], initiatives: &[Option<Vec<Decimal>>], carry: bool) -> Plan {
    let years = maal.len();
    let opnaaet: Vec<Decimal> = (0..years)
        .map(|i| {
            initiatives
                .iter()
                .filter_map(|amounts| amounts.as_ref().and_then(|a| a.get(i)))
                .sum()
        })
        .collect();
    let mut plan = Plan {
        overfoert: Vec::with_capacity(years),
        maal_i_alt: Vec::with_capacity(years),
        opnaaet,
        netto: Vec::with_capacity(years),
    };
    let mut carried = Decimal::ZERO;
    for (goal, reached) in maal.iter().zip(&plan.opnaaet) {
        let target = goal + carried;
        let netto = target - reached;
        plan.overfoert.push(carried);
        plan.maal_i_alt.push(target);
        plan.netto.push(netto);
        carried = if carry {
            netto.min(Decimal::ZERO)
        } else {
            Decimal::ZERO
        };
    }
    plan
}

#[derive(Debug, Clone, Serialize)]
pub struct ReduktionsplanView {
    pub enhed: String,
    pub aar: Vec<i32>,
    pub maal: Vec<String>,
    pub overfoer: bool,
    pub overfoert: Vec<String>,
    pub maal_i_alt: Vec<String>,
    pub initiativer: Vec<InitiativView>,
    pub netto: Vec<String>,
    /// Under the table, when `decimaler` rounds the amounts.
    pub afrunding: Option<String>,
    /// Plain numbers for the chart: the target and what the initiatives reach, as reductions (positive).
    pub diagram_maal: Vec<String>,
    pub diagram_opnaaet: Vec<String>,
    /// The chart in words, for its alternative text.
    pub beskrivelse: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InitiativView {
    pub navn: String,
    pub beloeb: Vec<String>,
}

/// Checks the block at `path` and computes its view.
pub fn check(
    source: &SourceFile,
    path: &str,
    block: &Reduktionsplan,
) -> Result<ReduktionsplanView, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let years = block.aar.len();
    let at_aar = format!("{path}.år");
    problems.extend(amount::check_years(
        source,
        &at_aar,
        &block.aar,
        1,
        "år: [2021, 2022, 2023, 2024]",
    ));
    let mut check_list = |at: String, amounts: &[Amount], what: &str| {
        problems.extend(amount::check_per_year(
            source,
            &at,
            amounts,
            &block.aar,
            ("the plan", what, &block.enhed),
        ));
    };
    check_list(format!("{path}.mål"), &block.maal, "the target");
    for (n, ini) in block.initiativer.iter().enumerate() {
        if let Some(b) = &ini.beloeb {
            check_list(
                format!("{path}.initiativer[{n}].beløb"),
                b,
                &format!("`{}`", ini.navn),
            );
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

    let maal: Vec<Decimal> = block.maal.iter().map(|a| a.0).collect();
    let initiatives: Vec<Option<Vec<Decimal>>> = block
        .initiativer
        .iter()
        .map(|i| i.beloeb.as_ref().map(|b| b.iter().map(|a| a.0).collect()))
        .collect();
    let plan = compute(&maal, &initiatives, block.overfoer_udestaaende);
    let typed = maal
        .iter()
        .chain(initiatives.iter().flatten().flatten())
        .copied();
    let precision = amount::Precision::of(typed, block.decimaler);
    let amounts = |v: &[Decimal]| {
        v.iter()
            .map(|d| precision.amount(Some(*d)))
            .collect::<Vec<_>>()
    };
    let plain = |v: &[Decimal]| {
        v.iter()
            .map(|d| amount::chart_value(*d))
            .collect::<Vec<_>>()
    };
    let beskrivelse = super::prose::reduktionsplan(
        block.enhed.trim(),
        &block.aar,
        &plan.maal_i_alt,
        &plan.opnaaet,
        precision.decimals,
    );
    Ok(ReduktionsplanView {
        enhed: block.enhed.trim().to_string(),
        aar: block.aar.clone(),
        maal: amounts(&maal),
        overfoer: block.overfoer_udestaaende,
        overfoert: amounts(&plan.overfoert),
        maal_i_alt: amounts(&plan.maal_i_alt),
        initiativer: block
            .initiativer
            .iter()
            .map(|i| InitiativView {
                navn: i.navn.trim().to_string(),
                beloeb: match &i.beloeb {
                    Some(b) => b.iter().map(|a| precision.amount(Some(a.0))).collect(),
                    None => vec![precision.amount(None); years],
                },
            })
            .collect(),
        netto: amounts(&plan.netto),
        afrunding: precision.note(&block.enhed),
        diagram_maal: plain(&plan.maal_i_alt),
        diagram_opnaaet: plain(&plan.opnaaet),
        beskrivelse,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format;

    fn d(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|&x| Decimal::from(x)).collect()
    }

    #[test]
    fn the_seed_plan_of_april_2021() {
        let maal = d(&[-2000, -3000, -5000, -7000]);
        let initiatives = vec![
            None,
            Some(d(&[-977, -1257, -1257, -1257])),
            None,
            None,
            None,
            None,
            Some(d(&[-1023, -1023, -1023, -1023])),
        ];
        let plan = compute(&maal, &initiatives, false);
        let shown: Vec<String> = plan
            .netto
            .iter()
            .map(|n| format::amount(Some(*n)))
            .collect();
        assert_eq!(shown, ["0", "-720", "-2.720", "-4.720"]);
    }

    #[test]
    fn unmet_amounts_carry_forward() {
        let plan = compute(
            &d(&[-2000, -3000, -5000]),
            &[Some(d(&[-1500, -3000, -6000]))],
            true,
        );
        // 2000 short of 1500 found: 500 carried; 3500 asked, 3000 found: 500 carried again.
        assert_eq!(plan.overfoert, d(&[0, -500, -500]));
        assert_eq!(plan.maal_i_alt, d(&[-2000, -3500, -5500]));
        // Found beyond the target in the last year: positive, nothing carried.
        assert_eq!(plan.netto, d(&[-500, -500, 500]));
        let no_carry = compute(
            &d(&[-2000, -3000, -5000]),
            &[Some(d(&[-1500, -3000, -6000]))],
            false,
        );
        assert_eq!(no_carry.netto, d(&[-500, 0, 1000]));
    }

    #[test]
    fn decimal_amounts_are_exact() {
        let maal = vec!["-1022.5".parse().unwrap()];
        let plan = compute(&maal, &[Some(vec!["-0.1".parse().unwrap()])], false);
        assert_eq!(plan.netto, vec!["-1022.4".parse::<Decimal>().unwrap()]);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::compute;

    /// An amount in whole and tenths, like a finance officer types them.
    fn amount() -> impl Strategy<Value = Decimal> {
        (-10_000_000i64..10_000_000).prop_map(|tenths| Decimal::new(tenths, 1))
    }

    proptest! {
        /// Without carry-forward, Netto-udestående is exactly the target minus
        /// the sum of the initiatives, year by year, for any amounts.
        #[test]
        fn netto_is_target_minus_initiatives(
            years in 1usize..6,
            maal in proptest::collection::vec(amount(), 6),
            initiatives in proptest::collection::vec(proptest::option::of(proptest::collection::vec(amount(), 6)), 0..8),
        ) {
            let maal = &maal[..years];
            let initiatives: Vec<Option<Vec<Decimal>>> = initiatives
                .into_iter()
                .map(|i| i.map(|v| v[..years].to_vec()))
                .collect();
            let plan = compute(maal, &initiatives, false);
            for y in 0..years {
                let sum: Decimal = initiatives.iter().flatten().map(|v| v[y]).sum();
                prop_assert_eq!(plan.netto[y], maal[y] - sum);
            }
        }

        /// With carry-forward, each year's target is its own plus the unmet
        /// part of the year before, and nothing found beyond a target is carried.
        #[test]
        fn carry_forward_moves_only_unmet_amounts(
            maal in proptest::collection::vec(amount(), 1..6),
            found in proptest::collection::vec(amount(), 6),
        ) {
            let plan = compute(&maal, &[Some(found[..maal.len()].to_vec())], true);
            prop_assert_eq!(plan.overfoert[0], Decimal::ZERO);
            for (y, goal) in maal.iter().enumerate().skip(1) {
                prop_assert_eq!(plan.overfoert[y], plan.netto[y - 1].min(Decimal::ZERO));
                prop_assert_eq!(plan.maal_i_alt[y], goal + plan.overfoert[y]);
            }
        }
    }
}
