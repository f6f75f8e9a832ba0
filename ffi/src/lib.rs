//! The C ABI of ksession (KS v1 and v2): `libksession.so` / `libksession.a` with the header
//! `include/ksession.h`, generated from this crate by cbindgen.
//!
//! Conventions, the same for every function:
//! - Every fallible function returns a `ksession_status` (OK = 0) and writes
//!   its results through `*_out` parameters.
//! - Strings go in as (pointer, length) pairs, UTF-8 for text; NUL bytes are
//!   data, not terminators, so they are refused like any other control character.
//! - The last parameter `err_out` is NULL or a caller-owned `ksession_error`
//!   that receives the field at fault and the message.
//! - No panic crosses the boundary; no state is shared between calls; every
//!   function is thread-safe.
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
// Every unsafe block does one thing and says why it is sound (tests aside).
#![deny(clippy::undocumented_unsafe_blocks)]
#![cfg_attr(not(test), deny(clippy::multiple_unsafe_ops_per_block))]

mod args;
mod generate;
mod ks;
mod signer;
// After the signer: the header declares it first.
mod entry_viewing;
mod status;

use core::ffi::{CStr, c_char, c_int};

pub use args::ksession_str;
pub use entry_viewing::{
    ksession_entry_viewing, ksession_entry_viewing_free, ksession_entry_viewing_generate, ksession_entry_viewing_new,
};
pub use generate::{
    ksession_alphabet, ksession_generate_cached_entry_viewing_session,
    ksession_generate_cached_entry_viewing_session_v2, ksession_generate_cached_session,
    ksession_generate_cached_session_v2, ksession_generate_session, ksession_generate_session_v2,
    ksession_generate_session_v2_with_random, ksession_generate_session_with_rand, ksession_layout,
    ksession_session_type, ksession_session_type_name, ksession_signer_generate_cached_entry_viewing_session,
    ksession_signer_generate_cached_entry_viewing_session_v2, ksession_signer_generate_cached_session,
    ksession_signer_generate_cached_session_v2, ksession_signer_generate_session, ksession_signer_generate_session_v2,
    ksession_signer_generate_session_v2_with_random, ksession_signer_generate_session_with_rand,
};
pub use ks::{
    ksession_decode, ksession_decode_with_secrets, ksession_ks, ksession_ks_free, ksession_privilege,
    ksession_signer_decode, ksession_signer_verify, ksession_verify,
};
pub use signer::{ksession_signer, ksession_signer_free, ksession_signer_new, ksession_signer_new_with_secrets};
pub use status::{KSESSION_ERROR_MESSAGE_CAP, ksession_error, ksession_status};

/// Major version of this header; ksession_version() gives the library's.
pub const KSESSION_VERSION_MAJOR: u32 = 0;
/// Minor version of this header.
pub const KSESSION_VERSION_MINOR: u32 = 1;
/// Patch version of this header.
pub const KSESSION_VERSION_PATCH: u32 = 0;

/// The longest token accepted by decode and verify, in bytes; every minted
/// token is shorter, so a buffer of KSESSION_MAX_TOKEN_LEN + 1 bytes always
/// holds one with its NUL.
pub const KSESSION_MAX_TOKEN_LEN: usize = 16384;

// The header's constants are literals (cbindgen reads the source, it does not
// evaluate it); these checks fail the build when they drift from Cargo.toml or
// the core. The header builds the KSESSION_VERSION string from the three numbers.
const fn parse_u32(s: &str) -> u32 {
    let b = s.as_bytes();
    let mut i = 0;
    let mut n = 0u32;
    while i < b.len() {
        n = n * 10 + (b[i] - b'0') as u32;
        i += 1;
    }
    n
}
const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
const _: () = {
    assert!(KSESSION_VERSION_MAJOR == parse_u32(env!("CARGO_PKG_VERSION_MAJOR")), "update KSESSION_VERSION_*");
    assert!(KSESSION_VERSION_MINOR == parse_u32(env!("CARGO_PKG_VERSION_MINOR")), "update KSESSION_VERSION_*");
    assert!(KSESSION_VERSION_PATCH == parse_u32(env!("CARGO_PKG_VERSION_PATCH")), "update KSESSION_VERSION_*");
    assert!(str_eq(env!("CARGO_PKG_VERSION"), kscore::VERSION), "the core and the C ABI share one version");
    assert!(KSESSION_MAX_TOKEN_LEN == kscore::MAX_TOKEN_LEN, "update KSESSION_MAX_TOKEN_LEN");
};

const VERSION_C: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
    Ok(v) => v,
    Err(_) => panic!("the version holds no NUL"),
};

/// The library's version, "MAJOR.MINOR.PATCH" (compare with the header's
/// KSESSION_VERSION to detect a mismatch). Static, NUL-terminated, never freed.
#[unsafe(no_mangle)]
pub extern "C" fn ksession_version() -> *const c_char {
    VERSION_C.as_ptr()
}

/// The system clock in unix seconds: the `now` to pass when not testing.
#[unsafe(no_mangle)]
pub extern "C" fn ksession_unix_now() -> i64 {
    status::guard_value(0, kscore::unix_now)
}

/// A static message saying what a status means ("invalid field: ...");
/// "unknown status" for a value that is not a ksession_status. NUL-terminated,
/// never freed. The message of one failure is in ksession_error.message.
#[unsafe(no_mangle)]
pub extern "C" fn ksession_status_str(status: c_int) -> *const c_char {
    status::guard_value(c"unknown status".as_ptr(), || {
        ksession_status::from_code(status).map_or(c"unknown status", ksession_status::description).as_ptr()
    })
}

/// The stable snake_case name of a status ("invalid_field", "expired",
/// "null_argument", ...), as the other languages and the shared test vectors
/// name the error kinds; "unknown" for other values. Static, never freed.
#[unsafe(no_mangle)]
pub extern "C" fn ksession_status_name(status: c_int) -> *const c_char {
    status::guard_value(c"unknown".as_ptr(), || {
        ksession_status::from_code(status).map_or(c"unknown", ksession_status::name).as_ptr()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_matches_cargo() {
        // SAFETY: a static C string.
        let v = unsafe { CStr::from_ptr(ksession_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
        assert_eq!(
            format!("{KSESSION_VERSION_MAJOR}.{KSESSION_VERSION_MINOR}.{KSESSION_VERSION_PATCH}"),
            env!("CARGO_PKG_VERSION")
        );
    }

    #[test]
    fn unknown_statuses_have_a_message() {
        // SAFETY: static C strings.
        unsafe {
            assert_eq!(CStr::from_ptr(ksession_status_str(77)), c"unknown status");
            assert_eq!(CStr::from_ptr(ksession_status_name(-1)), c"unknown");
            assert_eq!(CStr::from_ptr(ksession_status_name(1)), c"invalid_field");
        }
    }
}
