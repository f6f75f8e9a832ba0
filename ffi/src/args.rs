//! Reading arguments from C and writing results back.

use core::ffi::{CStr, c_char};
use core::slice;

use super::status::Failure;

/// A string as pointer and length, not NUL-terminated.
///
/// As an input: `len` bytes at `ptr` (UTF-8 where the argument is text; any
/// bytes for a secret); `ptr` may be NULL only when `len` is 0. As an output
/// (in `ksession_ks`): owned by the library, valid until the value holding it
/// is freed; print it with `printf("%.*s", (int)s.len, s.ptr)`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ksession_str {
    /// The first byte.
    pub ptr: *const c_char,
    /// The length in bytes.
    pub len: usize,
}

/// The bytes of a (pointer, length) argument.
///
/// # Safety
/// When `ptr` is not NULL it points to `len` readable bytes that stay
/// unchanged while the returned slice is used.
#[inline]
pub(crate) unsafe fn bytes<'a>(ptr: *const c_char, len: usize, arg: &'static CStr) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return if len == 0 { Ok(&[]) } else { Err(Failure::Null { arg }) };
    }
    if len > isize::MAX as usize {
        return Err(Failure::Length { arg, len });
    }
    // SAFETY: `ptr` is non-NULL, `len` is at most isize::MAX, and the caller
    // guarantees `len` readable bytes at `ptr` for the slice's lifetime; u8
    // has the alignment of c_char.
    Ok(unsafe { slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// The UTF-8 text of a (pointer, length) argument.
///
/// # Safety
/// As for [`bytes`].
#[inline]
pub(crate) unsafe fn text<'a>(ptr: *const c_char, len: usize, arg: &'static CStr) -> Result<&'a str, Failure> {
    // SAFETY: forwarded from this function's contract.
    let b = unsafe { bytes(ptr, len, arg) }?;
    // Most arguments are short and ASCII: checked inline, that costs a few
    // cycles where `from_utf8`'s call and set-up cost tens of nanoseconds.
    if b.is_ascii() {
        // SAFETY: ASCII bytes are valid UTF-8.
        return Ok(unsafe { core::str::from_utf8_unchecked(b) });
    }
    core::str::from_utf8(b).map_err(|e| Failure::Utf8 { arg, valid_up_to: e.valid_up_to() })
}

/// The strings of a `ksession_str` array argument.
///
/// # Safety
/// When `items` is not NULL it points to `count` `ksession_str`, each
/// satisfying [`bytes`]'s contract.
pub(crate) unsafe fn str_array<'a>(
    items: *const ksession_str,
    count: usize,
    arg: &'static CStr,
) -> Result<&'a [ksession_str], Failure> {
    if items.is_null() {
        return if count == 0 { Ok(&[]) } else { Err(Failure::Null { arg }) };
    }
    if count > isize::MAX as usize / size_of::<ksession_str>() {
        return Err(Failure::Length { arg, len: count });
    }
    // SAFETY: `items` is non-NULL, the total size is at most isize::MAX, and
    // the caller guarantees `count` initialised, aligned elements.
    Ok(unsafe { slice::from_raw_parts(items, count) })
}

/// A required pointer.
pub(crate) fn non_null<T>(p: *const T, arg: &'static CStr) -> Result<(), Failure> {
    if p.is_null() { Err(Failure::Null { arg }) } else { Ok(()) }
}

/// The caller's output buffer for a token: `buf` holds `cap` bytes, and
/// `len_out` receives the token's length.
pub(crate) struct TokenOut {
    buf: *mut c_char,
    cap: usize,
    len_out: *mut usize,
}

impl TokenOut {
    /// Checks the output arguments before any work is done.
    pub(crate) fn new(buf: *mut c_char, cap: usize, len_out: *mut usize) -> Result<Self, Failure> {
        non_null(len_out, c"len_out")?;
        if buf.is_null() && cap > 0 {
            return Err(Failure::Null { arg: c"buf" });
        }
        Ok(TokenOut { buf, cap, len_out })
    }

    /// Writes the token and its NUL, or only its length when it does not fit.
    ///
    /// # Safety
    /// `len_out` is valid for writes; `buf` is NULL (with `cap` 0) or valid
    /// for `cap` bytes of writes, and overlaps neither `token` nor `len_out`.
    pub(crate) unsafe fn write(self, token: &str) -> Result<(), Failure> {
        let len = token.len();
        // SAFETY: `len_out` was checked non-NULL and is valid for writes (contract).
        unsafe { self.len_out.write_unaligned(len) };
        if self.cap <= len {
            return Err(Failure::BufferTooSmall { needed: len, cap: self.cap });
        }
        // SAFETY: `cap > len`, so `buf` is non-NULL and holds `len + 1` bytes
        // (contract), which `token` does not overlap.
        let dst = unsafe { slice::from_raw_parts_mut(self.buf.cast::<u8>(), len + 1) };
        dst[..len].copy_from_slice(token.as_bytes());
        dst[len] = 0;
        Ok(())
    }
}
