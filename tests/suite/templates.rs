//! A municipality's own template folder: sections renamed and reordered in its profile, no Rust touched.

use crate::common::{body_text, case_file, dagsorden, files_in, minimal_punkt, pdfs_in, squash};

const PROFILE: &str = "kommune: Prøvested Kommune
skrifttyper: [Open Sans]
farver: {primær: \"#7A1E48\", sekundær: \"#333333\"}
afsnit:
  - nøgle: beslutning
    overskrift: Afgørelse
  - nøgle: beslutningstema
    overskrift: Hvad skal besluttes
  - nøgle: indstilling
    overskrift: \"{af} foreslår,\"
";

#[test]
fn a_second_municipality_renames_and_reorders_sections() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(templates.path().join("profil.yaml"), PROFILE).unwrap();
    let (_cases, case) = case_file(
        "p.yaml",
        &minimal_punkt(
            "beslutningstema: Temaet.\nøkonomi: Udeladt af profilen.\nindstilling:\n  af: Direktionen\n  at: [noget sker]\nbeslutning: Godkendt.\n",
        ),
    );
    let out = tempfile::tempdir().unwrap();
    let output = dagsorden()
        .arg("render")
        .arg(&case)
        .arg("--templates")
        .arg(templates.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdfs = pdfs_in(out.path());
    let text = body_text(pdfs.values().next().unwrap());
    crate::common::assert_in_order(
        "profile order",
        &text,
        &[
            "Afgørelse",
            "Godkendt.",
            "Hvad skal besluttes",
            "Temaet.",
            "Direktionen foreslår,",
            "at noget sker",
        ],
    );
    assert!(
        !squash(&text).contains("Økonomi"),
        "a section the profile leaves out is not printed"
    );
    assert!(crate::common::xmp(pdfs.values().next().unwrap()).contains("Prøvested Kommune"));
}

#[test]
fn a_broken_profile_is_a_configuration_error() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("profil.yaml"),
        PROFILE.replace("beslutningstema", "beslutningstemaer"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = dagsorden()
        .args(["render", "cases", "--templates"])
        .arg(templates.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("unknown section `beslutningstemaer` (did you mean `beslutningstema`?)"),
        "{stderr}"
    );
    assert!(files_in(out.path()).is_empty());
}

#[test]
fn templates_cannot_reach_outside_their_folder() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("stil.typ"),
        "#let dokument(..args, body) = body\n#let punkt-hoved(..args) = read(\"../../../etc/hostname\")\n#let afsnit(..args) = []\n",
    )
    .unwrap();
    let (_cases, case) = case_file("p.yaml", &minimal_punkt(""));
    let out = tempfile::tempdir().unwrap();
    let output = dagsorden()
        .arg("render")
        .arg(&case)
        .arg("--templates")
        .arg(templates.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("main.typ (generated)") || stderr.contains("stil.typ"),
        "{stderr}"
    );
    assert!(files_in(out.path()).is_empty());
}
