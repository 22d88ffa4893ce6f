//! `dagsorden publish`: the public edition as a static web site with the public PDFs and an OParl 1.1 export.
//!
//! The PDFs are rendered by the ordinary batch in the public edition
//! ([`Edition::Offentlig`]) into `DIR/dokumenter/`, mirroring the case tree;
//! the pages ([`site`]) and the OParl files ([`oparl`]) are made from the
//! same checked views the public PDFs are made from, so a closed item shows
//! its number, title, "Lukket punkt" and `offentlig_beslutning`, and
//! nothing else of it reaches any file of the site. The search index
//! ([`search`]) is made from the public PDFs as written, the calendars
//! ([`calendar`]) and feeds ([`feeds`]) from the meetings, the case pages
//! from the items grouped by sagsnr ([`sager`]).

pub mod calendar;
pub mod feeds;
pub mod oparl;
pub mod sager;
pub mod search;
pub mod site;
pub mod tilgaengelighed;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::batch::{self, Event, Summary};
use crate::check::edition::Edition;
use crate::check::moede::MoedeView;
use crate::check::notat::NotatView;
use crate::check::{self, Printable, PunktView};
use crate::engine::Engine;
use crate::load::{self, Case};
use crate::meeting;
use crate::write;

/// The folder of the site the PDFs are written into.
pub const DOCUMENTS: &str = "dokumenter";

/// What `publish` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder.
    pub dir: PathBuf,
    /// What the OParl ids and URLs start with: the address the site is
    /// served from, ending in `/`; empty for ids relative to the site.
    pub base_url: String,
    /// The folder the case tree is mirrored from ([`batch::base_of`]).
    pub base: PathBuf,
    /// Whether to make the search index (`pagefind/`); without it the
    /// search page says the site has none.
    pub search: bool,
}

/// What was published.
#[derive(Debug, Default, Clone)]
pub struct Published {
    /// Item files that belong to no meeting's agenda, so are not published.
    pub left_out: Vec<PathBuf>,
    pub documents: Summary,
    pub meetings: usize,
    pub pages: usize,
    pub oparl_files: usize,
    /// Pages and data files of the site not written for the personal data
    /// in them, each an error.
    pub withheld: Vec<crate::diagnostic::Diagnostic>,
    /// The personal-data report, written beside the site.
    pub persondata: crate::persondata::ledger::Report,
    /// Where the report is: `DIR.persondata.json`.
    pub report: PathBuf,
    /// What the search index holds.
    pub search: search::Indexed,
}

/// Why the site cannot be published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The base URL given is no `http(s)://` address.
    #[error(
        "`--base-url {url}` is not a web address; write the address the site will be served from, e.g. `--base-url https://dagsorden.kommune.dk/`"
    )]
    BaseUrl { url: String },
    #[error("publish makes the public edition only")]
    NotPublicEdition,
    /// The folder holds files, but no site of ours.
    #[error(
        "`{}` holds files but no site written by `dagsorden publish` (it has no {MARKER}); give a new or empty folder, since publishing removes what it did not write",
        .dir.display()
    )]
    ForeignFolder { dir: PathBuf },
    #[error(transparent)]
    Assets(#[from] crate::assets::AssetError),
    /// The folder for the PDFs cannot be written into.
    #[error(transparent)]
    Batch(#[from] batch::BatchError),
    /// The page templates' syntax cannot be set up.
    #[error(transparent)]
    Syntax(minijinja::Error),
    /// The page template `name` (its file, when loaded) does not compile or
    /// fails on the values it is given.
    #[error("template {name}: {source:#}")]
    Template {
        name: String,
        #[source]
        source: minijinja::Error,
    },
    /// The search index cannot be made.
    #[error("the search index cannot be made: {0}")]
    Search(String),
    /// An OParl object cannot be put as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A PDF of the site, at `path` relative to it, cannot be read for its checksum.
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write `{}`: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The base URL as given, with the `/` it must end in; an address that is
/// not `http(s)://…` without spaces is refused.
pub fn normalise_base_url(url: &str) -> Result<String, PublishError> {
    if url.is_empty() {
        return Ok(String::new());
    }
    let lower = url.to_ascii_lowercase();
    let scheme = ["https://", "http://"]
        .iter()
        .find(|s| lower.starts_with(**s));
    let valid = scheme.is_some_and(|s| url.len() > s.len())
        && !url.contains(|c: char| c.is_whitespace() || c == '?' || c == '#');
    if !valid {
        return Err(PublishError::BaseUrl {
            url: url.to_string(),
        });
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// A file of the site, by its path relative to the site's top folder (with `/`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SiteFile {
    pub path: String,
    pub size: u64,
}

/// One meeting of the site: its public view and where its documents are.
#[derive(Debug, Clone)]
pub struct MeetingPage {
    pub view: MoedeView,
    /// The meeting's folder (where `moede.yaml` is).
    pub folder: PathBuf,
    /// The meeting's page, relative to the site: `udvalget-for-laering/2021-11-29.html`.
    pub page: String,
    /// The committee's key (`udvalget-for-laering`).
    pub udvalg_key: String,
    /// The meeting's key, unique in the site (`udvalget-for-laering-2021-11-29`).
    pub key: String,
    pub pdf: Option<SiteFile>,
    pub samlet: Option<SiteFile>,
    /// The corrections to approved minutes, "Tillæg til referat".
    pub tillaeg: Option<SiteFile>,
    pub items: Vec<ItemPage>,
    /// The day the minutes were approved, from `godkendelse.yaml`.
    pub godkendt: Option<String>,
    /// The day of the newest correction in the Tillæg, if there is one.
    pub tillaeg_dato: Option<chrono::NaiveDate>,
}

impl MeetingPage {
    /// The date of the meeting's newest document, `ÅÅÅÅ-MM-DD`: the newest
    /// correction, else the approval of the minutes, else the meeting day.
    pub fn newest_document(&self) -> String {
        let day = self.view.dato.iso();
        let mut newest = day.clone();
        if let Some(g) = &self.godkendt {
            newest = newest.max(g.clone());
        }
        if let Some(t) = self.tillaeg_dato {
            newest = newest.max(t.format("%Y-%m-%d").to_string());
        }
        newest
    }
}

/// A time of day: hours and minutes.
pub type Clock = (u32, u32);

/// The meeting's start and end as hours and minutes, when its `tid` says
/// them: `15:00`, `15.00`, `kl. 15:00-17:00`, `15.00 – 17.30`.
pub fn meeting_times(tid: Option<&str>) -> (Option<Clock>, Option<Clock>) {
    fn time_at(text: &str) -> Option<(Clock, &str)> {
        let digits = text.trim_start_matches(|c: char| !c.is_ascii_digit());
        let (h, rest) = digits.split_once([':', '.'])?;
        let hour: u32 = h.parse().ok().filter(|h| *h < 24)?;
        let minute: u32 = rest.get(..2)?.parse().ok().filter(|m| *m < 60)?;
        Some(((hour, minute), &rest[2..]))
    }
    let Some((start, rest)) = tid.and_then(time_at) else {
        return (None, None);
    };
    let end = rest
        .trim_start()
        .strip_prefix(['-', '–'])
        .and_then(time_at)
        .map(|(t, _)| t)
        .filter(|t| *t > start);
    (Some(start), end)
}

/// Whether Danish summer time (CEST) holds on `date` during the day: from
/// the last Sunday of March to the day before the last Sunday of October.
pub fn summer_time(date: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    let last_sunday = |month: u32| {
        let first_next = chrono::NaiveDate::from_ymd_opt(date.year(), month + 1, 1)?;
        let last = first_next.pred_opt()?;
        let back = last.weekday().num_days_from_sunday();
        last.checked_sub_days(chrono::Days::new(back.into()))
    };
    match (last_sunday(3), last_sunday(10)) {
        (Some(begin), Some(end)) => date >= begin && date < end,
        _ => false,
    }
}

/// One item of a published meeting.
#[derive(Debug, Clone)]
pub struct ItemPage {
    pub view: PunktView,
    pub pdf: Option<SiteFile>,
    /// Each bilag of the public view with its file, if one was written.
    pub bilag: Vec<(check::BilagView, Option<SiteFile>)>,
}

/// A memo of the site.
#[derive(Debug, Clone)]
pub struct MemoPage {
    pub view: NotatView,
    pub pdf: SiteFile,
}

/// Everything the site is made from, in a fixed order: committees by name,
/// meetings by date.
#[derive(Debug, Clone)]
pub struct Site {
    pub kommune: String,
    /// The kommune's domain, for the ids of calendar events and feed
    /// entries: the first of the profile's `persondata.domæner`.
    pub domain: String,
    pub meetings: Vec<MeetingPage>,
    pub memos: Vec<MemoPage>,
    /// Every sagsnr of the published items, in A–Z order ([`sager::of`]).
    pub sager: Vec<sager::Sag>,
}

impl Site {
    /// The meetings of each committee, by its key, in the site's order.
    pub fn by_committee(&self) -> BTreeMap<&str, Vec<&MeetingPage>> {
        let mut by: BTreeMap<&str, Vec<&MeetingPage>> = BTreeMap::new();
        for m in &self.meetings {
            by.entry(&m.udvalg_key).or_default().push(m);
        }
        by
    }
}

/// Publishes the case files `cases` (found by [`batch::discover`]) with
/// `engine`, which must make the public edition. Every case file's outcome
/// goes to `report`, in path order; a case file that fails leaves its
/// documents out and the rest is published.
pub fn publish(
    engine: &Engine,
    cases: &[PathBuf],
    options: &Options,
    progress: &(dyn Fn() + Sync),
    mut report: impl FnMut(Event) + Send,
) -> Result<Published, PublishError> {
    if engine.edition() != Edition::Offentlig {
        return Err(PublishError::NotPublicEdition);
    }
    let dir = &options.dir;
    refuse_foreign_folder(dir)?;
    // The page templates are loaded before anything is written: a mistake
    // in a template folder stops the run before it starts.
    let html = site::Html::load(
        &match &engine.template_dir() {
            Some(dir) => crate::assets::Assets::with_user_dir(dir)?,
            None => crate::assets::Assets::built_in(),
        },
        crate::template::markdown::Terms::new(&engine.templates().profile.fremmedsprog),
    )?;
    let (cases, left_out) = published_cases(cases);
    let cases = &cases[..];
    let documents_dir = dir.join(DOCUMENTS);
    batch::prepare_output(&documents_dir)?;
    let mut written: BTreeSet<PathBuf> = BTreeSet::new();
    let mut failed_cases: BTreeSet<PathBuf> = BTreeSet::new();
    let batch_options = batch::Options {
        output: Some(documents_dir.clone()),
        keep_typ: false,
        samlet: true,
        base: options.base.clone(),
    };
    let documents = batch::run(engine, cases, &batch_options, progress, |event| {
        match &event {
            Event::Written {
                pdf, packet, also, ..
            } => {
                written.insert(pdf.clone());
                written.extend(packet.iter().cloned());
                written.extend(also.iter().cloned());
            }
            Event::Failed { case, .. } => {
                failed_cases.insert(case.clone());
            }
            Event::Checked { .. } => {}
        }
        report(event);
    });
    let site = gather(engine, cases, options, &written, &failed_cases)?;
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let survey = tilgaengelighed::survey(&written);
    let pages = site::pages(engine, &html, &site, &survey)?;
    let page_count = pages.keys().filter(|p| p.ends_with(".html")).count();
    files.extend(pages);
    let mut indexed = search::Indexed::default();
    if options.search {
        let records = search::records(engine, &site, dir);
        let index = search::index(&records)?;
        indexed = search::Indexed {
            records: records.len(),
            files: index.len(),
            bytes: index.values().map(|b| b.len() as u64).sum(),
        };
        files.extend(index);
    }
    files.extend(calendar::files(&site, &options.base_url, &site.domain));
    files.extend(feeds::files(&site, &options.base_url, &site.domain));
    let oparl = oparl::files(&site, &options.base_url, dir)?;
    let oparl_files = oparl.len();
    files.extend(oparl);
    let withheld = screen_site(engine, &site, &mut files);
    for (path, bytes) in &files {
        let full = dir.join(path);
        let folder = full.parent().unwrap_or(dir);
        let name = full
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        std::fs::create_dir_all(folder)
            .and_then(|()| crate::atomic::atomic(folder, &name, bytes))
            .map_err(|source| PublishError::Write {
                path: full.clone(),
                source,
            })?;
        written.insert(full);
    }
    remove_stale(dir, &written);
    let persondata = crate::persondata::ledger::Report::of(engine.persondata().ledger().records());
    let report = report_path(dir);
    let json = serde_json::to_vec_pretty(&persondata)?;
    let report_dir = report.parent().unwrap_or(Path::new("."));
    let report_name = report
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::atomic::atomic(report_dir, &report_name, &json).map_err(|source| {
        PublishError::Write {
            path: report.clone(),
            source,
        }
    })?;
    Ok(Published {
        left_out,
        documents,
        meetings: site.meetings.len(),
        pages: page_count,
        oparl_files,
        withheld,
        persondata,
        report,
        search: indexed,
    })
}

/// Where the personal-data report of the site `dir` is written: beside
/// it, never in it, since the report is for the secretariat
/// (`site/` → `site.persondata.json`).
pub fn report_path(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty() && n != "." && n != "..")
        .unwrap_or_else(|| "site".into());
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parent.join(format!("{name}.persondata.json"))
}

/// Reads every page and data file of the site for personal data before it
/// is written: one that holds any nothing allows is left out of `files` and
/// reported. The exceptions are those of every published item and bilag.
fn screen_site(
    engine: &Engine,
    site: &Site,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Vec<crate::diagnostic::Diagnostic> {
    use crate::persondata::{self, ledger};
    let exceptions: Vec<crate::load::model::Persondata> = site
        .meetings
        .iter()
        .flat_map(|m| &m.items)
        .flat_map(|i| crate::screening::item_exceptions(&i.view))
        .collect();
    let exceptions: Vec<&crate::load::model::Persondata> = exceptions.iter().collect();
    let check = engine.persondata();
    let mut errors = Vec::new();
    let mut refused = Vec::new();
    let scans: Vec<(&String, persondata::Scan)> = {
        use rayon::prelude::*;
        let bundle = format!("{}/", search::BUNDLE);
        // Of the search index, the fragments hold the text (as JSON); the
        // word index, its metadata and Pagefind's own code are binary or
        // fixed, and read as text they join figures into false numbers.
        let screened = |path: &String| {
            !path.starts_with(&bundle) || path.ends_with(".pf_fragment") || path.ends_with(".json")
        };
        files
            .par_iter()
            .filter(|(path, _)| screened(path))
            .map(|(path, bytes)| {
                let raw = match gunzipped(bytes) {
                    Some(plain) => String::from_utf8_lossy(&plain).into_owned().into(),
                    None => String::from_utf8_lossy(bytes),
                };
                let text = if path.ends_with(".html") {
                    persondata::text::html_text(&raw)
                } else {
                    raw.into_owned()
                };
                (path, check.scan(&text, &exceptions))
            })
            .collect()
    };
    for (path, scan) in scans {
        let mut seen = BTreeSet::new();
        for f in &scan.findings {
            if seen.insert((f.kind, f.masked.clone())) {
                errors.push(
                    crate::diagnostic::Diagnostic::new(
                        path,
                        format!(
                            "{} {} on the site's page `{path}`, which would be published",
                            f.kind.danish(),
                            f.masked
                        ),
                    )
                    .help("the page is not written; it is made from the case files' public texts, so find the value there and remove it"),
                );
            }
        }
        check.record(ledger::Record {
            fil: path.clone(),
            art: ledger::Art::Side,
            kilde: String::new(),
            sider: None,
            tilbageholdt: !scan.findings.is_empty(),
            fund: scan
                .findings
                .iter()
                .map(|f| ledger::Fund {
                    kind: f.kind.key(),
                    masked: f.masked.clone(),
                    side: None,
                })
                .collect(),
            undtagelser: scan.used,
        });
        if !scan.findings.is_empty() {
            refused.push(path.clone());
        }
    }
    // The search index is whole or not there: a file of it withheld takes
    // the rest with it.
    let bundle = format!("{}/", search::BUNDLE);
    if refused.iter().any(|p| p.starts_with(&bundle)) {
        refused.extend(files.keys().filter(|p| p.starts_with(&bundle)).cloned());
    }
    for path in refused {
        files.remove(&path);
    }
    errors
}

/// The bytes of a gzip stream (the search index's files) decompressed, or
/// `None` for anything else.
fn gunzipped(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return None;
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// The case files that are published: meetings, memos and the items on a
/// meeting's agenda. An item file outside a meeting folder, or one its
/// meeting's `punkter` does not list, is on no agenda yet: it is left out
/// (and returned), never published. A file that does not load stays, for
/// the batch to report.
fn published_cases(cases: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    // A meeting file named on its own brings its items (and so their bilag).
    let mut all = cases.to_vec();
    for case in cases {
        if let Ok(loaded) = load::load(case)
            && let Case::Moede(moede) = &loaded.case
        {
            if moede.punkter.is_empty() {
                // Corrections are printed with their meeting, not on their own.
                let correction = |p: &PathBuf| {
                    std::fs::read_to_string(p).is_ok_and(|t| crate::load::is_correction(&t))
                };
                let items = meeting::items::case_files_beside(&loaded.source);
                all.extend(items.into_iter().filter(|p| !correction(p)));
            } else {
                let dir = loaded.source.dir();
                all.extend(moede.punkter.iter().map(|n| dir.join(n.trim())));
            }
        }
    }
    let mut seen = BTreeSet::new();
    all.retain(|p| seen.insert(canonical(p)));
    all.sort();
    let mut kept = Vec::new();
    let mut left_out = Vec::new();
    for case in &all {
        let on_agenda = match load::load(case) {
            Ok(loaded) => match &loaded.case {
                Case::Punkt(_) => meeting::items::beside(&loaded.source).is_some_and(|m| {
                    m.moede.punkter.is_empty()
                        || m.moede.punkter.iter().any(|name| {
                            canonical(&m.source.dir().join(name.trim())) == canonical(case)
                        })
                }),
                _ => true,
            },
            Err(_) => true,
        };
        if on_agenda {
            kept.push(case.clone());
        } else {
            left_out.push(case.clone());
        }
    }
    (kept, left_out)
}

/// The marker of a site folder: what `publish` always writes.
const MARKER: &str = "oparl/system.json";

/// A folder that holds files but no site of ours is not published into:
/// `publish` removes what it did not write this time.
fn refuse_foreign_folder(dir: &Path) -> Result<(), PublishError> {
    let has_files = std::fs::read_dir(dir).is_ok_and(|mut e| e.next().is_some());
    if has_files && !dir.join(MARKER).is_file() {
        return Err(PublishError::ForeignFolder {
            dir: dir.to_path_buf(),
        });
    }
    Ok(())
}

/// Removes every file below `dir` that this run did not write (a meeting
/// since removed, a renamed item), and the folders left empty.
fn remove_stale(dir: &Path, written: &BTreeSet<PathBuf>) {
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        let p = entry.path();
        if entry.file_type().is_dir() {
            folders.push(p.to_path_buf());
        } else if !written.contains(p) {
            let _ = std::fs::remove_file(p);
        }
    }
    // Deepest first; a folder that still holds something stays.
    for folder in folders.iter().rev() {
        let _ = std::fs::remove_dir(folder);
    }
}

/// A name as the Danish alphabet orders it: case aside, æ, ø and å after z.
fn danish_order(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'æ' | 'ä' => '{',
            'ø' | 'ö' => '|',
            'å' => '}',
            c => c,
        })
        .collect()
}

/// The path of `file` relative to `dir`, with `/`.
fn relative(dir: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(dir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// The site file at `path` if this run wrote it.
fn site_file(dir: &Path, written: &BTreeSet<PathBuf>, path: &Path) -> Option<SiteFile> {
    if !written.contains(path) {
        return None;
    }
    let size = std::fs::metadata(path).ok()?.len();
    Some(SiteFile {
        path: relative(dir, path)?,
        size,
    })
}

/// A name as a key for paths and ids: lower case ASCII letters, digits and `-`.
pub fn key(name: &str) -> String {
    let word = write::file_word(name).to_lowercase();
    let parts: Vec<&str> = word.split('_').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "x".into()
    } else {
        parts.join("-")
    }
}

/// Loads the meetings and memos whose documents were written, with the
/// public views their PDFs were made from.
fn gather(
    engine: &Engine,
    cases: &[PathBuf],
    options: &Options,
    written: &BTreeSet<PathBuf>,
    failed: &BTreeSet<PathBuf>,
) -> Result<Site, PublishError> {
    let fonts = engine.typesetter().fonts();
    let has_glyph = |c: char| fonts.has_glyph(c);
    let printable = Printable {
        has_glyph: &has_glyph,
        roots: engine.roots(),
    };
    let dir = &options.dir;
    let documents_dir = dir.join(DOCUMENTS);
    let mut meetings = Vec::new();
    let mut memos = Vec::new();
    for case in cases.iter().filter(|c| !failed.contains(*c)) {
        let Ok(loaded) = load::load(case) else {
            continue;
        };
        let out = documents_dir.join(batch::subfolder(&options.base, case));
        match &loaded.case {
            Case::Moede(moede) => {
                let prepared = match meeting::gather(engine, &loaded.source, moede, &printable) {
                    Ok(p) => p,
                    Err(_) => continue, // reported by the batch
                };
                let view = prepared.view;
                let name =
                    write::edition_file_name(engine.edition(), write::moede_file_name(&view));
                let pdf = site_file(dir, written, &out.join(&name));
                if pdf.is_none() {
                    continue;
                }
                let samlet = site_file(dir, written, &out.join(write::packet_file_name(&name)));
                let tillaeg = write::tillaeg_file_name(&view, engine.edition());
                let tillaeg = site_file(dir, written, &out.join(tillaeg));
                let items = view
                    .punkter
                    .iter()
                    .map(|p| ItemPage {
                        pdf: site_file(
                            dir,
                            written,
                            &out.join(write::edition_file_name(
                                engine.edition(),
                                write::punkt_file_name(p),
                            )),
                        ),
                        bilag: p
                            .bilag
                            .iter()
                            .map(|b| {
                                let name = write::edition_file_name(
                                    engine.edition(),
                                    write::bilag_file_name(p, b),
                                );
                                (b.clone(), site_file(dir, written, &out.join(name)))
                            })
                            .collect(),
                        view: p.clone(),
                    })
                    .collect();
                let folder = loaded.source.dir().to_path_buf();
                let godkendt = crate::approval::Record::read(&folder)
                    .ok()
                    .flatten()
                    .map(|r| r.godkendt);
                let tillaeg_dato = tillaeg
                    .as_ref()
                    .and_then(|_| meeting::corrections::newest(&loaded.source));
                meetings.push(MeetingPage {
                    udvalg_key: key(&view.udvalg),
                    key: String::new(),
                    page: String::new(),
                    view,
                    folder,
                    pdf,
                    samlet,
                    tillaeg,
                    items,
                    godkendt,
                    tillaeg_dato,
                });
            }
            Case::Notat(notat) => {
                let Ok(view) = check::notat::check(&loaded.source, notat, &printable) else {
                    continue;
                };
                let name =
                    write::edition_file_name(engine.edition(), write::notat_file_name(&view));
                if let Some(pdf) = site_file(dir, written, &out.join(name)) {
                    memos.push(MemoPage { view, pdf });
                }
            }
            _ => {}
        }
    }
    // Committees by name, their meetings newest first; a second meeting of
    // a committee on one day gets `-2`.
    meetings.sort_by_cached_key(|m| {
        let d = m.view.dato;
        (
            danish_order(&m.view.udvalg),
            m.view.udvalg.clone(),
            std::cmp::Reverse((d.aar, d.maaned, d.dag)),
        )
    });
    let mut taken = BTreeSet::new();
    for m in &mut meetings {
        let d = m.view.dato;
        let day = format!("{:04}-{:02}-{:02}", d.aar, d.maaned, d.dag);
        let mut stem = day.clone();
        let mut n = 1;
        while !taken.insert(format!("{}/{stem}", m.udvalg_key)) {
            n += 1;
            stem = format!("{day}-{n}");
        }
        m.page = format!("{}/{stem}.html", m.udvalg_key);
        m.key = format!("{}-{stem}", m.udvalg_key);
    }
    memos.sort_by(|a, b| a.pdf.path.cmp(&b.pdf.path));
    let profile = &engine.templates().profile;
    let domain = profile
        .persondata
        .domaener
        .first()
        .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| format!("{}.invalid", key(&profile.kommune)));
    let sager = sager::of(&meetings);
    Ok(Site {
        kommune: profile.kommune.clone(),
        domain,
        meetings,
        memos,
        sager,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committees_in_danish_order_and_keys() {
        let mut names = vec![
            "Økonomiudvalget",
            "Ældreudvalget",
            "Arbejdsmarkedsudvalget",
            "Åben Skole",
            "zoneudvalget",
        ];
        names.sort_by_key(|n| danish_order(n));
        assert_eq!(
            names,
            [
                "Arbejdsmarkedsudvalget",
                "zoneudvalget",
                "Ældreudvalget",
                "Økonomiudvalget",
                "Åben Skole"
            ]
        );
        assert_eq!(key("Udvalget for Læring"), "udvalget-for-laering");
        assert_eq!(key("Udvalget <i>for</i> & \"x\""), "udvalget-ifori-x");
        assert_eq!(key("«»"), "uden-titel");
    }

    #[test]
    fn meeting_times_from_tid() {
        assert_eq!(meeting_times(Some("15:00")), (Some((15, 0)), None));
        assert_eq!(
            meeting_times(Some("kl. 15:00-17:00")),
            (Some((15, 0)), Some((17, 0)))
        );
        assert_eq!(
            meeting_times(Some("8.30 – 10.15")),
            (Some((8, 30)), Some((10, 15)))
        );
        // An end before the start is no end.
        assert_eq!(meeting_times(Some("16:00-09:00")), (Some((16, 0)), None));
        assert_eq!(meeting_times(Some("efter byrådsmødet")), (None, None));
        assert_eq!(meeting_times(Some("25:00")), (None, None));
        assert_eq!(meeting_times(None), (None, None));
    }

    #[test]
    fn base_urls() {
        assert_eq!(normalise_base_url("").unwrap(), "");
        assert_eq!(
            normalise_base_url("https://x.dk/m").unwrap(),
            "https://x.dk/m/"
        );
        assert_eq!(normalise_base_url("http://x.dk/").unwrap(), "http://x.dk/");
        assert!(normalise_base_url("x.dk").is_err());
        assert!(normalise_base_url("https://").is_err());
        assert!(normalise_base_url("https://x.dk/?a").is_err());
        assert!(normalise_base_url("javascript:alert(1)").is_err());
    }
}
