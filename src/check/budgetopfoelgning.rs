//! Finance status (`budgetopfølgning`): afvigelse = forventet regnskab − korrigeret budget (positive: merforbrug), in per cent of the corrected budget, subtotals per group, the change since the last follow-up, and a total row; the figures typed or read from the finance system's spreadsheet.

use rust_decimal::Decimal;
use serde::Serialize;

use super::regneark::{self, Sheet};
use super::{Printable, amount, unprintable};
use crate::diagnostic::Diagnostic;
use crate::format;
use crate::load::SourceFile;
use crate::load::model::{Budgetopfoelgning, FraRegneark};

/// One row's derived figures, exact: forventet regnskab − korrigeret
/// budget (positive is merforbrug, negative mindreforbrug), in per cent of
/// the size of the corrected budget, so that it carries the afvigelse's sign
/// also for an income budget, which is negative; no per cent for a budget of 0.
pub type Afvigelse = amount::Change;

pub fn afvigelse(korrigeret: Decimal, forventet: Decimal) -> Afvigelse {
    amount::change(korrigeret, forventet)
}

/// One area's figures, typed in the case file or read from a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omraade {
    pub navn: String,
    pub gruppe: Option<String>,
    pub oprindeligt: Option<Decimal>,
    pub korrigeret: Decimal,
    pub forventet: Decimal,
    /// The forventet regnskab of the previous follow-up.
    pub sidste: Option<Decimal>,
    pub bemaerkning: Option<String>,
}

/// The sums of some areas (a group, or all of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sum {
    /// The sum of the original budgets given; `None` when no area has one.
    pub oprindeligt: Option<Decimal>,
    pub korrigeret: Decimal,
    pub forventet: Decimal,
    /// The sum of the previous forventet; `None` unless every area has one,
    /// so that a change is never computed over part of the areas.
    pub sidste: Option<Decimal>,
}

pub fn sum<'a>(areas: impl IntoIterator<Item = &'a Omraade>) -> Sum {
    let areas: Vec<&Omraade> = areas.into_iter().collect();
    let given: Vec<Decimal> = areas.iter().filter_map(|o| o.oprindeligt).collect();
    Sum {
        oprindeligt: (!given.is_empty()).then(|| given.iter().sum()),
        korrigeret: areas.iter().map(|o| o.korrigeret).sum(),
        forventet: areas.iter().map(|o| o.forventet).sum(),
        sidste: areas.iter().map(|o| o.sidste).sum::<Option<Decimal>>(),
    }
}

/// Ændring siden sidste opfølgning = forventet − sidste forventet; `None`
/// without a previous figure.
pub fn aendring(forventet: Decimal, sidste: Option<Decimal>) -> Option<Decimal> {
    sidste.map(|s| forventet - s)
}

/// The groups of the areas in the order they are first seen, each with the
/// indices of its areas in their order; empty when no area has a group.
pub fn grupper(areas: &[Omraade]) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, o) in areas.iter().enumerate() {
        let Some(g) = &o.gruppe else { continue };
        match out.iter_mut().find(|(name, _)| name == g) {
            Some((_, members)) => members.push(i),
            None => out.push((g.clone(), vec![i])),
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetView {
    pub periode: String,
    pub enhed: String,
    pub har_oprindeligt: bool,
    /// Whether the table has the column "Ændring siden sidste opfølgning".
    pub har_aendring: bool,
    /// The table's number of columns.
    pub kolonner: usize,
    /// Every area, in the table's order (grouped when there are groups).
    pub raekker: Vec<RaekkeView>,
    /// The groups with their areas and subtotal; empty without groups.
    pub grupper: Vec<GruppeView>,
    pub i_alt: RaekkeView,
    pub bemaerkninger: Vec<(String, String)>,
    pub diagram_korrigeret: Vec<String>,
    pub diagram_forventet: Vec<String>,
    pub beskrivelse: String,
    /// Where the figures come from, for a spreadsheet: "budget.xlsx, ark Opfølgning".
    pub kilde: Option<String>,
    /// The note under the table when `decimaler` rounds its amounts.
    pub afrunding: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GruppeView {
    pub navn: String,
    pub raekker: Vec<RaekkeView>,
    pub subtotal: RaekkeView,
}

#[derive(Debug, Clone, Serialize)]
pub struct RaekkeView {
    pub navn: String,
    pub oprindeligt: String,
    pub korrigeret: String,
    pub forventet: String,
    pub afvigelse: String,
    pub procent: String,
    pub aendring: String,
}

/// Checks the block at `path`, reads its spreadsheet if it has one, and
/// computes its view.
pub fn check(
    source: &SourceFile,
    path: &str,
    block: &Budgetopfoelgning,
    printable: &Printable,
) -> Result<BudgetView, Vec<Diagnostic>> {
    let areas = match (&block.fra_regneark, block.omraader.is_empty()) {
        (Some(_), false) => {
            return Err(vec![
                source
                    .error(format!(
                        "`{path}` has both `områder` and `fra_regneark`: the figures would come from two places"
                    ))
                    .at(source.key_place(&format!("{path}.fra_regneark")))
                    .label("figures from a spreadsheet")
                    .help("keep `fra_regneark` and remove `områder`, or keep the typed `områder` and remove `fra_regneark`"),
            ]);
        }
        (Some(sheet), true) => {
            from_sheet(source, &format!("{path}.fra_regneark"), sheet, printable)?
        }
        (None, true) => {
            let at = format!("{path}.områder");
            return Err(vec![
                source
                    .error(format!("`{at}` lists no areas"))
                    .at(source.key_place(&at).or(source.key_place(path)))
                    .help("give each area's korrigeret_budget and forventet_regnskab, or read them from a spreadsheet with `fra_regneark`"),
            ]);
        }
        (None, false) => typed(source, path, block)?,
    };
    let kilde = block.fra_regneark.as_ref().map(|r| {
        let fil = r.fil.file_name().map_or_else(
            || r.fil.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
        match &r.ark {
            Some(ark) => format!("{fil}, ark {}", ark.trim()),
            None => fil,
        }
    });
    if let Some(d) = amount::check_decimals(source, &format!("{path}.decimaler"), block.decimaler) {
        return Err(vec![d]);
    }
    Ok(view(
        block.periode.trim(),
        block.enhed.trim(),
        &areas,
        kilde,
        block.decimaler,
    ))
}

/// The typed areas, each amount checked.
fn typed(
    source: &SourceFile,
    path: &str,
    block: &Budgetopfoelgning,
) -> Result<Vec<Omraade>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for (i, o) in block.omraader.iter().enumerate() {
        let amounts = [
            ("oprindeligt_budget", o.oprindeligt_budget.map(|a| a.0)),
            ("korrigeret_budget", Some(o.korrigeret_budget.0)),
            ("forventet_regnskab", Some(o.forventet_regnskab.0)),
            ("sidste_forventet", o.sidste_forventet.map(|a| a.0)),
        ];
        for (key, value) in amounts {
            if let Some(v) = value {
                let at = format!("{path}.områder[{i}].{key}");
                problems.extend(amount::check(source, &at, v, &block.enhed));
            }
        }
    }
    let grouped = block.omraader.iter().position(|o| has_text(&o.gruppe));
    if let Some(first) = grouped {
        for (i, o) in block.omraader.iter().enumerate() {
            if !has_text(&o.gruppe) {
                let at = format!("{path}.områder[{i}]");
                problems.push(
                    source
                        .error(format!(
                            "`{at}` has no `gruppe`, but `{path}.områder[{first}]` has one"
                        ))
                        .at(source.key_place(&at))
                        .help(
                            "give every area a `gruppe` (e.g. `gruppe: Service`), or none of them",
                        ),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(block
        .omraader
        .iter()
        .map(|o| Omraade {
            navn: o.navn.trim().to_string(),
            gruppe: clean(&o.gruppe),
            oprindeligt: o.oprindeligt_budget.map(|a| a.0),
            korrigeret: o.korrigeret_budget.0,
            forventet: o.forventet_regnskab.0,
            sidste: o.sidste_forventet.map(|a| a.0),
            bemaerkning: clean(&o.bemaerkning),
        })
        .collect())
}

fn has_text(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.trim().is_empty())
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Whether a spreadsheet row is the export's own total (`I alt`, `Total`,
/// `Service i alt`) rather than an area: the note computes its totals itself.
fn is_total(navn: &str) -> bool {
    let n = navn.trim().to_lowercase();
    n == "i alt" || n == "total" || n.ends_with(" i alt")
}

/// The areas of the spreadsheet `r` names (at key path `at`), one per row
/// below the header row; a row without figures (blank, or a heading) is
/// passed over, and a row named like a total (`I alt`) is the export's own
/// total: it is left out, and a grand total must equal the computed one.
fn from_sheet(
    source: &SourceFile,
    at: &str,
    r: &FraRegneark,
    printable: &Printable,
) -> Result<Vec<Omraade>, Vec<Diagnostic>> {
    let sheet = open_sheet(source, at, r)?;
    let reading = Reading {
        source,
        at,
        r,
        sheet: &sheet,
        printable,
    };
    let c = reading.columns()?;
    let header_number = sheet.rows[c.header].0;
    let mut problems = Vec::new();
    let mut areas = Vec::new();
    let mut grand_total = None;
    for row in c.header + 1..sheet.rows.len() {
        match reading.row(row, &c, &mut problems) {
            Row::Area(area) => areas.push(area),
            Row::Total(korrigeret, forventet) => {
                if grand_total.is_none() {
                    grand_total = Some((row, korrigeret, forventet));
                }
            }
            Row::Nothing => {}
        }
    }
    if areas.is_empty() && problems.is_empty() {
        problems.push(
            source
                .error(format!(
                    "{} has no rows with figures below its header row {header_number}",
                    sheet.in_words()
                ))
                .at(source.key_place(at))
                .help("point `fil` and `ark` to the sheet with the areas' figures"),
        );
    }
    if let (Some(total), true) = (grand_total, problems.is_empty()) {
        reading.check_total(total, &c, &areas, &mut problems);
    }
    if problems.is_empty() {
        Ok(areas)
    } else {
        Err(problems)
    }
}

/// Opens the spreadsheet `r` names (at key path `at`), which must lie in the case's folder tree.
fn open_sheet(source: &SourceFile, at: &str, r: &FraRegneark) -> Result<Sheet, Vec<Diagnostic>> {
    let fil_len = r.fil.to_string_lossy().chars().count();
    let file = regneark::inside(source.dir(), &r.fil).map_err(|message| {
        vec![
            source
                .error(message)
                .at(source.value_place(&format!("{at}.fil"), fil_len))
                .label("this file")
                .help("put the spreadsheet in the case's folder or a folder below it, e.g. `data/`, and write the path from the case file's folder"),
        ]
    })?;
    regneark::open(&file, r.ark.as_deref()).map_err(|p| {
        let (key, len) = match (&r.ark, p.message.contains("no sheet")) {
            (Some(ark), true) => ("ark", ark.chars().count()),
            _ => ("fil", fil_len),
        };
        vec![
            source
                .error(p.message)
                .at(source.value_place(&format!("{at}.{key}"), len))
                .help(p.help),
        ]
    })
}

/// The opened spreadsheet of `fra_regneark` `r` (at key path `at`), as its rows are read.
struct Reading<'a> {
    source: &'a SourceFile,
    at: &'a str,
    r: &'a FraRegneark,
    sheet: &'a Sheet,
    printable: &'a Printable<'a>,
}

/// The columns of the sheet that `kolonner` names, and its header row (indices from 0).
struct Columns {
    header: usize,
    navn: usize,
    gruppe: Option<usize>,
    oprindeligt: Option<usize>,
    korrigeret: usize,
    forventet: usize,
    sidste: Option<usize>,
    bemaerkning: Option<usize>,
}

/// What a row below the header row gives.
enum Row {
    Area(Omraade),
    /// The export's grand total: its korrigeret budget and forventet regnskab.
    Total(Option<Decimal>, Option<Decimal>),
    /// Nothing: no figures, a subtotal, or problems, which are reported.
    Nothing,
}

impl Reading<'_> {
    /// A problem in a cell: the cell first, the `fra_regneark` line second.
    fn in_cell(&self, p: regneark::Problem) -> Diagnostic {
        let mut d = self
            .source
            .error(p.message)
            .at(self.source.key_place(self.at))
            .label(format!(
                "the figures are read from {}",
                self.sheet.in_words()
            ))
            .help(p.help);
        if let Some(cell) = &p.cell {
            d = d.in_cell(self.sheet.describe(Some(cell)));
        }
        d
    }

    /// The header row (the first with the `navn` header) and the columns of `kolonner` in it; a problem for each one missing.
    fn columns(&self) -> Result<Columns, Vec<Diagnostic>> {
        let (source, at, sheet) = (self.source, self.at, self.sheet);
        let k = &self.r.kolonner;
        let Some((header, headers)) = sheet.header_row(&k.navn) else {
            let found = sheet.first_texts();
            return Err(vec![missing_header(
                source, at, "navn", &k.navn, sheet, &found, None,
            )]);
        };
        let header_number = sheet.rows[header].0;
        let names: Vec<String> = headers.iter().map(|(_, h)| h.clone()).collect();
        let mut problems = Vec::new();
        let mut column = |key: &str, wanted: Option<&String>| -> Option<usize> {
            let wanted = wanted?;
            let found = headers
                .iter()
                .find(|(_, h)| regneark::header_key(h) == regneark::header_key(wanted))
                .map(|(c, _)| *c);
            if found.is_none() {
                problems.push(missing_header(
                    source,
                    at,
                    key,
                    wanted,
                    sheet,
                    &names,
                    Some(header_number),
                ));
            }
            found
        };
        let c_navn = column("navn", Some(&k.navn));
        let gruppe = column("gruppe", k.gruppe.as_ref());
        let oprindeligt = column("oprindeligt_budget", k.oprindeligt_budget.as_ref());
        let c_korrigeret = column("korrigeret_budget", Some(&k.korrigeret_budget));
        let c_forventet = column("forventet_regnskab", Some(&k.forventet_regnskab));
        let sidste = column("sidste_forventet", k.sidste_forventet.as_ref());
        let bemaerkning = column("bemærkning", k.bemaerkning.as_ref());
        if !problems.is_empty() {
            return Err(problems);
        }
        let (Some(navn), Some(korrigeret), Some(forventet)) = (c_navn, c_korrigeret, c_forventet)
        else {
            return Err(problems);
        };
        Ok(Columns {
            header,
            navn,
            gruppe,
            oprindeligt,
            korrigeret,
            forventet,
            sidste,
            bemaerkning,
        })
    }

    /// Reads the row at index `row` of the sheet; each problem in it goes to `problems`.
    fn row(&self, row: usize, c: &Columns, problems: &mut Vec<Diagnostic>) -> Row {
        let unreadable = problems.len();
        let mut number = |c: Option<usize>| match c.map(|c| self.sheet.number(row, c)) {
            Some(Ok(v)) => v,
            Some(Err(p)) => {
                problems.push(self.in_cell(p));
                None
            }
            None => None,
        };
        let korrigeret = number(Some(c.korrigeret));
        let forventet = number(Some(c.forventet));
        let oprindeligt = number(c.oprindeligt);
        let sidste = number(c.sidste);
        let figures = [korrigeret, forventet, oprindeligt, sidste];
        if problems.len() > unreadable || figures.iter().all(Option::is_none) {
            // A cell that cannot be read is reported; the row says no more.
            return Row::Nothing;
        }
        let gruppe = self.text(row, c.gruppe, problems);
        let bemaerkning = self.text(row, c.bemaerkning, problems);
        let Some(navn) = self.text(row, Some(c.navn), problems) else {
            problems.push(self.empty(
                row,
                c.navn,
                "the area's name",
                "write the area's name in the cell",
            ));
            return Row::Nothing;
        };
        if is_total(&navn) {
            // A group's own subtotal (`Service i alt`) is passed over.
            return if navn.to_lowercase().ends_with(" i alt") {
                Row::Nothing
            } else {
                Row::Total(korrigeret, forventet)
            };
        }
        if let (None, Some(c)) = (&gruppe, c.gruppe) {
            problems.push(self.empty(row, c, "a group", "write the area's group in the cell (e.g. `Service`), or leave `gruppe` out of `kolonner`"));
        }
        let (Some(korrigeret), Some(forventet)) = (korrigeret, forventet) else {
            let c = if korrigeret.is_none() {
                c.korrigeret
            } else {
                c.forventet
            };
            problems.push(self.empty(row, c, "a figure", "write the figure in the cell; only oprindeligt budget and sidste forventet may be left empty"));
            return Row::Nothing;
        };
        Row::Area(Omraade {
            navn,
            gruppe,
            oprindeligt,
            korrigeret,
            forventet,
            sidste,
            bemaerkning,
        })
    }

    /// The problem of an empty cell in a row that has figures and needs `what` there.
    fn empty(&self, row: usize, c: usize, what: &str, help: &str) -> Diagnostic {
        let sheet = self.sheet;
        self.in_cell(regneark::Problem {
            cell: Some(sheet.cell_name(row, c)),
            message: format!(
                "cell {} of {} is empty, but row {} has figures and needs {what}",
                sheet.cell_name(row, c),
                sheet.in_words(),
                sheet.rows[row].0
            ),
            help: help.to_string(),
        })
    }

    /// A cell's text that will be printed, with a problem for each character of it that cannot be.
    fn text(&self, row: usize, c: Option<usize>, problems: &mut Vec<Diagnostic>) -> Option<String> {
        let c = c?;
        let t = self.sheet.text(row, c)?;
        for (_, what, hint) in unprintable(&t, self.printable) {
            let cell = self.sheet.cell_name(row, c);
            problems.push(self.in_cell(regneark::Problem {
                message: format!("cell {cell} of {} holds {what}", self.sheet.in_words()),
                cell: Some(cell),
                help: hint,
            }));
        }
        Some(t)
    }

    /// Checks the export's grand total in row index `row` against the sum of `areas`.
    fn check_total(
        &self,
        (row, korrigeret, forventet): (usize, Option<Decimal>, Option<Decimal>),
        c: &Columns,
        areas: &[Omraade],
        problems: &mut Vec<Diagnostic>,
    ) {
        let total = sum(areas);
        let checks = [
            (c.korrigeret, korrigeret, total.korrigeret),
            (c.forventet, forventet, total.forventet),
        ];
        for (c, given, computed) in checks {
            // To the hundredth: a total the spreadsheet computed in binary
            // floats may carry a float's noise (0,30000000000000004).
            let hundredths = |d: Decimal| d.round_dp_with_strategy(2, format::ROUNDING);
            if let Some(given) = given.filter(|g| hundredths(*g) != hundredths(computed)) {
                let cell = self.sheet.cell_name(row, c);
                problems.push(self.in_cell(regneark::Problem {
                    message: format!(
                        "cell {cell} of {} gives the total {}, but the areas above it add up to {}",
                        self.sheet.in_words(),
                        format::number(given, given.scale().min(2)),
                        format::number(computed, computed.scale().min(2))
                    ),
                    cell: Some(cell),
                    help: "the note computes the total from the areas: check the areas' figures or the total in the spreadsheet".to_string(),
                }));
            }
        }
    }
}

/// A column header of `kolonner` that the sheet does not have.
fn missing_header(
    source: &SourceFile,
    at: &str,
    key: &str,
    wanted: &str,
    sheet: &Sheet,
    found: &[String],
    row: Option<u32>,
) -> Diagnostic {
    let place = source.value_place(&format!("{at}.kolonner.{key}"), wanted.chars().count());
    let headers = if found.is_empty() {
        "it has no texts".to_string()
    } else {
        let listed = found
            .iter()
            .map(|h| format!("`{h}`"))
            .collect::<Vec<_>>()
            .join(", ");
        match row {
            Some(r) => format!("the headers in row {r} are {listed}"),
            None => format!("the texts of its first row are {listed}"),
        }
    };
    let mut d = source
        .error(format!(
            "{} has no column headed `{wanted}`: {headers}",
            sheet.in_words()
        ))
        .in_cell(sheet.describe(None))
        .at(place)
        .label("no such column");
    if let Some(near) = crate::diagnostic::nearest(wanted, found.iter().map(String::as_str)) {
        d = d.help(format!("did you mean `{key}: {near}`?"));
    }
    d.help(format!(
        "write the column's header after `{key}:` as it stands in the spreadsheet"
    ))
}

/// The view of checked areas.
/// The table of `areas`; its amounts print as precisely as the most
/// precise of them, or rounded to `decimaler` (see [`amount::Precision`]).
pub fn view(
    periode: &str,
    enhed: &str,
    areas: &[Omraade],
    kilde: Option<String>,
    decimaler: Option<u32>,
) -> BudgetView {
    let typed = areas.iter().flat_map(|o| {
        [
            Some(o.korrigeret),
            Some(o.forventet),
            o.oprindeligt,
            o.sidste,
        ]
        .into_iter()
        .flatten()
    });
    let precision = amount::Precision::of(typed, decimaler);
    let amount = |d: Decimal| precision.amount(Some(d));
    let row = |navn: &str, s: Sum| {
        let a = afvigelse(s.korrigeret, s.forventet);
        RaekkeView {
            navn: navn.to_string(),
            oprindeligt: precision.amount(s.oprindeligt),
            korrigeret: amount(s.korrigeret),
            forventet: amount(s.forventet),
            afvigelse: amount(a.beloeb),
            procent: format::percent_table(a.procent),
            aendring: precision.amount(aendring(s.forventet, s.sidste)),
        }
    };
    let area_row = |o: &Omraade| row(&o.navn, sum([o]));
    let groups = grupper(areas);
    let order: Vec<&Omraade> = if groups.is_empty() {
        areas.iter().collect()
    } else {
        groups
            .iter()
            .flat_map(|(_, m)| m.iter().map(|&i| &areas[i]))
            .collect()
    };
    let har_oprindeligt = areas.iter().any(|o| o.oprindeligt.is_some());
    let har_aendring = areas.iter().any(|o| o.sidste.is_some());
    let beskrivelse = super::prose::budget(
        periode,
        enhed,
        &order
            .iter()
            .map(|o| (o.navn.as_str(), o.korrigeret, o.forventet))
            .collect::<Vec<_>>(),
        precision.decimals,
    );
    BudgetView {
        periode: periode.to_string(),
        enhed: enhed.to_string(),
        har_oprindeligt,
        har_aendring,
        kolonner: 5 + usize::from(har_oprindeligt) + usize::from(har_aendring),
        raekker: order.iter().map(|o| area_row(o)).collect(),
        grupper: groups
            .iter()
            .map(|(navn, members)| GruppeView {
                navn: navn.clone(),
                raekker: members.iter().map(|&i| area_row(&areas[i])).collect(),
                subtotal: row(
                    &format!("{navn} i alt"),
                    sum(members.iter().map(|&i| &areas[i])),
                ),
            })
            .collect(),
        i_alt: row("I alt", sum(areas)),
        bemaerkninger: order
            .iter()
            .filter_map(|o| Some((o.navn.clone(), o.bemaerkning.clone()?)))
            .collect(),
        diagram_korrigeret: order
            .iter()
            .map(|o| amount::chart_value(o.korrigeret))
            .collect(),
        diagram_forventet: order
            .iter()
            .map(|o| amount::chart_value(o.forventet))
            .collect(),
        beskrivelse,
        kilde,
        afrunding: precision.note(enhed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn area(navn: &str, gruppe: Option<&str>, korrigeret: &str, forventet: &str) -> Omraade {
        Omraade {
            navn: navn.to_string(),
            gruppe: gruppe.map(str::to_string),
            oprindeligt: None,
            korrigeret: d(korrigeret),
            forventet: d(forventet),
            sidste: None,
            bemaerkning: None,
        }
    }

    #[test]
    fn merforbrug_is_positive_and_mindreforbrug_negative() {
        let over = afvigelse(d("252300"), d("253000"));
        assert_eq!(over.beloeb, d("700"));
        let under = afvigelse(d("252300"), d("251000"));
        assert_eq!(under.beloeb, d("-1300"));
        assert_eq!(format::percent_table(under.procent), "-0,5");
    }

    #[test]
    fn the_seed_voksenhandicap_deficit() {
        // Seed 004, Voksenhandicap 2022 in 1.000 kr.: a deficit of 20,9 mio. kr.
        // on expenses, 9,6 mio. kr. more state refusion, 11,3 mio. kr. net.
        let udgifter = afvigelse(d("250000"), d("270900"));
        let refusion = afvigelse(d("-20000"), d("-29600"));
        let netto = udgifter.beloeb + refusion.beloeb;
        assert_eq!(format::number(udgifter.beloeb / d("1000"), 1), "20,9");
        assert_eq!(format::number(refusion.beloeb / d("1000"), 1), "-9,6");
        assert_eq!(format::number(netto / d("1000"), 1), "11,3");
    }

    #[test]
    fn a_zero_budget_has_no_per_cent() {
        assert_eq!(afvigelse(Decimal::ZERO, d("10")).procent, None);
        assert_eq!(
            view("p", "kr.", &[area("A", None, "0", "10")], None, None)
                .i_alt
                .procent,
            "-"
        );
    }

    #[test]
    fn the_seed_figures_as_groups_with_subtotals_and_the_change() {
        // Seed 004 in 1.000 kr.: +20.900 on expenses, -9.600 on refusion,
        // 11.300 net; the previous note's forventet is illustrative.
        let mut udgifter = area("Udgifter", Some("Service"), "152400", "173300");
        udgifter.sidste = Some(d("168000"));
        let mut refusion = area("Refusion", Some("Indtægter"), "-14800", "-24400");
        refusion.sidste = Some(d("-20000"));
        let mut oevrige = area("Øvrige", Some("Service"), "1000", "1000");
        oevrige.sidste = Some(d("1000"));
        let areas = [udgifter, refusion, oevrige];
        let v = view("2. kvartal 2022", "1.000 kr.", &areas, None, None);
        assert_eq!(v.grupper.len(), 2);
        assert_eq!(v.grupper[0].navn, "Service");
        assert_eq!(
            v.raekker
                .iter()
                .map(|r| r.navn.as_str())
                .collect::<Vec<_>>(),
            ["Udgifter", "Øvrige", "Refusion"],
            "areas of a group stand together, groups in first-seen order"
        );
        assert_eq!(v.grupper[0].subtotal.navn, "Service i alt");
        assert_eq!(v.grupper[0].subtotal.afvigelse, "20.900");
        assert_eq!(v.grupper[1].subtotal.afvigelse, "-9.600");
        assert_eq!(v.i_alt.afvigelse, "11.300");
        assert_eq!(v.raekker[0].aendring, "5.300");
        assert_eq!(v.raekker[2].aendring, "-4.400");
        assert_eq!(v.grupper[0].subtotal.aendring, "5.300");
        assert_eq!(v.i_alt.aendring, "900");
        assert!(v.har_aendring);
        assert_eq!(v.kolonner, 6);
    }

    #[test]
    fn no_change_over_part_of_the_areas() {
        let mut a = area("A", None, "10", "12");
        a.sidste = Some(d("11"));
        let b = area("B", None, "10", "12");
        let v = view("p", "kr.", &[a, b], None, None);
        assert_eq!(v.raekker[0].aendring, "1");
        assert_eq!(v.raekker[1].aendring, "-");
        assert_eq!(v.i_alt.aendring, "-");
    }

    #[test]
    fn totals_of_the_export_are_recognised() {
        assert!(is_total("I alt"));
        assert!(is_total(" total "));
        assert!(is_total("Service i alt"));
        assert!(!is_total("Alt andet"));
    }

    fn amount() -> impl Strategy<Value = Decimal> {
        (-10_000_000_000i64..10_000_000_000).prop_map(|cents| Decimal::new(cents, 2))
    }

    fn areas() -> impl Strategy<Value = Vec<Omraade>> {
        proptest::collection::vec(
            (
                0usize..4,
                amount(),
                amount(),
                proptest::option::of(amount()),
            ),
            1..12,
        )
        .prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, (g, korrigeret, forventet, sidste))| Omraade {
                    navn: format!("Område {i}"),
                    gruppe: Some(["Service", "Overførsler", "Anlæg", "Indtægter"][g].to_string()),
                    oprindeligt: None,
                    korrigeret,
                    forventet,
                    sidste,
                    bemaerkning: None,
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn group_subtotals_add_up_to_the_total(areas in areas()) {
            let total = sum(&areas);
            let groups = grupper(&areas);
            let subtotals: Vec<Sum> = groups
                .iter()
                .map(|(_, m)| sum(m.iter().map(|&i| &areas[i])))
                .collect();
            prop_assert_eq!(groups.iter().map(|(_, m)| m.len()).sum::<usize>(), areas.len());
            prop_assert_eq!(subtotals.iter().map(|s| s.korrigeret).sum::<Decimal>(), total.korrigeret);
            prop_assert_eq!(subtotals.iter().map(|s| s.forventet).sum::<Decimal>(), total.forventet);
            let all_have_sidste = subtotals.iter().all(|s| s.sidste.is_some());
            prop_assert_eq!(total.sidste.is_some(), all_have_sidste);
            if all_have_sidste {
                prop_assert_eq!(subtotals.iter().filter_map(|s| s.sidste).sum::<Decimal>(), total.sidste.unwrap());
            }
            let afvigelser: Decimal = subtotals
                .iter()
                .map(|s| afvigelse(s.korrigeret, s.forventet).beloeb)
                .sum();
            prop_assert_eq!(afvigelser, afvigelse(total.korrigeret, total.forventet).beloeb);
        }

        #[test]
        fn the_change_is_forventet_minus_sidste_forventet(areas in areas()) {
            for o in &areas {
                prop_assert_eq!(aendring(o.forventet, o.sidste), o.sidste.map(|s| o.forventet - s));
            }
            let total = sum(&areas);
            if let Some(s) = total.sidste {
                let per_area: Decimal = areas
                    .iter()
                    .filter_map(|o| aendring(o.forventet, o.sidste))
                    .sum();
                prop_assert_eq!(aendring(total.forventet, Some(s)), Some(per_area));
            }
            let v = view("p", "kr.", &areas, None, None);
            let typed = areas.iter().flat_map(|o| {
                [Some(o.korrigeret), Some(o.forventet), o.oprindeligt, o.sidste]
                    .into_iter()
                    .flatten()
            });
            prop_assert_eq!(
                v.i_alt.aendring,
                amount::Precision::of(typed, None).amount(total.sidste.map(|s| total.forventet - s))
            );
        }
    }
}
