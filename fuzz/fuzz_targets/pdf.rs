//! Fuzz target: arbitrary bytes as a received bilag PDF, through the reader,
//! the conformance judge and the packet's fitness test.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    dagsorden::fuzzing::pdf(bytes);
});
