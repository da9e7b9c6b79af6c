//! The compile-fail (UI) suite: every misuse of pygen that SPEC 6 lists is a small program
//! under `tests/ui/<topic>/` whose expected compiler output is the `.stderr` next to it.
//!
//! Compiler messages change between Rust releases, so the `.stderr` files are pinned to one
//! toolchain, [`PINNED`]. On any other toolchain this test prints why it did not run and
//! passes without checking anything (the messages it would compare are another compiler's);
//! set `PYGEN_UI=force` to run it anyway, or `TRYBUILD=overwrite` to regenerate the
//! `.stderr` files after a toolchain bump, then review every diff by hand.
#![cfg(not(miri))]

use std::io::Write as _;
use std::process::Command;

/// The release the `.stderr` files were written against: `rustc --version` must start with
/// this (stable channel, so no `-beta`/`-nightly` suffix may follow the version number).
const PINNED: &str = "rustc 1.95.0 ";

#[test]
fn ui() {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(&rustc)
        .arg("--version")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned());
    let forced = std::env::var("PYGEN_UI").is_ok_and(|v| v == "force");
    match &version {
        Some(version) if version.starts_with(PINNED) => {}
        _ if forced => say(&format!(
            "PYGEN_UI=force: comparing tests/ui with the output of {version:?}"
        )),
        Some(version) => {
            return say(&format!(
                "SKIPPED tests/ui: the expected compiler output was written for `{}` (stable), \
                 this is `{version}`; run with `PYGEN_UI=force` to compare anyway",
                PINNED.trim_end()
            ));
        }
        None => {
            return say(&format!(
                "SKIPPED tests/ui: could not run `{} --version` to check the toolchain",
                rustc.to_string_lossy()
            ));
        }
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/**/*.rs");
}

/// Prints past the test harness's output capture, so that a skip is never silent.
fn say(message: &str) {
    let _ = writeln!(std::io::stderr(), "\n{message}\n");
}
