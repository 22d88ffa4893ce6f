//! Typed amounts of the finance blocks: one check for what a figure may be, and the plain form charts draw from.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::format;
use crate::load::SourceFile;
use crate::load::model::Amount;

/// What is wrong with the amount `d` at key path `at`, if anything.
///
/// An amount written with three decimals (`-3.000`, `1.500`) is most likely a
/// Danish thousands separator, which YAML reads as a decimal point; an
/// amount beyond a thousand billion of its unit is a typing error.
pub fn check(source: &SourceFile, at: &str, d: Decimal, enhed: &str) -> Option<Diagnostic> {
    let place = source.value_place(at, d.to_string().len());
    if d.scale() == 3 {
        return Some(
            source
                .error(format!(
                    "`{at}` is written `{d}`: is that {} or {}?",
                    format::number(d, 3),
                    format::number(d * Decimal::from(1000), 0)
                ))
                .at(place)
                .label("ambiguous")
                .help("write amounts without thousands separators (`-3000`) and with `.` only as the decimal sign, with at most two decimals (`-1022.5`)"),
        );
    }
    if too_large(d) {
        return Some(
            source
                .error(format!("`{at}` is {d}, more than any plan or budget holds"))
                .at(place)
                .help(format!("amounts are in {enhed}; check the figure")),
        );
    }
    None
}

/// `part` in per cent of the size of `base` — so the per cent carries the
/// sign of `part` also where the base is negative (an income budget) —
/// exactly; `None` for a base of 0, which prints as `-`.
pub fn percent_of(part: Decimal, base: Decimal) -> Option<Decimal> {
    (!base.is_zero()).then(|| part * Decimal::ONE_HUNDRED / base.abs())
}

/// Whether `d` is beyond a thousand billion of its unit: more than any plan
/// or budget holds, so a typing (or export) error.
pub fn too_large(d: Decimal) -> bool {
    d.abs() > Decimal::from(1_000_000_000_000u64)
}

/// An amount's size as a plain number for a chart to draw (`1257.5`).
pub fn chart_value(d: Decimal) -> String {
    d.abs().round_dp(2).to_string()
}

/// What is wrong with the years of a block at key path `at` (`…år`): fewer
/// than `min`, or not each year once in rising order. `example` is a list
/// to show, e.g. `år: [2021, 2022]`.
pub fn check_years(
    source: &SourceFile,
    at: &str,
    aar: &[i32],
    min: usize,
    example: &str,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if aar.len() < min {
        let message = match aar.len() {
            0 => format!("`{at}` lists no years"),
            n => format!("`{at}` lists {n} year(s); it needs at least {min}"),
        };
        problems.push(
            source
                .error(message)
                .at(source.key_place(at))
                .help(format!("list the years, e.g. `{example}`")),
        );
    }
    if let Some(i) = aar.windows(2).position(|w| w[1] <= w[0]) {
        let (before, year) = (aar[i], aar[i + 1]);
        let message = if year == before {
            format!("the year {year} stands twice in `{at}`; each year stands once")
        } else {
            format!("`{at}` has {year} after {before}; the years must be in rising order")
        };
        let item = format!("{at}[{}]", i + 1);
        problems.push(
            source
                .error(message)
                .at(source
                    .value_place(&item, year.to_string().len())
                    .or(source.value_place(at, 1)))
                .label("this year")
                .help(format!("e.g. `{example}`")),
        );
    }
    problems
}

/// Checks a list of amounts at `at` that has one amount per year of `aar`:
/// its length, and each amount. `what` names the list's owner in the help,
/// `block` the block ("the plan"), and `enhed` is the amounts' unit.
pub fn check_per_year(
    source: &SourceFile,
    at: &str,
    amounts: &[Amount],
    aar: &[i32],
    (block, what, enhed): (&str, &str, &str),
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if amounts.len() != aar.len() {
        problems.push(per_year_length(source, at, amounts.len(), aar, block, what));
    }
    for (i, a) in amounts.iter().enumerate() {
        problems.extend(check(source, &format!("{at}[{i}]"), a.0, enhed));
    }
    problems
}

/// The error for a list at `at` of `len` entries where `aar` asks one per year.
pub fn per_year_length(
    source: &SourceFile,
    at: &str,
    len: usize,
    aar: &[i32],
    block: &str,
    what: &str,
) -> Diagnostic {
    source
        .error(format!(
            "`{at}` has {len} amount(s), but {block} has {} year(s) ({})",
            aar.len(),
            aar.iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .at(source.key_place(at))
        .label("one amount per year")
        .help(format!(
            "give {what} one amount per year, in the order of `år`; write 0 for a year without"
        ))
}
