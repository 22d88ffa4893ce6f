//! The fonts Typst may use: the template folder's `fonts/` (the profile's Open Sans and DejaVu Sans for the characters it lacks), loaded once per process; never system fonts.

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontSource, FontStore};

use crate::assets::Assets;

/// The bundled fonts with their metadata.
pub struct Fonts {
    store: FontStore,
    infos: Vec<FontInfo>,
}

impl Fonts {
    /// Reads the metadata of every `.ttf`/`.otf` file of the template
    /// folder's `fonts/`: the profile's fonts and DejaVu Sans, whose
    /// coverage (Latin, Greek, Cyrillic, arrows, mathematical and technical
    /// signs, sub- and superscripts) is what the check lets a case file hold
    /// beyond them. A font itself is parsed the first time a document uses
    /// it, so a process that prints one memo does not parse them all.
    pub fn load(assets: &Assets) -> Fonts {
        let mut store = FontStore::new();
        let mut infos = Vec::new();
        let mut add = |data: Bytes| {
            // Every face of a file (a collection has several), by its index.
            let faces =
                (0..).map_while(|index| FontInfo::new(&data, index).map(|info| (index, info)));
            for (index, info) in faces.collect::<Vec<_>>() {
                infos.push(info.clone());
                store.push((
                    Embedded {
                        data: data.clone(),
                        index,
                    },
                    info,
                ));
            }
        };
        for name in assets.files_in("fonts") {
            let lower = name.to_ascii_lowercase();
            if (lower.ends_with(".ttf") || lower.ends_with(".otf"))
                && let Some(bytes) = assets.read(&name)
            {
                add(Bytes::new(bytes));
            }
        }
        Fonts { store, infos }
    }

    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Whether some font has a glyph for `c`.
    pub fn has_glyph(&self, c: char) -> bool {
        self.infos
            .iter()
            .any(|info| info.coverage.contains(c as u32))
    }

    /// Whether a font family of this name is loaded.
    pub fn has_family(&self, family: &str) -> bool {
        self.infos
            .iter()
            .any(|info| info.family.eq_ignore_ascii_case(family))
    }
}

/// A font in memory (built in, or read from the template folder), parsed when first used.
struct Embedded {
    data: Bytes,
    index: u32,
}

impl FontSource for Embedded {
    fn load(&self) -> Option<Font> {
        Font::new(self.data.clone(), self.index)
    }
}
