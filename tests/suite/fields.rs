//! The item keys beyond the text sections: absences and substitutes, closed items, the recommender, bilag.

use crate::common::{assert_in_order, body_text, case_file, minimal_punkt, render, squash};

fn text_of(yaml: &str) -> String {
    let (_dir, path) = case_file("p.yaml", yaml);
    match render(&path) {
        Ok(doc) => body_text(&doc.pdf),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn absences_and_substitutes_are_printed_under_the_decision() {
    let text = text_of(&minimal_punkt(
        "beslutning: Godkendt.\nfraværende: [Henrik Alleslev (A), Gitte Andersen (V)]\nsuppleanter:\n  - navn: Ole Ødmann\n    for: Gitte Andersen (V)\n  - navn: Jesper Flensted\n    for: Hans Kristian Skibby (O)\n",
    ));
    assert_in_order(
        "absences",
        &text,
        &[
            "Beslutning",
            "Godkendt.",
            "Fraværende: Henrik Alleslev (A), Gitte Andersen (V)",
            "Ole Ødmann deltog som suppleant for Gitte Andersen (V)",
            "Jesper Flensted deltog som suppleant for Hans Kristian Skibby (O)",
        ],
    );
}

#[test]
fn the_recommender_names_the_heading() {
    let text = text_of(&minimal_punkt(
        "indstilling:\n  af: Direktionen\n  at:\n    - At første\n    - anden\n",
    ));
    assert_in_order(
        "indstilling",
        &text,
        &["Direktionen indstiller,", "at første", "at anden"],
    );
    assert!(
        !squash(&text).contains("atAt"),
        "a typed `At` is not doubled: {text}"
    );
}

#[test]
fn a_closed_item_is_marked_in_the_internal_edition() {
    let text = text_of(&minimal_punkt(
        "lukket: true\nbeslutningstema: Fortroligt.\n",
    ));
    assert_in_order(
        "lukket",
        &text,
        &["7. Prøve", "Lukket punkt", "Fortroligt."],
    );
    let open = text_of(&minimal_punkt("beslutningstema: Åbent.\n"));
    assert!(!squash(&open).contains("Lukketpunkt"));
}

#[test]
fn an_item_without_number_or_sections_still_renders() {
    let (_dir, path) = case_file(
        "p.yaml",
        "type: punkt\nsagsnr: 00.00.00-I02-1-21\ntitel: Uden nummer\nhistorik: \"  \"\n",
    );
    let doc = render(&path).unwrap();
    assert_eq!(doc.name, "Punkt_Uden_nummer.pdf");
    let text = body_text(&doc.pdf);
    assert!(squash(&text).contains("Udennummer"));
    assert!(
        !squash(&text).contains("Historik"),
        "an empty section is left out"
    );
}

#[test]
fn typed_text_stays_as_typed_around_markdown() {
    let text = text_of(&minimal_punkt(
        "sagsfremstilling: |\n  29. november 2021 blev sagen drøftet.\n\n  Dagsorden:\n\n  3. Økonomi\n  7. Tidsplan\n\n  Se [1].\n\n  [1]: https://danskelove.dk/retssikkerhedsloven/84a\n\n  Skriv til <post@hedensted.dk>.\n",
    ));
    assert_in_order(
        "typed",
        &text,
        &[
            "29. november 2021 blev sagen drøftet.",
            "3. Økonomi",
            "7. Tidsplan",
            "Se [1].",
            "[1]: https://danskelove.dk/retssikkerhedsloven/84a",
            "Skriv til post@hedensted.dk.",
        ],
    );
}

#[test]
fn check_finds_what_render_would() {
    let run = crate::common::dagsorden()
        .args([
            "check",
            "tests/fixtures/errors/glyph-missing-at-typesetting.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("U+20BB"));
}

#[test]
fn reduktionsplan_table_with_the_seed_figures() {
    let text = text_of(&minimal_punkt(
        "reduktionsplan:\n  enhed: 1.000 kr.\n  år: [2021, 2022, 2023, 2024]\n  mål: [-2000, -3000, -5000, -7000]\n  initiativer:\n    - navn: Analyse af udgiftsudviklingen\n    - navn: Foranstaltninger vedr. unge\n      beløb: [-977, -1257, -1257, -1257]\n    - navn: Forventet, men p.t. ufordelt\n      beløb: [-1022.5, -1023, -1023, -1023]\n",
    ));
    assert_in_order(
        "reduktionsplan",
        &text,
        &[
            "Sagsfremstilling",
            "(1.000 kr.)",
            "2021",
            "2022",
            "2023",
            "2024",
            "Reduktionsmål i budgetaftale",
            // -1022.5 is typed with one decimal: so is every amount of the table.
            "-2.000,0",
            "-3.000,0",
            "-5.000,0",
            "-7.000,0",
            "Analyse af udgiftsudviklingen",
            "-",
            "-",
            "-",
            "-",
            "Foranstaltninger vedr. unge",
            "-977,0",
            "-1.257,0",
            // -1022.5 prints as typed, never rounded away from it.
            "Forventet, men p.t. ufordelt",
            "-1.022,5",
            "-1.023,0",
            // 2021: -2000 - (-977 - 1022.5) = -0.5, printed exactly.
            "Netto-udestående",
            "-0,5",
            "-720,0",
            "-2.720,0",
            "-4.720,0",
            "Figur 1: Reduktionsmål og initiativernes bidrag",
        ],
    );
}

#[test]
fn budgetopfoelgning_table_with_deviations_and_total() {
    let text = text_of(&minimal_punkt(
        "budgetopfølgning:\n  periode: oktober 2021\n  enhed: 1.000 kr.\n  områder:\n    - navn: Dagtilbud\n      oprindeligt_budget: 250000\n      korrigeret_budget: 252300\n      forventet_regnskab: 251000\n      bemærkning: Færre børn end forventet.\n    - navn: Skoler\n      korrigeret_budget: 415200\n      forventet_regnskab: 417800.5\n    - navn: Ungeenheden\n      korrigeret_budget: 0\n      forventet_regnskab: 150\n",
    ));
    assert_in_order(
        "budgetopfølgning",
        &text,
        &[
            "Oprindeligt budget",
            "Korrigeret budget",
            "Forventet regnskab",
            "Afvigelse",
            "Afvigelse i %",
            // 417800.5 is typed with one decimal: so is every amount of the table.
            "Dagtilbud",
            "250.000,0",
            "252.300,0",
            "251.000,0",
            "-1.300,0",
            "-0,5",
            "Skoler",
            "-",
            "415.200,0",
            "417.800,5",
            "2.600,5",
            "0,6",
            // No per cent of a budget of 0.
            "Ungeenheden",
            "-",
            "0,0",
            "150,0",
            "150,0",
            "-",
            "I alt",
            "250.000,0",
            "667.500,0",
            "668.950,5",
            "1.450,5",
            "0,2",
            "positiv er merforbrug, negativ er mindreforbrug",
            "Dagtilbud: Færre børn end forventet.",
            "Figur 1: Korrigeret budget og forventet regnskab, oktober 2021",
        ],
    );
}

#[test]
fn omgoerelser_with_no_decisions_prints_a_dash_not_an_error() {
    let text = text_of(&minimal_punkt(
        "omgørelser:\n  år: 2020\n  områder:\n    - navn: Voksenhandicap\n      afgørelser: 0\n      ændringer: 0\n      hjemvisninger: 0\n      landsplan: 42.4\n",
    ));
    assert_in_order(
        "zero",
        &text,
        &[
            "Voksenhandicap",
            "Afgørelser 0. Omgørelser - (0). Ændringer - (0). Hjemvisninger - (0).",
            "På landsplan er omgørelsesprocenten 42,4%.",
            "Voksenhandicap",
            "0",
            "0",
            "0",
            "0",
            "-",
            "42,4",
        ],
    );
}
