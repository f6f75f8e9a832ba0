#![doc = include_str!("../../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod decode;
mod error;
mod privileges;
mod secret;
mod types;
mod v1;
mod v2;

pub use decode::{Ks, MAX_TOKEN_LEN, decode, decode_with_secrets, token_partner_id, verify};
pub use error::{Error, ErrorKind, Field, FieldError, Malformed, Result};
pub use privileges::{MAX_FIELD_LEN, PLAYBACK_BASE_ROLE, Privilege, Privileges, parse_privileges};
pub use secret::AdminSecret;
pub use types::{Alphabet, Layout, SessionType};
pub use v1::{
    CachedEntryViewingSession, CachedSession, DEFAULT_CACHE, DEFAULT_EXPIRY, Session, cache_window_end,
    generate_cached_entry_viewing_session, generate_cached_session, generate_session, generate_session_with_rand,
};
pub use v2::{
    generate_cached_entry_viewing_session_v2, generate_cached_session_v2, generate_session_v2,
    generate_session_v2_with_random,
};

/// The crate's version, as in `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The system clock in unix seconds: the `now` to pass when not testing.
///
/// Every function that depends on time takes `now` as a parameter instead of
/// reading the clock, so tests and replays are exact.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
