//! The engine: everything set up once per process and shared by every document of a run — templates and profile, the typesetter with its fonts, the conversion service, the edition and the folders being rendered — made by [`EngineBuilder`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::assets::Assets;
use crate::bilag::{self, Conversions};
use crate::check::edition::Edition;
use crate::template::Templates;
use crate::typeset::Typesetter;

/// Everything loaded once per process: the template folder, its templates
/// and profile, the typesetter with the fonts, and the bilag conversions.
/// Made by [`Engine::builder`]; read-only once built.
pub struct Engine {
    templates: Templates,
    typesetter: Typesetter,
    edition: Edition,
    conversions: Arc<Conversions>,
    roots: Vec<PathBuf>,
    show_generated: bool,
    template_dir: Option<PathBuf>,
    templates_hash: Option<String>,
    stand_ins: BTreeMap<PathBuf, String>,
    packets: bool,
    persondata: crate::persondata::Check,
}

/// Why an [`Engine`] cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The template folder given is not there.
    #[error(transparent)]
    Assets(#[from] crate::assets::AssetError),
    /// The profile or a template of the folder is wrong.
    #[error(transparent)]
    Templates(#[from] crate::template::TemplateError),
    /// The profile names a font family the folder's `fonts/` does not have.
    #[error(
        "the profile names the font `{family}`, but the template folder's fonts/ has no such font"
    )]
    MissingFont { family: String },
    /// The template folder cannot be read for its SHA-256.
    #[error(transparent)]
    Hash(#[from] crate::digest::DigestError),
}

/// How an [`Engine`] is to be set up; every setting has a default, so
/// `Engine::builder().build()` gives the built-in templates, the internal
/// edition and the default bilag cache.
pub struct EngineBuilder {
    template_dir: Option<PathBuf>,
    edition: Edition,
    cache: Option<PathBuf>,
    timeout: Duration,
    roots: Vec<PathBuf>,
    show_generated: bool,
    packets: bool,
    stand_ins: BTreeMap<PathBuf, String>,
    convert_in_background: bool,
}

impl Engine {
    /// The settings of a new engine, all at their defaults.
    pub fn builder() -> EngineBuilder {
        EngineBuilder {
            template_dir: None,
            edition: Edition::Intern,
            cache: None,
            timeout: bilag::DEFAULT_LIMIT,
            roots: Vec::new(),
            show_generated: false,
            packets: true,
            stand_ins: BTreeMap::new(),
            convert_in_background: true,
        }
    }

    /// The templates and the municipality's profile.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// The typesetter, with the bundled fonts.
    pub fn typesetter(&self) -> &Typesetter {
        &self.typesetter
    }

    /// Which edition the documents are made in.
    pub fn edition(&self) -> Edition {
        self.edition
    }

    /// The bilag files: checked, converted to PDF/A and cached.
    pub fn conversions(&self) -> &Arc<Conversions> {
        &self.conversions
    }

    /// The folders being rendered, links resolved; bilag must lie inside.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Whether Typst's errors are shown against the generated source
    /// (`--keep-typ`, for template authors) instead of the case file.
    pub fn show_generated(&self) -> bool {
        self.show_generated
    }

    /// The template folder given, if any (approved minutes record its files).
    pub fn template_dir(&self) -> Option<&Path> {
        self.template_dir.as_deref()
    }

    /// SHA-256 over the template folder given, recorded in every PDF's manifest.
    pub fn templates_hash(&self) -> Option<&str> {
        self.templates_hash.as_deref()
    }

    /// Bilag files that stand in for the real ones when a PDF is rendered
    /// again from its embedded sources, with the SHA-256 of the real ones.
    pub fn stand_ins(&self) -> &BTreeMap<PathBuf, String> {
        &self.stand_ins
    }

    /// The personal-data check of the public edition, with its record.
    pub fn persondata(&self) -> &crate::persondata::Check {
        &self.persondata
    }

    /// Whether a meeting's complete packet is wanted (`--samlet`, publishing,
    /// verifying a packet). Without it a meeting does not gather the
    /// packet's parts nor describe the files it would embed.
    pub fn packets(&self) -> bool {
        self.packets
    }
}

impl EngineBuilder {
    /// The template folder over the built-in one (`--templates`); `None`: the built-in one.
    pub fn templates(mut self, dir: Option<&Path>) -> Self {
        self.template_dir = dir.map(Path::to_path_buf);
        self
    }

    /// The edition the documents are made in.
    pub fn edition(mut self, edition: Edition) -> Self {
        self.edition = edition;
        self
    }

    /// The folder the bilag conversions are kept in (`--cache`); `None`:
    /// the default folder, or a temporary one.
    pub fn cache(mut self, dir: Option<PathBuf>) -> Self {
        self.cache = dir;
        self
    }

    /// How long one bilag's conversion may take (`--timeout`).
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = limit;
        self
    }

    /// The folders being rendered, links resolved: bilag must lie inside.
    pub fn roots(mut self, roots: Vec<PathBuf>) -> Self {
        self.roots = roots;
        self
    }

    /// Shows Typst's errors against the generated source (`--keep-typ`).
    pub fn show_generated(mut self, on: bool) -> Self {
        self.show_generated = on;
        self
    }

    /// Whether meetings gather their complete packet (`--samlet`); on by default.
    pub fn packets(mut self, on: bool) -> Self {
        self.packets = on;
        self
    }

    /// Bilag files standing in for the real ones, with the real ones' SHA-256
    /// (a PDF rendered again from its embedded sources).
    pub fn stand_ins(mut self, stand_ins: BTreeMap<PathBuf, String>) -> Self {
        self.stand_ins = stand_ins;
        self
    }

    /// Whether bilag are converted in the background from the moment a case
    /// is prepared; off when only the documents are wanted (`verify` of a PDF).
    pub fn convert_in_background(mut self, on: bool) -> Self {
        self.convert_in_background = on;
        self
    }

    /// Loads the templates and fonts and opens the bilag cache.
    pub fn build(self) -> Result<Engine, EngineError> {
        let dir = self.template_dir.as_deref();
        let assets = match dir {
            Some(dir) => Assets::with_user_dir(dir)?,
            None => Assets::built_in(),
        };
        let templates = Templates::load(&assets)?;
        let typesetter = Typesetter::new(&assets);
        for family in &templates.profile.skrifttyper {
            if !typesetter.fonts().has_family(family) {
                return Err(EngineError::MissingFont {
                    family: family.clone(),
                });
            }
        }

        let templates_hash = dir.map(crate::digest::folder_hash).transpose()?;
        let conversions = Conversions::new(self.cache, self.timeout);
        conversions.background(self.convert_in_background);
        let persondata = crate::persondata::Check::new(&templates.profile.persondata)
            .with_text_cache(conversions.cache_dir().join("tekst"));
        Ok(Engine {
            templates,
            typesetter,
            edition: self.edition,
            conversions,
            roots: self.roots,
            show_generated: self.show_generated,
            template_dir: self.template_dir,
            templates_hash,
            stand_ins: self.stand_ins,
            packets: self.packets,
            persondata,
        })
    }
}
