//! `cargo bench`: the seed meeting through each stage in-process, against the raw Typst compile and PDF export of its generated source.

use std::path::Path;
use std::sync::OnceLock;

use dagsorden::engine::Engine;
use dagsorden::pipeline;

fn main() {
    divan::main();
}

const MEETING: &str = "cases/udvalget-for-laering/2021-11-29/moede.yaml";
const ITEM: &str = "cases/udvalget-for-laering/2021-11-29/096-omgoerelsesprocenter-2020.yaml";

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::builder()
            // As `dagsorden render` without `--samlet`.
            .packets(false)
            .build()
            .expect("the built-in templates load")
    })
}

fn path(p: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The limit: Typst's compile and PDF/A export of the meeting's generated source.
#[divan::bench(sample_count = 30)]
fn meeting_typst_only(bencher: divan::Bencher) {
    let prepared = pipeline::prepare(engine(), &path(MEETING)).unwrap();
    let (typst, meta) = (prepared.typst, prepared.meta);
    bencher.bench(|| engine().typesetter().pdf(typst.clone(), &meta).unwrap());
}

/// The whole pipeline for the meeting, in a process whose fonts are loaded.
#[divan::bench(sample_count = 30)]
fn meeting_pipeline() -> Vec<u8> {
    pipeline::render(engine(), &path(MEETING)).unwrap().pdf
}

/// Load, check and template only: what dagsorden adds before Typst.
#[divan::bench(sample_count = 20)]
fn meeting_prepare() -> String {
    pipeline::prepare(engine(), &path(MEETING)).unwrap().typst
}

/// One item with a computed block, the whole pipeline.
#[divan::bench(sample_count = 20)]
fn item_pipeline() -> Vec<u8> {
    pipeline::render(engine(), &path(ITEM)).unwrap().pdf
}

/// Loading fonts, templates and the Typst library: once per process.
#[divan::bench(sample_count = 10)]
fn engine_start() -> Engine {
    Engine::builder().build().unwrap()
}
