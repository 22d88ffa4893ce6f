//! Judges PDFs with the independent validator (`page_validation`), as dagsorden judges every bilag: `cargo run --example validate -- FILE.pdf…`.

use dagsorden::bilag::conformance::{self, Standing};
use page_validation::ValidationProfile;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                println!("{path}: {e}");
                continue;
            }
        };
        match dagsorden::bilag::read_pdf(&bytes) {
            Err(why) => println!("{path}: {why}"),
            Ok(doc) => match conformance::judge(&bytes, &doc) {
                Standing::Fails(why) => println!("{path}: {why}"),
                Standing::Passes(level) => {
                    println!("{path}: passes {level}");
                    if !level.ua
                        && let Err(why) = conformance::passes(&bytes, ValidationProfile::PdfUa1)
                    {
                        println!("  not PDF/UA-1: {why}");
                    }
                }
            },
        }
    }
}
