//! Snapshots of the generated Typst source: what the templates make of a case, pinned line by line.

use dagsorden::check::edition::Edition;
use dagsorden::engine::Engine;
use dagsorden::pipeline;

use crate::common::{engine, repo};

fn typst_of(file: &str) -> String {
    typst_at(
        &repo()
            .join("cases/udvalget-for-laering/2021-11-29")
            .join(file),
    )
}

fn typst_at(path: &std::path::Path) -> String {
    match pipeline::prepare(engine(), path) {
        Ok(p) => p.typst,
        Err(f) => panic!("{}", f.render(false)),
    }
}

#[test]
fn item_96() {
    insta::assert_snapshot!(typst_of("096-omgoerelsesprocenter-2020.yaml"));
}

#[test]
fn item_97_with_lists_and_a_table() {
    insta::assert_snapshot!(typst_of("097-ungesamtaler.yaml"));
}

#[test]
fn item_100_with_a_block_quote() {
    insta::assert_snapshot!(typst_of("100-rekrutteringsstrategi.yaml"));
}

#[test]
fn item_103_with_only_two_sections() {
    insta::assert_snapshot!(typst_of("103-til-orientering.yaml"));
}

/// An item of the invented example meeting (`cases/eksempeludvalget/`).
fn invented(file: &str, edition: Edition) -> String {
    let path = repo().join("cases/eksempeludvalget/2022-01-10").join(file);
    let engine = Engine::builder()
        .edition(edition)
        .build()
        .expect("the built-in templates load");
    match pipeline::prepare(&engine, &path) {
        Ok(p) => p.typst,
        Err(f) => panic!("{}", f.render(false)),
    }
}

#[test]
fn item_with_a_vote_a_protokoltilfoersel_and_a_suppleant() {
    insta::assert_snapshot!(invented(
        "002-renovering-af-legepladser.yaml",
        Edition::Intern
    ));
}

#[test]
fn closed_item_internal_and_public() {
    insta::assert_snapshot!(
        "closed_item_internal",
        invented("005-personalesag.yaml", Edition::Intern)
    );
    insta::assert_snapshot!(
        "closed_item_public",
        invented("005-personalesag.yaml", Edition::Offentlig)
    );
}

#[test]
fn amounts_as_typed_and_rounded_on_request() {
    insta::assert_snapshot!(
        "reduktionsplan_as_typed",
        invented("003-status-paa-reduktionsplan.yaml", Edition::Intern)
    );
    insta::assert_snapshot!(
        "budgetopfoelgning_decimaler_0",
        invented("004-budgetopfoelgning.yaml", Edition::Intern)
    );
}

#[test]
fn the_finance_note_with_groups_the_change_the_development_and_a_key_figure() {
    insta::assert_snapshot!(typst_at(
        &repo().join("cases/notater/voksenhandicap-status-juni-2022.yaml")
    ));
}
