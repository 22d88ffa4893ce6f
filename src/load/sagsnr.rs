//! The KLE journal number (`sagsnr`) every agenda item carries, and its validation.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Et journalnummer efter KLE i formen NN.NN.NN-XNN-N-ÅÅ, fx
/// `28.09.40-G01-44-21`: emnenummeret (tre grupper af to cifre),
/// handlingsfacetten (et stort bogstav og to cifre), løbenummeret og de to
/// sidste cifre i det år, sagen blev oprettet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
#[schemars(extend(
    "pattern" = r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[A-Z][0-9]{2}-[0-9]+-[0-9]{2}$",
    "patternErrorMessage" = "Et sagsnummer efter KLE har formen NN.NN.NN-XNN-N-ÅÅ, fx 00.00.00-I02-1-21."
))]
pub struct Sagsnr(String);

impl Sagsnr {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sagsnr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Sagsnr> for String {
    fn from(s: Sagsnr) -> String {
        s.0
    }
}

/// Why a text is no KLE journal number: the text (trimmed) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "malformed sagsnr `{value}`: {problem}; a KLE journal number has the form \
     NN.NN.NN-XNN-N-YY, e.g. `00.00.00-I02-1-21` or `28.09.40-G01-44-21`"
)]
pub struct SagsnrError {
    pub value: String,
    pub problem: Problem,
}

/// What is wrong with a KLE journal number, by its part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// It has this many parts separated by `-`.
    #[error("it has {0} part(s) separated by `-`, not 4")]
    Parts(usize),
    #[error("the emnenummer `{0}` must be three groups of two digits, like `28.09.40`")]
    Emnenummer(String),
    #[error("the handlingsfacet `{0}` must be a capital letter and two digits, like `G01`")]
    Handlingsfacet(String),
    #[error("the løbenummer `{0}` must be a number, like `44`")]
    Loebenummer(String),
    #[error("the year `{0}` must be two digits, like `21`")]
    Year(String),
}

impl TryFrom<String> for Sagsnr {
    type Error = SagsnrError;

    fn try_from(value: String) -> Result<Self, SagsnrError> {
        let trimmed = value.trim();
        match problem(trimmed) {
            None => Ok(Sagsnr(trimmed.to_string())),
            Some(problem) => Err(SagsnrError {
                value: trimmed.to_string(),
                problem,
            }),
        }
    }
}

fn digits(s: &str, n: Option<usize>) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && n.is_none_or(|n| s.len() == n)
}

/// What is wrong with `s` as a KLE number, or `None` if it is well formed.
fn problem(s: &str) -> Option<Problem> {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 4 {
        return Some(Problem::Parts(parts.len()));
    }
    let emne: Vec<&str> = parts[0].split('.').collect();
    if emne.len() != 3 || !emne.iter().all(|g| digits(g, Some(2))) {
        return Some(Problem::Emnenummer(parts[0].to_string()));
    }
    let facet = parts[1];
    let mut chars = facet.chars();
    let letter_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    if !letter_ok || !digits(chars.as_str(), Some(2)) {
        return Some(Problem::Handlingsfacet(facet.to_string()));
    }
    if !digits(parts[2], None) {
        return Some(Problem::Loebenummer(parts[2].to_string()));
    }
    if !digits(parts[3], Some(2)) {
        return Some(Problem::Year(parts[3].to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_seed_numbers() {
        for s in [
            "00.00.00-I02-1-21",
            "28.09.40-G01-44-21",
            "27.00.00-A00-19-20",
            "00.30.14-S00-7-20",
        ] {
            assert_eq!(Sagsnr::try_from(s.to_string()).unwrap().as_str(), s);
        }
    }

    #[test]
    fn names_the_part_that_is_wrong() {
        let err = |s: &str| Sagsnr::try_from(s.to_string()).unwrap_err().to_string();
        assert!(err("00.00.00-I02-1").contains("3 part(s)"));
        assert!(err("00.0.00-I02-1-21").contains("emnenummer `00.0.00`"));
        assert!(err("00.00.00-i02-1-21").contains("handlingsfacet `i02`"));
        assert!(err("00.00.00-I2-1-21").contains("handlingsfacet `I2`"));
        assert!(err("00.00.00-I02-x-21").contains("løbenummer `x`"));
        assert!(err("00.00.00-I02-1-2021").contains("year `2021`"));
        let e = Sagsnr::try_from(" 00.00.00-I02-1-2021 ".to_string()).unwrap_err();
        assert_eq!(e.value, "00.00.00-I02-1-2021");
        assert_eq!(e.problem, Problem::Year("2021".into()));
    }
}
