//! Privileges: the comma-separated `name` / `name:value` list, and the checks
//! that keep every input from changing a token's structure.

use core::fmt;

use crate::error::{Error, Field, FieldError, Result};

/// The longest user id, entry id, privileges string or custom data accepted, in bytes.
///
/// Four fields at this limit still make a KS v1 under [`MAX_TOKEN_LEN`](crate::MAX_TOKEN_LEN);
/// a KS v2 form-encodes its fields, and one that would exceed the limit is refused as `token_too_large`.
pub const MAX_FIELD_LEN: usize = 2048;

/// The role the platform grants entry-viewing sessions.
pub const PLAYBACK_BASE_ROLE: &str = "PLAYBACK_BASE_ROLE";

/// The separators of a KS v1 (`;` between fields, `|` after the signature):
/// no v1 field may hold them. KS v2 percent-encodes its fields, so there they are safe.
pub(crate) const V1_SEPARATORS: &[char] = &[';', '|'];

/// Refuses a value holding a control character, one of `forbidden`, or more
/// than [`MAX_FIELD_LEN`] bytes.
pub(crate) fn check_text(field: Field, value: &str, forbidden: &[char]) -> Result<()> {
    if value.len() > MAX_FIELD_LEN {
        return Err(Error::field_error(field, FieldError::TooLong { max: MAX_FIELD_LEN }));
    }
    // Fast path: one branch-free pass over the bytes finds whether any byte
    // could be refused (a control, a non-ASCII byte, or a forbidden ASCII
    // character); only then are the characters walked to name the culprit.
    let mut suspect = 0u8;
    for b in value.bytes() {
        suspect |= u8::from(b < 0x20) | u8::from(b >= 0x7f) | u8::from(b == b';') | u8::from(b == b'|');
        suspect |= u8::from(b == b',') | u8::from(b == b':');
    }
    if suspect == 0 {
        return Ok(());
    }
    for (at, ch) in value.char_indices() {
        if ch.is_control() || forbidden.contains(&ch) {
            return Err(Error::field_error(field, FieldError::ForbiddenChar { ch, at }));
        }
    }
    Ok(())
}

/// An entry id is ASCII letters, digits, `_` and `-`, and not empty: anything
/// else (`,`, `:`, `*`) could widen an entry-viewing privilege.
pub(crate) fn check_entry_id(entry_id: &str) -> Result<()> {
    if entry_id.is_empty() {
        return Err(Error::field_error(Field::EntryId, FieldError::Empty));
    }
    if entry_id.len() > MAX_FIELD_LEN {
        return Err(Error::field_error(Field::EntryId, FieldError::TooLong { max: MAX_FIELD_LEN }));
    }
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    if entry_id.bytes().all(allowed) {
        return Ok(());
    }
    match entry_id.char_indices().find(|&(_, ch)| !(ch.is_ascii() && allowed(ch as u8))) {
        Some((at, ch)) => Err(Error::field_error(Field::EntryId, FieldError::ForbiddenChar { ch, at })),
        None => Ok(()),
    }
}

/// Refuses a space at the start (`start`) or the end (`end`) of an item's
/// part. The other characters PHP's `trim` strips are control characters,
/// which `check_text` refuses already.
fn check_item_ends(field: Field, text: &str, start: bool, end: bool) -> Result<()> {
    let at = match () {
        () if start && text.starts_with(' ') => 0,
        () if end && text.ends_with(' ') => text.len() - 1,
        () => return Ok(()),
    };
    Err(Error::field_error(field, FieldError::ForbiddenChar { ch: ' ', at }))
}

fn check_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::field_error(Field::PrivilegeName, FieldError::Empty));
    }
    check_text(Field::PrivilegeName, name, &[';', '|', ',', ':'])
}

/// One privilege: `name` or `name:value`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Privilege {
    /// The privilege's name, such as `sview`.
    pub name: String,
    /// Its value, if it has one (`None` for `name`, `Some("")` for `name:`).
    pub value: Option<String>,
}

impl fmt::Display for Privilege {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{}:{v}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// PHP's `trim()`, which the server uses: ASCII white space and NUL only
/// (Rust's `str::trim` would also strip Unicode spaces such as U+00A0).
pub(crate) fn php_trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0b'])
}

/// Splits a privileges string into items, as the server reads it: split on
/// `,`, trim each item (PHP's `trim`), skip empty ones, split each at its first `:`.
///
/// ```
/// use ksession::{parse_privileges, Privilege};
/// let items = parse_privileges("sview:0_x, widget:1,,*");
/// assert_eq!(items[0], Privilege { name: "sview".into(), value: Some("0_x".into()) });
/// assert_eq!(items[1].to_string(), "widget:1");
/// assert_eq!(items[2], Privilege { name: "*".into(), value: None });
/// ```
pub fn parse_privileges(privileges: &str) -> Vec<Privilege> {
    privileges
        .split(',')
        .map(php_trim)
        .filter(|item| !item.is_empty())
        .map(|item| match item.split_once(':') {
            Some((name, value)) => Privilege { name: name.to_owned(), value: Some(value.to_owned()) },
            None => Privilege { name: item.to_owned(), value: None },
        })
        .collect()
}

/// A privileges string built item by item, each item checked.
///
/// ```
/// use ksession::Privileges;
/// let p = Privileges::new()
///     .with("sview", Some("0_fld1ro3s"))?
///     .with("setrole", Some("PLAYBACK_BASE_ROLE"))?
///     .with("widget", Some("1"))?;
/// assert_eq!(p.as_str(), "sview:0_fld1ro3s,setrole:PLAYBACK_BASE_ROLE,widget:1");
/// assert_eq!(p, Privileges::entry_viewing("0_fld1ro3s")?);
/// assert!(Privileges::new().with("sview", Some("0_x,*")).is_err());
/// # Ok::<(), ksession::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Privileges(String);

impl Privileges {
    /// No privileges.
    pub const fn new() -> Self {
        Privileges(String::new())
    }

    /// The entry-viewing privileges for one entry:
    /// `sview:ENTRY,setrole:PLAYBACK_BASE_ROLE,widget:1`.
    pub fn entry_viewing(entry_id: &str) -> Result<Self> {
        check_entry_id(entry_id)?;
        let mut s = String::with_capacity(entry_id.len() + 45);
        s.push_str("sview:");
        s.push_str(entry_id);
        s.push_str(",setrole:");
        s.push_str(PLAYBACK_BASE_ROLE);
        s.push_str(",widget:1");
        Ok(Privileges(s))
    }

    /// Appends `name` or `name:value`. A name must not be empty nor hold `,`
    /// `:` `;` `|` or a control character; a value must not hold `,` `;` `|`
    /// or a control character.
    pub fn with(mut self, name: &str, value: Option<&str>) -> Result<Self> {
        self.push(name, value)?;
        Ok(self)
    }

    /// Appends in place; see [`Privileges::with`].
    pub fn push(&mut self, name: &str, value: Option<&str>) -> Result<&mut Self> {
        check_name(name)?;
        if let Some(value) = value {
            check_text(Field::PrivilegeValue, value, &[';', '|', ','])?;
        }
        // The server trims each item: white space at the item's ends would be
        // lost, so the item would not read back as it was given.
        check_item_ends(Field::PrivilegeName, name, true, value.is_none())?;
        if let Some(value) = value {
            check_item_ends(Field::PrivilegeValue, value, false, true)?;
        }
        let added = name.len() + value.map_or(0, |v| v.len() + 1) + usize::from(!self.0.is_empty());
        if self.0.len() + added > MAX_FIELD_LEN {
            return Err(Error::field_error(Field::Privileges, FieldError::TooLong { max: MAX_FIELD_LEN }));
        }
        if !self.0.is_empty() {
            self.0.push(',');
        }
        self.0.push_str(name);
        if let Some(value) = value {
            self.0.push(':');
            self.0.push_str(value);
        }
        Ok(self)
    }

    /// The items, parsed back.
    pub fn items(&self) -> Vec<Privilege> {
        parse_privileges(&self.0)
    }

    /// The privileges string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Privileges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Privileges {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
