//! Fuzz target: arbitrary bytes as a case file, through load, check and templating.
//!
//! The property is the one `dagsorden::fuzzing::case_file` states: never a
//! panic or a hang, every error placed in the case file, and Typst source
//! that parses without error for every file the check accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    dagsorden::fuzzing::case_file(bytes);
});
