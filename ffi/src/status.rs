//! Statuses, the caller-owned error detail, and the panic boundary.

use core::ffi::{CStr, c_char, c_int};
use core::fmt::{self, Write as _};
use core::ptr;
use std::panic::{self, AssertUnwindSafe};

/// The result of every fallible call.
///
/// Codes 1 to 99 are the core's error kinds, with the same numbers as in Rust,
/// Python and PHP; codes from 100 on are failures of the C calling convention
/// itself. Only `KSESSION_STATUS_OK` means the call succeeded.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ksession_status {
    /// Success.
    Ok = 0,
    /// An input would change the token's structure, or is out of range
    /// (`ksession_error.field` names it).
    InvalidField = 1,
    /// The token is not a well-formed KS.
    MalformedToken = 2,
    /// The signature matches none of the admin secrets.
    InvalidSignature = 3,
    /// The token's valid_until (plus leeway) is not after `now`.
    Expired = 4,
    /// The token is longer than KSESSION_MAX_TOKEN_LEN bytes.
    TokenTooLarge = 5,
    /// The token is a KS v2, which is encrypted: reading it needs the admin
    /// secret (ksession_decode_with_secrets, ksession_verify).
    SecretRequired = 6,
    /// The operating system's random generator failed (a KS v2 needs 16
    /// random bytes).
    RandomUnavailable = 7,
    /// A required pointer argument is NULL (a string pointer may be NULL only
    /// with length 0).
    NullArgument = 100,
    /// A text argument is not valid UTF-8.
    InvalidUtf8 = 101,
    /// The output buffer cannot hold the token and its NUL; `*len_out` holds
    /// the token's length.
    BufferTooSmall = 102,
    /// An argument is outside its range: an unknown alphabet or layout, or a
    /// length over SIZE_MAX / 2.
    InvalidArgument = 103,
    /// An internal error (a bug): a panic was caught at the boundary. The call
    /// had no effect.
    Panic = 104,
}

impl ksession_status {
    /// Every status, in code order.
    pub(crate) const ALL: [ksession_status; 13] = [
        ksession_status::Ok,
        ksession_status::InvalidField,
        ksession_status::MalformedToken,
        ksession_status::InvalidSignature,
        ksession_status::Expired,
        ksession_status::TokenTooLarge,
        ksession_status::SecretRequired,
        ksession_status::RandomUnavailable,
        ksession_status::NullArgument,
        ksession_status::InvalidUtf8,
        ksession_status::BufferTooSmall,
        ksession_status::InvalidArgument,
        ksession_status::Panic,
    ];

    /// The stable snake_case name; the core's kinds keep the core's names.
    pub(crate) const fn name(self) -> &'static CStr {
        match self {
            ksession_status::Ok => c"ok",
            ksession_status::InvalidField => c"invalid_field",
            ksession_status::MalformedToken => c"malformed_token",
            ksession_status::InvalidSignature => c"invalid_signature",
            ksession_status::Expired => c"expired",
            ksession_status::TokenTooLarge => c"token_too_large",
            ksession_status::SecretRequired => c"secret_required",
            ksession_status::RandomUnavailable => c"random_unavailable",
            ksession_status::NullArgument => c"null_argument",
            ksession_status::InvalidUtf8 => c"invalid_utf8",
            ksession_status::BufferTooSmall => c"buffer_too_small",
            ksession_status::InvalidArgument => c"invalid_argument",
            ksession_status::Panic => c"panic",
        }
    }

    /// One sentence saying what the status means.
    pub(crate) const fn description(self) -> &'static CStr {
        match self {
            ksession_status::Ok => c"success",
            ksession_status::InvalidField => {
                c"invalid field: an input would change the token's structure or is out of range"
            }
            ksession_status::MalformedToken => c"malformed token: not a well-formed KS",
            ksession_status::InvalidSignature => c"invalid signature: the KS matches none of the admin secrets",
            ksession_status::Expired => c"expired: the KS's valid_until has passed",
            ksession_status::TokenTooLarge => c"token too large: the KS is longer than the limit",
            ksession_status::SecretRequired => {
                c"secret required: a KS v2 is encrypted, reading it needs the admin secret"
            }
            ksession_status::RandomUnavailable => c"random unavailable: the operating system's random generator failed",
            ksession_status::NullArgument => c"NULL argument: a required pointer is NULL",
            ksession_status::InvalidUtf8 => c"invalid UTF-8: a text argument is not valid UTF-8",
            ksession_status::BufferTooSmall => c"buffer too small: *len_out + 1 bytes are needed",
            ksession_status::InvalidArgument => c"invalid argument: a value is outside its range",
            ksession_status::Panic => c"internal error: a panic was caught inside the library",
        }
    }

    /// The status with this code, if there is one.
    pub(crate) fn from_code(code: c_int) -> Option<ksession_status> {
        Self::ALL.into_iter().find(|s| *s as c_int == code)
    }

    /// The status of a core error: the same number as the core's kind.
    fn of_kind(kind: kscore::ErrorKind) -> ksession_status {
        match kind {
            kscore::ErrorKind::InvalidField => ksession_status::InvalidField,
            kscore::ErrorKind::MalformedToken => ksession_status::MalformedToken,
            kscore::ErrorKind::InvalidSignature => ksession_status::InvalidSignature,
            kscore::ErrorKind::Expired => ksession_status::Expired,
            kscore::ErrorKind::TokenTooLarge => ksession_status::TokenTooLarge,
            kscore::ErrorKind::SecretRequired => ksession_status::SecretRequired,
            kscore::ErrorKind::RandomUnavailable => ksession_status::RandomUnavailable,
            // A kind added to the core without a status here is a bug of this
            // library; the unit tests map every kind the core lists.
            _ => ksession_status::Panic,
        }
    }
}

/// Size of `ksession_error.message`, NUL included.
pub const KSESSION_ERROR_MESSAGE_CAP: usize = 256;

/// What went wrong, in detail: filled by every call given a non-NULL `err_out`.
///
/// Owned by the caller (a local variable is fine); the library only writes it.
/// After a success it holds status OK, field NULL and an empty message.
#[allow(non_camel_case_types)]
#[repr(C)]
pub struct ksession_error {
    /// The call's status.
    pub status: ksession_status,
    /// The input at fault as a static NUL-terminated string, for
    /// KSESSION_STATUS_INVALID_FIELD (the core's field name, e.g. "user_id")
    /// and for the C statuses (the argument's name, e.g. "len_out"); NULL
    /// otherwise. Never freed.
    pub field: *const c_char,
    /// Length of `message` in bytes, without the NUL.
    pub message_len: usize,
    /// The message to show users, NUL-terminated UTF-8: names the field and
    /// the reason (`user_id contains ';' at byte 3`), never the secret.
    pub message: [c_char; 256],
}

const _: () = assert!(KSESSION_ERROR_MESSAGE_CAP == 256, "the array length in ksession_error is a literal");

/// The core's field names as C strings: `ksession_error.field` points here.
const FIELD_NAMES: [&CStr; 14] = [
    c"admin_secret",
    c"partner_id",
    c"user_id",
    c"entry_id",
    c"privileges",
    c"privilege_name",
    c"privilege_value",
    c"type",
    c"expiry",
    c"cache",
    c"now",
    c"custom",
    c"master_partner_id",
    c"additional_data",
];

/// The static C string of a core field name; NULL for a name this table lacks.
pub(crate) fn field_cstr(field: kscore::Field) -> *const c_char {
    let name = field.as_str().as_bytes();
    FIELD_NAMES.iter().find(|c| c.to_bytes() == name).map_or(ptr::null(), |c| c.as_ptr())
}

/// A failed call, before it is written to `ksession_error`.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The core refused.
    Core(kscore::Error),
    /// A required pointer is NULL.
    Null { arg: &'static CStr },
    /// A text argument is not UTF-8.
    Utf8 { arg: &'static CStr, valid_up_to: usize },
    /// A length over `isize::MAX`.
    Length { arg: &'static CStr, len: usize },
    /// An enumerated argument has no meaning.
    Unknown { arg: &'static CStr, value: u32 },
    /// The output buffer is too small.
    BufferTooSmall { needed: usize, cap: usize },
    /// A panic was caught.
    Panic { function: &'static str },
}

impl From<kscore::Error> for Failure {
    fn from(e: kscore::Error) -> Self {
        Failure::Core(e)
    }
}

impl Failure {
    pub(crate) fn status(&self) -> ksession_status {
        match self {
            Failure::Core(e) => ksession_status::of_kind(e.kind()),
            Failure::Null { .. } => ksession_status::NullArgument,
            Failure::Utf8 { .. } => ksession_status::InvalidUtf8,
            Failure::Length { .. } | Failure::Unknown { .. } => ksession_status::InvalidArgument,
            Failure::BufferTooSmall { .. } => ksession_status::BufferTooSmall,
            Failure::Panic { .. } => ksession_status::Panic,
        }
    }

    fn field(&self) -> *const c_char {
        match self {
            Failure::Core(e) => e.field().map_or(ptr::null(), field_cstr),
            Failure::Null { arg }
            | Failure::Utf8 { arg, .. }
            | Failure::Length { arg, .. }
            | Failure::Unknown { arg, .. } => arg.as_ptr(),
            Failure::BufferTooSmall { .. } => c"buf".as_ptr(),
            Failure::Panic { .. } => ptr::null(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn name(arg: &CStr) -> &str {
            arg.to_str().unwrap_or("argument")
        }
        match self {
            Failure::Core(e) => e.fmt(f),
            Failure::Null { arg } => write!(f, "{} is NULL", name(arg)),
            Failure::Utf8 { arg, valid_up_to } => {
                write!(f, "{} is not valid UTF-8 at byte {valid_up_to}", name(arg))
            }
            Failure::Length { arg, len } => write!(f, "{} length {len} is over SIZE_MAX / 2", name(arg)),
            Failure::Unknown { arg, value } => write!(f, "{} {value} is not a known value", name(arg)),
            Failure::BufferTooSmall { needed, cap } => {
                write!(f, "buf holds {cap} bytes; the token needs {} ({needed} and a NUL)", needed.saturating_add(1))
            }
            Failure::Panic { function } => {
                write!(f, "internal error: {function} panicked; the call had no effect")
            }
        }
    }
}

/// Formats into a fixed buffer, cutting at a character boundary when full
/// and always leaving room for the NUL.
struct MessageWriter {
    buf: [u8; KSESSION_ERROR_MESSAGE_CAP],
    len: usize,
}

impl fmt::Write for MessageWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = KSESSION_ERROR_MESSAGE_CAP - 1 - self.len;
        let mut take = s.len().min(room);
        while !s.is_char_boundary(take) {
            take -= 1;
        }
        self.buf[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
        self.len += take;
        Ok(())
    }
}

/// Fills `err` with a status, a field and a message.
///
/// # Safety
/// `err` is non-NULL and points to writable memory the size of a `ksession_error`.
unsafe fn write_error(err: *mut ksession_error, status: ksession_status, field: *const c_char, message: &[u8]) {
    let mut text = [0 as c_char; KSESSION_ERROR_MESSAGE_CAP];
    // The writer keeps messages under the array's size, leaving a NUL after them.
    let len = message.len().min(KSESSION_ERROR_MESSAGE_CAP - 1);
    for (dst, &src) in text.iter_mut().zip(&message[..len]) {
        *dst = src as c_char;
    }
    // SAFETY: `err` is valid for writes (contract); writing a whole value
    // makes no reference to memory the caller may not have initialised.
    unsafe { err.write_unaligned(ksession_error { status, field, message_len: len, message: text }) };
}

/// Runs the body of an export: catches panics, turns the outcome into a
/// status and fills `err_out` when it is not NULL.
///
/// # Safety
/// `err_out` is NULL or points to writable memory the size of a `ksession_error`.
pub(crate) unsafe fn guard(
    function: &'static str,
    err_out: *mut ksession_error,
    body: impl FnOnce() -> Result<(), Failure>,
) -> ksession_status {
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        let result = body();
        let status = match &result {
            Ok(()) => ksession_status::Ok,
            Err(failure) => failure.status(),
        };
        if !err_out.is_null() {
            match &result {
                // SAFETY: `err_out` is non-NULL and valid for writes (this function's contract).
                Ok(()) => unsafe { write_error(err_out, status, ptr::null(), b"") },
                Err(failure) => {
                    let mut w = MessageWriter { buf: [0; KSESSION_ERROR_MESSAGE_CAP], len: 0 };
                    let _ = write!(w, "{failure}");
                    // SAFETY: as above; the writer keeps the message under 256 bytes.
                    unsafe { write_error(err_out, status, failure.field(), &w.buf[..w.len]) }
                }
            }
        }
        status
    }));
    match outcome {
        Ok(status) => status,
        Err(payload) => {
            // Dropping a payload can itself panic; that one is not allowed out either.
            let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(payload)));
            let failure = Failure::Panic { function };
            if !err_out.is_null() {
                let mut w = MessageWriter { buf: [0; KSESSION_ERROR_MESSAGE_CAP], len: 0 };
                let _ = write!(w, "{failure}");
                // SAFETY: `err_out` is non-NULL and valid for writes (this function's contract).
                unsafe { write_error(err_out, ksession_status::Panic, ptr::null(), &w.buf[..w.len]) }
            }
            ksession_status::Panic
        }
    }
}

/// Runs an infallible export, returning `fallback` if it panics.
pub(crate) fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(payload)));
            fallback
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank() -> ksession_error {
        ksession_error { status: ksession_status::Ok, field: ptr::null(), message_len: 0, message: [0x55; 256] }
    }

    fn message(e: &ksession_error) -> String {
        // SAFETY: the array is NUL-terminated by write_error.
        let c = unsafe { CStr::from_ptr(e.message.as_ptr()) };
        assert_eq!(c.to_bytes().len(), e.message_len);
        c.to_str().unwrap().to_owned()
    }

    #[test]
    fn every_core_kind_keeps_its_code() {
        // A kind without its own status maps to the fallback, whose code differs.
        for kind in kscore::ErrorKind::ALL {
            let status = ksession_status::of_kind(kind);
            assert_eq!(status as u32, kind.code());
            assert_eq!(status.name().to_str().unwrap(), kind.as_str());
        }
    }

    #[test]
    fn codes_are_distinct_and_round_trip() {
        for (i, s) in ksession_status::ALL.iter().enumerate() {
            assert_eq!(ksession_status::from_code(*s as c_int), Some(*s));
            for t in &ksession_status::ALL[i + 1..] {
                assert_ne!(*s as c_int, *t as c_int);
                assert_ne!(s.name(), t.name());
            }
        }
        assert_eq!(ksession_status::from_code(8), None);
        assert_eq!(ksession_status::from_code(-1), None);
    }

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        let mut e = blank();
        // SAFETY: `e` is a valid ksession_error.
        let status = unsafe { guard("ksession_test", &mut e, || panic!("boom")) };
        assert_eq!(status, ksession_status::Panic);
        assert_eq!(e.status, ksession_status::Panic);
        assert!(e.field.is_null());
        assert_eq!(message(&e), "internal error: ksession_test panicked; the call had no effect");
        // SAFETY: NULL err_out is allowed.
        let status = unsafe { guard("ksession_test", ptr::null_mut(), || panic!("boom")) };
        assert_eq!(status, ksession_status::Panic);
        assert_eq!(guard_value(7, || panic!("boom")), 7);
    }

    #[test]
    fn core_errors_name_their_field() {
        let secret = kscore::AdminSecret::new("s").unwrap();
        let params =
            kscore::CachedEntryViewingSession { user_id: "a;b", ..kscore::CachedEntryViewingSession::new(1, "0_x") };
        let err = kscore::generate_cached_entry_viewing_session(&secret, &params, 1).unwrap_err();
        let mut e = blank();
        // SAFETY: `e` is a valid ksession_error.
        let status = unsafe { guard("ksession_test", &mut e, || Err(err.into())) };
        assert_eq!(status, ksession_status::InvalidField);
        // SAFETY: field points to a static C string.
        assert_eq!(unsafe { CStr::from_ptr(e.field) }, c"user_id");
        assert_eq!(message(&e), "user_id contains ';' at byte 1");
    }

    #[test]
    fn success_clears_the_detail() {
        let mut e = blank();
        e.status = ksession_status::Expired;
        e.field = c"x".as_ptr();
        // SAFETY: `e` is a valid ksession_error.
        assert_eq!(unsafe { guard("ksession_test", &mut e, || Ok(())) }, ksession_status::Ok);
        assert_eq!(e.status, ksession_status::Ok);
        assert!(e.field.is_null());
        assert_eq!(message(&e), "");
    }

    #[test]
    fn long_messages_are_cut_at_a_character_boundary() {
        let mut w = MessageWriter { buf: [0; KSESSION_ERROR_MESSAGE_CAP], len: 0 };
        let _ = write!(w, "{}", "é".repeat(200));
        assert_eq!(w.len, 254);
        assert!(core::str::from_utf8(&w.buf[..w.len]).is_ok());
    }

    #[test]
    fn every_field_has_a_c_name() {
        use kscore::Field::*;
        for f in [
            AdminSecret,
            PartnerId,
            UserId,
            EntryId,
            Privileges,
            PrivilegeName,
            PrivilegeValue,
            Type,
            Expiry,
            Cache,
            Now,
            Custom,
            MasterPartnerId,
            AdditionalData,
        ] {
            let p = field_cstr(f);
            assert!(!p.is_null(), "{f}");
            // SAFETY: non-NULL results point to static C strings.
            assert_eq!(unsafe { CStr::from_ptr(p) }.to_str().unwrap(), f.as_str());
        }
    }
}
