//! The record of the personal-data check: per document, bilag and page of the site, what was checked, the findings masked and the exceptions used; the report `persondata.json` and its one summary line.

use std::sync::Mutex;

use serde::Serialize;

use super::Used;

/// What a checked file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Art {
    /// A document the tool made: an item, a meeting, a memo, a packet.
    Dokument,
    /// A bilag file as published (PDF/A).
    Bilag,
    /// A page or data file of the site.
    Side,
}

/// One finding, masked, with its page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Fund {
    #[serde(rename = "art")]
    pub kind: &'static str,
    #[serde(rename = "maskeret")]
    pub masked: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<usize>,
}

/// One file checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Record {
    /// The file as published, relative to the output (or as given).
    pub fil: String,
    pub art: Art,
    /// The case file it is made from.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kilde: String,
    /// Its pages, for a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sider: Option<usize>,
    /// `true` when it was withheld for its findings.
    pub tilbageholdt: bool,
    pub fund: Vec<Fund>,
    pub undtagelser: Vec<Used>,
}

/// Every record of a run, from every thread.
#[derive(Debug, Default)]
pub struct Ledger(Mutex<Vec<Record>>);

impl Ledger {
    pub fn add(&self, record: Record) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(record);
    }

    /// The records so far, in file order.
    pub fn records(&self) -> Vec<Record> {
        let mut all = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        all.sort();
        all.dedup();
        all
    }
}

/// The report of a run: the rule set and every record.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Report {
    #[serde(rename = "regelsæt")]
    pub ruleset: &'static str,
    pub fund: usize,
    pub dokumenter: usize,
    pub bilag: usize,
    pub sider: usize,
    pub undtagelser: usize,
    pub filer: Vec<Record>,
}

impl Report {
    pub fn of(records: Vec<Record>) -> Report {
        let count = |art: Art| records.iter().filter(|r| r.art == art).count();
        let mut used: Vec<&Used> = records.iter().flat_map(|r| &r.undtagelser).collect();
        used.sort();
        used.dedup();
        Report {
            ruleset: super::RULESET,
            fund: records.iter().map(|r| r.fund.len()).sum(),
            dokumenter: count(Art::Dokument),
            bilag: count(Art::Bilag),
            sider: count(Art::Side),
            undtagelser: used.len(),
            filer: records,
        }
    }

    /// "0 fund i 18 dokumenter og 7 bilag; 2 undtagelser".
    pub fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut line = format!(
            "{} i {}",
            plural(self.fund, "fund", "fund"),
            plural(self.dokumenter, "dokument", "dokumenter"),
        );
        if self.sider > 0 {
            line.push_str(&format!(", {}", plural(self.bilag, "bilag", "bilag")));
            line.push_str(&format!(
                " og {} af sitet",
                plural(self.sider, "fil", "filer")
            ));
        } else {
            line.push_str(&format!(" og {}", plural(self.bilag, "bilag", "bilag")));
        }
        line.push_str(&format!(
            "; {}",
            plural(self.undtagelser, "undtagelse", "undtagelser")
        ));
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fil: &str, art: Art, fund: usize) -> Record {
        Record {
            fil: fil.into(),
            art,
            kilde: String::new(),
            sider: Some(1),
            tilbageholdt: fund > 0,
            fund: (0..fund)
                .map(|_| Fund {
                    kind: "cpr",
                    masked: "010203-****".into(),
                    side: Some(1),
                })
                .collect(),
            undtagelser: Vec::new(),
        }
    }

    #[test]
    fn the_line_counts_findings_documents_bilag_and_exceptions() {
        let mut records = vec![
            record("a.pdf", Art::Dokument, 0),
            record("b.pdf", Art::Dokument, 2),
            record("c.pdf", Art::Bilag, 0),
        ];
        records[0].undtagelser.push(Used {
            kind: "email",
            masked: "s***@hedensted.dk".into(),
            begrundelse: "Funktionspostkasse".into(),
        });
        let report = Report::of(records);
        assert_eq!(
            report.line(),
            "2 fund i 2 dokumenter og 1 bilag; 1 undtagelse"
        );
    }
}
