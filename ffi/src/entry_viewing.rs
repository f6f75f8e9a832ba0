//! A prepared cached entry-viewing session: everything but the entry id and
//! the time, checked and copied once, so that each token costs one short call.

use core::ffi::c_char;

use kscore::{AdminSecret, Alphabet};

use super::args::{TokenOut, non_null, text};
use super::signer::{ksession_signer, signer_ref};
use super::status::{Failure, guard, guard_value, ksession_error, ksession_status};

/// The entry id used to check the other inputs when a handle is made: the
/// shortest valid one.
const PROBE_ENTRY_ID: &str = "0";

/// A prepared cached entry-viewing KS v1: the signing secret (copied from a
/// signer), partner id, user id, expiry, cache window, custom data and
/// alphabet, all checked when it is made. Each
/// ksession_entry_viewing_generate call then passes only the entry id and
/// the time.
///
/// Immutable once made, so one handle may be used by many threads at once.
/// Its copy of the secret is wiped by ksession_entry_viewing_free.
#[allow(non_camel_case_types)]
pub struct ksession_entry_viewing {
    secret: AdminSecret,
    partner_id: i64,
    user_id: Box<str>,
    expiry: i64,
    cache: i64,
    custom: Box<str>,
    alphabet: Alphabet,
}

impl ksession_entry_viewing {
    fn params<'a>(&'a self, entry_id: &'a str) -> kscore::CachedEntryViewingSession<'a> {
        kscore::CachedEntryViewingSession {
            partner_id: self.partner_id,
            entry_id,
            user_id: &self.user_id,
            expiry: self.expiry,
            cache: self.cache,
            custom: &self.custom,
            alphabet: self.alphabet,
        }
    }

    fn generate(&self, entry_id: &str, now: i64) -> kscore::Result<String> {
        kscore::generate_cached_entry_viewing_session(&self.secret, &self.params(entry_id), now)
    }
}

/// Prepares cached entry-viewing KS v1 tokens for one partner, user, expiry,
/// cache window, custom data and alphabet, signed with `signer`'s signing
/// secret (copied: the signer may be freed before the handle).
///
/// The arguments are those of ksession_signer_generate_cached_entry_viewing_session;
/// `user_id`, `custom`, `expiry`, `cache` and `alphabet` are checked here,
/// with the same statuses, fields and messages as there, so that
/// ksession_entry_viewing_generate can only fail on the entry id, the time,
/// or the output buffer.
///
/// On success `*entry_viewing_out` receives a handle to release with
/// ksession_entry_viewing_free; on failure it is set to NULL.
///
/// # Safety
/// `signer` is NULL or a live signer; each (pointer, length) pair is NULL
/// with length 0 or `len` readable bytes; `entry_viewing_out` is a writable
/// pointer; `err_out` is NULL or a writable ksession_error.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn ksession_entry_viewing_new(
    signer: *const ksession_signer,
    partner_id: i64,
    user_id: *const c_char,
    user_id_len: usize,
    expiry: i64,
    cache: i64,
    custom: *const c_char,
    custom_len: usize,
    alphabet: u32,
    entry_viewing_out: *mut *mut ksession_entry_viewing,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        non_null(entry_viewing_out, c"entry_viewing_out")?;
        // SAFETY: non-NULL and writable (contract); NULL until success.
        unsafe { entry_viewing_out.write(core::ptr::null_mut()) };
        // SAFETY: NULL or a live signer (contract).
        let signer = unsafe { signer_ref(signer) }?;
        // SAFETY: a (pointer, length) pair (contract).
        let user_id = unsafe { text(user_id, user_id_len, c"user_id") }?;
        // SAFETY: a (pointer, length) pair (contract).
        let custom = unsafe { text(custom, custom_len, c"custom") }?;
        let handle = ksession_entry_viewing {
            secret: signer.signing_secret().clone(),
            partner_id,
            user_id: user_id.into(),
            expiry,
            cache,
            custom: custom.into(),
            alphabet: super::generate::alphabet(alphabet)?,
        };
        // The core checks user id, custom data, expiry and cache; with a valid
        // entry id and the earliest time, any refusal is one of those, and
        // one that every later time would meet too (the window's end only
        // grows with the time, so an overflow at 0 is an overflow always).
        handle.generate(PROBE_ENTRY_ID, 0)?;
        // SAFETY: as above.
        unsafe { entry_viewing_out.write(Box::into_raw(Box::new(handle))) };
        Ok(())
    };
    // SAFETY: `err_out` is NULL or a writable ksession_error (contract).
    unsafe { guard("ksession_entry_viewing_new", err_out, body) }
}

/// Mints the cached entry-viewing KS v1 of a prepared handle for one entry
/// at `now`: byte for byte what
/// ksession_generate_cached_entry_viewing_session returns for the handle's
/// inputs. The failures left are the entry id's (KSESSION_STATUS_INVALID_FIELD
/// `entry_id`, KSESSION_STATUS_INVALID_UTF8), `now`'s (negative, or past the
/// last representable window), a NULL argument, and
/// KSESSION_STATUS_BUFFER_TOO_SMALL; `buf`, `cap`, `len_out` and `err_out`
/// are as for ksession_generate_cached_entry_viewing_session.
///
/// # Safety
/// `entry_viewing` is NULL or a live handle from ksession_entry_viewing_new;
/// `entry_id` is NULL with length 0 or `entry_id_len` readable bytes; `buf` is
/// NULL with `cap` 0 or `cap` writable bytes; `len_out` is a writable size_t;
/// `err_out` is NULL or a writable ksession_error. Nothing overlaps the outputs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_entry_viewing_generate(
    entry_viewing: *const ksession_entry_viewing,
    entry_id: *const c_char,
    entry_id_len: usize,
    now: i64,
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        // SAFETY: non-NULL pointers come from Box::into_raw and are live
        // (contract); the handle is never mutated, so shared references are sound.
        let handle = unsafe { entry_viewing.as_ref() }.ok_or(Failure::Null { arg: c"entry_viewing" })?;
        let out = TokenOut::new(buf, cap, len_out)?;
        // SAFETY: a (pointer, length) pair (contract).
        let entry_id = unsafe { text(entry_id, entry_id_len, c"entry_id") }?;
        let token = handle.generate(entry_id, now)?;
        // SAFETY: the output buffer and length per the contract.
        unsafe { out.write(&token) }
    };
    // SAFETY: `err_out` is NULL or a writable ksession_error (contract).
    unsafe { guard("ksession_entry_viewing_generate", err_out, body) }
}

/// Releases a prepared handle and wipes its copy of the secret. NULL is
/// allowed and does nothing.
///
/// # Safety
/// `entry_viewing` is NULL or a handle from ksession_entry_viewing_new not yet
/// freed, which no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_entry_viewing_free(entry_viewing: *mut ksession_entry_viewing) {
    guard_value((), || {
        if !entry_viewing.is_null() {
            // SAFETY: the pointer came from Box::into_raw and is freed once (contract).
            drop(unsafe { Box::from_raw(entry_viewing) });
        }
    })
}

#[cfg(test)]
mod tests {
    use core::ptr;

    use super::super::signer::{ksession_signer_free, ksession_signer_new};
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn signer() -> *mut ksession_signer {
        let mut s = ptr::null_mut();
        // SAFETY: valid pointers.
        let st = unsafe { ksession_signer_new(SECRET.as_ptr().cast(), SECRET.len(), &mut s, ptr::null_mut()) };
        assert_eq!(st, ksession_status::Ok);
        s
    }

    #[test]
    fn same_bytes_as_the_core() {
        let s = signer();
        let mut h = ptr::null_mut();
        // SAFETY: valid pointers and lengths.
        let st = unsafe {
            ksession_entry_viewing_new(
                s,
                3000582,
                c"Viewer".as_ptr(),
                6,
                18000,
                600,
                ptr::null(),
                0,
                1,
                &mut h,
                ptr::null_mut(),
            )
        };
        assert_eq!(st, ksession_status::Ok);
        // SAFETY: the signer is live and not used again.
        unsafe { ksession_signer_free(s) };
        let mut buf = [0 as c_char; 512];
        let mut len = 0usize;
        // SAFETY: valid pointers; the handle is live.
        let st = unsafe {
            ksession_entry_viewing_generate(
                h,
                c"0_x".as_ptr(),
                3,
                1621594000,
                buf.as_mut_ptr(),
                buf.len(),
                &mut len,
                ptr::null_mut(),
            )
        };
        assert_eq!(st, ksession_status::Ok);
        let secret = AdminSecret::new(SECRET).unwrap();
        let params = kscore::CachedEntryViewingSession {
            user_id: "Viewer",
            expiry: 18000,
            cache: 600,
            alphabet: Alphabet::UrlSafe,
            ..kscore::CachedEntryViewingSession::new(3000582, "0_x")
        };
        let want = kscore::generate_cached_entry_viewing_session(&secret, &params, 1621594000).unwrap();
        // SAFETY: the buffer holds `len` bytes and a NUL.
        let got = unsafe { core::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), len) };
        assert_eq!(got, want.as_bytes());
        // SAFETY: the handle is live and not used again.
        unsafe { ksession_entry_viewing_free(h) };
    }
}
