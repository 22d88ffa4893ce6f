//! The case model: what a case file says, as typed values. Knows nothing of layout or Typst.
//!
//! The doc comments of the types and keys a case file holds are in Danish:
//! they are the descriptions of the JSON Schemas (`schema.rs`) that an
//! editor shows the people who write the files.

use std::borrow::Cow;
use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
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

/// Defines a type that stands, in the JSON Schema only, for what a key
/// accepts where the Rust type or its deserializer says too little.
macro_rules! schema_of {
    ($(#[$doc:meta])* $name:ident, $schema:tt) => {
        $(#[$doc])*
        struct $name;

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

schema_of!(
    /// A text: YAML reads any scalar as its text (`titel: 2020` is the title
    /// "2020"), but never a list or a mapping. Where the key is read with
    /// [`text`], `~` is refused; `Option<Tekst>` allows it.
    Tekst,
    { "type": ["string", "number", "boolean"] }
);

schema_of!(
    /// A list of texts that may be left empty (`~`, or nothing after the
    /// colon), as [`optional_texts`] reads it.
    Tekster,
    {
        "type": ["array", "null"],
        "items": { "type": ["string", "number", "boolean"] }
    }
);

schema_of!(
    /// A date, `YYYY-MM-DD`, as chrono reads a YAML scalar.
    Dato,
    { "type": "string", "format": "date" }
);

schema_of!(
    /// A count of the `omgørelser` block: read as an exact decimal from a YAML
    /// number or text; the check wants it whole, from 0 to 1.000.000.000.
    Antal,
    {
        "type": ["integer", "string"],
        "minimum": 0,
        "maximum": 1_000_000_000,
        "pattern": "^[0-9]+$",
        "patternErrorMessage": "Skriv antallet som et helt tal uden punktum og tusindtalsskilletegn, fx 113."
    }
);

schema_of!(
    /// A per cent (`landsplan`): an exact decimal from a YAML number or text,
    /// from 0 to 100.
    Procent,
    {
        "type": ["number", "string"],
        "minimum": 0,
        "maximum": 100,
        "pattern": "^[0-9]+(\\.[0-9]+)?$",
        "patternErrorMessage": "Skriv procenten med punktum som decimaltegn, fx 36.3."
    }
);

schema_of!(
    /// A decimal amount, read exactly from a YAML number or text.
    Decimaltal,
    {
        "type": ["number", "string"],
        "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
        "patternErrorMessage": "Skriv beløbet med punktum som decimaltegn og uden tusindtalsskilletegn, fx -1022.5."
    }
);

/// The years of an area's history: a mapping from the year (`2019:`) to that
/// year's figures, with at least one year.
fn historik_aar(generator: &mut SchemaGenerator) -> Schema {
    let tal = generator.subschema_for::<OmgorelseTal>();
    json_schema!({
        "type": "object",
        "propertyNames": { "pattern": "^(19|[2-9][0-9])[0-9]{2}$" },
        "additionalProperties": tal,
        "minProperties": 1
    })
}

/// Et punkt på dagsordenen (`type: punkt`), én fil pr. punkt.
///
/// Tekstfelterne skrives i let Markdown: afsnit, lister med `-` og `1.`,
/// `**fed**`, `*kursiv*`, citater med `>`, links og tabeller. Et afsnit, der
/// mangler eller står tomt, kommer ikke med i dokumentet.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Punkt {
    /// Filens type: `punkt` for et dagsordenspunkt.
    #[serde(rename = "type")]
    pub kind: String,
    /// Sagsnummer efter KLE, fx `00.00.00-I02-1-21`. Udelades på formelle
    /// punkter (»Godkendelse af dagsorden«), og så trykkes intet sagsnummer.
    pub sagsnr: Option<Sagsnr>,
    /// Punktets nummer på mødet, fx `96`. Udelades det, får punktet nummeret
    /// efter det forrige punkt på mødet.
    pub nummer: Option<u32>,
    /// Punktets titel, fx `Omgørelsesprocenter 2020 på det sociale område`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub titel: String,
    /// En kortere titel til filnavnet (`Punkt_096_<kort_titel>.pdf`), fx
    /// `Omgørelsesprocenter 2020`. Udelades den, bruges titlen.
    #[schemars(with = "Option<Tekst>")]
    pub kort_titel: Option<String>,
    /// Mødedatoen som ÅÅÅÅ-MM-DD, fx `2021-11-29`; den bliver PDF'ens dato.
    /// Udelades den, bruges datoen i mappens navn, som i `…/2021-11-29/`.
    #[schemars(with = "Option<Dato>")]
    pub dato: Option<NaiveDate>,
    /// `true` for et lukket punkt. Den offentlige udgave viser kun punktets
    /// nummer, titel, ordene »Lukket punkt« og `offentlig_beslutning`.
    #[serde(default)]
    pub lukket: bool,
    /// Afsnittet Beslutningstema: hvad der skal tages stilling til.
    #[schemars(with = "Option<Tekst>")]
    pub beslutningstema: Option<String>,
    /// Afsnittet Økonomi.
    #[serde(rename = "økonomi")]
    #[schemars(with = "Option<Tekst>")]
    pub okonomi: Option<String>,
    /// Afsnittet Historik: sagens forløb indtil nu.
    #[schemars(with = "Option<Tekst>")]
    pub historik: Option<String>,
    /// Afsnittet Sagsfremstilling. En beregnet blok (`omgørelser`,
    /// `reduktionsplan`, `budgetopfølgning`, `visitationsregler`,
    /// `udgiftsudvikling` eller `nøgletal`) vises efter denne tekst.
    #[schemars(with = "Option<Tekst>")]
    pub sagsfremstilling: Option<String>,
    /// Omgørelsesprocenter fra Ankestyrelsens Danmarkskort; vises efter
    /// sagsfremstillingens tekst.
    #[serde(rename = "omgørelser")]
    pub omgorelser: Option<Omgorelser>,
    /// Status på en reduktions- eller genopretningsplan; vises efter
    /// sagsfremstillingens tekst.
    pub reduktionsplan: Option<Reduktionsplan>,
    /// En budgetopfølgning; vises efter sagsfremstillingens tekst.
    #[serde(rename = "budgetopfølgning")]
    pub budgetopfoelgning: Option<Budgetopfoelgning>,
    /// En ændring af visitationsregler; vises efter sagsfremstillingens tekst.
    pub visitationsregler: Option<Visitationsregler>,
    /// Udgifterne over en årrække; vises efter sagsfremstillingens tekst.
    pub udgiftsudvikling: Option<Udgiftsudvikling>,
    /// Et nøgletal mod landsgennemsnittet; vises efter sagsfremstillingens
    /// tekst.
    #[serde(rename = "nøgletal")]
    pub noegletal: Option<Noegletal>,
    /// Afsnittet Kommunikation: hvem der skal orienteres, og hvordan.
    #[schemars(with = "Option<Tekst>")]
    pub kommunikation: Option<String>,
    /// Afsnittet Lovgrundlag, fx `Dagtilbudslovens § 27`.
    #[schemars(with = "Option<Tekst>")]
    pub lovgrundlag: Option<String>,
    /// Indstillingen: hvem der indstiller, og at-sætningerne.
    pub indstilling: Option<Indstilling>,
    /// Afsnittet Beslutning; udfyldes til referatet, fx `Indstillingen blev godkendt.`
    #[schemars(with = "Option<Tekst>")]
    pub beslutning: Option<String>,
    /// For et lukket punkt: beslutningen, som den må offentliggøres, fx
    /// `Udvalget godkendte indstillingen.` Den offentlige udgave viser den
    /// under »Beslutning« i stedet for `beslutning`. Efter lov om kommunernes
    /// styrelse og tilsynets praksis skal beslutninger truffet for lukkede
    /// døre offentliggøres, så vidt fortroligheden tillader det; »Lukket
    /// punkt« alene er ikke nok.
    #[schemars(with = "Option<Tekst>")]
    pub offentlig_beslutning: Option<String>,
    /// Afstemningen: hvem der stemte for, imod og undlod at stemme. Hvert navn
    /// skal være et af mødets `medlemmer` eller en af punktets `suppleanter`,
    /// må stå én gang og ikke være fraværende.
    pub afstemning: Option<Afstemning>,
    /// Protokoltilførsler (styrelseslovens § 13, stk. 2): et medlems udtalelse
    /// til referatet, fx `- navn: Lars Poulsen` og `tekst: Jeg kan ikke
    /// støtte forslaget, fordi …`.
    #[serde(rename = "protokoltilførsel", default)]
    pub protokoltilfoersel: Vec<Protokoltilfoersel>,
    /// Punktets bilag, i den rækkefølge de skal stå.
    #[serde(default)]
    pub bilag: Vec<Bilag>,
    /// Medlemmer, der var fraværende under punktet, fx `[Lars Poulsen]`.
    #[serde(rename = "fraværende", default, deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster")]
    pub fravaerende: Vec<String>,
    /// Suppleanter, der deltog under punktet.
    #[serde(default)]
    pub suppleanter: Vec<Suppleant>,
    /// Persondata, der bevidst må stå i punktets offentlige udgave, fx en
    /// funktionspostkasse: `tilladt: [skoleafdelingen@hedensted.dk]` og
    /// `begrundelse: Forvaltningens funktionspostkasse`. Alt andet, der ligner
    /// et CPR-nummer, en e-mailadresse eller et telefonnummer, er en fejl i
    /// den offentlige udgave.
    pub persondata: Option<Persondata>,
}

/// Persondata, der bevidst må offentliggøres, og hvorfor; hver undtagelse,
/// der bruges, står i rapporten `persondata.json`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Persondata {
    /// Forekomsterne, som de står i teksten, fx `skoleafdelingen@hedensted.dk`
    /// eller `75 89 20 00`.
    #[serde(deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster", extend("minItems" = 1))]
    pub tilladt: Vec<String>,
    /// Hvorfor de må offentliggøres, fx `Forvaltningens funktionspostkasse`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub begrundelse: String,
}

/// Indstillingen, der i dokumentet står som »Administrationen indstiller,«
/// efterfulgt af at-sætningerne.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indstilling {
    /// Hvem der indstiller, fx `Direktøren`. Udelades det eller står det
    /// tomt, står der `Administrationen`.
    #[schemars(with = "Option<Tekst>")]
    pub af: Option<String>,
    /// At-sætningerne som en liste, fx `- der sker en drøftelse af sagen`.
    /// Dokumentet sætter selv »at« foran hver sætning, så skriv dem uden.
    #[serde(default, deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster")]
    pub at: Vec<String>,
}

/// Et bilag: en PDF-fil ved siden af sagsfilen, eller et bilag som
/// programmet selv laver (uden `fil`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bilag {
    /// Bilagets titel, fx `Tal for omgørelsesprocenter 2016-2020`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub titel: String,
    /// Bilagets fil, som den er modtaget, regnet fra sagsfilens mappe, fx
    /// `bilag/punkt-097-bilag-1.pdf`: en PDF af enhver slags, et Word-,
    /// Excel-, PowerPoint- eller OpenDocument-dokument (.docx, .doc, .odt,
    /// .rtf, .xlsx, .xls, .ods, .pptx, .odp) eller en scanning (.png, .jpg,
    /// .tif); programmet gør den til PDF/A. Filen skal ligge i den mappe, der
    /// dannes. Udelades for et bilag, programmet selv laver ud fra punktets
    /// tal (i dag historikken i `omgørelser`).
    #[schemars(with = "Option<Tekst>")]
    pub fil: Option<PathBuf>,
    /// `false` for et bilag, der ikke må offentliggøres (et borgerbrev, et
    /// dokument med personoplysninger): den offentlige udgave nævner kun
    /// titlen med »(ikke offentlig)«, den interne udgave er uændret.
    #[serde(default = "public")]
    pub offentlig: bool,
    /// Persondata, der bevidst må stå i bilagets offentlige udgave, og hvorfor.
    pub persondata: Option<Persondata>,
}

fn public() -> bool {
    true
}

/// En afstemning, der i referatet står under »Beslutning« som »For stemte:
/// …«, »Imod stemte: …« og »Undlod at stemme: …«.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Afstemning {
    /// Dem, der stemte for, fx `[Ole Vind, Hanne Grangaard]`.
    #[serde(rename = "for", default, deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster", extend("uniqueItems" = true))]
    pub for_: Vec<String>,
    /// Dem, der stemte imod, fx `[Lars Poulsen]`.
    #[serde(default, deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster", extend("uniqueItems" = true))]
    pub imod: Vec<String>,
    /// Dem, der undlod at stemme.
    #[serde(default, deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster", extend("uniqueItems" = true))]
    pub undlod: Vec<String>,
}

impl Afstemning {
    /// The three lists by their key, in the order they are printed.
    pub fn lists(&self) -> [(&'static str, &[String]); 3] {
        [
            ("for", &self.for_),
            ("imod", &self.imod),
            ("undlod", &self.undlod),
        ]
    }
}

/// En protokoltilførsel, der i referatet står som »Protokoltilførsel fra
/// Lars Poulsen: …«.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Protokoltilfoersel {
    /// Medlemmets navn, fx `Lars Poulsen`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub navn: String,
    /// Udtalelsen, som den skal stå i referatet.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub tekst: String,
}

/// En suppleant, der i dokumentet står som »Ole Ødmann deltog som suppleant
/// for Gitte Andersen (V)«.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suppleant {
    /// Suppleantens navn, fx `Ole Ødmann`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub navn: String,
    /// Det medlem, suppleanten deltog for, fx `Gitte Andersen (V)`.
    #[serde(rename = "for", deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub for_: String,
}

impl Punkt {
    /// The text sections by their case-file key, present or not.
    pub fn texts(&self) -> [(&'static str, Option<&str>); 8] {
        [
            ("beslutningstema", self.beslutningstema.as_deref()),
            ("økonomi", self.okonomi.as_deref()),
            ("historik", self.historik.as_deref()),
            ("sagsfremstilling", self.sagsfremstilling.as_deref()),
            ("kommunikation", self.kommunikation.as_deref()),
            ("lovgrundlag", self.lovgrundlag.as_deref()),
            ("beslutning", self.beslutning.as_deref()),
            ("offentlig_beslutning", self.offentlig_beslutning.as_deref()),
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

/// Omgørelsesprocenter fra Ankestyrelsens Danmarkskort (`omgørelser`).
///
/// Skriv kun antallene; programmet lægger ændringer og hjemvisninger sammen
/// til omgørelser, regner procenterne ud og viser dem i tekst og tabel – og
/// med `historik` også i en graf over årene.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Omgorelser {
    /// Året, som tallene gælder for, fx `2020`.
    #[serde(rename = "år")]
    #[schemars(range(min = 1900, max = 9999))]
    pub aar: i32,
    /// Tallene for hvert område i året.
    #[serde(rename = "områder")]
    #[schemars(length(min = 1))]
    pub omraader: Vec<OmgorelseOmraade>,
    /// Tidligere års tal pr. område, til tabellen og grafen over årene.
    #[serde(default)]
    pub historik: Vec<OmgorelseHistorik>,
}

/// Et områdes tal for året.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OmgorelseOmraade {
    /// Områdets navn, fx `Det sociale område`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub navn: String,
    /// Antal realitetsbehandlede sager, fx `113`.
    #[serde(rename = "afgørelser", with = "rust_decimal::serde::str")]
    #[schemars(with = "Antal")]
    pub afgoerelser: Decimal,
    /// Antal ændrede eller ophævede afgørelser, fx `9`.
    #[serde(rename = "ændringer", with = "rust_decimal::serde::str")]
    #[schemars(with = "Antal")]
    pub aendringer: Decimal,
    /// Antal hjemviste afgørelser, fx `33`.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "Antal")]
    pub hjemvisninger: Decimal,
    /// Omgørelsesprocenten på landsplan i procent, fx `36.3` (med punktum
    /// som decimaltegn).
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[schemars(with = "Option<Procent>")]
    pub landsplan: Option<Decimal>,
    /// Kommunens kommentar til tallene.
    #[schemars(with = "Option<Tekst>")]
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

/// Et års tal for et område: antal afgørelser, ændringer og hjemvisninger og
/// omgørelsesprocenten på landsplan.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OmgorelseTal {
    /// Antal realitetsbehandlede sager, fx `98`.
    #[serde(rename = "afgørelser", with = "rust_decimal::serde::str")]
    #[schemars(with = "Antal")]
    pub afgoerelser: Decimal,
    /// Antal ændrede eller ophævede afgørelser, fx `12`.
    #[serde(rename = "ændringer", with = "rust_decimal::serde::str")]
    #[schemars(with = "Antal")]
    pub aendringer: Decimal,
    /// Antal hjemviste afgørelser, fx `25`.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "Antal")]
    pub hjemvisninger: Decimal,
    /// Omgørelsesprocenten på landsplan i procent, fx `34.0`.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[schemars(with = "Option<Procent>")]
    pub landsplan: Option<Decimal>,
}

/// Et områdes tal for tidligere år.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OmgorelseHistorik {
    /// Områdets navn, skrevet som under `områder`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub navn: String,
    /// Tallene år for år, fx `2019: {afgørelser: 98, ændringer: 12,
    /// hjemvisninger: 25, landsplan: 34.0}`.
    #[serde(rename = "år")]
    #[schemars(schema_with = "historik_aar")]
    pub aar: std::collections::BTreeMap<i32, OmgorelseTal>,
}

/// Et beløb, fx `-1022.5`: punktum som decimaltegn og ingen
/// tusindtalsskilletegn. Skriv højst to decimaler; `-3.000` afvises, fordi
/// punktummet nok er ment som tusindtalsskilletegn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(rename = "Beloeb")]
pub struct Amount(
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "Decimaltal")]
    pub Decimal,
);

/// Status på en reduktions- eller genopretningsplan (`reduktionsplan`).
///
/// Programmet regner »Netto-udestående« ud år for år (målet minus
/// initiativerne) og viser en tabel og et søjlediagram.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reduktionsplan {
    /// Enheden for alle beløb, fx `1.000 kr.`
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub enhed: String,
    /// Planens år i stigende rækkefølge, fx `[2021, 2022, 2023, 2024]`.
    #[serde(rename = "år")]
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    pub aar: Vec<i32>,
    /// Reduktionsmålet fra budgetaftalen, ét beløb pr. år i `år`, negativt
    /// for en reduktion, fx `[-2000, -3000, -5000, -7000]`.
    #[serde(rename = "mål")]
    pub maal: Vec<Amount>,
    /// Planens initiativer.
    #[serde(default)]
    pub initiativer: Vec<Initiativ>,
    /// `true`, hvis det udestående (den del af målet, initiativerne ikke
    /// dækker) skal lægges til næste års mål. Standard er `false`.
    #[serde(rename = "overfør_udestående", default)]
    pub overfoer_udestaaende: bool,
    /// Rund blokkens beløb af til så mange decimaler (0, 1 eller 2), fx `0`;
    /// under tabellen står, at beløbene er afrundede. Udelades det, vises
    /// beløbene med så mange decimaler, som det mest præcise beløb er skrevet med.
    #[schemars(range(min = 0, max = 2))]
    pub decimaler: Option<u32>,
}

/// Et initiativ i planen.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Initiativ {
    /// Initiativets navn, fx `Foranstaltninger vedr. unge`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub navn: String,
    /// Initiativets beløb, ét pr. år i `år`, fx `[-977, -1257, -1257, -1257]`.
    /// Udelades, når der endnu ikke er beløb; så står der `-` i tabellen.
    #[serde(rename = "beløb")]
    pub beloeb: Option<Vec<Amount>>,
}

/// En budgetopfølgning for en måned eller et kvartal (`budgetopfølgning`).
///
/// Programmet regner afvigelsen ud (forventet regnskab minus korrigeret
/// budget; positiv er merforbrug) i beløb og procent og viser en tabel med
/// total, bemærkningerne og et søjlediagram.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budgetopfoelgning {
    /// Perioden, som den skal stå i dokumentet, fx `3. kvartal 2021`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub periode: String,
    /// Enheden for alle beløb, fx `1.000 kr.`
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub enhed: String,
    /// Tallene for hvert område. Udelades, når tallene læses fra et regneark
    /// (`fra_regneark`).
    #[serde(rename = "områder", default)]
    pub omraader: Vec<BudgetOmraade>,
    /// Rund blokkens beløb af til så mange decimaler (0, 1 eller 2), fx `0`;
    /// under tabellen står, at beløbene er afrundede. Udelades det, vises
    /// beløbene med så mange decimaler, som det mest præcise beløb er skrevet med.
    #[schemars(range(min = 0, max = 2))]
    pub decimaler: Option<u32>,
    /// Læs områdernes tal fra økonomisystemets regneark (`.xlsx`, `.xls`,
    /// `.ods` eller `.csv`) i stedet for at skrive dem under `områder`.
    pub fra_regneark: Option<FraRegneark>,
}

/// Hvor tallene i regnearket står: filen, arket og kolonneoverskriften for
/// hver nøgle. Hver række under overskrifterne er et område; en række uden
/// tal (fx en mellemoverskrift) springes over.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FraRegneark {
    /// Regnearket, regnet fra sagsfilens mappe, fx
    /// `data/budgetopfoelgning-2022-q2.xlsx`. Det skal ligge i sagens
    /// mappe eller en mappe under den.
    #[schemars(with = "Tekst")]
    pub fil: PathBuf,
    /// Arkets navn, fx `Opfølgning`. Udelades det, bruges det første ark.
    /// Ikke for `.csv`.
    #[schemars(with = "Option<Tekst>")]
    pub ark: Option<String>,
    /// Kolonneoverskriften i regnearket for hver nøgle, fx
    /// `korrigeret_budget: Korr. budget`.
    pub kolonner: Kolonner,
}

/// Kolonneoverskrifterne i regnearket, som de står i overskriftsrækken.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kolonner {
    /// Kolonnen med områdets navn, fx `Område`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub navn: String,
    /// Kolonnen med områdets gruppe, fx `Art` (valgfri).
    #[schemars(with = "Option<Tekst>")]
    pub gruppe: Option<String>,
    /// Kolonnen med det oprindelige budget (valgfri).
    #[schemars(with = "Option<Tekst>")]
    pub oprindeligt_budget: Option<String>,
    /// Kolonnen med det korrigerede budget, fx `Korr. budget`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub korrigeret_budget: String,
    /// Kolonnen med det forventede regnskab, fx `Forventet regnskab`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub forventet_regnskab: String,
    /// Kolonnen med det forventede regnskab fra sidste opfølgning (valgfri).
    #[schemars(with = "Option<Tekst>")]
    pub sidste_forventet: Option<String>,
    /// Kolonnen med bemærkningen (valgfri).
    #[serde(rename = "bemærkning")]
    #[schemars(with = "Option<Tekst>")]
    pub bemaerkning: Option<String>,
}

/// Et områdes budget og forventede regnskab.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetOmraade {
    /// Områdets navn, fx `Dagtilbud`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub navn: String,
    /// Det oprindelige budget, fx `250000`.
    pub oprindeligt_budget: Option<Amount>,
    /// Det korrigerede budget, fx `252300`.
    pub korrigeret_budget: Amount,
    /// Det forventede regnskab, fx `251000`.
    pub forventet_regnskab: Amount,
    /// Gruppen, området hører til, fx `Service`, `Overførsler` eller
    /// `Anlæg`. Områderne vises samlet pr. gruppe med en subtotal før
    /// totalen; har ét område en gruppe, skal alle have en.
    #[schemars(with = "Option<Tekst>")]
    pub gruppe: Option<String>,
    /// Det forventede regnskab ved sidste opfølgning, fx `250500`; tabellen
    /// viser så »Ændring siden sidste opfølgning«.
    pub sidste_forventet: Option<Amount>,
    /// En bemærkning til områdets tal.
    #[serde(rename = "bemærkning")]
    #[schemars(with = "Option<Tekst>")]
    pub bemaerkning: Option<String>,
}

/// Udgifterne over en årrække (`udgiftsudvikling`), evt. med en
/// sammenligning, fx hele landet.
///
/// Programmet regner ændringen fra første til sidste år ud i beløb og procent
/// og viser den i en sætning, en tabel og et diagram.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Udgiftsudvikling {
    /// Hvad tallene er, fx `Udgifter til tilbud til voksne med særlige
    /// behov, Hedensted Kommune`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub titel: String,
    /// Enheden for `beløb`, fx `mio. kr.`
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub enhed: String,
    /// Årene i stigende rækkefølge, fx `[2018, 2019, 2020, 2021, 2022]`.
    #[serde(rename = "år")]
    #[schemars(length(min = 2), extend("uniqueItems" = true))]
    pub aar: Vec<i32>,
    /// For hvert år, om tallet er `regnskab` eller `budget` (valgfri), fx
    /// `[regnskab, regnskab, regnskab, budget, budget]`.
    #[serde(default)]
    pub art: Vec<Art>,
    /// Ét beløb pr. år i `år`, fx `[274, 280, 287, 295, 301]`.
    #[serde(rename = "beløb")]
    pub beloeb: Vec<Amount>,
    /// En serie at sammenligne med, fx hele landet (valgfri).
    pub sammenligning: Option<Sammenligning>,
}

/// Om et års tal er regnskab eller budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Art {
    /// Regnskabstal: året er afsluttet.
    Regnskab,
    /// Budgettal.
    Budget,
}

/// Serien, udgifterne sammenlignes med.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sammenligning {
    /// Seriens navn, fx `Hele landet`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub navn: String,
    /// Seriens egen enhed, fx `mia. kr.`; udelades den, er det
    /// udgiftsudviklingens.
    #[schemars(with = "Option<Tekst>")]
    pub enhed: Option<String>,
    /// Ét beløb pr. år i `år`, fx `[20.8, 21.4, 21.9, 22.1, 22.5]`.
    #[serde(rename = "beløb")]
    pub beloeb: Vec<Amount>,
}

/// Et nøgletal for kommunen mod landsgennemsnittet (`nøgletal`).
///
/// Programmet regner forskellen ud i enheden og i procent af kommunens
/// niveau og, med `antal`, hvad landsgennemsnittets niveau ville betyde i
/// alt.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Noegletal {
    /// Nøgletallets navn, fx `udgifter pr. 18-64-årig`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub navn: String,
    /// Året, tallene gælder, fx `2020`.
    #[serde(rename = "år")]
    #[schemars(range(min = 1900, max = 9999))]
    pub aar: i32,
    /// Enheden, fx `kr.`
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub enhed: String,
    /// Kommunens tal, fx `10702`.
    pub kommune: Amount,
    /// Landsgennemsnittet, fx `9405`.
    pub landsgennemsnit: Amount,
    /// Hvor mange tallet er pr. (valgfri), fx `26985` (18-64-årige); så
    /// regnes forskellen også ud i alt.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[schemars(with = "Option<Antal>")]
    pub antal: Option<Decimal>,
}

/// En ændring af visitations- eller anvisningsregler (`visitationsregler`).
///
/// Programmet viser den gældende og den foreslåede prioriteringsrækkefølge
/// side om side og markerer, hvad der er nyt, fjernet eller flyttet.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Visitationsregler {
    /// Hvad reglerne gælder, fx `Anvisning af pladser i dagpleje, vuggestue
    /// og børnehave`.
    #[serde(rename = "område", deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub omraade: String,
    /// Lovgrundlaget, fx `Dagtilbudslovens § 27`.
    #[schemars(with = "Option<Tekst>")]
    pub lovgrundlag: Option<String>,
    /// De gældende regler i prioriteret rækkefølge, den vigtigste først, fx
    /// `[Søskendefortrin, Anciennitet]`.
    #[serde(rename = "gældende", deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster", extend("uniqueItems" = true))]
    pub gaeldende: Vec<String>,
    /// De foreslåede regler i prioriteret rækkefølge, den vigtigste først, fx
    /// `[Søskendefortrin, Lokalområdefortrin, Anciennitet]`.
    #[serde(rename = "foreslåede", deserialize_with = "optional_texts")]
    #[schemars(with = "Vec<Tekst>", length(min = 1), extend("uniqueItems" = true))]
    pub foreslaaede: Vec<String>,
    /// Datoen, hvor ændringen træder i kraft, som ÅÅÅÅ-MM-DD, fx `2022-01-01`.
    #[serde(rename = "ikrafttræden")]
    #[schemars(with = "Option<Dato>")]
    pub ikrafttraeden: Option<NaiveDate>,
    /// Hvornår ændringen evalueres, med ord, fx `efteråret 2022`.
    #[schemars(with = "Option<Tekst>")]
    pub evaluering: Option<String>,
    /// Hvem ændringen er en fordel for, fx `[Forældre, der bor i
    /// skoledistriktet]`.
    #[serde(default, deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster")]
    pub fordel_for: Vec<String>,
    /// Hvem ændringen ikke er en fordel for.
    #[serde(default, deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster")]
    pub ikke_fordel_for: Vec<String>,
}

/// The domain blocks a text can carry (an item's sagsfremstilling, a memo's section).
#[derive(Debug, Clone, Copy, Default)]
pub struct Blocks<'a> {
    pub omgorelser: Option<&'a Omgorelser>,
    pub reduktionsplan: Option<&'a Reduktionsplan>,
    pub budgetopfoelgning: Option<&'a Budgetopfoelgning>,
    pub visitationsregler: Option<&'a Visitationsregler>,
    pub udgiftsudvikling: Option<&'a Udgiftsudvikling>,
    pub noegletal: Option<&'a Noegletal>,
}

impl Punkt {
    pub fn blocks(&self) -> Blocks<'_> {
        Blocks {
            omgorelser: self.omgorelser.as_ref(),
            reduktionsplan: self.reduktionsplan.as_ref(),
            budgetopfoelgning: self.budgetopfoelgning.as_ref(),
            visitationsregler: self.visitationsregler.as_ref(),
            udgiftsudvikling: self.udgiftsudvikling.as_ref(),
            noegletal: self.noegletal.as_ref(),
        }
    }
}

/// En rettelse til et godkendt referat (`type: rettelse`).
///
/// Et godkendt referat ændres aldrig; en rettelse skrives i sin egen fil i
/// mødemappen og trykkes i »Tillæg til referat«, som den samlede pakke
/// bringer efter referatet.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rettelse {
    /// Filens type: `rettelse` for en rettelse.
    #[serde(rename = "type")]
    pub kind: String,
    /// Dagen, rettelsen blev vedtaget, som ÅÅÅÅ-MM-DD, fx `2021-12-13`.
    #[schemars(with = "Dato")]
    pub dato: NaiveDate,
    /// Nummeret på det punkt, rettelsen angår, fx `98`; kan udelades.
    pub punkt: Option<u32>,
    /// Rettelsen i let Markdown, fx `I punkt 98 skal "Daugård" være "Daugaard".`
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub tekst: String,
    /// Hvem der vedtog rettelsen, fx `Udvalget for Læring, møde 13. december
    /// 2021, punkt 110`.
    #[schemars(with = "Option<Tekst>")]
    pub vedtaget_af: Option<String>,
}

/// Et notat, en statusorientering eller et selvstændigt bilag (`type: notat`).
///
/// Skrives som `Notat_<titel>.pdf`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notat {
    /// Filens type: `notat` for et notat.
    #[serde(rename = "type")]
    pub kind: String,
    /// Notatets titel, fx `Økonomisk genopretning af myndighedsområderne`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub titel: String,
    /// En undertitel, fx `Beskrivelse af initiativer – status april 2021`.
    #[schemars(with = "Option<Tekst>")]
    pub undertitel: Option<String>,
    /// Notatets dato som ÅÅÅÅ-MM-DD, fx `2021-04-15`.
    #[schemars(with = "Dato")]
    pub dato: NaiveDate,
    /// Afsenderen, fx `Løn & Økonomi`.
    #[schemars(with = "Option<Tekst>")]
    pub afsender: Option<String>,
    /// Sagsnummer efter KLE, når notatet hører til en sag, fx
    /// `00.00.00-I02-1-21`.
    pub sagsnr: Option<Sagsnr>,
    /// Notatets afsnit i den rækkefølge, de skal stå.
    #[serde(default)]
    pub afsnit: Vec<NotatAfsnit>,
}

/// Et afsnit i et notat: en overskrift, en tekst og højst én beregnet blok.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotatAfsnit {
    /// Afsnittets overskrift, fx `Økonomioversigt`.
    #[schemars(with = "Option<Tekst>")]
    pub overskrift: Option<String>,
    /// Afsnittets tekst i let Markdown.
    #[schemars(with = "Option<Tekst>")]
    pub tekst: Option<String>,
    /// Omgørelsesprocenter fra Ankestyrelsens Danmarkskort; vises efter
    /// afsnittets tekst.
    #[serde(rename = "omgørelser")]
    pub omgorelser: Option<Omgorelser>,
    /// Status på en reduktions- eller genopretningsplan; vises efter
    /// afsnittets tekst.
    pub reduktionsplan: Option<Reduktionsplan>,
    /// En budgetopfølgning; vises efter afsnittets tekst.
    #[serde(rename = "budgetopfølgning")]
    pub budgetopfoelgning: Option<Budgetopfoelgning>,
    /// En ændring af visitationsregler; vises efter afsnittets tekst.
    pub visitationsregler: Option<Visitationsregler>,
    /// Udgifterne over en årrække; vises efter afsnittets tekst.
    pub udgiftsudvikling: Option<Udgiftsudvikling>,
    /// Et nøgletal mod landsgennemsnittet; vises efter afsnittets tekst.
    #[serde(rename = "nøgletal")]
    pub noegletal: Option<Noegletal>,
}

impl NotatAfsnit {
    pub fn blocks(&self) -> Blocks<'_> {
        Blocks {
            omgorelser: self.omgorelser.as_ref(),
            reduktionsplan: self.reduktionsplan.as_ref(),
            budgetopfoelgning: self.budgetopfoelgning.as_ref(),
            visitationsregler: self.visitationsregler.as_ref(),
            udgiftsudvikling: self.udgiftsudvikling.as_ref(),
            noegletal: self.noegletal.as_ref(),
        }
    }
}

/// Et møde (`type: møde`) i filen `moede.yaml`: mødets oplysninger.
///
/// Mødets punkter er punktfilerne i samme mappe, efter `nummer`, eller i den
/// rækkefølge `punkter` nævner dem.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moede {
    /// Filens type: `møde` for et møde.
    #[serde(rename = "type")]
    pub kind: String,
    /// Kommunens navn, fx `Hedensted Kommune`. Udelades det, bruges navnet
    /// fra kommunens profil.
    #[schemars(with = "Option<Tekst>")]
    pub kommune: Option<String>,
    /// Udvalgets navn, fx `Udvalget for Læring`.
    #[serde(deserialize_with = "text")]
    #[schemars(with = "Tekst")]
    pub udvalg: String,
    /// Mødedatoen som ÅÅÅÅ-MM-DD, fx `2021-11-29`.
    #[schemars(with = "Dato")]
    pub dato: NaiveDate,
    /// Klokkeslættet, hvor mødet begynder, som det skal stå i dokumentet, fx
    /// `"15:00"` (i anførselstegn).
    #[schemars(with = "Option<Tekst>")]
    pub tid: Option<String>,
    /// Mødestedet, fx `Rådhuset, Juelsminde`.
    #[schemars(with = "Option<Tekst>")]
    pub sted: Option<String>,
    /// Formandens navn, fx `Ole Vind`. Udelades det (en eksport uden
    /// formand), står der ingen formand i sidehovedet.
    #[schemars(with = "Option<Tekst>")]
    pub formand: Option<String>,
    /// Udvalgets medlemmer, fx `[Ole Vind, Lars Poulsen]`. I referatet får
    /// hvert medlem en linje på siden med underskrifter.
    #[serde(default, deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster")]
    pub medlemmer: Vec<String>,
    /// Medlemmer, der var fraværende under hele mødet.
    #[serde(rename = "fraværende", default, deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster")]
    pub fravaerende: Vec<String>,
    /// `dagsorden` før mødet, `referat` efter det. Standard er `dagsorden`.
    #[serde(default)]
    pub udgave: Dokumenttype,
    /// `udkast` skriver »Udkast« i titlen og på forsiden og giver et
    /// vandmærke på hver side. Standard er `endelig`.
    #[serde(default)]
    pub status: Status,
    /// Punktfilerne i den rækkefølge, punkterne behandles, fx
    /// `[096-omgoerelsesprocenter-2020.yaml, 097-ungesamtaler.yaml]`.
    /// Udelades listen, tages alle punktfiler i mappen efter `nummer`.
    #[serde(default, deserialize_with = "optional_texts")]
    #[schemars(with = "Tekster")]
    pub punkter: Vec<String>,
}

/// Hvilket dokument mødet giver: dagsordenen før mødet eller referatet
/// efter det.
// The key `udgave` of `moede.yaml`: agenda or minutes. Not the edition
// (internal or public), which is `check::edition::Edition`; the schema
// keeps the key's name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "Udgave")]
pub enum Dokumenttype {
    /// Dagsordenen, før mødet.
    #[default]
    Dagsorden,
    /// Referatet, efter mødet, med beslutningerne og en side til underskrifter.
    Referat,
}

/// Om dokumentet er et udkast eller endeligt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Et udkast: hver side får et vandmærke.
    Udkast,
    /// Det endelige dokument.
    #[default]
    Endelig,
}
