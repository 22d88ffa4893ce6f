//! Fuzz target: any text through the Markdown → Typst conversion.
//!
//! The property is the one `dagsorden::fuzzing::markdown` states: within the
//! check's limits the generated markup parses as Typst without error, and a
//! line outside the Markdown subset prints exactly as typed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    dagsorden::fuzzing::markdown(text);
});
