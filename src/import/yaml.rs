//! The case files of an import as a person writes them: keys in the spec's order, text as literal block scalars, a header naming the export.

use std::fmt::Write as _;

use super::sections::Sorted;
use super::{Export, Item};

/// A one-line value: plain when YAML reads it back as the same string, quoted otherwise.
pub fn scalar(value: &str) -> String {
    let value = value.replace(['\n', '\r'], " ");
    let quoted = serde_yaml::to_string(&value).unwrap_or_else(|_| format!("{value:?}"));
    quoted.trim_end_matches('\n').to_string()
}

/// `key: |` and the text indented under it.
pub fn block(out: &mut String, key: &str, text: &str, indent: &str) {
    let text = text.trim_matches('\n');
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    // YAML reads the indentation from the first line; a first line that
    // begins with a space needs it given.
    let indicator = if lines.first().is_some_and(|l| l.starts_with(' ')) {
        "|2"
    } else {
        "|"
    };
    let _ = writeln!(out, "{indent}{key}: {indicator}");
    for line in lines {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{indent}  {line}");
        }
    }
}

fn list(out: &mut String, key: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{key}: [{}]",
        values
            .iter()
            .map(|v| scalar(v))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

fn header(out: &mut String, export: &Export, what: &str) {
    let file = export
        .xml
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "# {what} importeret fra {}-eksporten {file} (id {}).",
        export.format.name(),
        export.id
    );
    out.push_str("# Ret gerne teksten her; en ny import overskriver kun med --force.\n");
}

/// `moede.yaml`.
pub fn moede(export: &Export) -> String {
    let mut out = String::new();
    header(&mut out, export, "Mødet");
    out.push_str("type: møde\n");
    let _ = writeln!(out, "udvalg: {}", scalar(&export.udvalg));
    let _ = writeln!(out, "dato: {}", export.dato.format("%Y-%m-%d"));
    if let Some(t) = export.tid {
        let _ = writeln!(out, "tid: \"{}\"", t.format("%H:%M"));
    }
    if let Some(s) = &export.sted {
        let _ = writeln!(out, "sted: {}", scalar(s));
    }
    if let Some(f) = &export.formand {
        let _ = writeln!(out, "formand: {}", scalar(f));
    }
    list(&mut out, "medlemmer", &export.medlemmer);
    list(&mut out, "fraværende", &export.fravaerende);
    let _ = writeln!(
        out,
        "udgave: {}",
        if export.referat {
            "referat"
        } else {
            "dagsorden"
        }
    );
    out
}

/// One item's file. `bilag` are the files as the item names them (`bilag/…`).
pub fn punkt(
    export: &Export,
    item: &Item,
    sorted: &Sorted,
    bilag: &[(String, String, bool)],
) -> String {
    let mut out = String::new();
    header(&mut out, export, &format!("Punkt {}", item.nummer));
    out.push_str("type: punkt\n");
    if let Some(s) = &item.sagsnr {
        let _ = writeln!(out, "sagsnr: {s}");
    }
    let _ = writeln!(out, "nummer: {}", item.nummer);
    let _ = writeln!(out, "titel: {}", scalar(&item.titel));
    if item.lukket {
        out.push_str("lukket: true\n");
    }
    // Every text key but `beslutning` comes before the recommendation.
    let before = &super::sections::TEXT_KEYS[..6];
    for (key, text) in sorted.texts.iter().filter(|(k, _)| before.contains(k)) {
        block(&mut out, key, text, "");
    }
    if !sorted.at.is_empty() {
        out.push_str("indstilling:\n");
        if let Some(af) = &sorted.af {
            let _ = writeln!(out, "  af: {}", scalar(af));
        }
        out.push_str("  at:\n");
        for clause in &sorted.at {
            let _ = writeln!(out, "    - {}", scalar(clause));
        }
    }
    for (key, text) in sorted.texts.iter().filter(|(k, _)| !before.contains(k)) {
        block(&mut out, key, text, "");
    }
    if !bilag.is_empty() {
        out.push_str("bilag:\n");
        for (titel, fil, offentlig) in bilag {
            let _ = writeln!(out, "  - titel: {}", scalar(titel));
            let _ = writeln!(out, "    fil: {}", scalar(fil));
            if !offentlig {
                out.push_str("    offentlig: false\n");
            }
        }
    }
    if !export.suppleanter.is_empty() {
        out.push_str("suppleanter:\n");
        for (navn, for_) in &export.suppleanter {
            let _ = writeln!(out, "  - navn: {}", scalar(navn));
            let _ = writeln!(out, "    for: {}", scalar(for_));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(
            scalar("Godkendelse af dagsorden"),
            "Godkendelse af dagsorden"
        );
        assert_eq!(scalar("Punkt: nyt"), "'Punkt: nyt'");
        assert_eq!(scalar("true"), "'true'");
        assert_eq!(scalar("# ikke en kommentar"), "'# ikke en kommentar'");
    }

    #[test]
    fn blocks_read_back_as_the_text() {
        for text in [
            "A.\n\n- b\n- c",
            "  indrykket\nlinje",
            "| a | b |\n|---|---|",
        ] {
            let mut out = String::new();
            block(&mut out, "x", text, "");
            let v: serde_yaml::Value = serde_yaml::from_str(&out).unwrap();
            assert_eq!(v["x"].as_str().unwrap(), format!("{text}\n"), "{out}");
        }
    }
}
