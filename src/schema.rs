//! JSON Schemas of the case files, generated from the case model, so that an editor checks and completes a case file while it is written.
//!
//! One schema per case-file type, in JSON Schema draft 7 (the version the
//! YAML language server of the common editors understands). The Danish
//! descriptions are the doc comments of [`crate::load::model`]. The schemas
//! say what the loader accepts, and also the simple limits the check stage
//! sets (counts from 0, per cents from 0 to 100, lists that may not be
//! empty); what only the check can see (one amount per year, parts within
//! the whole, bilag files) is left to `dagsorden check`.
//!
//! A case file names its schema in its first line, relative to the file:
//!
//! ```yaml
//! # yaml-language-server: $schema=../../../schema/punkt.schema.json
//! ```

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

use crate::load::model::{Moede, Notat, Punkt, Rettelse};

/// The schema of each case-file type: its file name and the schema.
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        (
            "punkt.schema.json",
            schema_for::<Punkt>("punkt", "Dagsordenspunkt"),
        ),
        ("notat.schema.json", schema_for::<Notat>("notat", "Notat")),
        ("moede.schema.json", schema_for::<Moede>("møde", "Møde")),
        (
            "rettelse.schema.json",
            schema_for::<Rettelse>("rettelse", "Rettelse"),
        ),
    ]
}

/// Writes every schema into `dir` (made if missing) as pretty JSON ending
/// in a newline, and returns their paths. A file that already says the same
/// is left alone; one that changes is replaced in one step, so that no one
/// reads half a schema.
pub fn write(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    all()
        .into_iter()
        .map(|(name, schema)| {
            let path = dir.join(name);
            let text = text(&schema);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                let partial = dir.join(format!(".{name}.partial"));
                std::fs::write(&partial, text)?;
                std::fs::rename(&partial, &path)?;
            }
            Ok(path)
        })
        .collect()
}

/// A schema as written to its file.
fn text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a JSON value always serializes");
    text.push('\n');
    text
}

/// The schema of the case type `T`, whose `type:` says `kind`.
fn schema_for<T: JsonSchema>(kind: &str, title: &str) -> Value {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let Value::Object(mut root) = schema.to_value() else {
        unreachable!("a struct's schema is an object")
    };

    // The loader reads `type:` first and picks the model by it, so the model
    // holds any text there; the schema wants the one value of this type.
    let kind_schema = root
        .get_mut("properties")
        .and_then(|p| p.get_mut("type"))
        .and_then(Value::as_object_mut)
        .expect("every case type has a `type` key");
    kind_schema.remove("type");
    kind_schema.insert("const".into(), kind.into());

    root.insert(
        "$comment".into(),
        "Generated from the case model (src/load/model.rs) by dagsorden::schema; do not edit."
            .into(),
    );
    root.insert("title".into(), title.into());

    // The metadata first, then the keys, then the types they use.
    let mut ordered = Map::new();
    for key in ["$schema", "$comment", "title", "description"] {
        if let Some(value) = root.remove(key) {
            ordered.insert(key.into(), value);
        }
    }
    ordered.append(&mut root);
    let mut schema = Value::Object(ordered);
    unwrap_descriptions(&mut schema);
    schema
}

/// Joins the lines of each paragraph of every description: the doc
/// comments are wrapped for the source, an editor wraps them itself.
fn unwrap_descriptions(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(text) if key == "description" => {
                        *text = text
                            .split("\n\n")
                            .map(|paragraph| {
                                paragraph
                                    .lines()
                                    .map(str::trim)
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            })
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    _ => unwrap_descriptions(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_type_has_a_schema_that_requires_its_type() {
        let schemas = all();
        for kind in crate::load::TYPES {
            let found = schemas
                .iter()
                .find(|(_, s)| s["properties"]["type"]["const"] == kind);
            let (_, schema) = found.unwrap_or_else(|| panic!("no schema for `type: {kind}`"));
            let required = schema["required"].as_array().unwrap();
            assert!(required.contains(&Value::from("type")), "{kind}");
            assert!(schema["title"].is_string(), "{kind}");
            assert!(schema["description"].is_string(), "{kind}");
        }
    }
}
