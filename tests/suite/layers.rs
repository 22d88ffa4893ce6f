//! The shape of `src/`: every `crate::` import points down the stage order, never up, and no two files import each other, directly or round a loop.
//!
//! The order is the pipeline's: foundation → bilag → load → check →
//! template → typeset → write → engine → prepared → meeting → provenance →
//! pipeline → verify and approval → batch → publish and watch → the tools
//! (schema, scaffold, fuzzing). A module may use its own files and any
//! module of a lower layer; one of the same or a higher layer is a
//! back-import, and this test names it. The binary (`main.rs`, `cli/`) uses
//! the library from outside and is not part of the order.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::repo;

/// The layers, lowest first; the modules of one layer may not use each other.
const LAYERS: &[&[&str]] = &[
    &["diagnostic", "format", "memo", "assets", "atomic", "digest"],
    &["bilag"],
    &["load"],
    &["persondata"],
    &["check"],
    &["template"],
    &["typeset"],
    &["write"],
    &["engine"],
    &["prepared"],
    &["meeting"],
    &["provenance", "screening"],
    &["pipeline"],
    &["verify", "approval"],
    &["batch"],
    &["publish", "watch"],
    &["schema", "scaffold", "fuzzing", "import"],
];

/// Every file of the library as its module path (`check::moede`), with its text.
fn library() -> BTreeMap<String, String> {
    let src = repo().join("src");
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts[0] == "main" || parts[0] == "cli" {
            continue; // the binary
        }
        let module = parts
            .iter()
            .filter(|p| *p != "mod" && *p != "lib")
            .cloned()
            .collect::<Vec<_>>()
            .join("::");
        files.insert(module, std::fs::read_to_string(path).unwrap());
    }
    files
}

/// The paths after `crate::` in `text` (unit tests left out: they are not the
/// shape), each as written: `check::moede::MoedeView`, or, from a
/// `use crate::{…}` group, each of its members.
fn imports(text: &str) -> Vec<String> {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..at],
        None => text,
    };
    let path_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => found.push(std::mem::take(&mut item)),
                    c if depth == 0 => item.push(c),
                    _ => {}
                }
            }
            found.push(item);
        } else {
            found.push(rest.chars().take_while(|&c| path_char(c)).collect());
        }
    }
    found
        .into_iter()
        .map(|p| p.trim().trim_end_matches(':').to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The file a path names: its longest prefix that is a module of `files`.
fn target<'a>(files: &'a BTreeMap<String, String>, path: &str) -> Option<&'a str> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|k| parts[..k].join("::"))
        .find_map(|m| files.get_key_value(&m).map(|(k, _)| k.as_str()))
}

/// The layer of a module, by its top-level module.
fn layer(module: &str) -> usize {
    let top = module.split("::").next().unwrap();
    LAYERS
        .iter()
        .position(|l| l.contains(&top))
        .unwrap_or_else(|| {
            panic!("`{top}` is in no layer of tests/suite/layers.rs: give it its place")
        })
}

/// The imports between files: file → the files it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = library();
    let mut edges = BTreeMap::new();
    for (module, text) in &files {
        let used: BTreeSet<String> = imports(text)
            .iter()
            .filter_map(|p| target(&files, p))
            .filter(|t| *t != module && !t.is_empty())
            .map(str::to_owned)
            .collect();
        edges.insert(module.clone(), used);
    }
    edges
}

#[test]
fn every_import_points_down_the_stage_order() {
    let mut back = Vec::new();
    for (from, used) in graph().iter().filter(|(m, _)| !m.is_empty()) {
        let top = from.split("::").next().unwrap();
        for to in used {
            let same_module = to.split("::").next() == Some(top);
            if !same_module && layer(to) >= layer(from) {
                back.push(format!("{from} → {to}"));
            }
        }
    }
    assert!(
        back.is_empty(),
        "imports against the stage order (tests/suite/layers.rs lists it):\n{}",
        back.join("\n")
    );
}

#[test]
fn no_files_import_each_other_round_a_loop() {
    let edges = graph();
    // A loop is a path from a file back to itself: follow every file's imports.
    let mut loops = BTreeSet::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = edges[start].iter().collect();
        while let Some(next) = todo.pop() {
            if next == start {
                loops.insert(start.clone());
                break;
            }
            if seen.insert(next) {
                todo.extend(edges.get(next).into_iter().flatten());
            }
        }
    }
    assert!(loops.is_empty(), "files on an import loop: {loops:?}");
}

#[test]
fn the_check_reads_imports_as_written() {
    let text = "use crate::check::{self, Printable};\nuse crate::{bilag::kind::Kind, load};\nlet x = crate::write::is_packet(n);\n#[cfg(test)]\nmod tests {\n    use crate::batch;\n}\n";
    assert_eq!(
        imports(text),
        ["check::", "bilag::kind::Kind", "load", "write::is_packet"]
            .map(|s| s.trim_end_matches(':').to_string())
    );
    let files = library();
    assert!(files.contains_key("check::moede") && files.contains_key(""));
    assert_eq!(
        target(&files, "check::moede::MoedeView"),
        Some("check::moede")
    );
    assert_eq!(target(&files, "bilag::Kind"), Some("bilag"));
}
