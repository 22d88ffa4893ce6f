//! The municipality's profile (`profil.yaml` in the template folder): name, fonts, colours and the standard sections with their order and headings.

use serde::{Deserialize, Serialize};

use crate::diagnostic::nearest;
use crate::load::model::SECTION_KEYS;

/// The profile as written in `profil.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub kommune: String,
    #[serde(default = "danish")]
    pub sprog: String,
    /// Font families, most preferred first.
    pub skrifttyper: Vec<String>,
    pub farver: Farver,
    /// The standard sections of an item, in the order they are printed.
    pub afsnit: Vec<Afsnit>,
    /// What the public edition may contain of personal data: the kommune's
    /// domains and switchboard, and the words it adds to the rules.
    #[serde(default)]
    pub persondata: crate::persondata::Settings,
    /// Whom a reader contacts about accessibility, as the site's
    /// accessibility statement prints it (Markdown).
    #[serde(default, rename = "tilgængelighed")]
    pub tilgaengelighed: Option<String>,
    /// Words and phrases in other languages than `sprog`, by ISO 639
    /// language code, marked in text fields so that a screen reader speaks
    /// them in their own language.
    #[serde(default)]
    pub fremmedsprog: std::collections::BTreeMap<String, Vec<String>>,
}

fn danish() -> String {
    "da".to_string()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Farver {
    /// Headings and rules, as `#RRGGBB`.
    #[serde(rename = "primær")]
    pub primaer: String,
    /// Secondary text (header, footer, case number), as `#RRGGBB`.
    #[serde(rename = "sekundær")]
    pub sekundaer: String,
}

/// One standard section: which case-file key it shows and under what heading.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Afsnit {
    #[serde(rename(deserialize = "nøgle"))]
    pub noegle: String,
    /// The heading; in the `indstilling` section `{af}` stands for who recommends.
    pub overskrift: String,
}

/// The profile as the templates see it (ASCII names).
#[derive(Debug, Clone, Serialize)]
pub struct ProfileView<'a> {
    pub kommune: &'a str,
    pub sprog: &'a str,
    pub skrifttyper: &'a [String],
    pub farver: &'a Farver,
    pub afsnit: &'a [Afsnit],
}

/// Why `profil.yaml` cannot be used; `origin` names the file.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// It is not YAML of the profile's shape.
    #[error("the profile {origin} is not valid: {source}")]
    Yaml {
        origin: String,
        #[source]
        source: serde_yaml::Error,
    },
    /// A colour not written `#RRGGBB`.
    #[error("the profile {origin}: colour `{colour}` must be written `#RRGGBB`, e.g. `#00594F`")]
    Colour { origin: String, colour: String },
    #[error("the profile {origin}: `skrifttyper` must name at least one font family")]
    NoFonts { origin: String },
    /// A section key that is none of [`SECTION_KEYS`]; `nearest` is the
    /// key it is most like, if any is near.
    #[error(
        "the profile {origin}: unknown section `{key}`{}; the sections are {}",
        did_you_mean(.nearest),
        SECTION_KEYS.join(", ")
    )]
    UnknownSection {
        origin: String,
        key: String,
        nearest: Option<&'static str>,
    },
    #[error("the profile {origin}: section `{key}` is listed twice")]
    SectionTwice { origin: String, key: String },
    /// A `fremmedsprog` key that is no ISO 639 language code.
    #[error(
        "the profile {origin}: `fremmedsprog` key `{code}` is not a language code; write the ISO 639 code in lower case, e.g. `en` or `de`"
    )]
    Language { origin: String, code: String },
}

fn did_you_mean(nearest: &Option<&str>) -> String {
    nearest
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default()
}

impl Profile {
    /// Parses and checks `profil.yaml`; `origin` names the file in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = serde_yaml::from_str(text).map_err(|source| ProfileError::Yaml {
            origin: origin.to_string(),
            source,
        })?;
        profile.validate(origin)?;
        Ok(profile)
    }

    fn validate(&self, origin: &str) -> Result<(), ProfileError> {
        let origin = || origin.to_string();
        for colour in [&self.farver.primaer, &self.farver.sekundaer] {
            let hex = colour.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ProfileError::Colour {
                    origin: origin(),
                    colour: colour.clone(),
                });
            }
        }
        if self.skrifttyper.is_empty() {
            return Err(ProfileError::NoFonts { origin: origin() });
        }
        for code in self.fremmedsprog.keys() {
            if !(2..=3).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(ProfileError::Language {
                    origin: origin(),
                    code: code.clone(),
                });
            }
        }
        let mut seen = Vec::new();
        for a in &self.afsnit {
            if !SECTION_KEYS.contains(&a.noegle.as_str()) {
                return Err(ProfileError::UnknownSection {
                    origin: origin(),
                    key: a.noegle.clone(),
                    nearest: nearest(&a.noegle, SECTION_KEYS),
                });
            }
            if seen.contains(&a.noegle) {
                return Err(ProfileError::SectionTwice {
                    origin: origin(),
                    key: a.noegle.clone(),
                });
            }
            seen.push(a.noegle.clone());
        }
        Ok(())
    }

    pub fn view(&self) -> ProfileView<'_> {
        ProfileView {
            kommune: &self.kommune,
            sprog: &self.sprog,
            skrifttyper: &self.skrifttyper,
            farver: &self.farver,
            afsnit: &self.afsnit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_language_must_be_a_language_code() {
        let text = crate::assets::Assets::built_in()
            .read_text("profil.yaml")
            .unwrap();
        let good = text.replace("fremmedsprog: {}", "fremmedsprog:\n  en: [Early Bird]");
        let p = Profile::parse(&good, "profil.yaml").unwrap();
        assert_eq!(p.fremmedsprog["en"], ["Early Bird"]);
        let bad = text.replace("fremmedsprog: {}", "fremmedsprog:\n  engelsk: [Early Bird]");
        let err = Profile::parse(&bad, "profil.yaml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the profile profil.yaml: `fremmedsprog` key `engelsk` is not a language code; write the ISO 639 code in lower case, e.g. `en` or `de`"
        );
    }

    #[test]
    fn built_in_profile_lists_every_section_in_the_spec_order() {
        let text = crate::assets::Assets::built_in()
            .read_text("profil.yaml")
            .unwrap();
        let p = Profile::parse(&text, "profil.yaml").unwrap();
        let keys: Vec<&str> = p.afsnit.iter().map(|a| a.noegle.as_str()).collect();
        assert_eq!(keys, SECTION_KEYS);
    }

    #[test]
    fn rejects_unknown_sections_and_bad_colours() {
        let base = "kommune: K\nskrifttyper: [Open Sans]\nfarver: {primær: \"#000000\", sekundær: \"#111111\"}\n";
        let bad = format!("{base}afsnit:\n  - nøgle: okonomi\n    overskrift: Ø\n");
        let err = Profile::parse(&bad, "p").unwrap_err();
        assert!(matches!(
            &err,
            ProfileError::UnknownSection { key, nearest: Some("økonomi"), .. } if key == "okonomi"
        ));
        assert!(err.to_string().contains("did you mean `økonomi`"));
        let colour = base.replace("#000000", "green") + "afsnit: []\n";
        let err = Profile::parse(&colour, "p").unwrap_err();
        assert!(matches!(&err, ProfileError::Colour { colour, .. } if colour == "green"));
        assert!(err.to_string().contains("#RRGGBB"));
    }
}
