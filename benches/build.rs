//! Sets `cfg(pygen_nightly)` when the compiler is a nightly (or dev) rustc, so that the
//! `shapes`, `depth` and `tree` bench targets build their nightly `gen` block rows; a stable
//! rustc builds everything else and those targets print why the row is missing.
//! `PYGEN_BENCH_NO_NIGHTLY=1` leaves the nightly rows out of a nightly build.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(pygen_nightly)");
    println!("cargo::rerun-if-env-changed=PYGEN_BENCH_NO_NIGHTLY");
    if env::var_os("PYGEN_BENCH_NO_NIGHTLY").is_some() {
        return;
    }
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if version.contains("-nightly") || version.contains("-dev") {
        println!("cargo::rustc-cfg=pygen_nightly");
    }
}
