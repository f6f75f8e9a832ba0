//! The admin secret: zeroized on drop, never printed.

use core::fmt;

use zeroize::Zeroizing;

use crate::error::{Error, Field, FieldError, Result};

/// A partner's admin secret.
///
/// The bytes are wiped when the value is dropped; `Debug` prints `[redacted]`
/// and no error message ever contains them.
///
/// ```
/// let secret = ksession::AdminSecret::new("0123456789abcdef0123456789abcdef")?;
/// assert_eq!(format!("{secret:?}"), "AdminSecret([redacted])");
/// # Ok::<(), ksession::Error>(())
/// ```
#[derive(Clone)]
pub struct AdminSecret(Zeroizing<Vec<u8>>);

impl AdminSecret {
    /// Wraps a secret; refuses an empty one.
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self> {
        let bytes = secret.as_ref();
        if bytes.is_empty() {
            return Err(Error::field_error(Field::AdminSecret, FieldError::Empty));
        }
        Ok(AdminSecret(Zeroizing::new(bytes.to_vec())))
    }

    /// The secret's bytes, for hashing. Keep them out of logs.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for AdminSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminSecret([redacted])")
    }
}
