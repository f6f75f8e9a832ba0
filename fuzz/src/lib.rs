//! Fuzz targets for the ksession core. Each module's `run` takes the raw
//! fuzzer input, so the same function serves `cargo fuzz run` (nightly) and
//! the corpus replay in `tests/replay.rs` (stable).
//!
//! Every target checks the core against an independent reading of the format
//! ([`reference`]): exact results and exact errors, not only the absence of panics.

use std::sync::OnceLock;

use ksession::{Error, ErrorKind};

pub mod decode;
pub mod privileges;
pub mod reference;
pub mod roundtrip;
pub mod verify;

/// Known findings that a run may be told to step over, so that it can look
/// for others while they are open: `KSESSION_FUZZ_SKIP_KNOWN=all`, or a
/// comma-separated list of their names. Unset, every check is strict.
///
/// - `v2-token-too-large`: a v2 token minted from valid fields can exceed
///   `MAX_TOKEN_LEN`, and then neither verifies nor decodes.
/// - `builder-whitespace`: `Privileges` accepts names and values with outer
///   spaces, which the privileges parser trims away.
/// - `v2-partner-unbound`: the partner id of a v2 token is outside the
///   encrypted part; rewriting it keeps the token valid.
pub fn skip_known(name: &str) -> bool {
    static SKIP: OnceLock<Vec<String>> = OnceLock::new();
    let skip = SKIP.get_or_init(|| {
        std::env::var("KSESSION_FUZZ_SKIP_KNOWN")
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    });
    skip.iter().any(|s| s == "all" || s == name)
}

/// Panics with the finding's name unless it is skipped.
pub fn known(name: &str, detail: impl FnOnce() -> String) {
    if !skip_known(name) {
        panic!("finding {name}: {}", detail());
    }
}

/// What every error must be: a known kind with its stable code and name, a
/// field exactly when it is an invalid field, a message that names it, and
/// no secret in the message or the debug output.
pub fn check_error(e: &Error) {
    let kind = e.kind();
    let code = kind.code();
    assert!((1..=7).contains(&code), "code {code} for {e:?}");
    assert_eq!(ErrorKind::ALL[code as usize - 1], kind);
    assert_eq!(e.field().is_some(), kind == ErrorKind::InvalidField, "{e:?}");
    let msg = e.to_string();
    let debug = format!("{e:?}");
    if let Some(field) = e.field() {
        assert!(msg.starts_with(field.as_str()), "message {msg:?} does not name {field}");
    }
    for secret in &reference::SECRETS[..2] {
        assert!(!msg.contains(secret) && !debug.contains(secret), "a secret in {msg:?} / {debug}");
    }
}
