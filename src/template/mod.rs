//! Stage 3, template: view data through the minijinja templates of the template folder into Typst source.
//!
//! Templates named `*.typ.j2` escape every value for Typst markup unless it
//! is marked as Typst already. Filters: `markdown` converts a text field,
//! `str` makes a Typst string literal; both return Typst.

pub mod escape;
pub mod markdown;
pub mod profile;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, context};

use crate::assets::Assets;
use crate::check::moede::MoedeView;
use crate::check::notat::NotatView;
use crate::check::{BilagView, PunktView};
pub use profile::Profile;

/// The name of the auto-escape mode for Typst markup.
const TYPST: &str = "typst";

/// The template of an agenda item.
pub const PUNKT: &str = "punkt.typ.j2";

/// The template of a memo.
pub const NOTAT: &str = "notat.typ.j2";

/// The template of a bilag the tool generates.
pub const BILAG: &str = "bilag.typ.j2";

/// The template of a meeting document.
pub const MOEDE: &str = "moede.typ.j2";

/// Why the templates cannot be loaded or a document not be templated.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A file of the template folder cannot be had (`profil.yaml`).
    #[error(transparent)]
    Asset(#[from] crate::assets::AssetError),
    #[error(transparent)]
    Profile(#[from] profile::ProfileError),
    /// The template syntax cannot be set up.
    #[error(transparent)]
    Syntax(Error),
    /// The template at `origin` (its file, for the message) does not compile.
    #[error("template {origin}: {}", describe(.source))]
    Compile {
        origin: String,
        #[source]
        source: Error,
    },
    /// The template `name` cannot be had when a document is templated.
    #[error("{}", describe(.source))]
    Missing {
        name: String,
        #[source]
        source: Error,
    },
    /// The template `name` fails on the values it is given.
    #[error("template {name}: {}", describe(.source))]
    Render {
        name: String,
        #[source]
        source: Error,
    },
}

/// The loaded templates and profile of one template folder.
pub struct Templates {
    env: Environment<'static>,
    pub profile: Profile,
}

impl Templates {
    /// Loads the profile and compiles the templates; errors name the file at fault.
    pub fn load(assets: &Assets) -> Result<Templates, TemplateError> {
        let profile = Profile::parse(
            &assets.read_text("profil.yaml")?,
            &assets.origin("profil.yaml"),
        )?;
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(TemplateError::Syntax)?;
        env.set_syntax(syntax);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".typ.j2") {
                AutoEscape::Custom(TYPST.into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        let terms = markdown::Terms::new(&profile.fremmedsprog);
        env.add_filter("markdown", move |text: Option<String>| {
            Value::from_safe_string(markdown::to_typst_with(
                text.as_deref().unwrap_or(""),
                &terms,
            ))
        });
        env.add_filter("str", |text: Value| {
            Value::from_safe_string(escape::string(&text.to_string()))
        });
        let loader_assets = assets.clone();
        env.set_loader(move |name| Ok(loader_assets.read_text(name).ok()));
        for name in [PUNKT, NOTAT, MOEDE, BILAG] {
            env.get_template(name)
                .map_err(|source| TemplateError::Compile {
                    origin: assets.origin(name),
                    source,
                })?;
        }
        Ok(Templates { env, profile })
    }

    /// Renders the template `name` with the profile and the given values.
    fn render(&self, name: &str, values: Value) -> Result<String, TemplateError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|source| TemplateError::Missing {
                name: name.to_string(),
                source,
            })?;
        let profil = Value::from(Serde(self.profile.view()));
        template
            .render(context! { profil, ..values })
            .map_err(|source| TemplateError::Render {
                name: name.to_string(),
                source,
            })
    }

    /// The Typst source of an agenda item.
    pub fn punkt(&self, view: &PunktView) -> Result<String, TemplateError> {
        let titel = match view.nummer {
            Some(n) => format!("{n}. {}", view.titel),
            None => view.titel.clone(),
        };
        let punkt = Value::from(Serde(view));
        self.render(PUNKT, context! { punkt, dokument => context! { titel } })
    }

    /// The Typst source of a bilag generated from an item's figures.
    pub fn bilag(&self, punkt: &PunktView, bilag: &BilagView) -> Result<String, TemplateError> {
        let (punkt, bilag) = (Value::from(Serde(punkt)), Value::from(Serde(bilag)));
        self.render(BILAG, context! { punkt, bilag })
    }

    /// The Typst source of a meeting document.
    pub fn moede(&self, view: &MoedeView) -> Result<String, TemplateError> {
        self.render(MOEDE, context! { moede => Value::from(Serde(view)) })
    }

    /// The Typst source of a memo.
    pub fn notat(&self, view: &NotatView) -> Result<String, TemplateError> {
        self.render(NOTAT, context! { notat => Value::from(Serde(view)) })
    }
}

/// Writes a value into a template's output, escaped for Typst markup in `.typ.j2` templates.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), Error> {
    if !matches!(state.auto_escape(), AutoEscape::Custom(name) if name == TYPST) {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_safe() {
        return write!(out, "{value}").map_err(Error::from);
    }
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    if value.as_str().is_none() && !value.is_number() {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("cannot print a {} into Typst markup", value.kind()),
        ));
    }
    out.write_str(&escape::markup(&value.to_string()))
        .map_err(Error::from)
}

/// An error with its template line, for messages about a template folder.
fn describe(e: &Error) -> String {
    let mut text = e.to_string();
    if let (Some(name), Some(line)) = (e.name(), e.line()) {
        text = format!("{text} (in {name}, line {line})");
    }
    text
}
