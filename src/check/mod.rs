//! Stage 2, check & compute: validates a loaded case against what can be printed and turns it into view data.

pub mod amount;
pub mod blocks;
pub mod budgetopfoelgning;
pub mod edition;
pub mod limits;
pub mod moede;
pub mod noegletal;
pub mod notat;
pub mod omgorelser;
pub mod prose;
pub mod reduktionsplan;
pub mod regneark;
pub mod udgiftsudvikling;
pub mod view;
pub mod visitationsregler;

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::diagnostic::{Diagnostic, Place, nearest};
use crate::load::{Punkt, SourceFile};
pub use view::{
    AfstemningView, BilagView, DateView, IndstillingView, ProtokoltilfoerselView, PunktView,
    SuppleantView,
};

/// The PDF date used when neither the case nor its folder gives one
/// (1 January 1980, the earliest date every archive format can hold).
pub const FALLBACK_DATE: DateView = DateView {
    aar: 1980,
    maaned: 1,
    dag: 1,
};

/// The years a document date may have (a PDF date has four digits).
pub(crate) const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// What the check stage needs to know about the printing side.
pub struct Printable<'a> {
    /// Whether some bundled font has a glyph for the character.
    pub has_glyph: &'a (dyn Fn(char) -> bool + Sync),
    /// The folders being rendered, links resolved: a bilag file must lie
    /// inside one of them. Empty: inside the case file's own folder.
    pub roots: &'a [PathBuf],
}

/// Checks an agenda item and builds its view. Collects every problem found.
pub fn punkt(
    source: &SourceFile,
    punkt: &Punkt,
    printable: &Printable,
) -> Result<PunktView, Vec<Diagnostic>> {
    let mut problems = Vec::new();

    for (path, text) in texts(punkt) {
        check_characters(source, &path, text, printable, &mut problems);
    }
    for (path, entry) in list_entries(punkt) {
        if strip_at(entry).is_empty() {
            problems.push(
                source
                    .error(format!("`{path}` is empty"))
                    .at(source.key_place(&path))
                    .help("write the text of the entry, or remove the line"),
            );
        }
    }
    if let Some(d) = punkt.dato
        && !DATE_YEARS.contains(&d.year())
    {
        problems.push(
            source
                .error(format!(
                    "`dato` is in the year {}, which a PDF cannot carry",
                    d.year()
                ))
                .at(source.value_place("dato", 10))
                .help("write the meeting date as YYYY-MM-DD, e.g. `dato: 2021-11-29`"),
        );
    }
    if punkt.titel.trim().is_empty() {
        problems.push(
            source
                .error("the item has an empty `titel`")
                .at(source.key_place("titel"))
                .help("write the item's title, e.g. `titel: Godkendelse af referat`"),
        );
    }
    let bilag = punkt
        .bilag
        .iter()
        .enumerate()
        .map(|(i, b)| BilagView {
            nummer: i + 1,
            titel: b.titel.trim().to_string(),
            dokumenttitel: without_file_extension(b.titel.trim()).to_string(),
            fil: b.fil.as_ref().and_then(|fil| {
                check_bilag_file(
                    source,
                    &format!("bilag[{i}].fil"),
                    fil,
                    printable.roots,
                    &mut problems,
                )
                .map(|p| p.display().to_string())
            }),
            offentlig: b.offentlig,
            tilbageholdt: false,
            persondata: b.persondata.clone(),
        })
        .collect();

    let blokke = blocks::check(source, "", &punkt.blocks(), printable, &mut problems);

    if !problems.is_empty() {
        return Err(problems);
    }

    Ok(punkt_view(source, punkt, bilag, blokke))
}

/// The view of a checked item, with its checked bilag and blocks.
fn punkt_view(
    source: &SourceFile,
    punkt: &Punkt,
    bilag: Vec<BilagView>,
    blokke: blocks::BlocksView,
) -> PunktView {
    let tekster = punkt
        .texts()
        .into_iter()
        .filter_map(|(key, text)| {
            let text = text?.trim();
            (!text.is_empty()).then(|| (key.to_string(), text.to_string()))
        })
        .collect();
    let indstilling = punkt
        .indstilling
        .as_ref()
        .filter(|i| !i.at.is_empty())
        .map(|i| IndstillingView {
            af: i
                .af
                .as_deref()
                .map(str::trim)
                .filter(|af| !af.is_empty())
                .unwrap_or("Administrationen")
                .to_string(),
            at: i.at.iter().map(|c| strip_at(c).to_string()).collect(),
        });
    let titel = one_line(&punkt.titel);
    let dato_view = date_of(punkt.dato, source.dir());
    let dato_tekst = NaiveDate::from_ymd_opt(dato_view.aar, dato_view.maaned, dato_view.dag)
        .map(crate::format::date_long)
        .unwrap_or_default();
    PunktView {
        sagsnr: punkt
            .sagsnr
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        nummer: punkt.nummer,
        kort_titel: punkt
            .kort_titel
            .as_deref()
            .map(one_line)
            .unwrap_or_else(|| titel.clone()),
        titel,
        dato: dato_view,
        dato_tekst,
        lukket: punkt.lukket,
        tekster,
        indstilling,
        blokke,
        fravaerende: punkt.fravaerende.iter().map(|n| one_line(n)).collect(),
        suppleanter: punkt
            .suppleanter
            .iter()
            .map(|s| SuppleantView {
                navn: one_line(&s.navn),
                for_: one_line(&s.for_),
            })
            .collect(),
        afstemning: punkt
            .afstemning
            .as_ref()
            .filter(|a| a.lists().iter().any(|(_, names)| !names.is_empty()))
            .map(|a| AfstemningView {
                for_: a.for_.iter().map(|n| one_line(n)).collect(),
                imod: a.imod.iter().map(|n| one_line(n)).collect(),
                undlod: a.undlod.iter().map(|n| one_line(n)).collect(),
            }),
        protokoltilfoersler: punkt
            .protokoltilfoersel
            .iter()
            .map(|p| ProtokoltilfoerselView {
                navn: one_line(&p.navn),
                tekst: p.tekst.trim().to_string(),
            })
            .collect(),
        bilag,
        persondata: punkt.persondata.clone(),
    }
}

/// The entries of the item's lists that must not be empty, each with its key path.
fn list_entries(punkt: &Punkt) -> impl Iterator<Item = (String, &String)> {
    punkt
        .indstilling
        .iter()
        .flat_map(|i| {
            i.at.iter()
                .enumerate()
                .map(|(n, t)| (format!("indstilling.at[{n}]"), t))
        })
        .chain(
            punkt
                .fravaerende
                .iter()
                .enumerate()
                .map(|(n, t)| (format!("fraværende[{n}]"), t)),
        )
        .chain(punkt.afstemning.iter().flat_map(|a| {
            a.lists().into_iter().flat_map(|(list, names)| {
                names
                    .iter()
                    .enumerate()
                    .map(move |(n, t)| (format!("afstemning.{list}[{n}]"), t))
            })
        }))
        .chain(
            punkt
                .protokoltilfoersel
                .iter()
                .enumerate()
                .flat_map(|(n, p)| {
                    [
                        (format!("protokoltilførsel[{n}].navn"), &p.navn),
                        (format!("protokoltilførsel[{n}].tekst"), &p.tekst),
                    ]
                }),
        )
}

/// A closed item as the public edition shows it: number, title, case number
/// and the decision as it may be published (`offentlig_beslutning`, shown
/// as its Beslutning); no other text, block, decision, vote, absence or
/// bilag reaches the template.
pub fn closed_item(view: PunktView) -> PunktView {
    let tekster = view
        .tekster
        .get("offentlig_beslutning")
        .map(|t| ("beslutning".to_string(), t.clone()))
        .into_iter()
        .collect();
    PunktView {
        tekster,
        indstilling: None,
        blokke: Default::default(),
        fravaerende: Vec::new(),
        suppleanter: Vec::new(),
        afstemning: None,
        protokoltilfoersler: Vec::new(),
        bilag: Vec::new(),
        ..view
    }
}

/// Every text a user typed into the item, with its key path.
fn texts(p: &Punkt) -> Vec<(String, &str)> {
    let mut all: Vec<(String, &str)> = vec![("titel".into(), p.titel.as_str())];
    if let Some(k) = &p.kort_titel {
        all.push(("kort_titel".into(), k));
    }
    for (key, text) in p.texts() {
        if let Some(text) = text {
            all.push((key.to_string(), text));
        }
    }
    if let Some(i) = &p.indstilling {
        if let Some(af) = &i.af {
            all.push(("indstilling.af".into(), af));
        }
        for (n, at) in i.at.iter().enumerate() {
            all.push((format!("indstilling.at[{n}]"), at));
        }
    }
    for (n, b) in p.bilag.iter().enumerate() {
        all.push((format!("bilag[{n}].titel"), &b.titel));
    }
    for (n, name) in p.fravaerende.iter().enumerate() {
        all.push((format!("fraværende[{n}]"), name));
    }
    for (n, s) in p.suppleanter.iter().enumerate() {
        all.push((format!("suppleanter[{n}].navn"), &s.navn));
        all.push((format!("suppleanter[{n}].for"), &s.for_));
    }
    if let Some(a) = &p.afstemning {
        for (list, names) in a.lists() {
            for (n, name) in names.iter().enumerate() {
                all.push((format!("afstemning.{list}[{n}]"), name));
            }
        }
    }
    for (n, t) in p.protokoltilfoersel.iter().enumerate() {
        all.push((format!("protokoltilførsel[{n}].navn"), &t.navn));
        all.push((format!("protokoltilførsel[{n}].tekst"), &t.tekst));
    }
    blocks::texts("", &p.blocks(), &mut all);
    all
}

/// Characters that print as nothing and need no glyph.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{00AD}') || is_dropped(c)
}

/// Invisible formatting characters that pasted text carries and a PDF/A may
/// not: a byte-order mark inside the text, direction marks and embeddings
/// (from Outlook and Word), and emoji variation selectors. They print as
/// nothing either way.
pub fn is_dropped(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FE00}'..='\u{FE0F}')
}

pub(crate) fn check_characters(
    source: &SourceFile,
    path: &str,
    text: &str,
    printable: &Printable,
    problems: &mut Vec<Diagnostic>,
) {
    crate::check::limits::check(source, path, text, problems);
    for (c, what, hint) in unprintable(text, printable) {
        problems.push(
            source
                .error(format!("`{path}` holds {what}"))
                .at(char_place(source, path, c))
                .label("this character")
                .help(hint),
        );
    }
}

/// The characters of `text` that cannot be printed, each once: the
/// character, what it is ("the control character U+0001") and what to do.
pub(crate) fn unprintable(text: &str, printable: &Printable) -> Vec<(char, String, String)> {
    let mut found: Vec<(char, String, String)> = Vec::new();
    for c in text.chars() {
        let white = matches!(c, '\n' | '\r' | '\t' | ' ' | '\u{2028}' | '\u{2029}');
        if white || is_invisible(c) || found.iter().any(|(f, ..)| *f == c) {
            continue;
        }
        let problem = if ('\u{E000}'..='\u{F8FF}').contains(&c) {
            let hint = if c == '\u{F0B7}' {
                "it is a bullet from Word's Symbol font: start the line with `- ` to make a bullet list"
                    .to_string()
            } else {
                "it comes from a special font in the program the text was copied from: type the character again, or leave it out".to_string()
            };
            Some((
                format!(
                    "the private-use character U+{:04X}, which means nothing outside the font it was copied from",
                    c as u32
                ),
                hint,
            ))
        } else if c.is_control() {
            Some((
                format!("the control character U+{:04X}", c as u32),
                "remove it; it cannot be printed".to_string(),
            ))
        } else if !(printable.has_glyph)(c) {
            Some((
                format!(
                    "the character `{c}` (U+{:04X}), which none of the bundled fonts can print",
                    c as u32
                ),
                "write it in words or with other characters, or add a font that has it to the templates' `fonts/` folder".to_string(),
            ))
        } else {
            None
        };
        if let Some((what, hint)) = problem {
            found.push((c, what, hint));
        }
    }
    found
}

/// The place of the first `c` in the value at `path`, or the value's start.
fn char_place(source: &SourceFile, path: &str, c: char) -> Option<Place> {
    let start = source.value_place(path, 1)?;
    let offset = start.bytes.start;
    match source.text[offset..].find(c) {
        Some(i) => Some(Place::of_offset(&source.text, offset + i, c.len_utf8())),
        None => Some(start),
    }
}

/// Checks that a bilag file exists inside the folders being rendered, is of
/// a kind the tool can make PDF/A, and can be read (a PDF wholly); returns
/// its resolved path.
fn check_bilag_file(
    source: &SourceFile,
    path: &str,
    fil: &Path,
    roots: &[PathBuf],
    problems: &mut Vec<Diagnostic>,
) -> Option<PathBuf> {
    let len = fil.to_string_lossy().chars().count();
    let resolved = source.dir().join(fil);
    let fail = |message: String| {
        source
            .error(message)
            .at(source.value_place(path, len))
            .label("this file")
    };
    let shown = fil.display();
    if fil.is_absolute() {
        problems.push(
            fail(format!("bilag `{shown}` is an absolute path"))
                .help("put the file in the meeting's folder (e.g. in `bilag/`) and write its path relative to the case file, e.g. `fil: bilag/notat.pdf`"),
        );
        return None;
    }
    match std::fs::metadata(&resolved) {
        Ok(meta) if meta.is_dir() => {
            problems.push(
                fail(format!("bilag `{shown}` is a folder, not a file"))
                    .help("point `fil` to the file inside it, e.g. `fil: bilag/notat.pdf`"),
            );
            return None;
        }
        Ok(_) => {}
        Err(_) => {
            let mut d = fail(format!(
                "bilag file `{shown}` does not exist (looked for {})",
                resolved.display()
            ));
            if let Some(near) = similar_file(&resolved) {
                d = d.help(format!("did you mean `{near}`?"));
            }
            problems.push(d.help(
                "write the path relative to the case file's folder, e.g. `fil: bilag/punkt-096-bilag-1.pdf`, or leave `fil` out for a bilag the tool generates",
            ));
            return None;
        }
    }
    let own_folder;
    let roots = if roots.is_empty() {
        own_folder = [std::fs::canonicalize(source.dir()).unwrap_or_default()];
        &own_folder[..]
    } else {
        roots
    };
    if let Err(where_to) = crate::bilag::confine(&resolved, roots) {
        problems.push(
            fail(format!(
                "bilag `{shown}` lies outside the folders being rendered: {where_to}"
            ))
            .help("a bilag must lie inside the folder tree given on the command line, so that nothing else is copied into the output; copy the file into the meeting's folder (e.g. `bilag/`) and point `fil` there"),
        );
        return None;
    }
    let Some(kind) = crate::bilag::Kind::of(&resolved) else {
        problems.push(
            fail(format!(
                "bilag `{shown}` is not a kind of file the tool can make PDF/A"
            ))
            .help(format!(
                "a bilag may end in {}; save it as one of those (PDF is always right)",
                crate::bilag::ENDINGS
            )),
        );
        return None;
    };
    if let Err(why) = crate::bilag::inspect(&resolved, kind) {
        problems.push(
            fail(format!("bilag `{shown}` cannot be used: {why}"))
                .help("nothing of it is copied; ask the sender for the file again, or save it anew (as PDF, without a password)"),
        );
        return None;
    }
    Some(resolved)
}

/// A file next to the missing one whose name is close to it, written relative like the original.
fn similar_file(missing: &Path) -> Option<String> {
    let dir = missing.parent()?;
    let wanted = missing.file_name()?.to_str()?;
    let names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let near = nearest(wanted, names.iter().map(String::as_str))?;
    Some(near.to_string())
}

/// A clause without the "at" the writer may have typed in front of it.
fn strip_at(clause: &str) -> &str {
    let t = clause.trim();
    match t.get(..3) {
        Some(first) if first.eq_ignore_ascii_case("at ") => t[3..].trim_start(),
        _ => t,
    }
}

/// A one-line value: line breaks and runs of spaces become one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The item's date: its own `dato`, else a `YYYY-MM-DD` folder name, else the fallback.
fn date_of(own: Option<NaiveDate>, dir: &Path) -> DateView {
    let from_dir = || {
        dir.ancestors().find_map(|d| {
            let name = d.file_name()?.to_str()?;
            NaiveDate::parse_from_str(name, "%Y-%m-%d")
                .ok()
                .filter(|d| DATE_YEARS.contains(&d.year()))
        })
    };
    let own = own.filter(|d| DATE_YEARS.contains(&d.year()));
    match own.or_else(from_dir) {
        Some(d) => DateView {
            aar: d.year(),
            maaned: d.month(),
            dag: d.day(),
        },
        None => FALLBACK_DATE,
    }
}

/// `Tal for omgørelsesprocenter 2016-2020.pdf` → `Tal for omgørelsesprocenter
/// 2016-2020`: a title that ends in an office or PDF file's extension, without it.
pub fn without_file_extension(title: &str) -> &str {
    const EXTENSIONS: [&str; 9] = [
        ".pdf", ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".odt", ".ods", ".rtf",
    ];
    EXTENSIONS
        .iter()
        .find_map(|e| {
            let cut = title.len().checked_sub(e.len()).filter(|&c| c > 0)?;
            let tail = title.get(cut..)?;
            tail.eq_ignore_ascii_case(e)
                .then(|| title[..cut].trim_end())
        })
        .unwrap_or(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_as_title_loses_its_extension() {
        assert_eq!(
            without_file_extension("Tal for omgørelsesprocenter 2016-2020.pdf"),
            "Tal for omgørelsesprocenter 2016-2020"
        );
        assert_eq!(without_file_extension("Strategi.DOCX"), "Strategi");
        assert_eq!(
            without_file_extension("Notat om 2,5 mio. kr."),
            "Notat om 2,5 mio. kr."
        );
        assert_eq!(without_file_extension(".pdf"), ".pdf");
        assert_eq!(without_file_extension("Bilag æøå"), "Bilag æøå");
    }

    #[test]
    fn strips_a_typed_at() {
        assert_eq!(strip_at("At rammen er 1,2 mio."), "rammen er 1,2 mio.");
        assert_eq!(
            strip_at("at der sker en drøftelse"),
            "der sker en drøftelse"
        );
        assert_eq!(strip_at("atten punkter"), "atten punkter");
        assert_eq!(strip_at("Udvalget godkender"), "Udvalget godkender");
    }

    #[test]
    fn date_from_the_folder_name() {
        let d = date_of(None, Path::new("cases/udvalget-for-laering/2021-11-29"));
        assert_eq!((d.aar, d.maaned, d.dag), (2021, 11, 29));
        assert_eq!(date_of(None, Path::new("cases/x")), FALLBACK_DATE);
        let own = NaiveDate::from_ymd_opt(2022, 1, 3);
        assert_eq!(date_of(own, Path::new("2021-11-29")).maaned, 1);
    }
}
