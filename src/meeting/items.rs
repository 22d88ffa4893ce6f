//! A meeting's items: the meeting an item file belongs to, and the item files of a meeting, checked, ordered and numbered.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};
use std::time::SystemTime;

use super::minutes;
use crate::check::{self, Printable, PunktView};
use crate::diagnostic::Diagnostic;
use crate::load::model::Moede;
use crate::load::{self, Case, SourceFile};
use crate::memo::Memo;

/// A meeting's files as they are: path, size, modification time.
type Stamp = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// The numbers meetings give their items (by the items' real paths), for
/// the meeting's files as they were.
static NUMBERS: LazyLock<Memo<Stamp, Arc<HashMap<PathBuf, u32>>>> =
    LazyLock::new(|| Memo::with_limit(1024));

/// A meeting file, loaded.
pub struct Meeting {
    pub source: SourceFile,
    pub moede: Moede,
}

/// One checked item of a meeting.
pub struct Item {
    pub source: SourceFile,
    pub view: PunktView,
}

/// The meeting of an item file's folder (its `moede.yaml`), if there is one
/// that loads. A meeting file with errors is reported when it is rendered.
pub fn beside(item: &SourceFile) -> Option<Meeting> {
    let loaded = load::load(&item.dir().join("moede.yaml")).ok()?;
    match loaded.case {
        Case::Moede(moede) => Some(Meeting {
            source: loaded.source,
            moede: *moede,
        }),
        _ => None,
    }
}

impl Meeting {
    /// The number the meeting gives `item`, which has none of its own, so
    /// that the item's own PDF carries it too.
    ///
    /// The numbers are worked out once for the meeting's files as they are
    /// (each file's path, size and modification time), not once for each of
    /// its items: a folder of many items without numbers would otherwise load
    /// and check them all for each of them.
    pub fn number_of(&self, item: &SourceFile, printable: &Printable) -> Option<u32> {
        let me = std::fs::canonicalize(&item.path).ok()?;
        let stamp: Stamp = std::iter::once(self.source.path.clone())
            .chain(self.files().into_iter().map(|(_, p)| p))
            .map(|p| {
                let (len, time) = std::fs::metadata(&p)
                    .map(|m| (m.len(), m.modified().ok()))
                    .unwrap_or((0, None));
                (p, len, time)
            })
            .collect();
        // A meeting whose items fail their check numbers none of them.
        let numbers = NUMBERS.get_or(stamp, || {
            self.items(printable)
                .map(|items| {
                    items
                        .into_iter()
                        .filter_map(|i| {
                            Some((std::fs::canonicalize(&i.source.path).ok()?, i.view.nummer?))
                        })
                        .collect::<HashMap<_, _>>()
                })
                .unwrap_or_default()
                .into()
        });
        numbers.get(&me).copied()
    }

    /// The checked items: the files `punkter` names, in that order, or else
    /// every item file of the meeting's folder, by `nummer`; an item without
    /// a number gets the one after the item before it. Each item's names
    /// (vote, protokoltilførsel) are checked against the meeting.
    pub fn items(&self, printable: &Printable) -> Result<Vec<Item>, Vec<Diagnostic>> {
        let source = &self.source;
        let moede = &self.moede;
        let mut problems = Vec::new();
        let mut items = Vec::new();
        for (key, path) in self.files() {
            match load::load(&path) {
                Ok(loaded) => match &loaded.case {
                    Case::Punkt(punkt) => {
                        let names = minutes::check_names(
                            &loaded.source,
                            punkt,
                            Some((source, moede)),
                        );
                        match check::punkt(&loaded.source, punkt, printable) {
                            Ok(view) if names.is_empty() => items.push(Item {
                                source: loaded.source.clone(),
                                view,
                            }),
                            Ok(_) => problems.push(item_failed(source, &path, &names)),
                            Err(mut found) => {
                                found.extend(names);
                                problems.push(item_failed(source, &path, &found));
                            }
                        }
                    }
                    _ if key.is_none() => {} // other case files in the folder
                    _ => problems.push(
                        source
                            .error(format!("`{}` is not an agenda item", path.display()))
                            .at(key.as_deref().and_then(|k| source.value_place(k, 1)))
                            .help("`punkter` lists the item files of the meeting"),
                    ),
                },
                Err(_) if key.is_some() => problems.push(
                    source
                        .error(format!("the item file `{}` cannot be read or has errors", path.display()))
                        .at(key.as_deref().and_then(|k| {
                            source.value_place(k, path.file_name().map_or(1, |n| n.len()))
                        }))
                        .help("`punkter` lists item files relative to the meeting file, e.g. `- 096-omgoerelsesprocenter-2020.yaml`"),
                ),
                Err(d) => problems.push(item_failed(source, &path, &[*d])),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if moede.punkter.is_empty() {
            // By number; items without one keep their file order, after the numbered.
            items.sort_by_key(|i| i.view.nummer.unwrap_or(u32::MAX));
        }
        let mut last = 0;
        for item in &mut items {
            let nummer = *item.view.nummer.get_or_insert(last + 1);
            last = nummer;
        }
        Ok(items)
    }

    /// The item files, each with the key of `punkter` that names it (none
    /// when the folder is searched).
    pub(crate) fn files(&self) -> Vec<(Option<String>, PathBuf)> {
        let dir = self.source.dir();
        if !self.moede.punkter.is_empty() {
            return self
                .moede
                .punkter
                .iter()
                .enumerate()
                .map(|(i, name)| (Some(format!("punkter[{i}]")), dir.join(name.trim())))
                .collect();
        }
        case_files_beside(&self.source)
            .into_iter()
            .map(|p| (None, p))
            .collect()
    }
}

/// The case files beside the meeting file, in name order: every `*.yaml`
/// of its folder but the meeting file and the approval record.
pub(crate) fn case_files_beside(meeting: &SourceFile) -> Vec<PathBuf> {
    let dir = meeting.dir();
    let folder = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    found.retain(|p| {
        p.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && p.file_name() != meeting.path.file_name()
            && p.file_name()
                .is_none_or(|n| n != crate::load::APPROVAL_RECORD)
    });
    found.sort();
    found
}

/// The meeting's error for an item with errors: where the item's first
/// error is, so that it can be found also when only the meeting is rendered.
fn item_failed(meeting: &SourceFile, path: &Path, found: &[Diagnostic]) -> Diagnostic {
    let first = found
        .iter()
        .find_map(|d| {
            let p = d.place.as_ref()?;
            Some(format!(
                " (the first at {}:{}:{})",
                d.file.display(),
                p.line,
                p.column
            ))
        })
        .unwrap_or_default();
    meeting
        .error(format!(
            "the file `{}` of the meeting has errors{first}, shown with that file, so the meeting document cannot be made",
            path.display()
        ))
        .help("mend the item; the meeting document follows")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "cases/udvalget-for-laering/2021-11-29";

    fn number(dir: &Path, file: &str) -> Option<u32> {
        let has_glyph = |_: char| true;
        let printable = Printable {
            has_glyph: &has_glyph,
            roots: &[],
        };
        let item = load::load(&dir.join(file)).unwrap().source;
        beside(&item)?.number_of(&item, &printable)
    }

    /// The numbers are worked out once for a meeting's files, and again when one changes.
    #[test]
    fn an_item_without_a_number_follows_its_meeting_folder_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(format!("{SEED}/moede.yaml"), dir.path().join("moede.yaml")).unwrap();
        let item = std::fs::read_to_string(format!("{SEED}/103-til-orientering.yaml")).unwrap();
        let unnumbered = item.replace("nummer: 103\n", "");
        assert_ne!(item, unnumbered);
        std::fs::write(dir.path().join("b.yaml"), &unnumbered).unwrap();
        std::fs::write(dir.path().join("c.yaml"), &unnumbered).unwrap();
        assert_eq!(number(dir.path(), "b.yaml"), Some(1));
        assert_eq!(number(dir.path(), "c.yaml"), Some(2));
        // A new item before them moves them on.
        std::fs::write(dir.path().join("a.yaml"), &unnumbered).unwrap();
        assert_eq!(number(dir.path(), "b.yaml"), Some(2));
        assert_eq!(number(dir.path(), "c.yaml"), Some(3));
        // An item given a number of its own: the ones after it follow it.
        std::fs::write(
            dir.path().join("a.yaml"),
            item.replace("nummer: 103", "nummer: 7"),
        )
        .unwrap();
        assert_eq!(number(dir.path(), "c.yaml"), Some(9));
    }
}
