//! The JSON Schemas in `schema/`: generated from the case model, never stale, met by every example case file, and in agreement with the loader.

use std::path::{Path, PathBuf};

use dagsorden::load::{self, SourceFile};
use serde_json::Value;

use crate::common::{minimal_punkt, repo};

/// The first line of a case file that names its schema.
const SCHEMA_LINE: &str = "# yaml-language-server: $schema=";

/// The schema file of a case-file type.
fn schema_name(kind: &str) -> &'static str {
    match kind {
        "punkt" => "punkt.schema.json",
        "notat" => "notat.schema.json",
        "møde" => "moede.schema.json",
        other => panic!("no schema for `type: {other}`"),
    }
}

/// The generated schema for a case-file type.
fn schema(kind: &str) -> Value {
    let name = schema_name(kind);
    dagsorden::schema::all()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("`schema::all()` has no {name}"))
}

/// The schema's complaints about a case file, one line each (empty: valid).
/// The schema is picked by the file's `type`.
fn complaints_about(yaml: &str) -> Vec<String> {
    let value: Value = serde_yaml::from_str(yaml).expect("the test file is YAML");
    let kind = value["type"].as_str().expect("the test file has a type");
    complaints(&schema(kind), &value)
}

fn complaints(schema: &Value, value: &Value) -> Vec<String> {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema is a valid JSON Schema");
    validator
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// What the loader says about a case file's text: `Ok`, or the error.
fn loaded(yaml: &str) -> Result<(), String> {
    let source = SourceFile::new("prøve.yaml", yaml);
    load::parse(&source)
        .map(|_| ())
        .map_err(|d| d.render(false))
}

#[test]
fn the_files_in_schema_are_what_the_model_generates() {
    let shipped = repo().join("schema");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        dagsorden::schema::write(&shipped).expect("the schemas are written");
    }
    let fresh = tempfile::tempdir().unwrap();
    let written = dagsorden::schema::write(fresh.path()).expect("the schemas are written");
    let mut names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "moede.schema.json",
            "notat.schema.json",
            "punkt.schema.json",
            "rettelse.schema.json"
        ]
    );
    for path in &written {
        let name = path.file_name().unwrap();
        let expected = std::fs::read_to_string(path).unwrap();
        let found = std::fs::read_to_string(shipped.join(name)).unwrap_or_default();
        assert!(
            found == expected,
            "schema/{} is not what the case model generates: run `UPDATE_SCHEMA=1 cargo test --test suite schema` to write it again",
            name.to_string_lossy()
        );
    }
    let again = tempfile::tempdir().unwrap();
    dagsorden::schema::write(again.path()).unwrap();
    for path in &written {
        let name = path.file_name().unwrap();
        assert_eq!(
            std::fs::read(path).unwrap(),
            std::fs::read(again.path().join(name)).unwrap(),
            "{name:?} is written the same way every time"
        );
    }
}

/// Every key and every type a schema describes, by JSON pointer.
fn described(pointer: String, schema: &Value, found: &mut Vec<(String, bool)>) {
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (key, property) in properties {
            let at = format!("{pointer}/properties/{key}");
            found.push((at.clone(), property.get("description").is_some()));
            described(at, property, found);
        }
    }
    if let Some(definitions) = schema.get("definitions").and_then(Value::as_object) {
        for (name, definition) in definitions {
            let at = format!("{pointer}/definitions/{name}");
            found.push((at.clone(), definition.get("description").is_some()));
            described(at, definition, found);
        }
    }
}

#[test]
fn every_key_and_type_is_described() {
    for (name, schema) in dagsorden::schema::all() {
        assert!(schema["title"].is_string(), "{name} has a title");
        assert!(schema["description"].is_string(), "{name} is described");
        assert_eq!(schema["additionalProperties"], false, "{name}");
        let mut found = Vec::new();
        described(String::new(), &schema, &mut found);
        let missing: Vec<&String> = found.iter().filter(|(_, d)| !d).map(|(p, _)| p).collect();
        assert!(missing.is_empty(), "{name}: no description at {missing:?}");
    }
}

/// Every `*.yaml` file below `dir`, sorted.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_case_names_its_schema_and_meets_it() {
    let files = yaml_files(&repo().join("cases"));
    assert!(files.len() >= 12, "the example cases: {files:?}");
    for file in files {
        let shown = file.strip_prefix(repo()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let value: Value = serde_yaml::from_str(&text).unwrap();
        let kind = value["type"].as_str().unwrap();

        let first = text.lines().next().unwrap_or("");
        let named = first
            .strip_prefix(SCHEMA_LINE)
            .unwrap_or_else(|| panic!("{shown}: the first line is not `{SCHEMA_LINE}…`"));
        let schema_path = file.parent().unwrap().join(named);
        assert_eq!(
            schema_path.canonicalize().ok(),
            repo()
                .join("schema")
                .join(schema_name(kind))
                .canonicalize()
                .ok(),
            "{shown}: the first line names the schema of `type: {kind}`"
        );

        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
        let problems = complaints(&schema, &value);
        assert!(problems.is_empty(), "{shown}: {problems:#?}");
        assert!(
            loaded(&text).is_ok(),
            "{shown}: {}",
            loaded(&text).unwrap_err()
        );
    }
}

#[test]
fn an_unknown_key_is_refused_by_name() {
    let problems = complaints_about(&minimal_punkt("beslutningstem: Noget at beslutte\n"));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("beslutningstem"), "{problems:#?}");

    let nested = minimal_punkt("indstilling:\n  att:\n    - der sker en drøftelse\n");
    let problems = complaints_about(&nested);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("/indstilling:") && problems[0].contains("att"),
        "{problems:#?}"
    );
}

#[test]
fn a_value_of_the_wrong_type_is_refused() {
    let text = minimal_punkt("").replace("nummer: 7", "nummer: tolv");
    let problems = complaints_about(&text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].starts_with("/nummer:"), "{problems:#?}");

    let problems = complaints_about(&minimal_punkt("lukket: ja\n"));
    assert!(
        problems.iter().any(|p| p.starts_with("/lukket:")),
        "{problems:#?}"
    );

    let problems = complaints_about(&minimal_punkt("").replace("type: punkt", "type: notat"));
    assert!(!problems.is_empty(), "an item is no memo");
}

/// Files the loader and the schema both accept: a minimal item, one with
/// every part an item can have, one with each computed block, a memo and a
/// meeting.
const VALID: [(&str, &str); 9] = [
    (
        "minimal punkt",
        "type: punkt
sagsnr: 00.00.00-I02-1-21
titel: Godkendelse af dagsorden
",
    ),
    (
        "punkt med alle afsnit",
        "type: punkt
sagsnr: 00.22.04-A00-1-21
nummer: 12
titel: 2025
kort_titel: Budget 2025
dato: 2024-09-02
lukket: true
beslutningstema: |
  Udvalget skal tage stilling til **budgettet**.
økonomi: Ingen udgifter.
historik: ~
sagsfremstilling: |
  - et punkt
    - et underpunkt
kommunikation:
lovgrundlag: Styrelsesloven
indstilling:
  af: Direktionen
  at:
    - budgettet godkendes
beslutning: Godkendt.
bilag:
  - titel: Budgetforslag
    fil: bilag/budget.pdf
  - titel: Tal, som programmet laver
fraværende:
suppleanter:
  - navn: Ole Ødmann
    for: Gitte Andersen (V)
",
    ),
    (
        "punkt med omgørelser",
        "type: punkt
sagsnr: 27.00.00-A00-19-20
titel: Omgørelser på børneområdet
sagsfremstilling: Tallene for 2023.
omgørelser:
  år: 2023
  områder:
    - navn: Børn og unge
      afgørelser: 40
      ændringer: 3
      hjemvisninger: 5
      landsplan: 28.4
      kommentar: Færre hjemvisninger end året før.
    - navn: Voksne
      afgørelser: \"12\"
      ændringer: 0
      hjemvisninger: 1
      landsplan: ~
  historik:
    - navn: Børn og unge
      år:
        2021: {afgørelser: 35, ændringer: 4, hjemvisninger: 6, landsplan: 30}
        2022: {afgørelser: 38, ændringer: 2, hjemvisninger: 7}
",
    ),
    (
        "punkt med reduktionsplan",
        "type: punkt
sagsnr: 27.00.00-A00-19-20
titel: Genopretningsplan
reduktionsplan:
  enhed: 1.000 kr.
  år: [2024, 2025]
  mål: [-500, \"-750.5\"]
  initiativer:
    - navn: Ny visitation
      beløb: [-200, -300]
    - navn: Endnu ikke fordelt
  overfør_udestående: true
",
    ),
    (
        "punkt med budgetopfølgning",
        "type: punkt
sagsnr: 00.30.14-S00-7-20
titel: Budgetopfølgning
budgetopfølgning:
  periode: 1. kvartal 2024
  enhed: 1.000 kr.
  områder:
    - navn: Skoler
      oprindeligt_budget: 410000
      korrigeret_budget: 412500.25
      forventet_regnskab: 415000
      bemærkning: |
        Flere elever end ventet.
    - navn: Indtægter
      korrigeret_budget: -12000
      forventet_regnskab: \"-12500\"
",
    ),
    (
        "punkt med visitationsregler",
        "type: punkt
sagsnr: 28.09.40-G01-44-21
titel: Nye regler for hjemmehjælp
visitationsregler:
  område: Tildeling af hjemmehjælp
  lovgrundlag: Servicelovens § 83
  gældende:
  foreslåede: [Akut behov, Ventetid]
  ikrafttræden: 2024-07-01
  evaluering: 2025
  fordel_for: [Borgere med akut behov]
  ikke_fordel_for:
",
    ),
    (
        "notat med blokke",
        "type: notat
titel: Status på økonomien
dato: 2024-05-01
sagsnr: 00.30.14-S00-7-20
afsnit:
  - overskrift: Baggrund
    tekst: Notatet giver en status.
  - budgetopfølgning:
      periode: April 2024
      enhed: 1.000 kr.
      områder:
        - navn: Ældre
          korrigeret_budget: 1000
          forventet_regnskab: 1100
  - reduktionsplan:
      enhed: kr.
      år: [2024]
      mål: [-10]
",
    ),
    (
        "minimalt notat",
        "type: notat
titel: Orientering
dato: 2024-05-01
",
    ),
    (
        "møde",
        "type: møde
udvalg: Økonomiudvalget
dato: 2024-06-03
tid: \"16:30\"
formand: Anna Holm
medlemmer: [Anna Holm, Bo Berg]
fraværende: [Bo Berg]
udgave: dagsorden
status: udkast
punkter:
  - 001-budget.yaml
",
    ),
];

#[test]
fn the_loader_and_the_schema_accept_the_same_valid_files() {
    for (what, yaml) in VALID {
        if let Err(e) = loaded(yaml) {
            panic!("{what}: the loader refuses it:\n{e}");
        }
        let problems = complaints_about(yaml);
        assert!(
            problems.is_empty(),
            "{what}: the schema refuses it: {problems:#?}"
        );
    }
}

/// Files the loader and the schema both refuse, each for one reason.
fn invalid() -> Vec<(&'static str, String)> {
    let punkt = |extra: &str| minimal_punkt(extra);
    let block = |block: &str| minimal_punkt(block);
    vec![
        ("titel tom", punkt("").replace("titel: Prøve", "titel: ~")),
        ("titel mangler", punkt("").replace("titel: Prøve\n", "")),
        (
            "sagsnr med lille bogstav",
            punkt("").replace("00.00.00-I02-1-21", "00.00.00-i02-1-21"),
        ),
        (
            "nummer i ord",
            punkt("").replace("nummer: 7", "nummer: tolv"),
        ),
        ("lukket: ja", punkt("lukket: ja\n")),
        ("dato uden for ISO", punkt("dato: 29-11-2021\n")),
        ("dato der ikke findes", punkt("dato: 2021-02-30\n")),
        ("bilag: ~", punkt("bilag: ~\n")),
        ("bilag uden titel", punkt("bilag:\n  - fil: bilag/x.pdf\n")),
        ("ukendt nøgle", punkt("beslutningstem: x\n")),
        ("suppleant uden for", punkt("suppleanter:\n  - navn: Ole\n")),
        (
            "antal med ord",
            block(
                "omgørelser:\n  år: 2020\n  områder:\n    - navn: A\n      afgørelser: 12 sager\n      ændringer: 1\n      hjemvisninger: 1\n",
            ),
        ),
        (
            "ukendt nøgle i et område",
            block(
                "omgørelser:\n  år: 2020\n  områder:\n    - navn: A\n      afgørelse: 12\n      ændringer: 1\n      hjemvisninger: 1\n",
            ),
        ),
        (
            "enhed tom",
            block("reduktionsplan:\n  enhed: ~\n  år: [2024]\n  mål: [-1]\n"),
        ),
        (
            "beløb med komma",
            block("reduktionsplan:\n  enhed: kr.\n  år: [2024]\n  mål: [\"-1,5\"]\n"),
        ),
        (
            "korrigeret budget tomt",
            block(
                "budgetopfølgning:\n  periode: maj\n  enhed: kr.\n  områder:\n    - navn: A\n      korrigeret_budget: ~\n      forventet_regnskab: 1\n",
            ),
        ),
        (
            "visitationsregler uden gældende",
            block("visitationsregler:\n  område: A\n  foreslåede: [B]\n"),
        ),
        (
            "notat uden dato",
            "type: notat\ntitel: Orientering\n".to_string(),
        ),
        (
            "møde med ukendt udgave",
            "type: møde\nudvalg: U\ndato: 2024-06-03\nformand: F\nudgave: kladde\n".to_string(),
        ),
    ]
}

#[test]
fn the_loader_and_the_schema_refuse_the_same_invalid_files() {
    for (what, yaml) in invalid() {
        assert!(loaded(&yaml).is_err(), "{what}: the loader accepts it");
        assert!(
            !complaints_about(&yaml).is_empty(),
            "{what}: the schema accepts it"
        );
    }
}

/// Every property name a schema gives an object and the objects inside it,
/// following `$ref`s into `$defs`; `skip` names properties not to enter.
fn keys_of(schema: &Value, object: &Value, skip: &[&str], out: &mut Vec<String>) {
    let object = match object.get("$ref").and_then(Value::as_str) {
        Some(r) => schema
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("no {r}")),
        None => object,
    };
    if let Some(props) = object.get("properties").and_then(Value::as_object) {
        for (key, value) in props {
            if !out.contains(key) {
                out.push(key.clone());
            }
            if !skip.contains(&key.as_str()) {
                keys_of(schema, value, skip, out);
            }
        }
    }
    for inner in ["items", "additionalProperties"] {
        if let Some(v) = object.get(inner).filter(|v| v.is_object()) {
            keys_of(schema, v, skip, out);
        }
    }
    for any in ["anyOf", "oneOf", "allOf"] {
        for alt in object
            .get(any)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            keys_of(schema, alt, skip, out);
        }
    }
}

#[test]
fn every_starter_file_meets_its_schema_and_shows_every_key() {
    let ny = repo().join("templates/ny");
    for (file, block) in [
        ("punkt.yaml", None),
        ("moede.yaml", None),
        ("notat.yaml", None),
        ("omgoerelser.yaml", Some("omgørelser")),
        ("reduktionsplan.yaml", Some("reduktionsplan")),
        ("budgetopfoelgning.yaml", Some("budgetopfølgning")),
        ("visitationsregler.yaml", Some("visitationsregler")),
        ("udgiftsudvikling.yaml", Some("udgiftsudvikling")),
        ("noegletal.yaml", Some("nøgletal")),
    ] {
        let yaml = std::fs::read_to_string(ny.join(file)).unwrap();
        let complaints = complaints_about(&yaml);
        assert!(complaints.is_empty(), "{file}: {complaints:#?}");
        let value: Value = serde_yaml::from_str(&yaml).unwrap();
        let schema = schema(value["type"].as_str().unwrap());
        // The item, memo or meeting keys (the item's blocks have starters of
        // their own), or the keys of the block the starter is for.
        let (object, blocks): (&Value, &[&str]) = match block {
            None if file == "moede.yaml" => (&schema, &[]),
            None => (
                &schema,
                &[
                    "omgørelser",
                    "reduktionsplan",
                    "budgetopfølgning",
                    "visitationsregler",
                    "udgiftsudvikling",
                    "nøgletal",
                ],
            ),
            Some(b) => (&schema["properties"][b], &[]),
        };
        let mut keys = Vec::new();
        keys_of(&schema, object, blocks, &mut keys);
        assert!(keys.len() >= 5, "{file}: {keys:?}");
        // Written out, or shown in a comment (`#   - titel: …`).
        let shown = |key: &str| {
            yaml.lines().any(|l| {
                l.trim_start_matches(['#', ' ', '-'])
                    .starts_with(&format!("{key}:"))
            })
        };
        for key in keys.iter().filter(|k| !blocks.contains(&k.as_ref())) {
            assert!(shown(key), "{file}: no `{key}:`");
        }
        for b in blocks {
            assert!(yaml.contains(b), "{file}: the block `{b}` is not mentioned");
        }
    }
}
