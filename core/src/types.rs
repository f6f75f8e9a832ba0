//! Small value types shared by generation and decoding.

use core::fmt;

/// The session type (field 4 of a KS).
///
/// The server treats any type of 1 or more as admin; unknown values are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionType {
    /// 0: a user session.
    User,
    /// 2: an admin session.
    Admin,
    /// Any other value, kept as it is.
    Other(i64),
}

impl SessionType {
    /// The type for a numeric code (0 is USER, 2 is ADMIN).
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => SessionType::User,
            2 => SessionType::Admin,
            other => SessionType::Other(other),
        }
    }

    /// The numeric code written in the token.
    pub const fn code(self) -> i64 {
        match self {
            SessionType::User => 0,
            SessionType::Admin => 2,
            SessionType::Other(code) => code,
        }
    }

    /// Whether the server grants admin rights (any type of 1 or more).
    pub const fn is_admin(self) -> bool {
        self.code() >= 1
    }

    /// `USER`, `ADMIN`, or `UNKNOWN`.
    pub const fn name(self) -> &'static str {
        match self {
            SessionType::User => "USER",
            SessionType::Admin => "ADMIN",
            SessionType::Other(_) => "UNKNOWN",
        }
    }
}

impl From<i64> for SessionType {
    fn from(code: i64) -> Self {
        SessionType::from_code(code)
    }
}

impl fmt::Display for SessionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.code())
    }
}

/// The base64 alphabet a token is written in. Decoding accepts both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Alphabet {
    /// `+` and `/`, as the helper and the official clients write v1.
    #[default]
    Standard,
    /// `-` and `_`, safe in URL paths and query strings; the server accepts it.
    UrlSafe,
}

/// The field layout of a plain KS v1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Layout {
    /// 9 fields, as the server writes them: a length-extension attack can only
    /// reach `additional_data`.
    #[default]
    Server,
    /// 7 fields, as the official client libraries write them.
    Client,
}
