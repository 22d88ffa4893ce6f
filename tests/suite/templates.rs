//! A municipality's own template folder: sections renamed and reordered in its profile, no Rust touched.

use crate::common::{
    assert_in_order, body_text, cases_dir, minimal_punkt, pdfs_in, render_cli, squash, xmp,
};

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
    let templates = cases_dir(&[("profil.yaml", PROFILE)]);
    let case = minimal_punkt(
        "beslutningstema: Temaet.\nøkonomi: Udeladt af profilen.\nindstilling:\n  af: Direktionen\n  at: [noget sker]\nbeslutning: Godkendt.\n",
    );
    let cases = cases_dir(&[("p.yaml", &case)]);
    let run = render_cli(&[cases.path(), "--templates".as_ref(), templates.path()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let pdfs = pdfs_in(run.out.path());
    let pdf = pdfs.values().next().unwrap();
    let text = body_text(pdf);
    assert_in_order(
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
    assert!(xmp(pdf).contains("Prøvested Kommune"));
}

#[test]
fn a_broken_profile_is_a_configuration_error() {
    let broken = PROFILE.replace("beslutningstema", "beslutningstemaer");
    let templates = cases_dir(&[("profil.yaml", &broken)]);
    let run = render_cli(&["cases".as_ref(), "--templates".as_ref(), templates.path()]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("unknown section `beslutningstemaer` (did you mean `beslutningstema`?)"),
        "{}",
        run.stderr
    );
    assert!(run.written().is_empty());
}

#[test]
fn templates_cannot_reach_outside_their_folder() {
    let style = "#let dokument(..args, body) = body\n#let punkt-hoved(..args) = read(\"../../../../etc/hostname\")\n#let afsnit(..args) = []\n";
    let templates = cases_dir(&[("stil.typ", style)]);
    let cases = cases_dir(&[("p.yaml", &minimal_punkt(""))]);
    let run = render_cli(&[cases.path(), "--templates".as_ref(), templates.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("etc/hostname"),
        "the refused path is named:\n{}",
        run.stderr
    );
    assert!(run.written().is_empty());
}

#[test]
fn keep_typ_writes_the_generated_source_even_when_typesetting_fails() {
    let templates = cases_dir(&[("stil.typ", "#let dokument(..args, body) = body\n")]);
    let cases = cases_dir(&[("p.yaml", &minimal_punkt("beslutning: \"#ikke-kode\"\n"))]);
    let run = render_cli(&[
        cases.path(),
        "--templates".as_ref(),
        templates.path(),
        "--keep-typ".as_ref(),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("main.typ (generated)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("punkt-hoved"),
        "the missing template function is named:\n{}",
        run.stderr
    );
    assert_eq!(run.written(), ["Punkt_007_Proeve.typ"]);
    let typst = std::fs::read_to_string(run.out.path().join("Punkt_007_Proeve.typ")).unwrap();
    assert!(typst.contains("\\#ikke\\-kode"), "{typst}");
}
