//! Integration tests: the real binary and the library, on the bundled cases and on fixture files.

mod approval;
mod bilag;
mod browser;
mod cli;
mod common;
mod crash_safety;
mod determinism;
mod errors;
mod escaping;
mod fields;
mod fuzz_regressions;
mod layers;
mod malformed;
mod meeting;
mod minutes;
mod packet;
mod pdf_structure;
mod persondata;
mod provenance;
mod publish;
mod regneark;
mod render_cases;
mod schema;
mod templates;
mod typst_source;
mod watch;
