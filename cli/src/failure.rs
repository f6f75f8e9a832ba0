//! Why a command failed, and the exit code that says so.

use std::io;

/// Exit codes. 0 is success; 2 is a usage error, written by clap.
pub mod exit {
    /// Any other failure: a refused input, a missing secret, an I/O error.
    pub const ERROR: u8 = 1;
    /// The token is not a well-formed KS v1.
    pub const MALFORMED: u8 = 3;
    /// The signature matches none of the admin secrets.
    pub const INVALID_SIGNATURE: u8 = 4;
    /// The token has expired.
    pub const EXPIRED: u8 = 5;
    /// The token is longer than the library accepts.
    pub const TOO_LARGE: u8 = 6;
}

/// A failure: a one-line message for stderr, a stable kind for `--json`,
/// and the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Reported on stderr as `ksession: error: MESSAGE`.
    Report {
        /// The exit code.
        code: u8,
        /// The library's error kind name, or `io`.
        kind: &'static str,
        /// Names the field and the reason; never secret material.
        message: String,
    },
    /// Standard output was closed by its reader (`| head`): stop quietly.
    BrokenPipe,
}

impl Failure {
    /// An input refused before it reaches the library (exit 1, kind `invalid_field`).
    pub fn input(message: String) -> Self {
        Failure::Report { code: exit::ERROR, kind: "invalid_field", message }
    }

    /// An I/O error; `what` says what was being done, never which secret.
    pub fn io(what: &str, err: &io::Error) -> Self {
        Failure::Report { code: exit::ERROR, kind: "io", message: format!("{what}: {err}") }
    }

    /// A library error with advice appended: `MESSAGE: HINT`.
    pub fn with_hint(err: ksession::Error, hint: &str) -> Self {
        match Failure::from(err) {
            Failure::Report { code, kind, message } => {
                Failure::Report { code, kind, message: format!("{message}: {hint}") }
            }
            other => other,
        }
    }

    /// The exit code.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Report { code, .. } => *code,
            Failure::BrokenPipe => 0,
        }
    }
}

impl From<ksession::Error> for Failure {
    fn from(err: ksession::Error) -> Self {
        use ksession::ErrorKind;
        let code = match err.kind() {
            ErrorKind::MalformedToken => exit::MALFORMED,
            ErrorKind::InvalidSignature => exit::INVALID_SIGNATURE,
            ErrorKind::Expired => exit::EXPIRED,
            ErrorKind::TokenTooLarge => exit::TOO_LARGE,
            _ => exit::ERROR,
        };
        Failure::Report { code, kind: err.kind().as_str(), message: err.to_string() }
    }
}
