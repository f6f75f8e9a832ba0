//! Minting tokens: the cached entry-viewing session, the generic cached
//! session and the plain KS v1, with a secret per call or a signer.

use core::ffi::{CStr, c_char};

use kscore::{AdminSecret, Alphabet, Layout, SessionType};

use super::args::{TokenOut, bytes, text};
use super::signer::{ksession_signer, signer_ref};
use super::status::{Failure, guard, ksession_error, ksession_status};

/// The base64 alphabet of a minted token (decoding accepts both).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ksession_alphabet {
    /// `+` and `/`, with `=` padding: what the platform helper writes.
    Standard = 0,
    /// `-` and `_`, with `=` padding: safe in URL paths and query strings.
    UrlSafe = 1,
}

/// The field layout of a plain KS v1.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ksession_layout {
    /// 9 fields, as the server writes them (the default).
    Server = 0,
    /// 7 fields, as the official client libraries write them.
    Client = 1,
}

/// The session types with a name; any other int64_t is kept as it is.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ksession_session_type {
    /// 0: a user session.
    User = 0,
    /// 2: an admin session (the server treats any type of 1 or more as admin).
    Admin = 2,
}

pub(crate) fn alphabet(value: u32) -> Result<Alphabet, Failure> {
    match value {
        v if v == ksession_alphabet::Standard as u32 => Ok(Alphabet::Standard),
        v if v == ksession_alphabet::UrlSafe as u32 => Ok(Alphabet::UrlSafe),
        value => Err(Failure::Unknown { arg: c"alphabet", value }),
    }
}

fn layout(value: u32) -> Result<Layout, Failure> {
    match value {
        v if v == ksession_layout::Server as u32 => Ok(Layout::Server),
        v if v == ksession_layout::Client as u32 => Ok(Layout::Client),
        value => Err(Failure::Unknown { arg: c"layout", value }),
    }
}

fn session_type(code: i64) -> SessionType {
    match code {
        c if c == ksession_session_type::User as i64 => SessionType::User,
        c if c == ksession_session_type::Admin as i64 => SessionType::Admin,
        c => SessionType::from_code(c),
    }
}

/// The admin secret of a one-shot call.
///
/// # Safety
/// As for [`bytes`].
unsafe fn secret(ptr: *const c_char, len: usize) -> Result<AdminSecret, Failure> {
    // SAFETY: forwarded from this function's contract.
    let b = unsafe { bytes(ptr, len, c"admin_secret") }?;
    Ok(AdminSecret::new(b)?)
}

/// Where the secret of a call comes from.
enum Key {
    Secret(*const c_char, usize),
    Signer(*const ksession_signer),
}

impl Key {
    /// Runs `f` with the secret that signs.
    ///
    /// # Safety
    /// `Secret`: as for [`bytes`]; `Signer`: NULL or a live signer.
    unsafe fn with<T>(&self, f: impl FnOnce(&AdminSecret) -> kscore::Result<T>) -> Result<T, Failure> {
        match *self {
            // SAFETY: forwarded from this function's contract.
            Key::Secret(ptr, len) => Ok(f(&unsafe { secret(ptr, len) }?)?),
            // SAFETY: forwarded from this function's contract.
            Key::Signer(s) => Ok(f(unsafe { signer_ref(s) }?.signing_secret())?),
        }
    }

    /// Fails on a NULL signer before anything else is read.
    fn check(&self) -> Result<(), Failure> {
        match *self {
            Key::Signer(s) if s.is_null() => Err(Failure::Null { arg: c"signer" }),
            _ => Ok(()),
        }
    }
}

/// The token version of a cached session: v1 in an alphabet, or v2.
#[derive(Clone, Copy)]
enum Cached {
    V1 { alphabet: u32 },
    V2,
}

/// The form of a plain session.
#[derive(Clone, Copy)]
enum Plain {
    /// v1 in a layout and an alphabet; `rand` from the caller or the OS.
    V1 { layout: u32, alphabet: u32, rand: Option<u32> },
    /// v2; `random` (16 bytes) from the caller or the OS.
    V2 { random: Option<*const u8> },
}

/// # Safety
/// Every pointer satisfies the contract documented on the exports.
// Inlined into each export: no second shuffle of a dozen arguments per call.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn cached_entry_viewing_session(
    function: &'static str,
    key: Key,
    partner_id: i64,
    entry_id: *const c_char,
    entry_id_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    form: Cached,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        key.check()?;
        let out = TokenOut::new(buf, cap, len_out)?;
        // SAFETY: a (pointer, length) pair (export contract).
        let entry_id = unsafe { text(entry_id, entry_id_len, c"entry_id") }?;
        // SAFETY: a (pointer, length) pair (export contract).
        let user_id = unsafe { text(user_id, user_id_len, c"user_id") }?;
        // SAFETY: a (pointer, length) pair (export contract).
        let custom = unsafe { text(custom, custom_len, c"custom") }?;
        let params = kscore::CachedEntryViewingSession {
            partner_id,
            entry_id,
            user_id,
            expiry,
            cache,
            custom,
            alphabet: match form {
                Cached::V1 { alphabet: a } => alphabet(a)?,
                Cached::V2 => Alphabet::UrlSafe,
            },
        };
        // SAFETY: the secret's pair or the signer per the export contract.
        let token = unsafe {
            key.with(|s| match form {
                Cached::V1 { .. } => kscore::generate_cached_entry_viewing_session(s, &params, now),
                Cached::V2 => kscore::generate_cached_entry_viewing_session_v2(s, &params, now),
            })
        }?;
        // SAFETY: the output buffer and length per the export contract.
        unsafe { out.write(&token) }
    };
    // SAFETY: `err_out` is NULL or a writable ksession_error (export contract).
    unsafe { guard(function, err_out, body) }
}

/// # Safety
/// Every pointer satisfies the contract documented on the exports.
// Inlined into each export: no second shuffle of a dozen arguments per call.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn cached_session(
    function: &'static str,
    key: Key,
    partner_id: i64,
    type_code: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    form: Cached,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        key.check()?;
        let out = TokenOut::new(buf, cap, len_out)?;
        // SAFETY: a (pointer, length) pair (export contract).
        let user_id = unsafe { text(user_id, user_id_len, c"user_id") }?;
        // SAFETY: a (pointer, length) pair (export contract).
        let privileges = unsafe { text(privileges, privileges_len, c"privileges") }?;
        // SAFETY: a (pointer, length) pair (export contract).
        let custom = unsafe { text(custom, custom_len, c"custom") }?;
        let params = kscore::CachedSession {
            partner_id,
            session_type: session_type(type_code),
            user_id,
            privileges,
            expiry,
            cache,
            custom,
            alphabet: match form {
                Cached::V1 { alphabet: a } => alphabet(a)?,
                Cached::V2 => Alphabet::UrlSafe,
            },
        };
        // SAFETY: the secret's pair or the signer per the export contract.
        let token = unsafe {
            key.with(|s| match form {
                Cached::V1 { .. } => kscore::generate_cached_session(s, &params, now),
                Cached::V2 => kscore::generate_cached_session_v2(s, &params, now),
            })
        }?;
        // SAFETY: the output buffer and length per the export contract.
        unsafe { out.write(&token) }
    };
    // SAFETY: `err_out` is NULL or a writable ksession_error (export contract).
    unsafe { guard(function, err_out, body) }
}

/// # Safety
/// Every pointer satisfies the contract documented on the exports.
// Inlined into each export: no second shuffle of a dozen arguments per call.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn session(
    function: &'static str,
    key: Key,
    partner_id: i64,
    type_code: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    master_partner_id: *const i64,
    additional_data: *const c_char,
    additional_data_len: usize,
    form: Plain,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        key.check()?;
        let out = TokenOut::new(buf, cap, len_out)?;
        let random = match form {
            Plain::V2 { random: Some(p) } if p.is_null() => return Err(Failure::Null { arg: c"random" }),
            // SAFETY: non-NULL, so 16 readable bytes (export contract).
            Plain::V2 { random: Some(p) } => Some(unsafe { p.cast::<[u8; 16]>().read_unaligned() }),
            _ => None,
        };
        let (layout_value, alphabet_value) = match form {
            Plain::V1 { layout, alphabet, .. } => (layout, alphabet),
            Plain::V2 { .. } => (ksession_layout::Server as u32, ksession_alphabet::UrlSafe as u32),
        };
        // SAFETY: a (pointer, length) pair (export contract).
        let user_id = unsafe { text(user_id, user_id_len, c"user_id") }?;
        // SAFETY: a (pointer, length) pair (export contract).
        let privileges = unsafe { text(privileges, privileges_len, c"privileges") }?;
        // SAFETY: a (pointer, length) pair (export contract).
        let additional_data = unsafe { text(additional_data, additional_data_len, c"additional_data") }?;
        let params = kscore::Session {
            partner_id,
            session_type: session_type(type_code),
            user_id,
            privileges,
            expiry,
            master_partner_id: if master_partner_id.is_null() {
                None
            } else {
                // SAFETY: non-NULL, so a readable int64_t (export contract).
                Some(unsafe { master_partner_id.read_unaligned() })
            },
            additional_data,
            layout: layout(layout_value)?,
            alphabet: alphabet(alphabet_value)?,
        };
        // SAFETY: the secret's pair or the signer per the export contract.
        let token = unsafe {
            key.with(|s| match (form, random) {
                (Plain::V1 { rand: Some(rand), .. }, _) => kscore::generate_session_with_rand(s, &params, now, rand),
                (Plain::V1 { rand: None, .. }, _) => kscore::generate_session(s, &params, now),
                (Plain::V2 { .. }, Some(random)) => kscore::generate_session_v2_with_random(s, &params, now, &random),
                (Plain::V2 { .. }, None) => kscore::generate_session_v2(s, &params, now),
            })
        }?;
        // SAFETY: the output buffer and length per the export contract.
        unsafe { out.write(&token) }
    };
    // SAFETY: `err_out` is NULL or a writable ksession_error (export contract).
    unsafe { guard(function, err_out, body) }
}

/// Mints the cached entry-viewing KS v1 (the platform helper's
/// generateCachedEntryViewingSession): type USER, privileges
/// `sview:ENTRY_ID,setrole:PLAYBACK_BASE_ROLE,widget:1`, the same token for
/// every call within one `cache`-second window.
///
/// - `admin_secret`, `admin_secret_len`: the partner's admin secret (any bytes, not empty).
/// - `entry_id`: ASCII letters, digits, `_` and `-`, not empty.
/// - `user_id`, `custom`: UTF-8 text, may be empty (NULL with length 0 is "").
/// - `expiry`: seconds the token stays valid after its window ends (platform default 86400).
/// - `cache`: the window in seconds (platform default 60).
/// - `alphabet`: a ksession_alphabet.
/// - `now`: unix seconds; pass ksession_unix_now() for the system clock.
/// - `buf`, `cap`: the caller's buffer; on success it holds the token and a
///   NUL. `*len_out` receives the token's length (without the NUL) on
///   success and on KSESSION_STATUS_BUFFER_TOO_SMALL, which is returned when
///   `cap < *len_out + 1`. `buf` may be NULL when `cap` is 0, to ask for the
///   length. KSESSION_MAX_TOKEN_LEN + 1 bytes always suffice.
/// - `err_out`: NULL, or a caller-owned ksession_error that receives the detail.
///
/// # Safety
/// Each (pointer, length) pair is NULL with length 0 or `len` readable bytes;
/// `buf` is NULL with `cap` 0 or `cap` writable bytes; `len_out` is a writable
/// size_t; `err_out` is NULL or a writable ksession_error. Nothing overlaps
/// the outputs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_generate_cached_entry_viewing_session(
    admin_secret: *const c_char,
    admin_secret_len: usize,
    partner_id: i64,
    entry_id: *const c_char,
    entry_id_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    alphabet: u32,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        cached_entry_viewing_session(
            "ksession_generate_cached_entry_viewing_session",
            Key::Secret(admin_secret, admin_secret_len),
            partner_id,
            entry_id,
            entry_id_len,
            user_id,
            user_id_len,
            expiry,
            cache,
            custom,
            custom_len,
            Cached::V1 { alphabet },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// Mints a generic cached KS v1 (the platform helper's generateCachedSession).
///
/// `session_type` is a type code (KSESSION_SESSION_TYPE_USER 0,
/// KSESSION_SESSION_TYPE_ADMIN 2, any other value kept); `privileges` is the
/// comma-separated `name` / `name:value` list, may be empty. The other
/// arguments are as for ksession_generate_cached_entry_viewing_session.
///
/// # Safety
/// As for ksession_generate_cached_entry_viewing_session.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_generate_cached_session(
    admin_secret: *const c_char,
    admin_secret_len: usize,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    alphabet: u32,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        cached_session(
            "ksession_generate_cached_session",
            Key::Secret(admin_secret, admin_secret_len),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            cache,
            custom,
            custom_len,
            Cached::V1 { alphabet },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// Mints a plain KS v1 as the official clients and the server do, with a
/// random `rand` from the operating system, valid until `now + expiry`.
///
/// - `master_partner_id`: NULL for none, else a pointer to the id (9-field layout only).
/// - `additional_data`: UTF-8 text, may be empty (9-field layout only).
/// - `layout`: a ksession_layout.
///
/// The other arguments are as for ksession_generate_cached_session.
///
/// # Safety
/// As for ksession_generate_cached_entry_viewing_session; `master_partner_id`
/// is NULL or a readable int64_t.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_generate_session(
    admin_secret: *const c_char,
    admin_secret_len: usize,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    master_partner_id: *const i64,
    additional_data: *const c_char,
    additional_data_len: usize,
    layout: u32,
    alphabet: u32,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        session(
            "ksession_generate_session",
            Key::Secret(admin_secret, admin_secret_len),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            master_partner_id,
            additional_data,
            additional_data_len,
            Plain::V1 { layout, alphabet, rand: None },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// ksession_generate_session with the given `rand`: the exact form, for tests
/// and for callers that bring their own randomness.
///
/// # Safety
/// As for ksession_generate_session.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_generate_session_with_rand(
    admin_secret: *const c_char,
    admin_secret_len: usize,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    master_partner_id: *const i64,
    additional_data: *const c_char,
    additional_data_len: usize,
    layout: u32,
    alphabet: u32,
    now: i64,
    rand: u32,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        session(
            "ksession_generate_session_with_rand",
            Key::Secret(admin_secret, admin_secret_len),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            master_partner_id,
            additional_data,
            additional_data_len,
            Plain::V1 { layout, alphabet, rand: Some(rand) },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// Mints a cached entry-viewing KS v2 (encrypted; always the URL-safe
/// alphabet): like ksession_generate_cached_entry_viewing_session, the same
/// inputs within one cache window give the same token. `custom` is written
/// as the `_d` field.
///
/// # Safety
/// As for ksession_generate_cached_entry_viewing_session.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_generate_cached_entry_viewing_session_v2(
    admin_secret: *const c_char,
    admin_secret_len: usize,
    partner_id: i64,
    entry_id: *const c_char,
    entry_id_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        cached_entry_viewing_session(
            "ksession_generate_cached_entry_viewing_session_v2",
            Key::Secret(admin_secret, admin_secret_len),
            partner_id,
            entry_id,
            entry_id_len,
            user_id,
            user_id_len,
            expiry,
            cache,
            custom,
            custom_len,
            Cached::V2,
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// Mints a generic cached KS v2 (encrypted; always the URL-safe alphabet):
/// like ksession_generate_cached_session, the same inputs within one cache
/// window give the same token. `custom` is written as the `_d` field.
///
/// # Safety
/// As for ksession_generate_cached_entry_viewing_session.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_generate_cached_session_v2(
    admin_secret: *const c_char,
    admin_secret_len: usize,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        cached_session(
            "ksession_generate_cached_session_v2",
            Key::Secret(admin_secret, admin_secret_len),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            cache,
            custom,
            custom_len,
            Cached::V2,
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// Mints a plain KS v2 (encrypted; always the URL-safe alphabet) with 16
/// random bytes from the operating system, valid until `now + expiry`;
/// `master_partner_id` and `additional_data` are written as `_m` and `_d`
/// when set. Fails with KSESSION_STATUS_RANDOM_UNAVAILABLE if the operating
/// system's generator does.
///
/// # Safety
/// As for ksession_generate_session.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_generate_session_v2(
    admin_secret: *const c_char,
    admin_secret_len: usize,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    master_partner_id: *const i64,
    additional_data: *const c_char,
    additional_data_len: usize,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        session(
            "ksession_generate_session_v2",
            Key::Secret(admin_secret, admin_secret_len),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            master_partner_id,
            additional_data,
            additional_data_len,
            Plain::V2 { random: None },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// ksession_generate_session_v2 with the given 16 "random" bytes: the exact
/// form, for tests. Real tokens need ksession_generate_session_v2.
///
/// # Safety
/// As for ksession_generate_session; `random` points to 16 readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_generate_session_v2_with_random(
    admin_secret: *const c_char,
    admin_secret_len: usize,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    master_partner_id: *const i64,
    additional_data: *const c_char,
    additional_data_len: usize,
    now: i64,
    random: *const u8,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        session(
            "ksession_generate_session_v2_with_random",
            Key::Secret(admin_secret, admin_secret_len),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            master_partner_id,
            additional_data,
            additional_data_len,
            Plain::V2 { random: Some(random) },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// ksession_generate_cached_entry_viewing_session with the signer's secret (its first).
///
/// # Safety
/// `signer` is NULL or a live signer from ksession_signer_new*; the other
/// arguments as for ksession_generate_cached_entry_viewing_session.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_generate_cached_entry_viewing_session(
    signer: *const ksession_signer,
    partner_id: i64,
    entry_id: *const c_char,
    entry_id_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    alphabet: u32,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        cached_entry_viewing_session(
            "ksession_signer_generate_cached_entry_viewing_session",
            Key::Signer(signer),
            partner_id,
            entry_id,
            entry_id_len,
            user_id,
            user_id_len,
            expiry,
            cache,
            custom,
            custom_len,
            Cached::V1 { alphabet },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// ksession_generate_cached_session with the signer's secret (its first).
///
/// # Safety
/// `signer` is NULL or a live signer from ksession_signer_new*; the other
/// arguments as for ksession_generate_cached_session.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_generate_cached_session(
    signer: *const ksession_signer,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    alphabet: u32,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        cached_session(
            "ksession_signer_generate_cached_session",
            Key::Signer(signer),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            cache,
            custom,
            custom_len,
            Cached::V1 { alphabet },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// ksession_generate_session with the signer's secret (its first).
///
/// # Safety
/// `signer` is NULL or a live signer from ksession_signer_new*; the other
/// arguments as for ksession_generate_session.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_generate_session(
    signer: *const ksession_signer,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    master_partner_id: *const i64,
    additional_data: *const c_char,
    additional_data_len: usize,
    layout: u32,
    alphabet: u32,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        session(
            "ksession_signer_generate_session",
            Key::Signer(signer),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            master_partner_id,
            additional_data,
            additional_data_len,
            Plain::V1 { layout, alphabet, rand: None },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// ksession_generate_session_with_rand with the signer's secret (its first).
///
/// # Safety
/// `signer` is NULL or a live signer from ksession_signer_new*; the other
/// arguments as for ksession_generate_session_with_rand.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_generate_session_with_rand(
    signer: *const ksession_signer,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    master_partner_id: *const i64,
    additional_data: *const c_char,
    additional_data_len: usize,
    layout: u32,
    alphabet: u32,
    now: i64,
    rand: u32,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        session(
            "ksession_signer_generate_session_with_rand",
            Key::Signer(signer),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            master_partner_id,
            additional_data,
            additional_data_len,
            Plain::V1 { layout, alphabet, rand: Some(rand) },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// ksession_generate_cached_entry_viewing_session_v2 with the signer's secret (its first).
///
/// # Safety
/// `signer` is NULL or a live signer from ksession_signer_new*; the other
/// arguments as for ksession_generate_cached_entry_viewing_session_v2.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_generate_cached_entry_viewing_session_v2(
    signer: *const ksession_signer,
    partner_id: i64,
    entry_id: *const c_char,
    entry_id_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        cached_entry_viewing_session(
            "ksession_signer_generate_cached_entry_viewing_session_v2",
            Key::Signer(signer),
            partner_id,
            entry_id,
            entry_id_len,
            user_id,
            user_id_len,
            expiry,
            cache,
            custom,
            custom_len,
            Cached::V2,
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// ksession_generate_cached_session_v2 with the signer's secret (its first).
///
/// # Safety
/// `signer` is NULL or a live signer from ksession_signer_new*; the other
/// arguments as for ksession_generate_cached_session_v2.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_generate_cached_session_v2(
    signer: *const ksession_signer,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        cached_session(
            "ksession_signer_generate_cached_session_v2",
            Key::Signer(signer),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            cache,
            custom,
            custom_len,
            Cached::V2,
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// ksession_generate_session_v2 with the signer's secret (its first).
///
/// # Safety
/// `signer` is NULL or a live signer from ksession_signer_new*; the other
/// arguments as for ksession_generate_session_v2.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_generate_session_v2(
    signer: *const ksession_signer,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    master_partner_id: *const i64,
    additional_data: *const c_char,
    additional_data_len: usize,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        session(
            "ksession_signer_generate_session_v2",
            Key::Signer(signer),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            master_partner_id,
            additional_data,
            additional_data_len,
            Plain::V2 { random: None },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// ksession_generate_session_v2_with_random with the signer's secret (its first).
///
/// # Safety
/// `signer` is NULL or a live signer from ksession_signer_new*; the other
/// arguments as for ksession_generate_session_v2_with_random.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_generate_session_v2_with_random(
    signer: *const ksession_signer,
    partner_id: i64,
    session_type: i64,
    user_id: *const c_char,
    user_id_len: usize,
    privileges: *const c_char,
    privileges_len: usize,
    expiry: i64,
    master_partner_id: *const i64,
    additional_data: *const c_char,
    additional_data_len: usize,
    now: i64,
    random: *const u8,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    // SAFETY: the caller upholds this export's contract, which is the helper's.
    unsafe {
        session(
            "ksession_signer_generate_session_v2_with_random",
            Key::Signer(signer),
            partner_id,
            session_type,
            user_id,
            user_id_len,
            privileges,
            privileges_len,
            expiry,
            master_partner_id,
            additional_data,
            additional_data_len,
            Plain::V2 { random: Some(random) },
            now,
            buf,
            cap,
            len_out,
            err_out,
        )
    }
}

/// The name of a session type: "USER" (0), "ADMIN" (2) or "UNKNOWN"; static,
/// NUL-terminated, never freed.
#[unsafe(no_mangle)]
pub extern "C" fn ksession_session_type_name(session_type: i64) -> *const c_char {
    super::status::guard_value(c"UNKNOWN".as_ptr(), || {
        let name: &CStr = match self::session_type(session_type) {
            SessionType::User => c"USER",
            SessionType::Admin => c"ADMIN",
            SessionType::Other(_) => c"UNKNOWN",
        };
        name.as_ptr()
    })
}
