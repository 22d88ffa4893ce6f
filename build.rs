//! Build steps: rebuilds the crate when the built-in template folder changes (its files are embedded into the binary), and has the linker lay out the functions a render runs side by side in the release binary (`bench/function-order.txt`).

use std::env;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=bench/function-order.txt");
    for var in ["RUSTC_LINKER", "CARGO_ENCODED_RUSTFLAGS"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    if links_with_rust_lld() && env::var("PROFILE").as_deref() == Ok("release") {
        let order = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("set by cargo"))
            .join("bench/function-order.txt");
        if order.is_file() {
            // A render then maps a few MiB of code instead of pages spread over
            // all of it. Names the linker does not find (another compiler, other
            // crate versions) are skipped without a word: they only cost memory.
            println!(
                "cargo:rustc-link-arg-bin=dagsorden=-Wl,--symbol-ordering-file={}",
                order.display()
            );
            println!("cargo:rustc-link-arg-bin=dagsorden=-Wl,--no-warn-symbol-ordering");
        }
    }
}

/// Whether the binary is linked by rust-lld, the default linker for
/// x86_64-unknown-linux-gnu since Rust 1.90 (the crate needs 1.92), which
/// takes `--symbol-ordering-file`. Any linker chosen by hand — a `linker` in
/// the Cargo configuration, or linker options in the flags — may not, so then
/// the default layout is kept.
fn links_with_rust_lld() -> bool {
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    env::var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu")
        && env::var_os("RUSTC_LINKER").is_none()
        && !["linker", "link-self-contained", "fuse-ld"]
            .iter()
            .any(|option| flags.contains(option))
}
