//! Rebuilds the crate when the built-in template folder changes: its files are embedded into the binary.

fn main() {
    println!("cargo:rerun-if-changed=templates");
}
