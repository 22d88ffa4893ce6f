//! The fonts Typst may use: the template folder's `fonts/` (the profile's Open Sans and DejaVu Sans for the characters it lacks), loaded once per process; never system fonts.

use std::sync::atomic::{AtomicU64, Ordering};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontSource, FontStore};

use crate::assets::Assets;

/// The bundled fonts with their metadata.
pub struct Fonts {
    store: FontStore,
    infos: Vec<FontInfo>,
    /// Each face's file and index in it.
    faces: Vec<(Bytes, u32)>,
    /// For each character of the Basic Multilingual Plane, one bit each:
    /// whether it was asked about, and whether some face has a glyph for it.
    asked: Box<[AtomicU64]>,
    printable: Box<[AtomicU64]>,
}

/// The words of a bit set over the Basic Multilingual Plane.
const BMP_WORDS: usize = 0x1_0000 / 64;

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
        let mut files = Vec::new();
        let mut add = |data: Bytes| {
            // Every face of a file (a collection has several), by its index.
            let faces =
                (0..).map_while(|index| FontInfo::new(&data, index).map(|info| (index, info)));
            for (index, info) in faces.collect::<Vec<_>>() {
                infos.push(info.clone());
                files.push((data.clone(), index));
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
        Fonts {
            store,
            infos,
            faces: files,
            asked: (0..BMP_WORDS).map(|_| AtomicU64::new(0)).collect(),
            printable: (0..BMP_WORDS).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Whether some font has a glyph for `c`. Typst's coverage of a font
    /// (its character map's ranges) also holds the characters in the gaps of
    /// a range, which the font maps to no glyph and Typst cannot print, so
    /// the faces whose coverage holds `c` are asked for its glyph. A text
    /// has few distinct characters: each is looked up once and remembered.
    pub fn has_glyph(&self, c: char) -> bool {
        let code = c as usize;
        let (word, bit) = (code >> 6, 1u64 << (code & 63));
        if word < BMP_WORDS && self.asked[word].load(Ordering::Acquire) & bit != 0 {
            return self.printable[word].load(Ordering::Relaxed) & bit != 0;
        }
        let found = self
            .infos
            .iter()
            .zip(&self.faces)
            .filter(|(info, _)| info.coverage.contains(c as u32))
            .any(|(_, (data, index))| {
                ttf_parser::Face::parse(data, *index)
                    .ok()
                    .and_then(|face| face.glyph_index(c))
                    .is_some_and(|g| g.0 != 0)
            });
        if word < BMP_WORDS {
            if found {
                self.printable[word].fetch_or(bit, Ordering::Relaxed);
            }
            self.asked[word].fetch_or(bit, Ordering::Release);
        }
        found
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

#[cfg(test)]
mod tests {
    use crate::assets::Assets;
    use crate::bilag::conformance::Level;
    use crate::check::{DateView, Printable, unprintable};
    use crate::template::escape;
    use crate::typeset::{PdfMeta, Typesetter};

    fn meta() -> PdfMeta {
        PdfMeta {
            ident: "glyphs".into(),
            date: DateView {
                aar: 2021,
                maaned: 11,
                dag: 29,
            },
            level: Level::OWN,
            files: Vec::new(),
        }
    }

    /// A document of `chars`, in the house font, upright and bold italic,
    /// each character a word of its own, in lines of 40.
    fn source(chars: &[char]) -> String {
        let mut out = String::from(
            "#set document(title: \"Tegn\")\n#set text(font: \"Open Sans\", lang: \"da\")\n",
        );
        for style in ["", "#set text(weight: \"bold\", style: \"italic\")\n"] {
            out.push_str(style);
            for line in chars.chunks(40) {
                let text: String = line.iter().flat_map(|c| [*c, ' ']).collect();
                out.push_str(&format!("#{}\n\n", escape::string(&text)));
            }
        }
        out
    }

    /// Every character the check lets a case file hold prints with a glyph
    /// of a bundled font: Typst's PDF/A export refuses a missing glyph (the
    /// control below shows it does), so the export succeeding is the proof.
    #[test]
    fn every_character_the_check_allows_has_a_glyph() {
        let typesetter = Typesetter::new(&Assets::built_in());
        let fonts = typesetter.fonts();
        let has_glyph = |c: char| fonts.has_glyph(c);
        let printable = Printable {
            has_glyph: &has_glyph,
            roots: &[],
        };
        let allowed: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_whitespace() && !crate::check::is_dropped(*c))
            .filter(|c| unprintable(&c.to_string(), &printable).is_empty())
            .collect();
        // Open Sans' Latin, Greek and Cyrillic, and beyond them DejaVu Sans'.
        for c in "æøåÆØÅéüßłśžőĳΩжЖ€£§°±×÷≤≥≠≈√∞→⇒←↑½¼¾⅓²³₂‰№™©®✓✗•–—„“”‘’…".chars()
        {
            assert!(allowed.contains(&c), "{c} (U+{:04X})", c as u32);
        }
        assert!(allowed.len() > 5000, "{}", allowed.len());
        let pdf = typesetter.pdf(source(&allowed), &meta());
        assert!(pdf.is_ok(), "{:?}", pdf.err());

        // The control: a character no bundled font has fails the export.
        let han = '中';
        assert!(!has_glyph(han));
        let failed = typesetter.pdf(source(&[han]), &meta());
        assert!(failed.is_err(), "a missing glyph went unnoticed");
    }
}
