//! The case model: what a case file says, as typed values. Knows nothing of layout or Typst.

use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use serde::Deserializer;

use super::sagsnr::Sagsnr;

/// A text that must be there: YAML's empty value (`~`, `null`, nothing)
/// is an error at its place, not the text "~".
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Option::<String>::deserialize(d)? {
        Some(s) => Ok(s),
        None => Err(serde::de::Error::custom(
            "empty value: write a text after the colon",
        )),
    }
}

/// A list that may also be left empty (`fraværende:` with nothing after it).
fn optional_texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct Text(#[serde(deserialize_with = "text")] String);
    Ok(Option::<Vec<Text>>::deserialize(d)?
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.0)
        .collect())
}

/// An agenda item (`type: punkt`).
///
/// Text fields hold the light Markdown of the case-file format; they are
/// `None` when the file leaves them out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Punkt {
    #[serde(rename = "type")]
    pub kind: String,
    pub sagsnr: Sagsnr,
    pub nummer: Option<u32>,
    #[serde(deserialize_with = "text")]
    pub titel: String,
    /// A shorter title for the file name (`Punkt_096_<kort_titel>.pdf`).
    pub kort_titel: Option<String>,
    /// The meeting date; dates the PDF. Defaults to the date in the folder name.
    pub dato: Option<NaiveDate>,
    #[serde(default)]
    pub lukket: bool,
    pub beslutningstema: Option<String>,
    #[serde(rename = "økonomi")]
    pub okonomi: Option<String>,
    pub historik: Option<String>,
    pub sagsfremstilling: Option<String>,
    /// Overturn rates, printed after the sagsfremstilling text.
    #[serde(rename = "omgørelser")]
    pub omgorelser: Option<Omgorelser>,
    /// Status on a savings plan, printed after the sagsfremstilling text.
    pub reduktionsplan: Option<Reduktionsplan>,
    /// A finance status, printed after the sagsfremstilling text.
    #[serde(rename = "budgetopfølgning")]
    pub budgetopfoelgning: Option<Budgetopfoelgning>,
    /// A change of visitation rules, printed after the sagsfremstilling text.
    pub visitationsregler: Option<Visitationsregler>,
    pub kommunikation: Option<String>,
    pub lovgrundlag: Option<String>,
    pub indstilling: Option<Indstilling>,
    pub beslutning: Option<String>,
    #[serde(default)]
    pub bilag: Vec<Bilag>,
    #[serde(rename = "fraværende", default, deserialize_with = "optional_texts")]
    pub fravaerende: Vec<String>,
    #[serde(default)]
    pub suppleanter: Vec<Suppleant>,
}

/// The recommendation: "«af» indstiller," followed by its "at …" clauses.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indstilling {
    /// Who recommends; `Administrationen` when left out or empty.
    pub af: Option<String>,
    #[serde(default, deserialize_with = "optional_texts")]
    pub at: Vec<String>,
}

/// An attachment: a PDF next to the case file, or one the tool generates (no `fil`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilag {
    #[serde(deserialize_with = "text")]
    pub titel: String,
    pub fil: Option<PathBuf>,
}

/// A substitute member: "«navn» deltog som suppleant for «for»".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppleant {
    #[serde(deserialize_with = "text")]
    pub navn: String,
    #[serde(rename = "for", deserialize_with = "text")]
    pub for_: String,
}

impl Punkt {
    /// The text sections by their case-file key, present or not.
    pub fn texts(&self) -> [(&'static str, Option<&str>); 7] {
        [
            ("beslutningstema", self.beslutningstema.as_deref()),
            ("økonomi", self.okonomi.as_deref()),
            ("historik", self.historik.as_deref()),
            ("sagsfremstilling", self.sagsfremstilling.as_deref()),
            ("kommunikation", self.kommunikation.as_deref()),
            ("lovgrundlag", self.lovgrundlag.as_deref()),
            ("beslutning", self.beslutning.as_deref()),
        ]
    }
}

/// Every section key an item can have, in the spec's order.
pub const SECTION_KEYS: [&str; 9] = [
    "beslutningstema",
    "økonomi",
    "historik",
    "sagsfremstilling",
    "kommunikation",
    "lovgrundlag",
    "indstilling",
    "beslutning",
    "bilag",
];

/// Overturn rates from Ankestyrelsen's Danmarkskort (`omgørelser`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Omgorelser {
    #[serde(rename = "år")]
    pub aar: i32,
    #[serde(rename = "områder")]
    pub omraader: Vec<OmgorelseOmraade>,
    /// Earlier years per area, for the table and chart over time.
    #[serde(default)]
    pub historik: Vec<OmgorelseHistorik>,
}

/// One area's figures for the year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OmgorelseOmraade {
    #[serde(deserialize_with = "text")]
    pub navn: String,
    #[serde(rename = "afgørelser", with = "rust_decimal::serde::str")]
    pub afgoerelser: Decimal,
    #[serde(rename = "ændringer", with = "rust_decimal::serde::str")]
    pub aendringer: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub hjemvisninger: Decimal,
    /// The national overturn rate, in per cent.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub landsplan: Option<Decimal>,
    /// The municipality's comment on the figures (text).
    pub kommentar: Option<String>,
}

impl OmgorelseOmraade {
    pub fn tal(&self) -> OmgorelseTal {
        OmgorelseTal {
            afgoerelser: self.afgoerelser,
            aendringer: self.aendringer,
            hjemvisninger: self.hjemvisninger,
            landsplan: self.landsplan,
        }
    }
}

/// The raw counts of one area and year, and the national rate in per cent.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OmgorelseTal {
    #[serde(rename = "afgørelser", with = "rust_decimal::serde::str")]
    pub afgoerelser: Decimal,
    #[serde(rename = "ændringer", with = "rust_decimal::serde::str")]
    pub aendringer: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub hjemvisninger: Decimal,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub landsplan: Option<Decimal>,
}

/// An area's figures for earlier years, by year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OmgorelseHistorik {
    #[serde(deserialize_with = "text")]
    pub navn: String,
    #[serde(rename = "år")]
    pub aar: std::collections::BTreeMap<i32, OmgorelseTal>,
}

/// An amount typed in a case file, read exactly from its text (`-1022.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Amount(#[serde(with = "rust_decimal::serde::str")] pub Decimal);

/// Status on a savings/recovery plan (`reduktionsplan`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reduktionsplan {
    /// The unit of every amount, e.g. `1.000 kr.`
    pub enhed: String,
    #[serde(rename = "år")]
    pub aar: Vec<i32>,
    /// The reduction target per year (negative: a reduction).
    #[serde(rename = "mål")]
    pub maal: Vec<Amount>,
    #[serde(default)]
    pub initiativer: Vec<Initiativ>,
    /// Whether an unmet amount is added to the next year's target.
    #[serde(rename = "overfør_udestående", default)]
    pub overfoer_udestaaende: bool,
}

/// One initiative of the plan; no amounts yet prints `-`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Initiativ {
    #[serde(deserialize_with = "text")]
    pub navn: String,
    #[serde(rename = "beløb")]
    pub beloeb: Option<Vec<Amount>>,
}

/// A monthly or quarterly finance status (`budgetopfølgning`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budgetopfoelgning {
    /// The period, as it is to be printed: `3. kvartal 2021`.
    #[serde(deserialize_with = "text")]
    pub periode: String,
    #[serde(deserialize_with = "text")]
    pub enhed: String,
    #[serde(rename = "områder")]
    pub omraader: Vec<BudgetOmraade>,
}

/// One area's budget and expected accounts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetOmraade {
    #[serde(deserialize_with = "text")]
    pub navn: String,
    pub oprindeligt_budget: Option<Amount>,
    pub korrigeret_budget: Amount,
    pub forventet_regnskab: Amount,
    /// A remark on the area (text).
    #[serde(rename = "bemærkning")]
    pub bemaerkning: Option<String>,
}

/// A change to visitation or allocation rules (`visitationsregler`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visitationsregler {
    #[serde(rename = "område", deserialize_with = "text")]
    pub omraade: String,
    pub lovgrundlag: Option<String>,
    /// The priority order in force, most important first.
    #[serde(rename = "gældende", deserialize_with = "optional_texts")]
    pub gaeldende: Vec<String>,
    /// The proposed priority order.
    #[serde(rename = "foreslåede", deserialize_with = "optional_texts")]
    pub foreslaaede: Vec<String>,
    #[serde(rename = "ikrafttræden")]
    pub ikrafttraeden: Option<NaiveDate>,
    /// When the change is evaluated, in words (`efteråret 2022`).
    pub evaluering: Option<String>,
    #[serde(default, deserialize_with = "optional_texts")]
    pub fordel_for: Vec<String>,
    #[serde(default, deserialize_with = "optional_texts")]
    pub ikke_fordel_for: Vec<String>,
}

/// The domain blocks a text can carry (an item's sagsfremstilling, a memo's section).
#[derive(Debug, Clone, Copy, Default)]
pub struct Blocks<'a> {
    pub omgorelser: Option<&'a Omgorelser>,
    pub reduktionsplan: Option<&'a Reduktionsplan>,
    pub budgetopfoelgning: Option<&'a Budgetopfoelgning>,
    pub visitationsregler: Option<&'a Visitationsregler>,
}

impl Punkt {
    pub fn blocks(&self) -> Blocks<'_> {
        Blocks {
            omgorelser: self.omgorelser.as_ref(),
            reduktionsplan: self.reduktionsplan.as_ref(),
            budgetopfoelgning: self.budgetopfoelgning.as_ref(),
            visitationsregler: self.visitationsregler.as_ref(),
        }
    }
}

/// A memo, status note or stand-alone bilag (`type: notat`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notat {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(deserialize_with = "text")]
    pub titel: String,
    pub undertitel: Option<String>,
    pub dato: NaiveDate,
    pub afsender: Option<String>,
    /// A journal number, when the memo belongs to a case.
    pub sagsnr: Option<Sagsnr>,
    #[serde(default)]
    pub afsnit: Vec<NotatAfsnit>,
}

/// One section of a memo: a heading, a text and at most one domain block.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotatAfsnit {
    pub overskrift: Option<String>,
    pub tekst: Option<String>,
    #[serde(rename = "omgørelser")]
    pub omgorelser: Option<Omgorelser>,
    pub reduktionsplan: Option<Reduktionsplan>,
    #[serde(rename = "budgetopfølgning")]
    pub budgetopfoelgning: Option<Budgetopfoelgning>,
    pub visitationsregler: Option<Visitationsregler>,
}

impl NotatAfsnit {
    pub fn blocks(&self) -> Blocks<'_> {
        Blocks {
            omgorelser: self.omgorelser.as_ref(),
            reduktionsplan: self.reduktionsplan.as_ref(),
            budgetopfoelgning: self.budgetopfoelgning.as_ref(),
            visitationsregler: self.visitationsregler.as_ref(),
        }
    }
}

/// A meeting (`type: møde`): its facts, and the items of its folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moede {
    #[serde(rename = "type")]
    pub kind: String,
    /// The municipality; the profile's when left out.
    pub kommune: Option<String>,
    #[serde(deserialize_with = "text")]
    pub udvalg: String,
    pub dato: NaiveDate,
    /// The time the meeting starts, as printed (`15:00`).
    pub tid: Option<String>,
    pub sted: Option<String>,
    #[serde(deserialize_with = "text")]
    pub formand: String,
    #[serde(default, deserialize_with = "optional_texts")]
    pub medlemmer: Vec<String>,
    /// Members absent from the whole meeting.
    #[serde(rename = "fraværende", default, deserialize_with = "optional_texts")]
    pub fravaerende: Vec<String>,
    #[serde(default)]
    pub udgave: Udgave,
    #[serde(default)]
    pub status: Status,
    /// The item files in the order they are treated; by default every item
    /// file of the folder, by `nummer`.
    #[serde(default, deserialize_with = "optional_texts")]
    pub punkter: Vec<String>,
}

/// Agenda (before the meeting) or minutes (after it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Udgave {
    #[default]
    Dagsorden,
    Referat,
}

/// A draft carries a watermark on every page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Udkast,
    #[default]
    Endelig,
}
