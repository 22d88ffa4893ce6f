//! The raw Typst compile and PDF/A export of a generated Typst file, timed in-process: `cargo run --release --example typeset -- FILE.typ [RUNS]` prints the first run's time and the median of the others, in ms.
//!
//! Fonts and templates are loaded before the clock starts. The first run is
//! cold, as in a fresh process (fonts parsed on first use, Typst's lazy
//! tables built); the others are warm, with Typst's memo cache emptied after
//! each, as in a batch. These are the limits `bench/run.sh` holds the command
//! line to.

use std::time::Instant;

use dagsorden::check::DateView;
use dagsorden::engine::Engine;
use dagsorden::typeset::PdfMeta;

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: typeset FILE.typ [RUNS]");
    let runs: usize = args
        .next()
        .map_or(10, |r| r.parse().expect("RUNS is a number"));
    let source = std::fs::read_to_string(&file).expect("the Typst file can be read");
    let engine = Engine::builder()
        .build()
        .expect("the built-in templates load");
    let meta = PdfMeta {
        ident: "bench".into(),
        date: DateView {
            aar: 2021,
            maaned: 11,
            dag: 29,
        },
        level: dagsorden::bilag::conformance::Level::OWN,
        files: Vec::new(),
    };
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let pdf = engine.typesetter().pdf(source.clone(), &meta);
            assert!(pdf.is_ok_and(|p| p.len() > 1000), "the source compiles");
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let first = times.remove(0);
    times.sort_by(f64::total_cmp);
    println!("{first:.1} {:.1}", times[times.len() / 2]);
}
