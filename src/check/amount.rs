//! Typed amounts of the finance blocks: one check for what a figure may be, the precision a block's table prints them with, and the plain form charts draw from.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::format;
use crate::load::SourceFile;

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
    if d.abs() > Decimal::from(1_000_000_000_000u64) {
        return Some(
            source
                .error(format!("`{at}` is {d}, more than any plan or budget holds"))
                .at(place)
                .help(format!("amounts are in {enhed}; check the figure")),
        );
    }
    None
}

/// An amount's size as a plain number for a chart to draw (`1257.5`).
pub fn chart_value(d: Decimal) -> String {
    d.abs().round_dp(2).to_string()
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
            None => Precision {
                decimals: typed.into_iter().map(|d| d.scale()).max().unwrap_or(0),
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
