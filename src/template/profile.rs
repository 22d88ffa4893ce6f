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

impl Profile {
    /// Parses and checks `profil.yaml`; `origin` names the file in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Profile, String> {
        let profile: Profile = serde_yaml::from_str(text)
            .map_err(|e| format!("the profile {origin} is not valid: {e}"))?;
        profile
            .validate()
            .map_err(|e| format!("the profile {origin}: {e}"))?;
        Ok(profile)
    }

    fn validate(&self) -> Result<(), String> {
        for colour in [&self.farver.primaer, &self.farver.sekundaer] {
            let hex = colour.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!(
                    "colour `{colour}` must be written `#RRGGBB`, e.g. `#00594F`"
                ));
            }
        }
        if self.skrifttyper.is_empty() {
            return Err("`skrifttyper` must name at least one font family".into());
        }
        let mut seen = Vec::new();
        for a in &self.afsnit {
            if !SECTION_KEYS.contains(&a.noegle.as_str()) {
                let hint = nearest(&a.noegle, SECTION_KEYS)
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown section `{}`{hint}; the sections are {}",
                    a.noegle,
                    SECTION_KEYS.join(", ")
                ));
            }
            if seen.contains(&a.noegle) {
                return Err(format!("section `{}` is listed twice", a.noegle));
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
        assert!(
            Profile::parse(&bad, "p")
                .unwrap_err()
                .contains("did you mean `økonomi`")
        );
        let colour = base.replace("#000000", "green") + "afsnit: []\n";
        assert!(
            Profile::parse(&colour, "p")
                .unwrap_err()
                .contains("#RRGGBB")
        );
    }
}
