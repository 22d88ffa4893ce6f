//! Where each key and value of a YAML file stands, by key path (`indstilling.at[1]`), for errors found after parsing.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Line and column (1-based) of a key and of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub line: usize,
    pub column: usize,
}

/// The spots of every key path of one YAML document.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    values: HashMap<String, Spot>,
    keys: HashMap<String, Spot>,
    /// Keys written a second time in the same mapping, by key path.
    repeated: HashMap<String, Spot>,
    /// The first list or mapping with more entries than a case file may
    /// have (`MAX_ENTRIES`), with where its first entry past the limit stands.
    crowded: Option<(String, Spot)>,
    /// Every scalar written under a key `fil` (a bilag's or a spreadsheet's
    /// file), by key path, in the order of the file.
    files: Vec<(String, String)>,
}

impl Locations {
    /// Reads the places of `text`; a document that does not parse yields no places.
    pub fn of(text: &str) -> Locations {
        let mut walker = Walker::default();
        let mut parser = Parser::new_from_str(text);
        // A syntax error is reported by the loader; partial places are still useful.
        let _ = parser.load(&mut walker, false);
        walker.found
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Spot> {
        self.values.get(path).copied()
    }

    /// Where the key of `path` stands the second time it is written, if it is.
    pub fn repeated(&self, path: &str) -> Option<Spot> {
        self.repeated.get(path).copied()
    }

    /// The first list or mapping of more than `MAX_ENTRIES`
    /// entries: its path, and where the entry past the limit stands.
    pub fn crowded(&self) -> Option<(&str, Spot)> {
        self.crowded.as_ref().map(|(p, s)| (p.as_str(), *s))
    }

    /// The file names the case file gives under a key `fil`, with their key
    /// paths (`bilag[0].fil`), in the order of the file.
    pub fn files(&self) -> &[(String, String)] {
        &self.files
    }

    /// Where the key of `path` stands (for a list element: where the element starts).
    pub fn key(&self, path: &str) -> Option<Spot> {
        self.keys
            .get(path)
            .or_else(|| self.values.get(path))
            .copied()
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Spot)>,
        /// Values recorded in it so far.
        entries: usize,
    },
    Seq {
        path: String,
        next: usize,
    },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    found: Locations,
    /// Set while a mapping or sequence is used as a key (rare; not addressable).
    complex_key_depth: usize,
}

fn spot(mark: Marker) -> Spot {
    Spot {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl Walker {
    /// The path of the value that comes next, with the spot of its key.
    fn next_path(&self) -> Option<(String, Option<Spot>)> {
        match self.stack.last() {
            None => Some((String::new(), None)),
            Some(Frame::Map {
                path,
                key: Some((k, at)),
                ..
            }) => Some((
                if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                },
                Some(*at),
            )),
            Some(Frame::Map { key: None, .. }) => None,
            Some(Frame::Seq { path, next }) => Some((format!("{path}[{next}]"), None)),
        }
    }

    fn record(&mut self, path: &str, key: Option<Spot>, value: Spot) {
        let (parent, count) = match self.stack.last_mut() {
            Some(Frame::Map { path, entries, .. }) => {
                *entries += 1;
                (path, *entries)
            }
            Some(Frame::Seq { path, next }) => (path, *next + 1),
            None => (&mut String::new(), 0),
        };
        if count > super::MAX_ENTRIES && self.found.crowded.is_none() {
            self.found.crowded = Some((parent.clone(), key.unwrap_or(value)));
        }
        self.found.values.entry(path.to_string()).or_insert(value);
        if let Some(key) = key {
            if self.found.keys.contains_key(path) {
                self.found.repeated.entry(path.to_string()).or_insert(key);
            } else {
                self.found.keys.insert(path.to_string(), key);
            }
        }
    }

    /// A value is complete: the enclosing mapping waits for its next key.
    fn done_value(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { next, .. }) => *next += 1,
            None => {}
        }
    }

    fn open(&mut self, mark: Marker, make: impl FnOnce(String) -> Frame) {
        if self.complex_key_depth > 0 {
            self.complex_key_depth += 1;
            return;
        }
        match self.next_path() {
            Some((path, key)) => {
                self.record(&path, key, spot(mark));
                self.stack.push(make(path));
            }
            None => self.complex_key_depth = 1,
        }
    }

    fn close(&mut self) {
        if self.complex_key_depth > 0 {
            self.complex_key_depth -= 1;
            if self.complex_key_depth == 0 {
                // The complex key is over; its value follows under a placeholder key.
                if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                    *key = Some(("?".to_string(), Spot { line: 0, column: 0 }));
                }
            }
            return;
        }
        self.stack.pop();
        self.done_value();
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(text, ..) => {
                if self.complex_key_depth > 0 {
                    return;
                }
                if let Some(Frame::Map {
                    key: key @ None,
                    path,
                    ..
                }) = self.stack.last_mut()
                {
                    // A mapping in a list starts where its first key stands.
                    if path.ends_with(']') {
                        self.found.keys.entry(path.clone()).or_insert(spot(mark));
                    }
                    *key = Some((text, spot(mark)));
                    return;
                }
                if let Some((path, key)) = self.next_path() {
                    self.record(&path, key, spot(mark));
                    if path == "fil" || path.ends_with(".fil") {
                        self.found.files.push((path, text));
                    }
                }
                self.done_value();
            }
            Event::Alias(_) => {
                if let Some((path, key)) = self.next_path() {
                    self.record(&path, key, spot(mark));
                }
                self.done_value();
            }
            Event::MappingStart(..) => self.open(mark, |path| Frame::Map {
                path,
                key: None,
                entries: 0,
            }),
            Event::SequenceStart(..) => self.open(mark, |path| Frame::Seq { path, next: 0 }),
            Event::MappingEnd | Event::SequenceEnd => self.close(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files a case file names under `fil:`, unquoted, wherever they
    /// stand, and nothing that only looks like one.
    #[test]
    fn finds_the_file_names() {
        let text = "type: punkt\ntekst: |\n  fil: ikke/en/fil.pdf\nbilag:\n  - titel: A\n    fil: bilag/a.pdf\n  - titel: B\n    fil: \"bilag/b #2.pdf\"\n  - titel: C\nbudgetopfoelgning:\n  fra_regneark:\n    fil: 'data/tal.xlsx'\nfiler: x\n";
        let loc = Locations::of(text);
        let files: Vec<(&str, &str)> = loc
            .files()
            .iter()
            .map(|(p, f)| (p.as_str(), f.as_str()))
            .collect();
        assert_eq!(
            files,
            [
                ("bilag[0].fil", "bilag/a.pdf"),
                ("bilag[1].fil", "bilag/b #2.pdf"),
                ("budgetopfoelgning.fra_regneark.fil", "data/tal.xlsx"),
            ]
        );
    }

    #[test]
    fn finds_nested_keys_and_list_elements() {
        let text = "type: punkt\nindstilling:\n  af: Udvalget\n  at:\n    - første\n    - anden\nbilag:\n  - titel: A\n    fil: bilag/a.pdf\n";
        let loc = Locations::of(text);
        assert_eq!(loc.key("type"), Some(Spot { line: 1, column: 1 }));
        assert_eq!(loc.value("type"), Some(Spot { line: 1, column: 7 }));
        assert_eq!(loc.key("indstilling.af"), Some(Spot { line: 3, column: 3 }));
        assert_eq!(
            loc.value("indstilling.at[1]"),
            Some(Spot { line: 6, column: 7 })
        );
        assert_eq!(
            loc.value("bilag[0].fil"),
            Some(Spot {
                line: 9,
                column: 10
            })
        );
    }

    #[test]
    fn a_key_written_twice_is_found_the_second_time() {
        let loc = Locations::of("titel: X\nnummer: 1\ntitel: Y\n");
        assert_eq!(loc.key("titel"), Some(Spot { line: 1, column: 1 }));
        assert_eq!(loc.repeated("titel"), Some(Spot { line: 3, column: 1 }));
    }

    #[test]
    fn block_scalars_and_flow_collections() {
        let text = "titel: x\nbeslutning: |\n  Godkendt.\nfraværende: [Ole, Lars]\n";
        let loc = Locations::of(text);
        assert_eq!(loc.key("beslutning").map(|s| s.line), Some(2));
        assert_eq!(loc.value("fraværende[1]").map(|s| s.line), Some(4));
    }
}
