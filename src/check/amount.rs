//! Typed amounts of the finance blocks: one check for what a figure may be, and the plain form charts draw from.

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
