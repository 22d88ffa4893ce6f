//! Typed amounts of the finance blocks: one check for what a figure may be, the precision a block's table prints them with, and the plain form charts draw from.

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

/// A change from `base` to `to`, exact: the amount, `to − base`, and that
/// amount in per cent of the size of `base` (`None` for a base of 0). An
/// afvigelse from the budget and a development over the years are both one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub beloeb: Decimal,
    pub procent: Option<Decimal>,
}

pub fn change(base: Decimal, to: Decimal) -> Change {
    let beloeb = to - base;
    Change {
        beloeb,
        procent: percent_of(beloeb, base),
    }
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

/// The most decimals `decimaler:` may ask for: amounts are typed with at most two.
pub const MAX_DECIMALS: u32 = 2;

/// How a block prints its amounts: with as many decimals as its most
/// precisely typed amount (`-2000.5` beside `-1000` prints `-2.000,5` and
/// `-1.000,0`), so that no printed figure is rounded away from what was
/// typed; or, with `decimaler: N` on the block, rounded deliberately to `N`
/// decimals (half away from zero), which the table then says.
///
/// Every computed figure (sums, differences) is exact and has at most the
/// typed decimals, so it prints exactly as well. Shared by every amount
/// block: compute it once per block from all the amounts typed in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Precision {
    pub decimals: u32,
    /// Rounded on request (`decimaler`): the table carries a note.
    pub rounded: bool,
}

impl Precision {
    /// The precision of a block whose typed amounts are `typed`, with the
    /// block's `decimaler`, if any.
    pub fn of(typed: impl IntoIterator<Item = Decimal>, decimaler: Option<u32>) -> Precision {
        match decimaler {
            Some(n) => Precision {
                decimals: n,
                rounded: true,
            },
            // A figure read from a spreadsheet's binary float can carry more
            // decimals than anyone typed; amounts print with at most two.
            None => Precision {
                decimals: typed
                    .into_iter()
                    .map(|d| d.scale())
                    .max()
                    .unwrap_or(0)
                    .min(MAX_DECIMALS),
                rounded: false,
            },
        }
    }

    /// An amount as the table prints it; a missing amount is `-`.
    pub fn amount(self, d: Option<Decimal>) -> String {
        d.map_or_else(|| "-".to_string(), |d| format::number(d, self.decimals))
    }

    /// The note under a table whose amounts were rounded on request.
    pub fn note(self, enhed: &str) -> Option<String> {
        if !self.rounded {
            return None;
        }
        let to = match self.decimals {
            0 => format!("hele {}", enhed.trim()),
            1 => "én decimal".to_string(),
            n => format!("{n} decimaler"),
        };
        let stop = if to.ends_with('.') { "" } else { "." };
        Some(format!(
            "Beløbene er afrundet til {to}{stop} Summer og afvigelser er regnet af de præcise beløb, så de kan afvige fra summen af de afrundede."
        ))
    }
}

/// What is wrong with a block's `decimaler` at `at`, if anything.
pub fn check_decimals(source: &SourceFile, at: &str, decimaler: Option<u32>) -> Option<Diagnostic> {
    let n = decimaler.filter(|&n| n > MAX_DECIMALS)?;
    Some(
        source
            .error(format!("`{at}` asks for {n} decimals, more than amounts are typed with"))
            .at(source.value_place(at, n.to_string().len()))
            .label("at most 2")
            .help("write `decimaler: 0` to print whole amounts, 1 or 2 for decimals, or leave it out to print the amounts as they are typed"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_table_prints_its_most_precise_amount() {
        let p = Precision::of([d("-2000.5"), d("-3000"), d("-1022.25")], None);
        assert_eq!(p.decimals, 2);
        assert_eq!(p.amount(Some(d("-2000.5"))), "-2.000,50");
        let p = Precision::of([d("-2000.5"), d("-3000")], None);
        assert_eq!(p.amount(Some(d("-2000.5"))), "-2.000,5");
        assert_eq!(p.amount(Some(d("-3000"))), "-3.000,0");
        assert_eq!(p.amount(None), "-");
        assert_eq!(p.note("1.000 kr."), None);
        let whole = Precision::of([d("-2720"), d("0")], None);
        assert_eq!(whole.amount(Some(d("-2720"))), "-2.720");
    }

    #[test]
    fn decimaler_rounds_on_request_and_says_so() {
        let p = Precision::of([d("-2000.5")], Some(0));
        assert_eq!(p.amount(Some(d("-2000.5"))), "-2.001");
        assert_eq!(
            p.note("1.000 kr.").unwrap(),
            "Beløbene er afrundet til hele 1.000 kr. Summer og afvigelser er regnet af de præcise beløb, så de kan afvige fra summen af de afrundede."
        );
        assert!(
            Precision::of([], Some(1))
                .note("kr.")
                .unwrap()
                .contains("én decimal")
        );
    }
}
