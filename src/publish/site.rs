//! The HTML pages of the published site: the minijinja templates of `html/` in the template folder, auto-escaped, fed with the public views.
//!
//! Pages: `index.html` (the committees and memos), `<udvalg>/index.html`
//! (a committee's meetings, newest first) and `<udvalg>/<dato>.html` (a
//! meeting with every item), and `stil.css` in the profile's colours. Every
//! link is relative, so the site works from `file://` and under any address.

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

/// The site's stylesheet, relative to its top folder.
pub const STYLESHEET: &str = "stil.css";

/// The site's templates, loaded from the engine's template folder.
pub struct Html {
    env: Environment<'static>,
}

impl Html {
    /// Loads the `html/` templates of `assets`; `.html` templates escape
    /// every value for HTML unless it is HTML already (the `markdown` filter's).
    pub fn load(assets: &Assets) -> Result<Html, PublishError> {
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
        env.add_filter("markdown", |text: Option<String>| {
            Value::from_safe_string(markdown::to_html(text.as_deref().unwrap_or("")))
        });
        env.add_filter("stoerrelse", |size: u64| size_text(size));
        let loader_assets = assets.clone();
        env.set_loader(move |name| Ok(loader_assets.read_text(name).ok()));
        for name in [FORSIDE, UDVALG, MOEDE, STIL] {
            env.get_template(name)
                .map_err(|source| PublishError::Template {
                    name: assets.origin(name),
                    source,
                })?;
        }
        Ok(Html { env })
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
}

#[derive(Serialize)]
struct MoedeLink<'a> {
    titel: &'a str,
    overskrift: &'a str,
    dato_tekst: &'a str,
    udkast: bool,
    href: String,
}

#[derive(Serialize)]
struct UdvalgLink<'a> {
    navn: &'a str,
    href: String,
    moeder: Vec<MoedeLink<'a>>,
}

#[derive(Serialize)]
struct NotatLink<'a> {
    titel: &'a str,
    dato_tekst: &'a str,
    fil: Link,
}

/// Every page of the site and its stylesheet, by path relative to the site.
pub fn pages(
    engine: &Engine,
    html: &Html,
    site: &Site,
) -> Result<BTreeMap<String, Vec<u8>>, PublishError> {
    let profil = Value::from(Serde(engine.templates().profile.view()));
    let kommune = &site.kommune;
    let mut out = BTreeMap::new();

    // Committees in name order, each with its meetings, newest first (the
    // order of `site.meetings`).
    let mut udvalg: Vec<UdvalgLink> = Vec::new();
    for m in &site.meetings {
        let page_name = m.page.rsplit('/').next().unwrap_or_default().to_string();
        let entry = MoedeLink {
            titel: &m.view.titel,
            overskrift: m.view.overskrift,
            dato_tekst: &m.view.dato_tekst,
            udkast: m.view.udkast,
            href: page_name,
        };
        match udvalg.last_mut() {
            Some(u) if u.navn == m.view.udvalg => u.moeder.push(entry),
            _ => udvalg.push(UdvalgLink {
                navn: &m.view.udvalg,
                href: format!("{}/index.html", m.udvalg_key),
                moeder: vec![entry],
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
        context! { profil => profil.clone(), kommune, rod => "", udvalg => Value::from(Serde(&udvalg)), notater => Value::from(Serde(&notater)) },
    )?;
    out.insert("index.html".to_string(), forside.into_bytes());

    for u in &udvalg {
        let page = html.render(
            UDVALG,
            context! { profil => profil.clone(), kommune, rod => "../", udvalg => Value::from(Serde(u)) },
        )?;
        out.insert(u.href.clone(), page.into_bytes());
    }
    for m in &site.meetings {
        out.insert(m.page.clone(), meeting_page(html, &profil, kommune, m)?);
    }
    let css = html.render(STIL, context! { profil })?;
    out.insert(STYLESHEET.to_string(), css.into_bytes());
    Ok(out)
}

fn meeting_page(
    html: &Html,
    profil: &Value,
    kommune: &str,
    m: &MeetingPage,
) -> Result<Vec<u8>, PublishError> {
    let rod = "../";
    let punkter: Vec<PunktSide> = m
        .items
        .iter()
        .map(|i| PunktSide {
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
        })
        .collect();
    let page = html.render(
        MOEDE,
        context! {
            profil => profil.clone(),
            kommune,
            rod,
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
        let Err(e) = Html::load(&assets) else {
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
