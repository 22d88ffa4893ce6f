//! Snapshots of the generated Typst source: what the templates make of a case, pinned line by line.

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

#[test]
fn the_finance_note_with_groups_the_change_the_development_and_a_key_figure() {
    insta::assert_snapshot!(typst_at(
        &repo().join("cases/notater/voksenhandicap-status-juni-2022.yaml")
    ));
}
