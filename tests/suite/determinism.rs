//! Determinism: the same case gives the same bytes, run after run, in-process and through the binary.

use crate::common::{dagsorden, pdfs_in, render, repo};

#[test]
fn same_case_same_bytes_in_process() {
    let path = repo().join("cases/udvalget-for-laering/2021-11-29/097-ungesamtaler.yaml");
    let a = render(&path).unwrap();
    let b = render(&path).unwrap();
    assert!(a.pdf.len() > 10_000, "a real document, not an empty one");
    assert!(a.pdf == b.pdf, "two renders of item 97 differ");
}

#[test]
fn same_case_same_bytes_across_processes() {
    let run = || {
        let out = tempfile::tempdir().unwrap();
        let status = dagsorden()
            .args([
                "render",
                "cases/udvalget-for-laering/2021-11-29/096-omgoerelsesprocenter-2020.yaml",
                "-q",
                "-o",
            ])
            .arg(out.path())
            .status()
            .unwrap();
        assert!(status.success());
        pdfs_in(out.path())
    };
    let (first, second) = (run(), run());
    assert_eq!(
        first.len(),
        2,
        "the item and the bilag made from its figures"
    );
    assert!(first == second, "two processes wrote different bytes");
}

#[test]
fn the_meeting_document_is_byte_identical_across_runs() {
    let path = repo().join("cases/udvalget-for-laering/2021-11-29/moede.yaml");
    let a = render(&path).unwrap();
    let b = render(&path).unwrap();
    assert!(a.pdf.len() > 100_000, "a 19-page document");
    assert!(a.pdf == b.pdf, "two renders of the meeting differ");
}
