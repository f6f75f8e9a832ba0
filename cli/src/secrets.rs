//! Where admin secrets come from: an environment variable, a file, or
//! standard input; never a command-line value, which `ps` and shell history show.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use ksession::AdminSecret;
use zeroize::Zeroizing;

use crate::failure::Failure;

/// The environment variable holding the secret(s), comma-separated.
pub const SECRET_ENV: &str = "KSESSION_ADMIN_SECRET";

/// Where secrets can come from, for messages.
pub const WHERE: &str = "set KSESSION_ADMIN_SECRET, or pass --secret-file PATH or --secret-stdin";

/// A secret file or standard input holds a few lines; more is a mistake.
const MAX_SECRET_INPUT: usize = 64 * 1024;

/// Where to read the secrets (the command-line flags; the environment otherwise).
pub struct SecretSource<'a> {
    /// `--secret-file PATH`
    pub file: Option<&'a Path>,
    /// `--secret-stdin`
    pub stdin: bool,
}

/// Whether a source of secrets is given: a flag, or the variable (even empty).
pub fn is_given(source: &SecretSource<'_>) -> bool {
    source.file.is_some() || source.stdin || std::env::var_os(SECRET_ENV).is_some()
}

/// Reads the admin secrets: all of them for `verify` (key rotation), the
/// first one for `generate`.
///
/// A file or standard input holds one secret per line; the variable holds
/// them separated by commas (or newlines). Whitespace around a secret and
/// empty entries are ignored. The bytes are wiped once the secrets are made.
pub fn load(source: &SecretSource<'_>) -> Result<Vec<AdminSecret>, Failure> {
    let (bytes, separators, origin): (Zeroizing<Vec<u8>>, &[u8], &str) = if let Some(path) = source.file {
        (read_file(path)?, b"\n", "the secret file")
    } else if source.stdin {
        (read_stdin()?, b"\n", "standard input")
    } else {
        match std::env::var_os(SECRET_ENV) {
            Some(value) => (os_string_bytes(value)?, b",\n", SECRET_ENV),
            None => {
                return Err(Failure::input(format!("admin_secret is missing: {WHERE}")));
            }
        }
    };
    let secrets = bytes
        .split(|b| separators.contains(b))
        .map(<[u8]>::trim_ascii)
        .filter(|s| !s.is_empty())
        .map(AdminSecret::new)
        .collect::<Result<Vec<_>, _>>()?;
    if secrets.is_empty() {
        return Err(Failure::input(format!("admin_secret is empty: {origin} holds no secret")));
    }
    Ok(secrets)
}

// The path is left out of messages: a secret pasted where the path goes
// must not be printed back.
fn read_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let file = File::open(path).map_err(|e| Failure::io("admin_secret: cannot open the secret file", &e))?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > MAX_SECRET_INPUT as u64 {
        return Err(too_large("the secret file"));
    }
    read_bounded(file, size as usize, "the secret file")
}

fn read_stdin() -> Result<Zeroizing<Vec<u8>>, Failure> {
    read_bounded(io::stdin().lock(), MAX_SECRET_INPUT, "standard input")
}

/// Reads at most `MAX_SECRET_INPUT` bytes into a buffer allocated once, so
/// that no reallocation leaves a copy of the secret behind.
fn read_bounded(reader: impl Read, expected: usize, origin: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let mut buf = Zeroizing::new(Vec::with_capacity(expected.min(MAX_SECRET_INPUT) + 1));
    reader
        .take(MAX_SECRET_INPUT as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Failure::io(&format!("admin_secret: cannot read {origin}"), &e))?;
    if buf.len() > MAX_SECRET_INPUT {
        return Err(too_large(origin));
    }
    Ok(buf)
}

fn too_large(origin: &str) -> Failure {
    Failure::input(format!(
        "admin_secret: {origin} is over {} KiB; it should hold one secret per line",
        MAX_SECRET_INPUT / 1024
    ))
}

#[cfg(unix)]
fn os_string_bytes(value: std::ffi::OsString) -> Result<Zeroizing<Vec<u8>>, Failure> {
    use std::os::unix::ffi::OsStringExt;
    Ok(Zeroizing::new(value.into_vec()))
}

#[cfg(not(unix))]
fn os_string_bytes(value: std::ffi::OsString) -> Result<Zeroizing<Vec<u8>>, Failure> {
    match value.into_string() {
        Ok(s) => Ok(Zeroizing::new(s.into_bytes())),
        Err(_) => Err(Failure::input(format!("admin_secret: {SECRET_ENV} is not valid Unicode"))),
    }
}
