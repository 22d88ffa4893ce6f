//! Spreadsheets as the finance system exports them (`.xlsx`, `.xls`, `.ods`, `.csv`): cells found by column header, figures read as exact decimals from the cell's text, every problem naming the cell.

use std::path::{Component, Path, PathBuf};

use calamine::{Data, Reader};
use rust_decimal::Decimal;

use super::amount;
use crate::format;

/// How a text cell writes its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Danish: `.` groups thousands, `,` is the decimal sign (`-1.234,5`).
    /// Text cells of a workbook and `;`-separated CSV, as Danish Excel saves it.
    Danish,
    /// `,`-separated CSV: `.` is the decimal sign and nothing groups
    /// thousands (`-1234.5`); a field holding `,` was quoted, and is Danish.
    Plain,
}

/// A cell as read, before it is asked for a figure or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Empty,
    Int(i64),
    /// A workbook's number: a binary float (see [`decimal_of_float`]).
    Float(f64),
    Text(String),
    /// A formula without the result it computes: the program that wrote
    /// the file did not compute it.
    Formula(String),
    /// Something that is neither a number nor a text (a date, `TRUE`, an
    /// error such as `#DIV/0!`), described for the message.
    Other(String),
}

/// One sheet of a spreadsheet, or a CSV file, as rows of cells.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The file, as the case file names it joined to the case's folder.
    pub file: PathBuf,
    /// The sheet's name; `None` for CSV.
    pub name: Option<String>,
    /// Rows with their 1-based row numbers; cells from column `first_column`.
    pub rows: Vec<(u32, Vec<Raw>)>,
    /// The 0-based column of each row's first cell (A = 0).
    pub first_column: u32,
    pub style: Style,
}

/// Why a spreadsheet could not be opened or a cell not be read: what is
/// wrong, what to do, and the cell when there is one (`C7`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub cell: Option<String>,
    pub message: String,
    pub help: String,
}

/// The spreadsheet formats read, by extension.
pub const EXTENSIONS: [&str; 4] = ["xlsx", "xls", "ods", "csv"];

/// Why the file a case file names lies outside the case's folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutsideError {
    #[error(
        "`{}` is an absolute path; the file must lie in the case's folder or a folder below it",
        .0.display()
    )]
    Absolute(PathBuf),
    /// A `..` leads out of the folder.
    #[error(
        "`{}` leaves the case's folder; the file must lie in it or a folder below it",
        .0.display()
    )]
    Leaves(PathBuf),
    /// `fil` is a link to `target`, which lies outside.
    #[error("`{}` is a link to {}, outside the case's folder", .fil.display(), .target.display())]
    Link { fil: PathBuf, target: PathBuf },
}

/// The error's text, as a diagnostic's message (`SourceFile::error` takes text).
impl From<OutsideError> for String {
    fn from(e: OutsideError) -> String {
        e.to_string()
    }
}

/// The path `fil`, relative to the case file's folder `dir`, if it stays
/// inside that folder's tree (no absolute path, no `..` that leaves it, no
/// link that points out of it), as a bilag must.
pub fn inside(dir: &Path, fil: &Path) -> Result<PathBuf, OutsideError> {
    let mut depth = 0usize;
    for part in fil.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => {
                return Err(OutsideError::Absolute(fil.to_path_buf()));
            }
            Component::ParentDir if depth == 0 => {
                return Err(OutsideError::Leaves(fil.to_path_buf()));
            }
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
        }
    }
    let joined = dir.join(fil);
    if let (Ok(real), Ok(base)) = (
        std::fs::canonicalize(&joined),
        std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }),
    ) && !real.starts_with(&base)
    {
        return Err(OutsideError::Link {
            fil: fil.to_path_buf(),
            target: real,
        });
    }
    Ok(joined)
}

/// The column letters of a 0-based column: A, …, Z, AA, AB, …
pub fn column_name(mut column: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Opens `file` and reads sheet `sheet` (the first sheet when `None`; CSV
/// has none).
pub fn open(file: &Path, sheet: Option<&str>) -> Result<Sheet, Problem> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    let problem = |message: String, help: &str| Problem {
        cell: None,
        message,
        help: help.to_string(),
    };
    if !EXTENSIONS.contains(&ext.as_str()) {
        return Err(problem(
            format!("`{}` is not a spreadsheet dagsorden reads", file.display()),
            "export the figures as .xlsx, .xls, .ods or .csv",
        ));
    }
    if !file.is_file() {
        return Err(problem(
            format!("the spreadsheet `{}` does not exist", file.display()),
            "write the path relative to the case file's folder, e.g. `fil: data/budgetopfoelgning.xlsx`",
        ));
    }
    if ext == "csv" {
        if let Some(s) = sheet {
            return Err(problem(
                format!("`ark: {s}` is given, but a CSV file has no sheets"),
                "leave `ark` out for a .csv file",
            ));
        }
        let bytes = std::fs::read(file)
            .map_err(|e| problem(format!("cannot read `{}`: {e}", file.display()), ""))?;
        return csv(file, &bytes);
    }
    let mut book = calamine::open_workbook_auto(file).map_err(|e| {
        problem(
            format!("cannot read the spreadsheet `{}`: {e}", file.display()),
            "open it in the spreadsheet program and save it again as .xlsx",
        )
    })?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.trim() == s.trim())
            .cloned()
            .ok_or_else(|| {
                problem(
                    format!(
                        "the spreadsheet `{}` has no sheet `{s}`; its sheets are: {}",
                        file.display(),
                        names.join(", ")
                    ),
                    "write the sheet's name after `ark:` as it stands on the sheet's tab",
                )
            })?,
        None => names.first().cloned().ok_or_else(|| {
            problem(
                format!("the spreadsheet `{}` has no sheets", file.display()),
                "",
            )
        })?,
    };
    let range = book.worksheet_range(&name).map_err(|e| {
        problem(
            format!(
                "cannot read sheet `{name}` of the spreadsheet `{}`: {e}",
                file.display()
            ),
            "open it in the spreadsheet program and save it again as .xlsx",
        )
    })?;
    // A formula whose result the writing program did not store (openpyxl
    // and other libraries write formulas without results) has no value: it
    // must not pass for an empty cell, so the formulas are read too, and
    // the rows span the cells of both.
    let formulas = book.worksheet_formula(&name).ok().filter(|f| !f.is_empty());
    let corners = [
        range.start().zip(range.end()),
        formulas.as_ref().and_then(|f| f.start().zip(f.end())),
    ];
    let Some(((top, left), (bottom, right))) =
        corners
            .into_iter()
            .flatten()
            .reduce(|((t, l), (b, r)), ((t2, l2), (b2, r2))| {
                ((t.min(t2), l.min(l2)), (b.max(b2), r.max(r2)))
            })
    else {
        return Ok(Sheet {
            file: file.to_path_buf(),
            name: Some(name),
            rows: Vec::new(),
            first_column: 0,
            style: Style::Danish,
        });
    };
    let rows = (top..=bottom)
        .map(|r| {
            let cells = (left..=right)
                .map(|c| {
                    let value = range.get_value((r, c)).map_or(Raw::Empty, raw);
                    let formula = formulas
                        .as_ref()
                        .and_then(|f| f.get_value((r, c)))
                        .filter(|f| !f.trim().is_empty());
                    match (value, formula) {
                        (Raw::Empty, Some(f)) => Raw::Formula(f.clone()),
                        (value, _) => value,
                    }
                })
                .collect();
            (r + 1, cells)
        })
        .collect();
    Ok(Sheet {
        file: file.to_path_buf(),
        name: Some(name),
        rows,
        first_column: left,
        style: Style::Danish,
    })
}

/// A workbook cell as a [`Raw`].
fn raw(cell: &Data) -> Raw {
    match cell {
        Data::Empty => Raw::Empty,
        Data::Int(i) => Raw::Int(*i),
        Data::Float(f) => Raw::Float(*f),
        Data::String(s) if s.trim().is_empty() => Raw::Empty,
        Data::String(s) => Raw::Text(s.clone()),
        Data::Bool(b) => Raw::Other(format!("the truth value {}", b.to_string().to_uppercase())),
        Data::DateTime(_) | Data::DateTimeIso(_) => Raw::Other(format!("the date {cell}")),
        Data::DurationIso(_) => Raw::Other(format!("the duration {cell}")),
        Data::Error(e) => Raw::Other(format!("the error {e}")),
    }
}

/// A CSV file: `;`-separated with Danish numbers, as Danish Excel saves it,
/// or `,`-separated with `.` decimals. UTF-8 (a byte-order mark is dropped);
/// a file that is not UTF-8 is read as Windows-1252, Excel's "CSV
/// (semikolonsepareret)" in Denmark.
fn csv(file: &Path, bytes: &[u8]) -> Result<Sheet, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    // The separator, from the first lines (a title line above the headers
    // may have none).
    let head: Vec<&str> = text.lines().take(20).collect();
    let (delimiter, style) = if head.iter().any(|l| l.contains(';')) {
        (b';', Style::Danish)
    } else if head.iter().any(|l| l.contains('\t')) {
        (b'\t', Style::Plain)
    } else {
        (b',', Style::Plain)
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Problem {
            cell: e.position().map(|p| format!("line {}", p.line())),
            message: format!("cannot read the CSV file `{}`: {e}", file.display()),
            help: "check that every quote that opens a field closes it".to_string(),
        })?;
        // The line the record starts on: the reader's own count can stand
        // on an empty line it skipped before the record.
        let line = match record.position() {
            Some(p) => {
                let at = usize::try_from(p.byte()).unwrap_or(0).min(text.len());
                let skipped = text[at..].len() - text[at..].trim_start_matches(['\r', '\n']).len();
                text[..at + skipped].matches('\n').count() + 1
            }
            None => rows.len() + 1,
        };
        let cells = record
            .iter()
            .map(|f| {
                if f.trim().is_empty() {
                    Raw::Empty
                } else {
                    Raw::Text(f.to_string())
                }
            })
            .collect();
        rows.push((u32::try_from(line).unwrap_or(u32::MAX), cells));
    }
    Ok(Sheet {
        file: file.to_path_buf(),
        name: None,
        rows,
        first_column: 0,
        style,
    })
}

/// A float's decimal, by its text. A workbook stores a number as a binary
/// float (IEEE 754 double), which cannot hold 0,1 exactly; the shortest
/// text that reads back as the same float — what Rust's `{}` (Display) of an
/// `f64` writes, "shortest round-trip" — is the number as it was typed or
/// computed in the spreadsheet (`0.1`, and for a cell `=0.1+0.2` the float's
/// own `0.30000000000000004`). The decimal is read from that text; no
/// arithmetic is ever done on the float. `None` for NaN, infinity and
/// numbers beyond a decimal's 28 digits.
pub fn decimal_of_float(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    let text = format!("{f}");
    Decimal::from_str_exact(&text).ok()
}

/// A number as written the Danish way: an optional sign, the whole part with
/// or without `.` between groups of three digits, and `,` before decimals
/// (`1.234,5`, `-1234,5`, `12`).
pub fn parse_danish(s: &str) -> Option<Decimal> {
    let (negative, t) = sign(s.trim());
    let (whole, decimals) = match t.split_once(',') {
        Some((w, d)) => (w, Some(d)),
        None => (t, None),
    };
    let digits = if whole.contains('.') {
        let mut groups = whole.split('.');
        let first = groups.next()?;
        let ok = (1..=3).contains(&first.len())
            && all_digits(first)
            && groups.clone().all(|g| g.len() == 3 && all_digits(g));
        if !ok {
            return None;
        }
        whole.replace('.', "")
    } else {
        if !all_digits(whole) || whole.is_empty() {
            return None;
        }
        whole.to_string()
    };
    let text = match decimals {
        Some(d) if all_digits(d) && !d.is_empty() => format!("{digits}.{d}"),
        Some(_) => return None,
        None => digits,
    };
    let d = Decimal::from_str_exact(&text).ok()?;
    Some(if negative { -d } else { d })
}

/// A number as written in `,`-separated CSV: an optional sign, digits, and
/// `.` before decimals (`-1234.5`).
pub fn parse_plain(s: &str) -> Option<Decimal> {
    let (negative, t) = sign(s.trim());
    let (whole, decimals) = match t.split_once('.') {
        Some((w, d)) => (w, Some(d)),
        None => (t, None),
    };
    let ok = !whole.is_empty()
        && all_digits(whole)
        && decimals.is_none_or(|d| !d.is_empty() && all_digits(d));
    if !ok {
        return None;
    }
    let d = Decimal::from_str_exact(t).ok()?;
    Some(if negative { -d } else { d })
}

fn sign(t: &str) -> (bool, &str) {
    match t.chars().next() {
        Some('-' | '\u{2212}') => (
            true,
            t[t.chars().next().map_or(0, char::len_utf8)..].trim_start(),
        ),
        Some('+') => (false, t[1..].trim_start()),
        _ => (false, t),
    }
}

fn all_digits(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit())
}

impl Sheet {
    /// `data/x.xlsx, sheet Opfølgning, cell C7` (for CSV: `data/x.csv, cell C7`).
    pub fn describe(&self, cell: Option<&str>) -> String {
        let mut out = self.file.display().to_string();
        if let Some(name) = &self.name {
            out.push_str(&format!(", sheet {name}"));
        }
        if let Some(cell) = cell {
            out.push_str(&format!(", cell {cell}"));
        }
        out
    }

    /// The sheet in words for messages: "sheet `Opfølgning` of `data/x.xlsx`".
    pub fn in_words(&self) -> String {
        match &self.name {
            Some(name) => format!("sheet `{name}` of `{}`", self.file.display()),
            None => format!("`{}`", self.file.display()),
        }
    }

    /// The name of the cell at row `r` (an index into `rows`) and column `c`
    /// (an index into the row): `C7`.
    pub fn cell_name(&self, r: usize, c: usize) -> String {
        let row = self.rows.get(r).map_or(r as u32 + 1, |(n, _)| *n);
        format!("{}{row}", column_name(self.first_column + c as u32))
    }

    pub fn cell(&self, r: usize, c: usize) -> &Raw {
        self.rows
            .get(r)
            .and_then(|(_, cells)| cells.get(c))
            .unwrap_or(&Raw::Empty)
    }

    /// The header row: the first row holding `first` (the name column's
    /// header), as (row index, the headers of that row by column index).
    /// Headers are compared without regard to case and spacing.
    pub fn header_row(&self, first: &str) -> Option<(usize, Vec<(usize, String)>)> {
        let wanted = header_key(first);
        self.rows.iter().enumerate().find_map(|(r, (_, cells))| {
            let headers: Vec<(usize, String)> = cells
                .iter()
                .enumerate()
                .filter_map(|(c, _)| Some((c, self.text(r, c)?)))
                .collect();
            headers
                .iter()
                .any(|(_, h)| header_key(h) == wanted)
                .then_some((r, headers))
        })
    }

    /// The texts of the first row that has any, to list what headers there are.
    pub fn first_texts(&self) -> Vec<String> {
        (0..self.rows.len())
            .map(|r| {
                (0..self.rows[r].1.len())
                    .filter_map(|c| self.text(r, c))
                    .collect::<Vec<_>>()
            })
            .find(|t| !t.is_empty())
            .unwrap_or_default()
    }

    /// A cell's text, trimmed; a number's as written (`{}`); `None` if empty.
    pub fn text(&self, r: usize, c: usize) -> Option<String> {
        match self.cell(r, c) {
            Raw::Empty => None,
            Raw::Int(i) => Some(i.to_string()),
            Raw::Float(f) => Some(format!("{f}")),
            Raw::Text(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
            Raw::Other(_) | Raw::Formula(_) => None,
        }
    }

    /// A cell's figure, exactly: `Ok(None)` for an empty cell, an error
    /// naming the cell for anything that is not a number.
    pub fn number(&self, r: usize, c: usize) -> Result<Option<Decimal>, Problem> {
        let cell = self.cell_name(r, c);
        let fail = |message: String, help: String| Problem {
            cell: Some(cell.clone()),
            message,
            help,
        };
        let d = match self.cell(r, c) {
            Raw::Empty => return Ok(None),
            Raw::Int(i) => Decimal::from(*i),
            Raw::Float(f) => decimal_of_float(*f).ok_or_else(|| {
                fail(
                    format!(
                        "cell {cell} of {} holds {f}, which is no amount",
                        self.in_words()
                    ),
                    "check the figure in the spreadsheet".to_string(),
                )
            })?,
            Raw::Formula(f) => {
                return Err(fail(
                    format!(
                        "cell {cell} of {} holds the formula ={f}, but the file does not hold its result",
                        self.in_words()
                    ),
                    "open the spreadsheet in Excel or LibreOffice and save it again: that stores each formula's result".to_string(),
                ));
            }
            Raw::Other(what) => {
                return Err(fail(
                    format!(
                        "cell {cell} of {} holds {what}, not a number",
                        self.in_words()
                    ),
                    "put the figure in the cell, or leave the cell empty for no figure".to_string(),
                ));
            }
            Raw::Text(t) => {
                let plain_ok = self.style == Style::Plain && !t.contains(',');
                let parsed = if plain_ok {
                    parse_plain(t)
                } else {
                    parse_danish(t)
                };
                let help = if plain_ok {
                    "write the figure with `.` as the decimal sign and no thousands separator, e.g. `-1234.5`, or leave the cell empty for no figure"
                } else {
                    "write the figure the Danish way, e.g. `-1.234,5` or `-1234,5`, or leave the cell empty for no figure"
                };
                let d = parsed.ok_or_else(|| {
                    fail(
                        format!(
                            "cell {cell} of {} holds `{}`, which is not a number",
                            self.in_words(),
                            t.trim()
                        ),
                        help.to_string(),
                    )
                })?;
                if plain_ok && d.scale() == 3 {
                    return Err(fail(
                        format!(
                            "cell {cell} of {} holds `{}`: is that {} or {}?",
                            self.in_words(),
                            t.trim(),
                            format::number(d, 3),
                            format::number(d * Decimal::from(1000), 0)
                        ),
                        "in a `,`-separated CSV write amounts without thousands separators (`-3000`) and with `.` only as the decimal sign".to_string(),
                    ));
                }
                d
            }
        };
        if amount::too_large(d) {
            return Err(fail(
                format!(
                    "cell {cell} of {} holds {d}, more than any plan or budget holds",
                    self.in_words()
                ),
                "check the figure in the spreadsheet".to_string(),
            ));
        }
        Ok(Some(d))
    }
}

/// A header as compared: lower case, runs of white space as one space.
pub fn header_key(h: &str) -> String {
    h.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn danish_numbers() {
        assert_eq!(parse_danish("1.234,5"), Some(d("1234.5")));
        assert_eq!(parse_danish("-1.234,5"), Some(d("-1234.5")));
        assert_eq!(parse_danish("−20.900"), Some(d("-20900")));
        assert_eq!(parse_danish("1234,50"), Some(d("1234.50")));
        assert_eq!(parse_danish(" 12 "), Some(d("12")));
        assert_eq!(parse_danish("1.234.567"), Some(d("1234567")));
        assert_eq!(parse_danish("1234.5"), None, "a `.` groups three digits");
        assert_eq!(parse_danish("12.34"), None);
        assert_eq!(parse_danish("1,2,3"), None);
        assert_eq!(parse_danish("12,3,4"), None);
        assert_eq!(parse_danish("ca. 12"), None);
        assert_eq!(parse_danish(""), None);
        assert_eq!(parse_danish("-"), None);
        assert_eq!(parse_danish("12,"), None);
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(parse_plain("-1234.5"), Some(d("-1234.5")));
        assert_eq!(parse_plain("20.8"), Some(d("20.8")));
        assert_eq!(parse_plain("1.2.3"), None);
        assert_eq!(parse_plain("1e5"), None);
        assert_eq!(parse_plain("."), None);
    }

    #[test]
    fn a_float_cell_is_read_by_its_shortest_text() {
        // The floats nearest 0,1 and 0,2 are read as 0,1 and 0,2 exactly.
        assert_eq!(decimal_of_float(0.1), Some(d("0.1")));
        assert_eq!(decimal_of_float(0.2), Some(d("0.2")));
        // Summed as decimals they are 0,3; summed as floats (a cell
        // `=0.1+0.2`) the float is not 0,3 and is read as what it is.
        assert_eq!(
            decimal_of_float(0.1).unwrap() + decimal_of_float(0.2).unwrap(),
            d("0.3")
        );
        assert_eq!(decimal_of_float(0.1 + 0.2), Some(d("0.30000000000000004")));
        assert_eq!(decimal_of_float(173300.0), Some(d("173300")));
        assert_eq!(decimal_of_float(-24400.7), Some(d("-24400.7")));
        assert_eq!(decimal_of_float(1022.5), Some(d("1022.5")));
        assert_eq!(decimal_of_float(f64::NAN), None);
        assert_eq!(decimal_of_float(1e300), None);
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(2), "C");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn the_path_stays_in_the_case_folder() {
        let dir = Path::new("cases/notater");
        assert!(inside(dir, Path::new("data/x.xlsx")).is_ok());
        assert!(inside(dir, Path::new("data/../x.csv")).is_ok());
        assert!(matches!(
            inside(dir, Path::new("../x.csv")),
            Err(OutsideError::Leaves(_))
        ));
        assert!(matches!(
            inside(dir, Path::new("data/../../x.csv")),
            Err(OutsideError::Leaves(_))
        ));
        assert!(matches!(
            inside(dir, Path::new("/etc/x.csv")),
            Err(OutsideError::Absolute(_))
        ));
    }

    #[test]
    fn csv_as_danish_excel_saves_it_and_plain() {
        let danish = csv(
            Path::new("x.csv"),
            "\u{FEFF}Område;Korr. budget\nDagtilbud;1.234,5\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(danish.style, Style::Danish);
        assert_eq!(danish.text(0, 0).as_deref(), Some("Område"));
        assert_eq!(danish.number(1, 1), Ok(Some(d("1234.5"))));
        assert_eq!(danish.cell_name(1, 1), "B2");
        let plain = csv(
            Path::new("x.csv"),
            b"Omraade,Korr. budget\nDagtilbud,1234.5\nSkoler,\"1.234,5\"\n",
        )
        .unwrap();
        assert_eq!(plain.style, Style::Plain);
        assert_eq!(plain.number(1, 1), Ok(Some(d("1234.5"))));
        assert_eq!(plain.number(2, 1), Ok(Some(d("1234.5"))));
        let titled = csv(
            Path::new("x.csv"),
            "Budget 2022\nOmråde;B\nX;1.234,5\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(titled.style, Style::Danish);
        assert_eq!(titled.number(2, 1), Ok(Some(d("1234.5"))));
        let gap = csv(Path::new("x.csv"), b"Titel\n\n\r\nA;B\nx;y\n").unwrap();
        assert_eq!(gap.cell_name(1, 0), "A4", "the line the header stands on");
        assert_eq!(gap.cell_name(2, 1), "B5");
        let latin1 = csv(Path::new("x.csv"), b"Omr\xE5de;B\n").unwrap();
        assert_eq!(latin1.text(0, 0).as_deref(), Some("Område"));
    }

    #[test]
    fn a_bad_cell_is_named() {
        let sheet = csv(Path::new("x.csv"), b"A;B;C\nx;1;12,3,4\n").unwrap();
        let p = sheet.number(1, 2).unwrap_err();
        assert_eq!(p.cell.as_deref(), Some("C2"));
        assert!(p.message.contains("`12,3,4`"), "{}", p.message);
        let plain = csv(Path::new("x.csv"), b"A,B\nx,1.500\n").unwrap();
        assert!(plain.number(1, 1).unwrap_err().message.contains("1.500"));
    }
}
