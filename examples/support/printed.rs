//! What an example printed: the example tests call each example's `run` with a `Vec<u8>` as
//! its output, and read the bytes back as text.

/// What an example printed, and what its `run` returned.
pub(crate) fn output<T>(run: impl FnOnce(&mut Vec<u8>) -> std::io::Result<T>) -> (String, T) {
    let mut out = Vec::new();
    let value = run(&mut out).expect("the example runs");
    (text(out), value)
}

/// Printed bytes as text.
pub(crate) fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("examples print UTF-8")
}
