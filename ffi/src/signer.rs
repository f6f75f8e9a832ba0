//! A reusable handle holding the admin secrets, so that each call passes a
//! pointer instead of the secret.

use core::ffi::c_char;

use kscore::AdminSecret;

use super::args::{bytes, ksession_str, non_null, str_array};
use super::status::{Failure, guard, guard_value, ksession_error, ksession_status};

/// Holds one or more admin secrets: the first signs, any of them verifies.
///
/// Immutable once made, so one signer may be used by many threads at once.
/// The secrets are wiped from memory by ksession_signer_free.
#[allow(non_camel_case_types)]
pub struct ksession_signer {
    // Not empty: the constructors refuse an empty list.
    secrets: Box<[AdminSecret]>,
}

impl ksession_signer {
    pub(crate) fn signing_secret(&self) -> &AdminSecret {
        &self.secrets[0]
    }

    pub(crate) fn secrets(&self) -> &[AdminSecret] {
        &self.secrets
    }
}

/// The signer behind a pointer.
///
/// # Safety
/// `signer` is NULL or a live signer from `ksession_signer_new*`.
pub(crate) unsafe fn signer_ref<'a>(signer: *const ksession_signer) -> Result<&'a ksession_signer, Failure> {
    // SAFETY: non-NULL pointers come from Box::into_raw and are live (contract);
    // the signer is never mutated, so shared references are sound.
    unsafe { signer.as_ref() }.ok_or(Failure::Null { arg: c"signer" })
}

/// Reads an array of secrets, which may be empty.
///
/// # Safety
/// As for `str_array`.
pub(crate) unsafe fn secrets_list(items: *const ksession_str, count: usize) -> Result<Vec<AdminSecret>, Failure> {
    // SAFETY: forwarded from this function's contract.
    let items = unsafe { str_array(items, count, c"admin_secrets") }?;
    let mut secrets = Vec::with_capacity(items.len());
    for item in items {
        // SAFETY: each element is a (pointer, length) pair (contract).
        let b = unsafe { bytes(item.ptr, item.len, c"admin_secrets") }?;
        secrets.push(AdminSecret::new(b)?);
    }
    Ok(secrets)
}

/// Reads an array of secrets, refusing an empty one as the core does.
///
/// # Safety
/// As for `str_array`.
pub(crate) unsafe fn secrets_arg(items: *const ksession_str, count: usize) -> Result<Vec<AdminSecret>, Failure> {
    // SAFETY: forwarded from this function's contract.
    let secrets = unsafe { secrets_list(items, count) }?;
    if secrets.is_empty() {
        // The core's own refusal of no secret at all.
        AdminSecret::new(b"")?;
    }
    Ok(secrets)
}

/// Makes a signer holding one admin secret (any bytes, not empty; copied).
///
/// On success `*signer_out` receives a signer to release with
/// ksession_signer_free; on failure it is set to NULL.
///
/// # Safety
/// `admin_secret` is NULL with length 0 or `admin_secret_len` readable bytes;
/// `signer_out` is a writable pointer; `err_out` is NULL or a writable
/// ksession_error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_new(
    admin_secret: *const c_char,
    admin_secret_len: usize,
    signer_out: *mut *mut ksession_signer,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        non_null(signer_out, c"signer_out")?;
        // SAFETY: non-NULL and writable (contract); NULL until success.
        unsafe { signer_out.write(core::ptr::null_mut()) };
        // SAFETY: a (pointer, length) pair (contract).
        let secret = AdminSecret::new(unsafe { bytes(admin_secret, admin_secret_len, c"admin_secret") }?)?;
        let signer = Box::new(ksession_signer { secrets: Box::new([secret]) });
        // SAFETY: as above.
        unsafe { signer_out.write(Box::into_raw(signer)) };
        Ok(())
    };
    // SAFETY: `err_out` is NULL or a writable ksession_error (contract).
    unsafe { guard("ksession_signer_new", err_out, body) }
}

/// Makes a signer holding several admin secrets, for key rotation: the first
/// signs, a token verifies if it matches any of them. `admin_secret_count`
/// must be at least 1 and no secret may be empty.
///
/// On success `*signer_out` receives a signer to release with
/// ksession_signer_free; on failure it is set to NULL.
///
/// # Safety
/// `admin_secrets` is NULL with count 0 or `admin_secret_count` readable
/// ksession_str, each a (pointer, length) pair as in ksession_signer_new;
/// `signer_out` and `err_out` as in ksession_signer_new.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_new_with_secrets(
    admin_secrets: *const ksession_str,
    admin_secret_count: usize,
    signer_out: *mut *mut ksession_signer,
    err_out: *mut ksession_error,
) -> ksession_status {
    let body = || {
        non_null(signer_out, c"signer_out")?;
        // SAFETY: non-NULL and writable (contract); NULL until success.
        unsafe { signer_out.write(core::ptr::null_mut()) };
        // SAFETY: an array of (pointer, length) pairs (contract).
        let secrets = unsafe { secrets_arg(admin_secrets, admin_secret_count) }?;
        let signer = Box::new(ksession_signer { secrets: secrets.into_boxed_slice() });
        // SAFETY: as above.
        unsafe { signer_out.write(Box::into_raw(signer)) };
        Ok(())
    };
    // SAFETY: `err_out` is NULL or a writable ksession_error (contract).
    unsafe { guard("ksession_signer_new_with_secrets", err_out, body) }
}

/// Releases a signer and wipes its secrets. NULL is allowed and does nothing.
///
/// # Safety
/// `signer` is NULL or a signer from `ksession_signer_new*` not yet freed,
/// which no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ksession_signer_free(signer: *mut ksession_signer) {
    guard_value((), || {
        if !signer.is_null() {
            // SAFETY: the pointer came from Box::into_raw and is freed once (contract).
            drop(unsafe { Box::from_raw(signer) });
        }
    })
}
