//! The edition a document is made in: internal, showing everything, or public, showing a closed item only as far as it may be published.

/// The internal edition shows everything; the public one, published on the
/// municipality's website, shows a closed item only by number, title and
/// the decision as it may be published (`offentlig_beslutning`). On the
/// command line, `--udgave intern|offentlig`; in a PDF's manifest, the same
/// word ([`Edition::as_str`]). Its file names are `write::edition_file_name`'s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Edition {
    #[default]
    Intern,
    Offentlig,
}

impl Edition {
    /// The edition's word: `intern` or `offentlig`.
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::Intern => "intern",
            Edition::Offentlig => "offentlig",
        }
    }

    /// The edition named by its word; `None` for any other word.
    pub fn from_word(word: &str) -> Option<Edition> {
        [Edition::Intern, Edition::Offentlig]
            .into_iter()
            .find(|e| e.as_str() == word)
    }

    /// An item as this edition shows it: in the public edition a closed item
    /// is cut down to what may be published ([`super::closed_item`]), and a
    /// bilag marked `offentlig: false` keeps its title only.
    pub fn item(self, view: super::PunktView) -> super::PunktView {
        match self {
            Edition::Offentlig if view.lukket => super::closed_item(view),
            Edition::Offentlig => super::PunktView {
                bilag: view.bilag.into_iter().map(withheld).collect(),
                ..view
            },
            Edition::Intern => view,
        }
    }
}

/// A bilag as the public edition shows it: one that may not be published
/// keeps its title and loses its file.
fn withheld(bilag: super::BilagView) -> super::BilagView {
    if bilag.offentlig {
        return bilag;
    }
    super::BilagView {
        fil: None,
        tilbageholdt: true,
        ..bilag
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn the_word_is_the_same_on_the_command_line_and_in_the_manifest() {
        for e in Edition::value_variants() {
            let possible = e.to_possible_value().unwrap();
            assert_eq!(possible.get_name(), e.as_str());
            assert_eq!(Edition::from_word(e.as_str()), Some(*e));
        }
        assert_eq!(Edition::from_word("hemmelig"), None);
    }
}
