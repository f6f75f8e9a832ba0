//! Decoded tokens: `ksession_decode*`, `ksession_verify` and the value they return.

use core::ffi::c_char;
use core::ptr;

use kscore::{Ks, SessionType};

use super::args::{ksession_str, non_null, text};
use super::signer::{ksession_signer, secrets_arg, secrets_list, signer_ref};
use super::status::{Failure, guard, guard_value, ksession_error, ksession_status};

/// One privilege of a token: `name` or `name:value`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ksession_privilege {
    /// The name, such as "sview".
    pub name: ksession_str,
    /// The value ("" when there is none; see has_value).
    pub value: ksession_str,
    /// Whether the item had a `:` (`name:` has an empty value, `name` has none).
    pub has_value: bool,
}

/// A decoded KS (v1 or v2), every field typed. Read-only; owned by the
/// library and released by ksession_ks_free, which also ends the life of
/// every string in it. The strings are {ptr, len}, not NUL-terminated: print
/// them with `printf("%.*s", (int)s.len, s.ptr)`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug)]
pub struct ksession_ks {
    /// The KS version: 1 or 2.
    pub version: u32,
    /// v1: the 40 lowercase hex digits of the signature. v2: the embedded SHA-1 in hex.
    pub signature: ksession_str,
    /// v1: the signed fields, joined with `;`. v2: the decrypted query string.
    pub info: ksession_str,
    /// The partner id.
    pub partner_id: i64,
    /// The partner pattern (field 2), usually the partner id again.
    pub partner_pattern: ksession_str,
    /// Unix time after which the KS is expired (expired when valid_until <= now).
    pub valid_until: i64,
    /// The session type code (0 USER, 2 ADMIN; others kept).
    pub session_type: i64,
    /// v1 field 5: a random number, or the cache window's end in a cached
    /// session. v2: the 16 random bytes in hex.
    pub rand: ksession_str,
    /// The user id (may be empty).
    pub user_id: ksession_str,
    /// The privileges string.
    pub privileges: ksession_str,
    /// Whether field 8 holds a master partner id.
    pub has_master_partner_id: bool,
    /// The master partner id; 0 when has_master_partner_id is false.
    pub master_partner_id: i64,
    /// The additional data (a cached session's custom data).
    pub additional_data: ksession_str,
    /// How many fields the token carries (v1: 7 from the official clients, 9
    /// from the server and the platform helper, 3 to 9 accepted; v2: the
    /// query's fields).
    pub field_count: usize,
    /// Type USER, user "" or "0", and `widget:1` among the privileges.
    pub is_widget_session: bool,
    /// The privileges split as the server reads them: on `,`, each item
    /// trimmed of ASCII white space (PHP's trim), empty ones skipped, split at
    /// the first `:`. NULL when there is none.
    pub privilege_items: *const ksession_privilege,
    /// The number of elements in privilege_items.
    pub privilege_count: usize,
}

/// Up to this many privilege items live in the allocation that holds the
/// `ksession_ks` (an entry-viewing token has 3); more take one allocation.
const INLINE_ITEMS: usize = 4;

const NO_STR: ksession_str = ksession_str { ptr: ptr::null(), len: 0 };
const NO_ITEM: ksession_privilege = ksession_privilege { name: NO_STR, value: NO_STR, has_value: false };

/// The allocation behind a `ksession_ks *`: the public part first, so a
/// pointer to it is a pointer to the whole. Every ksession_str points into
/// the decoded token `core` owns (into its heap buffer, which stays put), and
/// privilege_items into `items` or `heap_items`; none changes after building.
#[repr(C)]
struct OwnedKs {
    ks: ksession_ks,
    items: [ksession_privilege; INLINE_ITEMS],
    heap_items: Vec<ksession_privilege>,
    core: Ks,
}

fn c_str(s: &str) -> ksession_str {
    ksession_str { ptr: s.as_ptr().cast::<c_char>(), len: s.len() }
}

/// What PHP's trim() removes, as the server and the core trim privilege
/// items: ASCII white space and NUL.
fn is_php_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | 0x0b)
}

/// Calls `f` with each item of a privileges string, split as the core's
/// `parse_privileges` splits them (on `,`, trimmed as PHP trims, empty ones
/// skipped, at the first `:`). The separators are found with SIMD, so that
/// verifying a token costs little more than the core's `verify`; separators
/// and trimmed bytes are ASCII, so every cut is at a character boundary.
fn for_each_privilege<'a>(privileges: &'a str, mut f: impl FnMut(&'a str, Option<&'a str>)) {
    let bytes = privileges.as_bytes();
    let mut emit = |mut from: usize, mut to: usize, colon: Option<usize>| {
        while from < to && is_php_space(bytes[from]) {
            from += 1;
        }
        while to > from && is_php_space(bytes[to - 1]) {
            to -= 1;
        }
        if from == to {
            return;
        }
        // White space is never ':', so the first ':' lies inside the trimmed item.
        match colon {
            Some(c) => f(&privileges[from..c], Some(&privileges[c + 1..to])),
            None => f(&privileges[from..to], None),
        }
    };
    let (mut start, mut colon) = (0, None);
    for at in memchr::memchr2_iter(b',', b':', bytes) {
        if bytes[at] == b',' {
            emit(start, at, colon);
            (start, colon) = (at + 1, None);
        } else if colon.is_none() {
            colon = Some(at);
        }
    }
    emit(start, privileges.len(), colon);
}

/// Builds the C value around the decoded token, without copying its strings.
fn build(core: Ks) -> Box<OwnedKs> {
    let mut owned = Box::new(OwnedKs {
        ks: ksession_ks {
            version: u32::from(core.version()),
            signature: NO_STR,
            info: NO_STR,
            partner_id: core.partner_id(),
            partner_pattern: NO_STR,
            valid_until: core.valid_until(),
            session_type: core.session_type().code(),
            rand: NO_STR,
            user_id: NO_STR,
            privileges: NO_STR,
            has_master_partner_id: core.master_partner_id().is_some(),
            master_partner_id: core.master_partner_id().unwrap_or(0),
            additional_data: NO_STR,
            field_count: core.field_count(),
            is_widget_session: false,
            privilege_items: ptr::null(),
            privilege_count: 0,
        },
        items: [NO_ITEM; INLINE_ITEMS],
        heap_items: Vec::new(),
        core,
    });
    // Field by field, so that `core` is read (in its final place) while the rest is written.
    let OwnedKs { ks, items, heap_items, core } = &mut *owned;
    ks.signature = c_str(core.signature());
    ks.info = c_str(core.info());
    ks.partner_pattern = c_str(core.partner_pattern());
    ks.rand = c_str(core.rand());
    ks.user_id = c_str(core.user_id());
    ks.privileges = c_str(core.privileges());
    ks.additional_data = c_str(core.additional_data());

    let mut count = 0;
    let mut has_widget_item = false;
    for_each_privilege(core.privileges(), |name, value| {
        has_widget_item |= name == "widget" && value == Some("1");
        let item =
            ksession_privilege { name: c_str(name), value: c_str(value.unwrap_or("")), has_value: value.is_some() };
        if count < INLINE_ITEMS {
            items[count] = item;
        } else {
            if heap_items.is_empty() {
                heap_items.extend_from_slice(&items[..]);
            }
            heap_items.push(item);
        }
        count += 1;
    });
    ks.privilege_count = count;
    ks.privilege_items = match count {
        0 => ptr::null(),
        n if n <= INLINE_ITEMS => items.as_ptr(),
        _ => heap_items.as_ptr(),
    };
    // The core's `is_widget_session`, which would split the items again, allocating.
    ks.is_widget_session =
        core.session_type() == SessionType::User && matches!(core.user_id(), "" | "0") && has_widget_item;
    owned
}

/// The token argument: the length limit first (as the core refuses before
/// decoding), then UTF-8.
///
/// # Safety
/// As for `args::bytes`.
unsafe fn token_arg<'a>(token: *const c_char, token_len: usize) -> Result<&'a str, Failure> {
    if !token.is_null() && token_len > kscore::MAX_TOKEN_LEN {
        return Err(kscore::Error::TokenTooLarge { len: token_len }.into());
    }
    // SAFETY: forwarded from this function's contract.
    unsafe { text(token, token_len, c"token") }
}

/// Runs a decoding export: checks and clears `ks_out`, stores the result.
///
/// # Safety
/// `ks_out` is NULL or writable; `err_out` is NULL or a writable ksession_error.
unsafe fn decoding(
    function: &'static str,
    ks_out: *mut *const ksession_ks,
    err_out: *mut ksession_error,
    body: impl FnOnce() -> Result<Ks, Failure>,
) -> ksession_status {
    let run = || {
        non_null(ks_out, c"ks_out")?;
        // SAFETY: non-NULL and writable (contract); NULL until success.
        unsafe { ks_out.write(ptr::null()) };
        let owned = Box::into_raw(build(body()?));
        // SAFETY: as above; the cast keeps the address of the whole allocation.
        unsafe { ks_out.write(owned.cast_const().cast::<ksession_ks>()) };
        Ok(())
    };
    // SAFETY: `err_out` is NULL or a writable ksession_error (contract).
    unsafe { guard(function, err_out, run) }
}

/// Decodes a KS v1 WITHOUT checking its signature (to read its fields, e.g.
/// when it expires), as the server reads it: either base64 alphabet, with or
/// without `=` padding. A KS v2 is encrypted: it fails with
/// KSESSION_STATUS_SECRET_REQUIRED (see ksession_decode_with_secrets).
///
/// On success `*ks_out` receives the token, to release with ksession_ks_free;
/// on failure it is set to NULL (when ks_out is not NULL).
///
/// # Safety
/// `token` is NULL with length 0 or `token_len` readable bytes; `ks_out` is a
/// writable pointer; `err_out` is NULL or a writable ksession_error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_decode(
    token: *const c_char,
    token_len: usize,
    ks_out: *mut *const ksession_ks,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        // SAFETY: a (pointer, length) pair (contract).
        let token = unsafe { token_arg(token, token_len) }?;
        Ok(kscore::decode(token)?)
    };
    // SAFETY: `ks_out` and `err_out` per this export's contract.
    unsafe { decoding("ksession_decode", ks_out, err_out, body) }
}

/// Verifies a KS v1 or v2 against one or more admin secrets (key rotation:
/// valid if it matches any) at `now` (pass ksession_unix_now() for the
/// system clock), allowing `leeway` seconds past valid_until (expired when
/// `valid_until + leeway <= now`; the server allows 0).
///
/// v1: the signature is compared in constant time with every secret. v2:
/// the token is decrypted with every secret and its embedded SHA-1 checked.
/// A wrong signature is reported before expiry. On success `*ks_out` receives the
/// token, to release with ksession_ks_free; on failure it is set to NULL.
///
/// # Safety
/// `token` as in ksession_decode; `admin_secrets` is NULL with count 0 or
/// `admin_secret_count` readable ksession_str, each a (pointer, length) pair;
/// `ks_out` and `err_out` as in ksession_decode.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_verify(
    token: *const c_char,
    token_len: usize,
    admin_secrets: *const ksession_str,
    admin_secret_count: usize,
    now: i64,
    leeway: u32,
    ks_out: *mut *const ksession_ks,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        // SAFETY: a (pointer, length) pair (contract).
        let token = unsafe { token_arg(token, token_len) }?;
        // SAFETY: an array of (pointer, length) pairs (contract).
        let secrets = unsafe { secrets_arg(admin_secrets, admin_secret_count) }?;
        Ok(kscore::verify(token, &secrets, now, leeway)?)
    };
    // SAFETY: `ks_out` and `err_out` per this export's contract.
    unsafe { decoding("ksession_verify", ks_out, err_out, body) }
}

/// Decodes a KS v1 or v2 without checking expiry: v1 without checking its
/// signature (as ksession_decode), v2 by decrypting it with whichever of
/// `admin_secrets` it was made with (its embedded SHA-1 is checked). With no
/// secret, a KS v2 fails with KSESSION_STATUS_SECRET_REQUIRED.
///
/// On success `*ks_out` receives the token, to release with ksession_ks_free;
/// on failure it is set to NULL.
///
/// # Safety
/// As for ksession_verify.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_decode_with_secrets(
    token: *const c_char,
    token_len: usize,
    admin_secrets: *const ksession_str,
    admin_secret_count: usize,
    ks_out: *mut *const ksession_ks,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        // SAFETY: a (pointer, length) pair (contract).
        let token = unsafe { token_arg(token, token_len) }?;
        // SAFETY: an array of (pointer, length) pairs (contract). It may be
        // empty: a v1 token needs no secret.
        let secrets = unsafe { secrets_list(admin_secrets, admin_secret_count) }?;
        Ok(kscore::decode_with_secrets(token, &secrets)?)
    };
    // SAFETY: `ks_out` and `err_out` per this export's contract.
    unsafe { decoding("ksession_decode_with_secrets", ks_out, err_out, body) }
}

/// ksession_decode_with_secrets with the signer's secrets.
///
/// # Safety
/// `signer` is NULL or a live signer; the other arguments as in ksession_decode.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_decode(
    signer: *const ksession_signer,
    token: *const c_char,
    token_len: usize,
    ks_out: *mut *const ksession_ks,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        // SAFETY: NULL or a live signer (contract).
        let signer = unsafe { signer_ref(signer) }?;
        // SAFETY: a (pointer, length) pair (contract).
        let token = unsafe { token_arg(token, token_len) }?;
        Ok(kscore::decode_with_secrets(token, signer.secrets())?)
    };
    // SAFETY: `ks_out` and `err_out` per this export's contract.
    unsafe { decoding("ksession_signer_decode", ks_out, err_out, body) }
}

/// ksession_verify with the signer's secrets.
///
/// # Safety
/// `signer` is NULL or a live signer; the other arguments as in ksession_verify.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_verify(
    signer: *const ksession_signer,
    token: *const c_char,
    token_len: usize,
    now: i64,
    leeway: u32,
    ks_out: *mut *const ksession_ks,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        // SAFETY: NULL or a live signer (contract).
        let signer = unsafe { signer_ref(signer) }?;
        // SAFETY: a (pointer, length) pair (contract).
        let token = unsafe { token_arg(token, token_len) }?;
        Ok(kscore::verify(token, signer.secrets(), now, leeway)?)
    };
    // SAFETY: `ks_out` and `err_out` per this export's contract.
    unsafe { decoding("ksession_signer_verify", ks_out, err_out, body) }
}

/// Releases a token from a decode or verify call, and every string in it. NULL is allowed and does nothing.
///
/// # Safety
/// `ks` is NULL or a value from a ksession_*decode* or ksession_*verify call, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_ks_free(ks: *const ksession_ks) {
    guard_value((), || {
        if !ks.is_null() {
            // SAFETY: the pointer is the start of an OwnedKs from Box::into_raw
            // (repr(C), public part first), freed once (contract).
            drop(unsafe { Box::from_raw(ks.cast_mut().cast::<OwnedKs>()) });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(p: &str) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        for_each_privilege(p, |name, value| out.push((name.to_owned(), value.map(str::to_owned))));
        out
    }

    fn core_split(p: &str) -> Vec<(String, Option<String>)> {
        kscore::parse_privileges(p).into_iter().map(|i| (i.name, i.value)).collect()
    }

    #[test]
    fn items_split_as_the_core_splits_them() {
        for p in [
            "",
            ",",
            "*",
            "a",
            "a:",
            ":b",
            "sview:0_x,setrole:PLAYBACK_BASE_ROLE,widget:1",
            " a : b ,, c:d:e ,\u{a0}x\u{2003},\t",
            "urirestrict:/a/*|/b,iprestrict:1.2.3.4",
            "\u{e9}:\u{fc},\u{f1}",
        ] {
            assert_eq!(split(p), core_split(p), "{p:?}");
        }
    }

    #[test]
    fn items_split_as_the_core_splits_them_on_random_strings() {
        const PIECES: [&str; 11] = [",", ":", " ", "a", "bc", "\u{e9}", "\u{2003}", "\u{a0}", "\t", "\0", "\x0b"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut bits = state;
            let mut p = String::new();
            for _ in 0..(bits % 13) {
                bits /= 13;
                p.push_str(PIECES[(bits % 11) as usize]);
            }
            assert_eq!(split(&p), core_split(&p), "{p:?}");
        }
    }

    #[test]
    fn widget_sessions_as_the_core_sees_them() {
        let secret = kscore::AdminSecret::new("s").unwrap();
        let mut seen = [0; 2];
        for type_code in [0, 2, 1] {
            for user in ["", "0", "00", "x"] {
                for privileges in ["widget:1", "a,widget:1", " widget:1 ", "widget:2", "widget", "widget:1:x", ""] {
                    let p = kscore::CachedSession {
                        user_id: user,
                        privileges,
                        ..kscore::CachedSession::new(1, SessionType::from_code(type_code))
                    };
                    let ks = kscore::decode(&kscore::generate_cached_session(&secret, &p, 1).unwrap()).unwrap();
                    let want = ks.is_widget_session();
                    assert_eq!(build(ks).ks.is_widget_session, want, "{type_code} {user:?} {privileges:?}");
                    seen[usize::from(want)] += 1;
                }
            }
        }
        assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
    }

    #[test]
    fn items_fill_the_inline_storage_then_the_heap() {
        let secret = kscore::AdminSecret::new("s").unwrap();
        for (privileges, want) in [
            ("a:1,b,, c: ,d:4:5,*", &["a:1", "b", "c:", "d:4:5", "*"][..]),
            ("a,b:2,c", &["a", "b:2", "c"]),
            ("a,b,c,d", &["a", "b", "c", "d"]),
            ("", &[]),
        ] {
            let p = kscore::CachedSession { privileges, ..kscore::CachedSession::new(1, SessionType::Admin) };
            let owned = build(kscore::decode(&kscore::generate_cached_session(&secret, &p, 1).unwrap()).unwrap());
            let k = &owned.ks;
            assert_eq!(owned.heap_items.len(), if want.len() > INLINE_ITEMS { want.len() } else { 0 });
            assert_eq!(k.privilege_items.is_null(), want.is_empty());
            let text = |s: ksession_str| {
                // SAFETY: the strings live as long as `owned`.
                let b = unsafe { std::slice::from_raw_parts(s.ptr.cast::<u8>(), s.len) };
                std::str::from_utf8(b).unwrap().to_owned()
            };
            let items = if want.is_empty() {
                &[][..]
            } else {
                // SAFETY: privilege_count items live as long as `owned`.
                unsafe { std::slice::from_raw_parts(k.privilege_items, k.privilege_count) }
            };
            let got: Vec<String> = items
                .iter()
                .map(|i| if i.has_value { format!("{}:{}", text(i.name), text(i.value)) } else { text(i.name) })
                .collect();
            assert_eq!(got, want);
            assert_eq!(text(k.privileges), privileges);
        }
    }
}
