//! KS v1 generation: cached (the platform helper's) and plain (the official clients').

use sha1::{Digest, Sha1};

use crate::error::{Error, Field, FieldError, Result};
use crate::privileges::{PLAYBACK_BASE_ROLE, V1_SEPARATORS, check_entry_id, check_text};
use crate::secret::AdminSecret;
use crate::types::{Alphabet, Layout, SessionType};

/// Default expiry of the platform helper, in seconds.
pub const DEFAULT_EXPIRY: i64 = 86_400;
/// Default cache window of the platform helper, in seconds.
pub const DEFAULT_CACHE: i64 = 60;

/// The inputs of a cached entry-viewing session (the platform helper's
/// `generateCachedEntryViewingSession`): type USER and privileges
/// `sview:ENTRY,setrole:PLAYBACK_BASE_ROLE,widget:1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedEntryViewingSession<'a> {
    /// The partner id.
    pub partner_id: i64,
    /// The entry the session may play: ASCII letters, digits, `_` and `-`.
    pub entry_id: &'a str,
    /// The user id; may be empty.
    pub user_id: &'a str,
    /// Seconds the token stays valid after its cache window ends.
    pub expiry: i64,
    /// The cache window in seconds: every call within one window gives the same token.
    pub cache: i64,
    /// Free text written as the token's additional data.
    pub custom: &'a str,
    /// The base64 alphabet of the token.
    pub alphabet: Alphabet,
}

impl<'a> CachedEntryViewingSession<'a> {
    /// The helper's defaults: empty user, expiry 86400 s, cache 60 s, no custom data.
    pub const fn new(partner_id: i64, entry_id: &'a str) -> Self {
        CachedEntryViewingSession {
            partner_id,
            entry_id,
            user_id: "",
            expiry: DEFAULT_EXPIRY,
            cache: DEFAULT_CACHE,
            custom: "",
            alphabet: Alphabet::Standard,
        }
    }
}

/// The inputs of a generic cached session (the platform helper's `generateCachedSession`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedSession<'a> {
    /// The partner id.
    pub partner_id: i64,
    /// The session type.
    pub session_type: SessionType,
    /// The user id; may be empty.
    pub user_id: &'a str,
    /// The privileges string (see [`Privileges`](crate::Privileges) to build one).
    pub privileges: &'a str,
    /// Seconds the token stays valid after its cache window ends.
    pub expiry: i64,
    /// The cache window in seconds.
    pub cache: i64,
    /// Free text written as the token's additional data.
    pub custom: &'a str,
    /// The base64 alphabet of the token.
    pub alphabet: Alphabet,
}

impl<'a> CachedSession<'a> {
    /// The helper's defaults: empty user, no privileges, expiry 86400 s, cache 60 s.
    pub const fn new(partner_id: i64, session_type: SessionType) -> Self {
        CachedSession {
            partner_id,
            session_type,
            user_id: "",
            privileges: "",
            expiry: DEFAULT_EXPIRY,
            cache: DEFAULT_CACHE,
            custom: "",
            alphabet: Alphabet::Standard,
        }
    }
}

/// The inputs of a plain KS v1, as the official clients and the server make it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session<'a> {
    /// The partner id.
    pub partner_id: i64,
    /// The session type.
    pub session_type: SessionType,
    /// The user id; may be empty.
    pub user_id: &'a str,
    /// The privileges string.
    pub privileges: &'a str,
    /// Seconds from `now` until the token expires.
    pub expiry: i64,
    /// The master partner id (9-field layout only).
    pub master_partner_id: Option<i64>,
    /// Additional data (9-field layout only).
    pub additional_data: &'a str,
    /// 9 fields (the server's, the default) or 7 (the official clients').
    pub layout: Layout,
    /// The base64 alphabet of the token.
    pub alphabet: Alphabet,
}

impl<'a> Session<'a> {
    /// Defaults: empty user, no privileges, expiry 86400 s, 9-field layout.
    pub const fn new(partner_id: i64, session_type: SessionType) -> Self {
        Session {
            partner_id,
            session_type,
            user_id: "",
            privileges: "",
            expiry: DEFAULT_EXPIRY,
            master_partner_id: None,
            additional_data: "",
            layout: Layout::Server,
            alphabet: Alphabet::Standard,
        }
    }
}

/// The end of the cache window holding `now`: the NEXT multiple of `cache`
/// (a full window ahead when `now` is already a multiple), as the helper computes it.
///
/// ```
/// assert_eq!(ksession::cache_window_end(1621594000, 600)?, 1621594200);
/// assert_eq!(ksession::cache_window_end(1200, 600)?, 1800);
/// # Ok::<(), ksession::Error>(())
/// ```
pub fn cache_window_end(now: i64, cache: i64) -> Result<i64> {
    if cache <= 0 {
        return Err(Error::field_error(Field::Cache, FieldError::NotPositive(cache)));
    }
    check_now(now)?;
    (now - now % cache).checked_add(cache).ok_or(Error::field_error(Field::Cache, FieldError::Overflow))
}

fn check_now(now: i64) -> Result<()> {
    if now < 0 {
        return Err(Error::field_error(Field::Now, FieldError::Negative(now)));
    }
    Ok(())
}

fn check_expiry(expiry: i64) -> Result<()> {
    if expiry <= 0 {
        return Err(Error::field_error(Field::Expiry, FieldError::NotPositive(expiry)));
    }
    Ok(())
}

fn add_expiry(start: i64, expiry: i64) -> Result<i64> {
    start.checked_add(expiry).ok_or(Error::field_error(Field::Expiry, FieldError::Overflow))
}

/// Checks a cached entry-viewing session's inputs; returns the window end and `valid_until`.
/// `forbidden`: [`V1_SEPARATORS`] for v1, nothing for v2.
pub(crate) fn check_cached_entry_viewing_session(
    params: &CachedEntryViewingSession<'_>,
    now: i64,
    forbidden: &[char],
) -> Result<(i64, i64)> {
    check_entry_id(params.entry_id)?;
    check_text(Field::UserId, params.user_id, forbidden)?;
    check_text(Field::Custom, params.custom, forbidden)?;
    cached_times(now, params.cache, params.expiry)
}

/// Checks a cached session's inputs; returns the window end and `valid_until`.
pub(crate) fn check_cached_session(params: &CachedSession<'_>, now: i64, forbidden: &[char]) -> Result<(i64, i64)> {
    check_text(Field::UserId, params.user_id, forbidden)?;
    check_text(Field::Privileges, params.privileges, forbidden)?;
    check_text(Field::Custom, params.custom, forbidden)?;
    cached_times(now, params.cache, params.expiry)
}

fn cached_times(now: i64, cache: i64, expiry: i64) -> Result<(i64, i64)> {
    check_expiry(expiry)?;
    let rounded = cache_window_end(now, cache)?;
    Ok((rounded, add_expiry(rounded, expiry)?))
}

/// Checks a plain session's inputs; returns `valid_until`.
pub(crate) fn check_session(params: &Session<'_>, now: i64, forbidden: &[char]) -> Result<i64> {
    check_now(now)?;
    check_text(Field::UserId, params.user_id, forbidden)?;
    check_text(Field::Privileges, params.privileges, forbidden)?;
    check_text(Field::AdditionalData, params.additional_data, forbidden)?;
    check_expiry(params.expiry)?;
    if params.layout == Layout::Client {
        if params.master_partner_id.is_some() {
            return Err(Error::field_error(Field::MasterPartnerId, FieldError::NotInLayout));
        }
        if !params.additional_data.is_empty() {
            return Err(Error::field_error(Field::AdditionalData, FieldError::NotInLayout));
        }
    }
    add_expiry(now, params.expiry)
}

/// Mints the cached entry-viewing KS v1 for `now`, byte-identical to the
/// platform helper's `generateCachedEntryViewingSession`.
///
/// ```
/// use ksession::{AdminSecret, CachedEntryViewingSession, generate_cached_entry_viewing_session};
/// let secret = AdminSecret::new("0123456789abcdef0123456789abcdef")?;
/// let params = CachedEntryViewingSession {
///     user_id: "Viewer", expiry: 18000, cache: 600,
///     ..CachedEntryViewingSession::new(3000582, "0_fld1ro3s")
/// };
/// let ks = generate_cached_entry_viewing_session(&secret, &params, 1621594000)?;
/// assert!(ks.starts_with("NDZlNTE5ZjExMWY4ZTc1YTVl"));
/// # Ok::<(), ksession::Error>(())
/// ```
pub fn generate_cached_entry_viewing_session(
    secret: &AdminSecret,
    params: &CachedEntryViewingSession<'_>,
    now: i64,
) -> Result<String> {
    let (rounded, valid_until) = check_cached_entry_viewing_session(params, now, V1_SEPARATORS)?;
    let mut w = InfoWriter::new(params.entry_id.len() + params.user_id.len() + params.custom.len() + 130);
    w.partner(params.partner_id);
    w.int(valid_until);
    w.sep();
    w.int(SessionType::User.code());
    w.sep();
    w.int(rounded);
    w.sep();
    w.text(params.user_id);
    w.sep();
    w.text("sview:");
    w.text(params.entry_id);
    w.text(",setrole:");
    w.text(PLAYBACK_BASE_ROLE);
    w.text(",widget:1;;");
    w.text(params.custom);
    Ok(w.sign(secret, params.alphabet))
}

/// Mints a generic cached KS v1 for `now`, byte-identical to the platform
/// helper's `generateCachedSession`.
pub fn generate_cached_session(secret: &AdminSecret, params: &CachedSession<'_>, now: i64) -> Result<String> {
    let (rounded, valid_until) = check_cached_session(params, now, V1_SEPARATORS)?;
    let mut w = InfoWriter::new(params.user_id.len() + params.privileges.len() + params.custom.len() + 100);
    w.partner(params.partner_id);
    w.int(valid_until);
    w.sep();
    w.int(params.session_type.code());
    w.sep();
    w.int(rounded);
    w.sep();
    w.text(params.user_id);
    w.sep();
    w.text(params.privileges);
    w.text(";;");
    w.text(params.custom);
    Ok(w.sign(secret, params.alphabet))
}

/// Mints a plain KS v1 with a random `rand` (0 to 2^31 - 1, from the
/// operating system), valid until `now + expiry`.
pub fn generate_session(secret: &AdminSecret, params: &Session<'_>, now: i64) -> Result<String> {
    let mut bytes = [0u8; 4];
    // The OS generator failing is not an input error; fall back to the time's
    // low bits, which is what the official clients' `rand()` amounts to.
    let rand = match getrandom::fill(&mut bytes) {
        Ok(()) => u32::from_le_bytes(bytes) & 0x7fff_ffff,
        Err(_) => (now as u32) & 0x7fff_ffff,
    };
    generate_session_with_rand(secret, params, now, rand)
}

/// Mints a plain KS v1 with the given `rand`: the exact form, for tests and
/// for callers that bring their own randomness.
pub fn generate_session_with_rand(secret: &AdminSecret, params: &Session<'_>, now: i64, rand: u32) -> Result<String> {
    let valid_until = check_session(params, now, V1_SEPARATORS)?;
    let mut w = InfoWriter::new(params.user_id.len() + params.privileges.len() + params.additional_data.len() + 120);
    w.partner(params.partner_id);
    w.int(valid_until);
    w.sep();
    w.int(params.session_type.code());
    w.sep();
    w.int(i64::from(rand));
    w.sep();
    w.text(params.user_id);
    w.sep();
    w.text(params.privileges);
    if params.layout == Layout::Server {
        w.sep();
        if let Some(master) = params.master_partner_id {
            w.int(master);
        }
        w.sep();
        w.text(params.additional_data);
    }
    Ok(w.sign(secret, params.alphabet))
}

const SIG_LEN: usize = 40;
const HEADER_LEN: usize = SIG_LEN + 1;

/// Builds `SIGNATURE|INFO` in one buffer: INFO is written after a 41-byte
/// gap that the signature fills once INFO is complete.
struct InfoWriter(Vec<u8>);

impl InfoWriter {
    fn new(info_capacity: usize) -> Self {
        let mut buf = Vec::with_capacity(HEADER_LEN + info_capacity);
        buf.resize(HEADER_LEN, b'|');
        InfoWriter(buf)
    }

    fn int(&mut self, n: i64) {
        let mut b = itoa::Buffer::new();
        self.0.extend_from_slice(b.format(n).as_bytes());
    }

    /// `PARTNER;PARTNER;`: the partner id and the partner pattern.
    fn partner(&mut self, partner_id: i64) {
        let mut b = itoa::Buffer::new();
        let p = b.format(partner_id).as_bytes();
        for _ in 0..2 {
            self.0.extend_from_slice(p);
            self.0.push(b';');
        }
    }

    fn text(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    fn sep(&mut self) {
        self.0.push(b';');
    }

    fn sign(mut self, secret: &AdminSecret, alphabet: Alphabet) -> String {
        let digest = signature(secret, &self.0[HEADER_LEN..]);
        // The signature is public (it is the token's first 40 characters), so a
        // table lookup is fine here.
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for (pair, byte) in self.0[..SIG_LEN].chunks_exact_mut(2).zip(digest) {
            pair[0] = HEX[usize::from(byte >> 4)];
            pair[1] = HEX[usize::from(byte & 0xf)];
        }
        // base64-simd: a 260-byte token encodes in a third of the time of a
        // scalar encoder, which matters next to a ~200 ns SHA-1.
        match alphabet {
            Alphabet::Standard => base64_simd::STANDARD.encode_to_string(&self.0),
            Alphabet::UrlSafe => base64_simd::URL_SAFE.encode_to_string(&self.0),
        }
    }
}

/// SHA-1 of the secret followed by INFO: the KS v1 signature, raw.
pub(crate) fn signature(secret: &AdminSecret, info: &[u8]) -> [u8; 20] {
    Sha1::new().chain_update(secret.expose()).chain_update(info).finalize().into()
}
