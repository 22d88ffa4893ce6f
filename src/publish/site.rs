//! The HTML pages of the published site: the minijinja templates of `html/` in the template folder, auto-escaped, fed with the public views.
//!
//! Pages: `index.html` (the committees and memos), `<udvalg>/index.html`
//! (a committee's meetings by year, newest first, with its calendar and
//! feed), `<udvalg>/<dato>.html` (a meeting with every item),
//! `sager/index.html` (the A–Z of cases) and `sager/<sagsnr>.html` (one
//! case across meetings), `soeg.html` with `soeg.js` (the search, which
//! needs JavaScript and http(s)), and `stil.css` in the profile's colours.
//! Every link is relative, so the site works from `file://` and under any
//! address; only the search does not.

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, context};
use serde::Serialize;

use super::{MeetingPage, PublishError, Site, SiteFile};
use crate::assets::Assets;
use crate::engine::Engine;
use crate::template::markdown;

/// The templates of the site, in the template folder.
pub const FORSIDE: &str = "html/forside.html";
pub const UDVALG: &str = "html/udvalg.html";
pub const MOEDE: &str = "html/moede.html";
pub const STIL: &str = "html/stil.css";
pub const SAGER: &str = "html/sager.html";
pub const SAG: &str = "html/sag.html";
pub const SOEG: &str = "html/soeg.html";
pub const TILGAENGELIGHED: &str = "html/tilgaengelighed.html";
/// The search page's script, copied as it is.
pub const SOEG_JS: &str = "html/soeg.js";

/// The search page and its script, relative to the site's top folder.
pub const SEARCH_PAGE: &str = "soeg.html";
pub const SEARCH_SCRIPT: &str = "soeg.js";

/// The site's stylesheet, relative to its top folder.
pub const STYLESHEET: &str = "stil.css";

/// The site's templates, loaded from the engine's template folder.
pub struct Html {
    env: Environment<'static>,
    /// `soeg.js`, as the template folder has it.
    script: String,
}

impl Html {
    /// Loads the `html/` templates of `assets` (`terms`: the profile's terms
    /// in other languages); `.html` templates escape
    /// every value for HTML unless it is HTML already (the `markdown` filter's).
    pub fn load(assets: &Assets, terms: markdown::Terms) -> Result<Html, PublishError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(PublishError::Syntax)?;
        env.set_syntax(syntax);
        env.add_filter("markdown", move |text: Option<String>| {
            Value::from_safe_string(markdown::to_html_with(
                text.as_deref().unwrap_or(""),
                &terms,
            ))
        });
        env.add_filter("stoerrelse", |size: u64| size_text(size));
        let loader_assets = assets.clone();
        env.set_loader(move |name| Ok(loader_assets.read_text(name).ok()));
        for name in [
            FORSIDE,
            UDVALG,
            MOEDE,
            STIL,
            SAGER,
            SAG,
            SOEG,
            TILGAENGELIGHED,
        ] {
            env.get_template(name)
                .map_err(|source| PublishError::Template {
                    name: assets.origin(name),
                    source,
                })?;
        }
        let script = assets.read_text(SOEG_JS).map_err(|e| PublishError::Read {
            path: assets.origin(SOEG_JS),
            source: std::io::Error::other(e.to_string()),
        })?;
        Ok(Html { env, script })
    }

    fn render(&self, name: &str, values: Value) -> Result<String, PublishError> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(values))
            .map_err(|source| PublishError::Template {
                name: name.to_string(),
                source,
            })
    }
}

/// A file's size as the page shows it: `85 kB`, `1,2 MB`.
pub fn size_text(size: u64) -> String {
    if size < 1_000_000 {
        format!("{} kB", size.div_ceil(1000))
    } else {
        let tenths = size.div_ceil(100_000);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

/// A link to a file of the site, from a page `rod` below the top folder.
#[derive(Debug, Serialize)]
struct Link {
    href: String,
    stoerrelse: u64,
}

fn link(rod: &str, file: &SiteFile) -> Link {
    Link {
        href: format!("{rod}{}", url_path(&file.path)),
        stoerrelse: file.size,
    }
}

/// A relative path as a URL path: each segment percent-encoded.
pub fn url_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        char::from(b).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[derive(Serialize)]
struct BilagLink {
    nummer: usize,
    titel: String,
    tilbageholdt: bool,
    fil: Option<Link>,
}

#[derive(Serialize)]
struct PunktSide<'a> {
    punkt: &'a crate::check::PunktView,
    pdf: Option<Link>,
    bilag: Vec<BilagLink>,
    /// The page of the item's case, when its sagsnr has one.
    sag: Option<String>,
}

#[derive(Serialize)]
struct MoedeLink<'a> {
    titel: &'a str,
    overskrift: &'a str,
    dato_tekst: &'a str,
    udkast: bool,
    href: String,
}

/// One year of a committee's meetings, newest first.
#[derive(Serialize)]
struct AarLink<'a> {
    aar: i32,
    moeder: Vec<MoedeLink<'a>>,
}

#[derive(Serialize)]
struct UdvalgLink<'a> {
    navn: &'a str,
    href: String,
    /// The committee's folder, relative to the site: `udvalget-for-laering/`.
    mappe: String,
    moeder: Vec<MoedeLink<'a>>,
    aar: Vec<AarLink<'a>>,
}

#[derive(Serialize)]
struct NotatLink<'a> {
    titel: &'a str,
    dato_tekst: &'a str,
    fil: Link,
}

/// A case in the A–Z.
#[derive(Serialize)]
struct SagLink<'a> {
    titel: &'a str,
    sagsnr: &'a str,
    href: String,
    punkter: usize,
    /// The first and the newest meeting's date.
    fra: &'a str,
    til: &'a str,
}

/// The cases under one letter of the A–Z.
#[derive(Serialize)]
struct Bogstav<'a> {
    bogstav: String,
    /// The letter as an id for the page's jump links.
    id: String,
    sager: Vec<SagLink<'a>>,
}

/// One item of a case's page.
#[derive(Serialize)]
struct SagPunkt<'a> {
    dato_tekst: &'a str,
    udvalg: &'a str,
    udvalg_href: String,
    moede_titel: &'a str,
    /// `Dagsorden` or `Referat`: what the meeting's page shows.
    overskrift: &'a str,
    udkast: bool,
    href: String,
    nummer: Option<u32>,
    titel: &'a str,
    lukket: bool,
    beslutning: Option<&'a str>,
    pdf: Option<Link>,
}

/// The links every page has to the search, the cases and the feeds.
#[derive(Serialize)]
struct Tjenester {
    soeg: String,
    tilgaengelighed: String,
    sager: String,
    kalender: String,
    feed: String,
}

fn tjenester(rod: &str) -> Tjenester {
    Tjenester {
        soeg: format!("{rod}{SEARCH_PAGE}"),
        tilgaengelighed: format!("{rod}{}", super::tilgaengelighed::PAGE),
        sager: format!("{rod}{}/index.html", super::sager::FOLDER),
        kalender: format!("{rod}{}", super::calendar::FILE),
        feed: format!("{rod}{}", super::feeds::FILE),
    }
}

/// Every page of the site, its stylesheet and the search page's script, by
/// path relative to the site.
pub fn pages(
    engine: &Engine,
    html: &Html,
    site: &Site,
    survey: &super::tilgaengelighed::Survey,
) -> Result<BTreeMap<String, Vec<u8>>, PublishError> {
    let profil = Value::from(Serde(engine.templates().profile.view()));
    let kommune = &site.kommune;
    let mut out = BTreeMap::new();

    // Committees in name order, each with its meetings, newest first (the
    // order of `site.meetings`).
    let mut udvalg: Vec<UdvalgLink> = Vec::new();
    for m in &site.meetings {
        let page_name = m.page.rsplit('/').next().unwrap_or_default().to_string();
        let entry = || MoedeLink {
            titel: &m.view.titel,
            overskrift: m.view.overskrift,
            dato_tekst: &m.view.dato_tekst,
            udkast: m.view.udkast,
            href: page_name.clone(),
        };
        let u = match udvalg.last_mut() {
            Some(u) if u.navn == m.view.udvalg => u,
            _ => {
                udvalg.push(UdvalgLink {
                    navn: &m.view.udvalg,
                    href: format!("{}/index.html", m.udvalg_key),
                    mappe: format!("{}/", m.udvalg_key),
                    moeder: Vec::new(),
                    aar: Vec::new(),
                });
                udvalg.last_mut().expect("just pushed")
            }
        };
        u.moeder.push(entry());
        match u.aar.last_mut() {
            Some(a) if a.aar == m.view.dato.aar => a.moeder.push(entry()),
            _ => u.aar.push(AarLink {
                aar: m.view.dato.aar,
                moeder: vec![entry()],
            }),
        }
    }
    let notater: Vec<NotatLink> = site
        .memos
        .iter()
        .map(|n| NotatLink {
            titel: &n.view.titel,
            dato_tekst: &n.view.dato_tekst,
            fil: link("", &n.pdf),
        })
        .collect();

    let forside = html.render(
        FORSIDE,
        context! {
            profil => profil.clone(), kommune, rod => "",
            tjenester => Value::from(Serde(tjenester(""))),
            udvalg => Value::from(Serde(&udvalg)),
            notater => Value::from(Serde(&notater)),
            sager => site.sager.len(),
        },
    )?;
    out.insert("index.html".to_string(), forside.into_bytes());

    for u in &udvalg {
        let page = html.render(
            UDVALG,
            context! {
                profil => profil.clone(), kommune, rod => "../",
                tjenester => Value::from(Serde(tjenester("../"))),
                udvalg => Value::from(Serde(u)),
                kalender => super::calendar::FILE,
                feed => super::feeds::FILE,
            },
        )?;
        out.insert(u.href.clone(), page.into_bytes());
    }
    let sag_of = sag_of_items(site);
    for (n, m) in site.meetings.iter().enumerate() {
        out.insert(
            m.page.clone(),
            meeting_page(html, &profil, kommune, site, m, &|i| {
                sag_of.get(&(n, i)).copied()
            })?,
        );
    }
    out.insert(
        format!("{}/index.html", super::sager::FOLDER),
        cases_page(html, &profil, site)?,
    );
    for sag in &site.sager {
        out.insert(sag.page.clone(), case_page(html, &profil, site, sag)?);
    }
    let soeg = html.render(
        SOEG,
        context! {
            profil => profil.clone(), kommune, rod => "",
            tjenester => Value::from(Serde(tjenester(""))),
            script => SEARCH_SCRIPT,
        },
    )?;
    out.insert(SEARCH_PAGE.to_string(), soeg.into_bytes());
    // The statement is dated by the newest meeting it covers, never the clock.
    let dato = site
        .meetings
        .iter()
        .max_by_key(|m| m.view.dato)
        .map(|m| m.view.dato_tekst.clone());
    let erklaering = html.render(
        TILGAENGELIGHED,
        context! {
            profil => profil.clone(), kommune, rod => "",
            tjenester => Value::from(Serde(tjenester(""))),
            survey => Value::from(Serde(survey)),
            kontakt => engine.templates().profile.tilgaengelighed.clone(),
            dato,
        },
    )?;
    out.insert(
        super::tilgaengelighed::PAGE.to_string(),
        erklaering.into_bytes(),
    );
    out.insert(SEARCH_SCRIPT.to_string(), html.script.clone().into_bytes());
    let css = html.render(STIL, context! { profil })?;
    out.insert(STYLESHEET.to_string(), css.into_bytes());
    Ok(out)
}

/// Which case (index into `site.sager`) each (meeting, item) is in.
fn sag_of_items(site: &Site) -> BTreeMap<(usize, usize), usize> {
    let mut of = BTreeMap::new();
    for (s, sag) in site.sager.iter().enumerate() {
        for e in &sag.entries {
            of.insert((e.meeting, e.item), s);
        }
    }
    of
}

/// The A–Z of cases, a heading for each letter.
fn cases_page(html: &Html, profil: &Value, site: &Site) -> Result<Vec<u8>, PublishError> {
    let rod = "../";
    let mut bogstaver: Vec<Bogstav> = Vec::new();
    for sag in &site.sager {
        let first = &site.meetings[sag.entries[0].meeting];
        let last = &site.meetings[sag.entries[sag.entries.len() - 1].meeting];
        let entry = SagLink {
            titel: &sag.titel,
            sagsnr: &sag.sagsnr,
            href: sag.page.rsplit('/').next().unwrap_or_default().to_string(),
            punkter: sag.entries.len(),
            fra: &first.view.dato_tekst,
            til: &last.view.dato_tekst,
        };
        let letter = super::sager::letter(&sag.titel);
        match bogstaver.last_mut() {
            Some(b) if b.bogstav == letter => b.sager.push(entry),
            _ => bogstaver.push(Bogstav {
                id: format!("bogstav-{}", super::key(&letter)),
                bogstav: letter,
                sager: vec![entry],
            }),
        }
    }
    let page = html.render(
        SAGER,
        context! {
            profil => profil.clone(), kommune => &site.kommune, rod,
            tjenester => Value::from(Serde(tjenester(rod))),
            bogstaver => Value::from(Serde(&bogstaver)),
        },
    )?;
    Ok(page.into_bytes())
}

/// One case's page: every item with its sagsnr, oldest first.
fn case_page(
    html: &Html,
    profil: &Value,
    site: &Site,
    sag: &super::sager::Sag,
) -> Result<Vec<u8>, PublishError> {
    let rod = "../";
    let punkter: Vec<SagPunkt> = sag
        .entries
        .iter()
        .map(|e| {
            let m = &site.meetings[e.meeting];
            let item = &m.items[e.item];
            let v = &item.view;
            SagPunkt {
                dato_tekst: &m.view.dato_tekst,
                udvalg: &m.view.udvalg,
                udvalg_href: format!("{rod}{}/index.html", m.udvalg_key),
                moede_titel: &m.view.titel,
                overskrift: m.view.overskrift,
                udkast: m.view.udkast,
                href: format!("{rod}{}#punkt-{}", url_path(&m.page), e.item + 1),
                nummer: v.nummer,
                titel: &v.titel,
                lukket: v.lukket,
                beslutning: v.tekster.get("beslutning").map(String::as_str),
                pdf: item.pdf.as_ref().map(|f| link(rod, f)),
            }
        })
        .collect();
    let page = html.render(
        SAG,
        context! {
            profil => profil.clone(), kommune => &site.kommune, rod,
            tjenester => Value::from(Serde(tjenester(rod))),
            sag => context! { sagsnr => &sag.sagsnr, titel => &sag.titel },
            punkter => Value::from(Serde(&punkter)),
        },
    )?;
    Ok(page.into_bytes())
}

fn meeting_page(
    html: &Html,
    profil: &Value,
    kommune: &str,
    site: &Site,
    m: &MeetingPage,
    sag_of: &dyn Fn(usize) -> Option<usize>,
) -> Result<Vec<u8>, PublishError> {
    let rod = "../";
    let punkter: Vec<PunktSide> = m
        .items
        .iter()
        .enumerate()
        .map(|(n, i)| PunktSide {
            punkt: &i.view,
            pdf: i.pdf.as_ref().map(|f| link(rod, f)),
            bilag: i
                .bilag
                .iter()
                .map(|(b, f)| BilagLink {
                    nummer: b.nummer,
                    titel: b.titel.clone(),
                    tilbageholdt: b.tilbageholdt,
                    fil: f.as_ref().map(|f| link(rod, f)),
                })
                .collect(),
            sag: sag_of(n).map(|s| format!("{rod}{}", url_path(&site.sager[s].page))),
        })
        .collect();
    let page = html.render(
        MOEDE,
        context! {
            profil => profil.clone(),
            kommune,
            rod,
            tjenester => Value::from(Serde(tjenester(rod))),
            moede => Value::from(Serde(&m.view)),
            udvalg_href => "index.html",
            pdf => Value::from(Serde(m.pdf.as_ref().map(|f| link(rod, f)))),
            samlet => Value::from(Serde(m.samlet.as_ref().map(|f| link(rod, f)))),
            tillaeg => Value::from(Serde(m.tillaeg.as_ref().map(|f| link(rod, f)))),
            punkter => Value::from(Serde(&punkter)),
            godkendt => m.godkendt.clone(),
        },
    )?;
    Ok(page.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_paths() {
        assert_eq!(size_text(85_001), "86 kB");
        assert_eq!(size_text(1_250_000), "1,3 MB");
        assert_eq!(
            url_path("dokumenter/æ b/x.pdf"),
            "dokumenter/%C3%A6%20b/x.pdf"
        );
    }

    #[test]
    fn a_page_template_that_does_not_compile_is_named_by_its_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("html")).unwrap();
        std::fs::write(dir.path().join("html/forside.html"), "{% if %}\n").unwrap();
        let assets = Assets::with_user_dir(dir.path()).unwrap();
        let Err(e) = Html::load(&assets, markdown::Terms::default()) else {
            panic!("the template compiles");
        };
        match &e {
            PublishError::Template { name, source } => {
                assert_eq!(*name, assets.origin(FORSIDE));
                assert_eq!(e.to_string(), format!("template {name}: {source:#}"));
            }
            other => panic!("{other:?}"),
        }
    }
}
