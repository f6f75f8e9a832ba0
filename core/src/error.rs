//! Errors: one type for the crate, one stable kind (and code) per failure.

use core::fmt;

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Every way a call can fail.
///
/// Messages name the field and the reason and never carry secret material.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An input value would change the token's structure, or is out of range.
    InvalidField {
        /// Which input.
        field: Field,
        /// What is wrong with it.
        reason: FieldError,
    },
    /// The token is not a well-formed KS.
    MalformedToken(Malformed),
    /// The signature matches none of the admin secrets.
    InvalidSignature,
    /// The token's `valid_until` has passed (`valid_until + leeway <= now`).
    Expired {
        /// The token's expiry, unix seconds.
        valid_until: i64,
        /// The time it was checked against.
        now: i64,
    },
    /// The token is longer than [`MAX_TOKEN_LEN`](crate::MAX_TOKEN_LEN); refused before decoding.
    TokenTooLarge {
        /// The token's length in bytes.
        len: usize,
    },
    /// The token is a KS v2, which is encrypted: reading it needs the admin secret
    /// ([`decode_with_secrets`](crate::decode_with_secrets) or [`verify`](crate::verify)).
    SecretRequired,
    /// The operating system's random generator failed (KS v2 needs 16 random bytes).
    RandomUnavailable,
}

/// The kind of an [`Error`], with a code that is the same in Rust, C, Python and PHP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// See [`Error::InvalidField`].
    InvalidField,
    /// See [`Error::MalformedToken`].
    MalformedToken,
    /// See [`Error::InvalidSignature`].
    InvalidSignature,
    /// See [`Error::Expired`].
    Expired,
    /// See [`Error::TokenTooLarge`].
    TokenTooLarge,
    /// See [`Error::SecretRequired`].
    SecretRequired,
    /// See [`Error::RandomUnavailable`].
    RandomUnavailable,
}

impl ErrorKind {
    /// All kinds, in code order.
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::InvalidField,
        ErrorKind::MalformedToken,
        ErrorKind::InvalidSignature,
        ErrorKind::Expired,
        ErrorKind::TokenTooLarge,
        ErrorKind::SecretRequired,
        ErrorKind::RandomUnavailable,
    ];

    /// The stable numeric code (the C status, the Python and PHP `code`).
    pub const fn code(self) -> u32 {
        match self {
            ErrorKind::InvalidField => 1,
            ErrorKind::MalformedToken => 2,
            ErrorKind::InvalidSignature => 3,
            ErrorKind::Expired => 4,
            ErrorKind::TokenTooLarge => 5,
            ErrorKind::SecretRequired => 6,
            ErrorKind::RandomUnavailable => 7,
        }
    }

    /// The stable snake_case name, as used in the shared test vectors.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidField => "invalid_field",
            ErrorKind::MalformedToken => "malformed_token",
            ErrorKind::InvalidSignature => "invalid_signature",
            ErrorKind::Expired => "expired",
            ErrorKind::TokenTooLarge => "token_too_large",
            ErrorKind::SecretRequired => "secret_required",
            ErrorKind::RandomUnavailable => "random_unavailable",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The kind of this error.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidField { .. } => ErrorKind::InvalidField,
            Error::MalformedToken(_) => ErrorKind::MalformedToken,
            Error::InvalidSignature => ErrorKind::InvalidSignature,
            Error::Expired { .. } => ErrorKind::Expired,
            Error::TokenTooLarge { .. } => ErrorKind::TokenTooLarge,
            Error::SecretRequired => ErrorKind::SecretRequired,
            Error::RandomUnavailable => ErrorKind::RandomUnavailable,
        }
    }

    /// The input field at fault, for [`Error::InvalidField`].
    pub const fn field(&self) -> Option<Field> {
        match self {
            Error::InvalidField { field, .. } => Some(*field),
            _ => None,
        }
    }

    pub(crate) const fn field_error(field: Field, reason: FieldError) -> Self {
        Error::InvalidField { field, reason }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidField { field, reason } => write!(f, "{field} {reason}"),
            Error::MalformedToken(m) => write!(f, "malformed KS: {m}"),
            Error::InvalidSignature => f.write_str("KS signature matches none of the admin secrets"),
            Error::Expired { valid_until, now } => write!(
                f,
                "KS expired: valid_until {valid_until} is not after now {now} ({}s ago)",
                now.saturating_sub(*valid_until)
            ),
            Error::TokenTooLarge { len } => {
                write!(f, "KS is {len} bytes, over the {} byte limit", crate::MAX_TOKEN_LEN)
            }
            Error::SecretRequired => f.write_str("KS v2 is encrypted: reading it needs the admin secret"),
            Error::RandomUnavailable => f.write_str("the operating system's random generator failed"),
        }
    }
}

impl std::error::Error for Error {}

/// The inputs that can be refused, named as in the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The admin secret (its value is never shown).
    AdminSecret,
    /// The partner id.
    PartnerId,
    /// The user id.
    UserId,
    /// The entry id of an entry-viewing session.
    EntryId,
    /// The privileges string.
    Privileges,
    /// A privilege name given to the builder.
    PrivilegeName,
    /// A privilege value given to the builder.
    PrivilegeValue,
    /// The session type.
    Type,
    /// The expiry in seconds.
    Expiry,
    /// The cache window in seconds.
    Cache,
    /// The current time.
    Now,
    /// The custom data of a cached session (the `additional_data` field).
    Custom,
    /// The master partner id of a plain session.
    MasterPartnerId,
    /// The additional data of a plain session.
    AdditionalData,
}

impl Field {
    /// The field's name in snake_case, as in errors and the shared vectors.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::AdminSecret => "admin_secret",
            Field::PartnerId => "partner_id",
            Field::UserId => "user_id",
            Field::EntryId => "entry_id",
            Field::Privileges => "privileges",
            Field::PrivilegeName => "privilege_name",
            Field::PrivilegeValue => "privilege_value",
            Field::Type => "type",
            Field::Expiry => "expiry",
            Field::Cache => "cache",
            Field::Now => "now",
            Field::Custom => "custom",
            Field::MasterPartnerId => "master_partner_id",
            Field::AdditionalData => "additional_data",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an input field was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldError {
    /// The value holds a character that would change the token's structure.
    ForbiddenChar {
        /// The character.
        ch: char,
        /// Its byte offset in the value.
        at: usize,
    },
    /// The value must not be empty.
    Empty,
    /// The value is longer than the limit, in bytes.
    TooLong {
        /// The limit.
        max: usize,
    },
    /// The number must be greater than zero.
    NotPositive(i64),
    /// The number must not be negative.
    Negative(i64),
    /// The number makes a time overflow 64 bits.
    Overflow,
    /// The 7-field client layout has no place for this field.
    NotInLayout,
    /// A privilege uses a name KS v2 reserves for its own fields (`_e _t _u _m _d`).
    ReservedName(String),
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::ForbiddenChar { ch, at } if ch.is_control() => {
                write!(f, "contains control character U+{:04X} at byte {at}", *ch as u32)
            }
            FieldError::ForbiddenChar { ch, at } => write!(f, "contains '{ch}' at byte {at}"),
            FieldError::Empty => f.write_str("is empty"),
            FieldError::TooLong { max } => write!(f, "is longer than {max} bytes"),
            FieldError::NotPositive(v) => write!(f, "must be positive, got {v}"),
            FieldError::Negative(v) => write!(f, "must not be negative, got {v}"),
            FieldError::Overflow => f.write_str("is too large: the token's times would overflow"),
            FieldError::NotInLayout => f.write_str("must be empty in the 7-field client layout"),
            FieldError::ReservedName(name) => write!(f, "uses the name '{name}', reserved for KS v2's own fields"),
        }
    }
}

/// Why a token is malformed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Malformed {
    /// The token is empty.
    Empty,
    /// The token is not base64 (either alphabet).
    Base64,
    /// The token holds a space: a `+` decoded as a space by URL handling.
    Space,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
    /// No `|` separates the signature from the fields.
    NoSeparator,
    /// The signature is not 40 lowercase hex digits.
    Signature,
    /// The field count is outside 3..=9.
    FieldCount(usize),
    /// A numeric field is not an integer.
    NotAnInteger(&'static str),
    /// A field holds a control character (never in a legitimate KS; always in a
    /// length-extension forgery).
    ControlChar(&'static str),
    /// A KS v2 ciphertext whose length is not a positive multiple of 16.
    V2Ciphertext(usize),
    /// A field every KS must have is missing.
    MissingField(&'static str),
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::Empty => f.write_str("token is empty"),
            Malformed::Base64 => f.write_str("token is not base64"),
            Malformed::Space => f.write_str(
                "token contains a space: a '+' was probably decoded as a space in a URL (use the URL-safe alphabet)",
            ),
            Malformed::NotUtf8 => f.write_str("decoded token is not UTF-8"),
            Malformed::NoSeparator => f.write_str("no '|' after the signature"),
            Malformed::Signature => f.write_str("signature is not 40 lowercase hex digits"),
            Malformed::FieldCount(n) => write!(f, "{n} fields, expected 3 to 9"),
            Malformed::NotAnInteger(field) => write!(f, "{field} is not an integer"),
            Malformed::ControlChar(field) => write!(f, "{field} contains a control character"),
            Malformed::V2Ciphertext(n) => write!(f, "KS v2 ciphertext is {n} bytes, not a positive multiple of 16"),
            Malformed::MissingField(name) => write!(f, "field {name} is missing"),
        }
    }
}
