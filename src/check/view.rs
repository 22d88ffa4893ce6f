//! The view data handed to the templates: checked, normalised values, no Typst and no arithmetic left to do.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::load::model::Persondata;

/// One agenda item, ready for its template.
#[derive(Debug, Clone, Serialize)]
pub struct PunktView {
    pub sagsnr: String,
    pub nummer: Option<u32>,
    pub titel: String,
    /// The title used in the file name.
    pub kort_titel: String,
    pub dato: DateView,
    /// The date in Danish long form: `29. november 2021`.
    pub dato_tekst: String,
    pub lukket: bool,
    /// Text sections with content, by their case-file key (`økonomi`, …); light Markdown.
    pub tekster: BTreeMap<String, String>,
    pub indstilling: Option<IndstillingView>,
    /// Domain blocks, printed after the sagsfremstilling text.
    #[serde(flatten)]
    pub blokke: super::blocks::BlocksView,
    pub fravaerende: Vec<String>,
    pub suppleanter: Vec<SuppleantView>,
    /// The vote, printed under Beslutning.
    pub afstemning: Option<AfstemningView>,
    /// Members' statements entered in the minutes, in order.
    pub protokoltilfoersler: Vec<ProtokoltilfoerselView>,
    pub bilag: Vec<BilagView>,
    /// The personal data the item lets through deliberately; not for the template.
    #[serde(skip)]
    pub persondata: Option<Persondata>,
}

/// Who voted for, against and abstained; a list may be empty.
#[derive(Debug, Clone, Serialize)]
pub struct AfstemningView {
    #[serde(rename = "for")]
    pub for_: Vec<String>,
    pub imod: Vec<String>,
    pub undlod: Vec<String>,
}

/// "Protokoltilførsel fra <navn>: <tekst>".
#[derive(Debug, Clone, Serialize)]
pub struct ProtokoltilfoerselView {
    pub navn: String,
    /// Light Markdown.
    pub tekst: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndstillingView {
    pub af: String,
    /// The clauses, without their leading "at".
    pub at: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SuppleantView {
    pub navn: String,
    #[serde(rename = "for")]
    pub for_: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BilagView {
    /// 1-based number of the bilag within its item.
    pub nummer: usize,
    pub titel: String,
    /// The title as the PDF's own title, for a bilag the tool typesets: a
    /// title typed as the file name it had (`Tal for … 2016-2020.pdf`)
    /// loses its extension, since a screen reader announces a document's
    /// title and a file name is no title.
    pub dokumenttitel: String,
    /// The PDF file, resolved against the case file's folder; `None` for a
    /// generated bilag, and in the public edition for a withheld one.
    pub fil: Option<String>,
    /// `offentlig: false` in the case file: it may not be published.
    #[serde(skip)]
    pub offentlig: bool,
    /// In the public edition: the bilag may not be published, so only its
    /// title is listed, with "(ikke offentlig)".
    pub tilbageholdt: bool,
    /// The personal data the bilag lets through deliberately; not for the template.
    #[serde(skip)]
    pub persondata: Option<Persondata>,
}

/// A date with its parts (for Typst's `datetime`) and its Danish long form.
/// Ordered as dates are: by year, month, day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DateView {
    pub aar: i32,
    pub maaned: u32,
    pub dag: u32,
}

impl DateView {
    /// `2021-11-29`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.aar, self.maaned, self.dag)
    }

    /// The date as chrono's, if it is one.
    pub fn naive(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.aar, self.maaned, self.dag)
    }
}
