//! Danish formatting of numbers, amounts, per cents and dates (`-2.720`, `36,3`, `1.022,5`, `29. november 2021`), with the rounding rules next to the code that applies them.

use chrono::{Locale, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

/// How every figure is rounded: to the nearest, halves away from zero
/// (36,25 → 36,3; 37,5 % → 38 %; −0,5 → −1), as Danish public
/// administration rounds. Applied once, when a figure is printed; all
/// arithmetic before it is exact.
pub const ROUNDING: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// `d` rounded to `decimals` places and written the Danish way: `.` groups
/// thousands, `,` is the decimal sign, a minus sign only when the rounded
/// figure is not zero.
pub fn number(d: Decimal, decimals: u32) -> String {
    let rounded = d.round_dp_with_strategy(decimals, ROUNDING);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let plain = format!("{:.*}", decimals as usize, rounded.abs());
    let (int, frac) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let mut out = String::with_capacity(plain.len() + int.len() / 3 + 1);
    if negative {
        out.push('-');
    }
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(digit);
    }
    if let Some(frac) = frac {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// An amount in whole units of its table (`-2.720`); a missing amount is `-`.
pub fn amount(d: Option<Decimal>) -> String {
    d.map_or_else(|| "-".to_string(), |d| number(d, 0))
}

/// A share as a whole per cent for running text (`37%`); `None` (nothing to
/// divide by) is `-`.
pub fn percent_text(share: Option<Decimal>) -> String {
    share.map_or_else(|| "-".to_string(), |s| format!("{}%", number(s, 0)))
}

/// A per cent with one decimal for tables (`36,3`); `None` is `-`.
pub fn percent_table(percent: Option<Decimal>) -> String {
    percent.map_or_else(|| "-".to_string(), |p| number(p, 1))
}

/// A sentence with its full stop, which a unit at its end may have brought
/// already (`… 12 mio. kr.`).
pub fn sentence(text: String) -> String {
    if text.ends_with('.') {
        text
    } else {
        text + "."
    }
}

/// A date in Danish long form: `29. november 2021`.
pub fn date_long(d: NaiveDate) -> String {
    d.format_localized("%-d. %B %Y", Locale::da_DK).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn thousands_and_decimals() {
        assert_eq!(number(dec("-2720"), 0), "-2.720");
        assert_eq!(number(dec("36.3"), 1), "36,3");
        assert_eq!(number(dec("1022.5"), 1), "1.022,5");
        assert_eq!(number(dec("1234567.891"), 2), "1.234.567,89");
        assert_eq!(number(dec("999"), 0), "999");
        assert_eq!(number(dec("1000"), 0), "1.000");
        assert_eq!(number(dec("0"), 1), "0,0");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(number(dec("36.25"), 1), "36,3");
        assert_eq!(number(dec("-36.25"), 1), "-36,3");
        assert_eq!(number(dec("0.5"), 0), "1");
        assert_eq!(number(dec("-0.5"), 0), "-1");
        assert_eq!(number(dec("2.4999"), 0), "2");
        assert_eq!(number(dec("-1022.5"), 0), "-1.023");
    }

    #[test]
    fn no_minus_on_a_rounded_zero() {
        assert_eq!(number(dec("-0.4"), 0), "0");
        assert_eq!(number(dec("-0.04"), 1), "0,0");
    }

    #[test]
    fn empty_amounts_and_per_cents() {
        assert_eq!(amount(None), "-");
        assert_eq!(amount(Some(dec("-4720"))), "-4.720");
        assert_eq!(percent_text(Some(dec("37.17"))), "37%");
        assert_eq!(percent_text(None), "-");
        assert_eq!(percent_table(Some(dec("42.4"))), "42,4");
        assert_eq!(percent_table(None), "-");
    }

    #[test]
    fn dates_in_danish() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(date_long(d(2021, 11, 29)), "29. november 2021");
        assert_eq!(date_long(d(2022, 1, 1)), "1. januar 2022");
        assert_eq!(date_long(d(2022, 5, 5)), "5. maj 2022");
        assert_eq!(date_long(d(2021, 2, 3)), "3. februar 2021");
    }
}
