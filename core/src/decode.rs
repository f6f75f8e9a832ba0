//! Reading a KS v1 without the secret, and verifying it with one.

use core::fmt;
use core::ops::Range;

use subtle::{Choice, ConstantTimeEq};

use crate::error::{Error, Field, FieldError, Malformed, Result};
use crate::privileges::{Privilege, parse_privileges};
use crate::secret::AdminSecret;
use crate::types::SessionType;
use crate::v1::signature;

/// The longest token accepted, in bytes; longer ones are refused before decoding.
pub const MAX_TOKEN_LEN: usize = 16 * 1024;

/// A decoded KS v1: every field, typed.
///
/// Decoding does not check the signature; [`verify`] does.
#[derive(Clone, PartialEq, Eq)]
pub struct Ks {
    // v1: `SIGNATURE|INFO`, decoded. v2: `HASH|QUERY` followed by the decoded
    // field values. The string fields are ranges into it.
    raw: String,
    version: u8,
    info_end: usize,
    // v1: the signature's 40 hex digits as bytes. v2: the embedded SHA-1.
    signature: [u8; 20],
    partner_id: i64,
    partner_pattern: Range<usize>,
    valid_until: i64,
    session_type: SessionType,
    rand: Range<usize>,
    user_id: Range<usize>,
    privileges: Range<usize>,
    master_partner_id: Option<i64>,
    additional_data: Range<usize>,
    field_count: usize,
}

impl Ks {
    /// The KS version: 1 or 2.
    pub const fn version(&self) -> u8 {
        self.version
    }
    /// v1: the 40 hex digits of the signature. v2: the embedded SHA-1 in hex.
    pub fn signature(&self) -> &str {
        &self.raw[..40]
    }
    /// The signed fields: v1, joined with `;`; v2, the decrypted query string.
    pub fn info(&self) -> &str {
        &self.raw[41..self.info_end]
    }
    /// The partner id. In a KS v2 it stands outside the encrypted part: check
    /// it against the partner whose secret verified the token.
    pub const fn partner_id(&self) -> i64 {
        self.partner_id
    }
    /// The partner pattern (field 2), usually the partner id again.
    pub fn partner_pattern(&self) -> &str {
        &self.raw[self.partner_pattern.clone()]
    }
    /// Unix time after which the KS is expired.
    pub const fn valid_until(&self) -> i64 {
        self.valid_until
    }
    /// The session type.
    pub const fn session_type(&self) -> SessionType {
        self.session_type
    }
    /// v1 field 5: a random number, or the cache window's end in a cached
    /// session. v2: the 16 random bytes in hex.
    pub fn rand(&self) -> &str {
        &self.raw[self.rand.clone()]
    }
    /// The user id (may be empty).
    pub fn user_id(&self) -> &str {
        &self.raw[self.user_id.clone()]
    }
    /// The privileges string.
    pub fn privileges(&self) -> &str {
        &self.raw[self.privileges.clone()]
    }
    /// The privileges, split into items.
    pub fn privilege_items(&self) -> Vec<Privilege> {
        parse_privileges(self.privileges())
    }
    /// The master partner id, when set.
    pub const fn master_partner_id(&self) -> Option<i64> {
        self.master_partner_id
    }
    /// The additional data (a cached session's custom data).
    pub fn additional_data(&self) -> &str {
        &self.raw[self.additional_data.clone()]
    }
    /// How many fields the token carries (v1: 7 from the official clients, 9
    /// from the server and the helper; v2: the query's fields).
    pub const fn field_count(&self) -> usize {
        self.field_count
    }
    /// A widget session: type USER, user `""` or `"0"`, and `widget:1` among the privileges.
    pub fn is_widget_session(&self) -> bool {
        self.session_type == SessionType::User
            && matches!(self.user_id(), "" | "0")
            && self.privilege_items().iter().any(|p| p.name == "widget" && p.value.as_deref() == Some("1"))
    }
    /// Whether the KS is expired at `now` (`valid_until <= now`).
    pub const fn is_expired_at(&self, now: i64) -> bool {
        self.valid_until <= now
    }
}

impl fmt::Debug for Ks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ks")
            .field("version", &self.version())
            .field("partner_id", &self.partner_id)
            .field("partner_pattern", &self.partner_pattern())
            .field("valid_until", &self.valid_until)
            .field("session_type", &self.session_type)
            .field("rand", &self.rand())
            .field("user_id", &self.user_id())
            .field("privileges", &self.privileges())
            .field("master_partner_id", &self.master_partner_id)
            .field("additional_data", &self.additional_data())
            .field("field_count", &self.field_count)
            .finish()
    }
}

const FIELD_NAMES: [&str; 9] = [
    "partner_id",
    "partner_pattern",
    "valid_until",
    "type",
    "rand",
    "user_id",
    "privileges",
    "master_partner_id",
    "additional_data",
];

/// Decodes a KS v1 without checking its signature, as the server reads it:
/// either base64 alphabet, with or without `=` padding.
///
/// ```
/// let ks = ksession::decode("NDZlNTE5ZjExMWY4ZTc1YTVlZDVhMDMwYmZiMzIxYzc0ZWIyNDU1ZnwzMDAwNTgyOzMwMDA1ODI7MTYyMTYxMjIwMDswOzE2MjE1OTQyMDA7Vmlld2VyO3N2aWV3OjBfZmxkMXJvM3Msc2V0cm9sZTpQTEFZQkFDS19CQVNFX1JPTEUsd2lkZ2V0OjE7Ow")?;
/// assert_eq!(ks.partner_id(), 3000582);
/// assert_eq!(ks.valid_until(), 1621612200);
/// assert_eq!(ks.user_id(), "Viewer");
/// assert_eq!(ks.privileges(), "sview:0_fld1ro3s,setrole:PLAYBACK_BASE_ROLE,widget:1");
/// # Ok::<(), ksession::Error>(())
/// ```
pub fn decode(token: &str) -> Result<Ks> {
    let raw = decode_base64(token)?;
    if raw.starts_with(b"v2|") {
        return Err(Error::SecretRequired);
    }
    let raw = String::from_utf8(raw).map_err(|_| Error::MalformedToken(Malformed::NotUtf8))?;
    parse_v1(raw)
}

/// Decodes a KS v1 or v2: v1 without checking its signature (as [`decode`]),
/// v2 by decrypting it with whichever of `secrets` it was made with (the
/// embedded SHA-1 is checked; expiry is not).
pub fn decode_with_secrets(token: &str, secrets: &[AdminSecret]) -> Result<Ks> {
    let raw = decode_base64(token)?;
    if raw.starts_with(b"v2|") {
        if secrets.is_empty() {
            return Err(Error::SecretRequired);
        }
        return decode_v2(&raw, secrets);
    }
    let raw = String::from_utf8(raw).map_err(|_| Error::MalformedToken(Malformed::NotUtf8))?;
    parse_v1(raw)
}

fn decode_v2(raw: &[u8], secrets: &[AdminSecret]) -> Result<Ks> {
    let (partner_id, ciphertext) = crate::v2::split_v2(raw)?;
    let plain = crate::v2::decrypt(secrets, ciphertext)?;
    crate::v2::parse_plaintext(partner_id, &plain)
}

/// The partner id a token names, read without any secret: v1's is signed
/// (but not checked here), v2's stands outside the encryption and is not
/// authenticated at all. Use it to choose which partner's secrets to verify with.
///
/// ```
/// let ks = "NDZlNTE5ZjExMWY4ZTc1YTVlZDVhMDMwYmZiMzIxYzc0ZWIyNDU1ZnwzMDAwNTgyOzMwMDA1ODI7MTYyMTYxMjIwMDswOzE2MjE1OTQyMDA7Vmlld2VyO3N2aWV3OjBfZmxkMXJvM3Msc2V0cm9sZTpQTEFZQkFDS19CQVNFX1JPTEUsd2lkZ2V0OjE7Ow==";
/// assert_eq!(ksession::token_partner_id(ks)?, 3000582);
/// # Ok::<(), ksession::Error>(())
/// ```
pub fn token_partner_id(token: &str) -> Result<i64> {
    let raw = decode_base64(token)?;
    if raw.starts_with(b"v2|") {
        return Ok(crate::v2::split_v2(&raw)?.0);
    }
    let raw = String::from_utf8(raw).map_err(|_| Error::MalformedToken(Malformed::NotUtf8))?;
    Ok(parse_v1(raw)?.partner_id)
}

/// The pieces of a decrypted KS v2.
pub(crate) struct V2Parts<'a> {
    pub hash: [u8; 20],
    pub hash_hex: [u8; 40],
    pub query: &'a str,
    pub partner_id: i64,
    pub valid_until: i64,
    pub session_type: SessionType,
    pub rand: &'a str,
    pub user_id: &'a str,
    pub privileges: &'a str,
    pub master_partner_id: Option<i64>,
    pub additional_data: &'a str,
    pub field_count: usize,
}

impl Ks {
    pub(crate) fn from_v2(p: V2Parts<'_>) -> Ks {
        let mut raw = String::with_capacity(64 + p.query.len() + p.user_id.len() + p.privileges.len());
        raw.extend(p.hash_hex.iter().map(|&b| char::from(b)));
        raw.push('|');
        raw.push_str(p.query);
        let info_end = raw.len();
        let mut push = |s: &str| {
            let start = raw.len();
            raw.push_str(s);
            start..raw.len()
        };
        let partner_pattern = push(itoa::Buffer::new().format(p.partner_id));
        let rand = push(p.rand);
        let user_id = push(p.user_id);
        let privileges = push(p.privileges);
        let additional_data = push(p.additional_data);
        Ks {
            raw,
            version: 2,
            info_end,
            signature: p.hash,
            partner_id: p.partner_id,
            partner_pattern,
            valid_until: p.valid_until,
            session_type: p.session_type,
            rand,
            user_id,
            privileges,
            master_partner_id: p.master_partner_id,
            additional_data,
            field_count: p.field_count,
        }
    }
}

fn decode_base64(token: &str) -> Result<Vec<u8>> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::TokenTooLarge { len: token.len() });
    }
    // The server accepts tokens with or without `=` padding.
    let bytes = token.trim_end_matches('=').as_bytes();
    if bytes.is_empty() {
        return Err(Error::MalformedToken(Malformed::Empty));
    }
    // One pass without early exit, so the compiler vectorizes it.
    let (mut url, mut standard) = (0u8, 0u8);
    for &b in bytes {
        url |= u8::from(b == b'-') | u8::from(b == b'_');
        standard |= u8::from(b == b'+') | u8::from(b == b'/');
    }
    let decoded = match (url != 0, standard != 0) {
        (true, true) => {
            // Mixed alphabets: the server maps `-_` to `+/` first, so do the same.
            let mapped: Vec<u8> = bytes
                .iter()
                .map(|&b| match b {
                    b'-' => b'+',
                    b'_' => b'/',
                    b => b,
                })
                .collect();
            base64_simd::STANDARD_NO_PAD.decode_to_vec(mapped)
        }
        (true, false) => base64_simd::URL_SAFE_NO_PAD.decode_to_vec(bytes),
        _ => base64_simd::STANDARD_NO_PAD.decode_to_vec(bytes),
    };
    decoded.map_err(|_| Error::MalformedToken(if bytes.contains(&b' ') { Malformed::Space } else { Malformed::Base64 }))
}

/// Lowercase hex digit values; 0xff marks every other byte.
const HEX_VALUE: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// The signature's bytes, when it is exactly 40 lowercase hex digits (the
/// server compares the hex strings, so uppercase never verifies).
fn parse_signature(raw: &str) -> Option<[u8; 20]> {
    let hex = raw.as_bytes().get(..40)?;
    let mut out = [0u8; 20];
    let mut bad = 0u8;
    for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
        let (hi, lo) = (HEX_VALUE[usize::from(pair[0])], HEX_VALUE[usize::from(pair[1])]);
        bad |= (hi | lo) & 0xf0;
        *byte = (hi << 4) | (lo & 0x0f);
    }
    (bad == 0).then_some(out)
}

/// Whether any byte of `s` starts a control character: C0, DEL, or C1
/// (U+0080..U+009F, encoded 0xC2 0x80..0x9F). A fast byte scan first; the
/// exact check runs only when a candidate byte is present.
pub(crate) fn has_control(s: &str) -> bool {
    let mut candidate = 0u8;
    for b in s.bytes() {
        candidate |= u8::from(b < 0x20) | u8::from(b == 0x7f) | u8::from(b == 0xc2);
    }
    candidate != 0 && s.chars().any(char::is_control)
}

fn parse_int(raw: &str, field: usize) -> Result<i64> {
    raw.parse().map_err(|_| Error::MalformedToken(Malformed::NotAnInteger(FIELD_NAMES[field])))
}

fn parse_v1(raw: String) -> Result<Ks> {
    let signature = match parse_signature(&raw) {
        Some(sig) if raw.as_bytes().get(40) == Some(&b'|') => sig,
        _ if !raw.contains('|') => return Err(Error::MalformedToken(Malformed::NoSeparator)),
        _ => return Err(Error::MalformedToken(Malformed::Signature)),
    };
    // Field boundaries: a byte loop beats a searcher on ~200 bytes.
    let mut ranges: [Range<usize>; 9] = Default::default();
    let mut count = 0;
    let mut start = 41;
    for (i, &b) in raw.as_bytes().iter().enumerate().skip(41) {
        if b == b';' {
            if count < 9 {
                ranges[count] = start..i;
            }
            count += 1;
            start = i + 1;
        }
    }
    if count < 9 {
        ranges[count] = start..raw.len();
    }
    count += 1;
    if !(3..=9).contains(&count) {
        return Err(Error::MalformedToken(Malformed::FieldCount(count)));
    }
    if has_control(&raw[41..]) {
        let at = ranges.iter().position(|r| has_control(&raw[r.clone()])).unwrap_or(0);
        return Err(Error::MalformedToken(Malformed::ControlChar(FIELD_NAMES[at])));
    }
    let field = |i: usize| &raw[ranges[i].clone()];
    let partner_id = parse_int(field(0), 0)?;
    let valid_until = parse_int(field(2), 2)?;
    // Absent fields read as the server reads them: type 0, everything else empty.
    let session_type = if count > 3 { SessionType::from_code(parse_int(field(3), 3)?) } else { SessionType::User };
    let master_partner_id = match field(7) {
        "" => None,
        m => Some(parse_int(m, 7)?),
    };
    let [_, partner_pattern, _, _, rand, user_id, privileges, _, additional_data] = ranges;
    Ok(Ks {
        version: 1,
        info_end: raw.len(),
        signature,
        partner_id,
        partner_pattern,
        valid_until,
        session_type,
        rand,
        user_id,
        privileges,
        master_partner_id,
        additional_data,
        field_count: count,
        raw,
    })
}

/// Verifies a KS v1 or v2 against one or several admin secrets (key
/// rotation) at `now`, allowing `leeway` seconds past `valid_until`.
///
/// v1: the signature is compared in constant time against every secret. v2:
/// the token is decrypted with every secret and its embedded SHA-1 checked.
/// Then the expiry is checked (`valid_until + leeway <= now` is expired).
/// Returns the decoded token when it is valid.
///
/// ```
/// use ksession::*;
/// let secret = AdminSecret::new("0123456789abcdef0123456789abcdef")?;
/// let ks = generate_cached_entry_viewing_session(&secret, &CachedEntryViewingSession::new(3000582, "0_x"), 1_700_000_000)?;
/// assert_eq!(verify(&ks, std::slice::from_ref(&secret), 1_700_000_000, 0)?.privileges(), "sview:0_x,setrole:PLAYBACK_BASE_ROLE,widget:1");
/// assert_eq!(verify(&ks, &[secret], 1_800_000_000, 0).unwrap_err().kind(), ErrorKind::Expired);
/// # Ok::<(), ksession::Error>(())
/// ```
pub fn verify(token: &str, secrets: &[AdminSecret], now: i64, leeway: u32) -> Result<Ks> {
    if secrets.is_empty() {
        return Err(Error::field_error(Field::AdminSecret, FieldError::Empty));
    }
    let raw = decode_base64(token)?;
    if raw.starts_with(b"v2|") {
        let ks = decode_v2(&raw, secrets)?;
        return check_expiry(ks, now, leeway);
    }
    let raw = String::from_utf8(raw).map_err(|_| Error::MalformedToken(Malformed::NotUtf8))?;
    let ks = parse_v1(raw)?;
    let info = ks.info().as_bytes();
    // Raw digests are compared in constant time; every secret is tried,
    // whatever matched, so timing says nothing about which one did.
    let mut matched = Choice::from(0);
    for secret in secrets {
        matched |= signature(secret, info).ct_eq(&ks.signature);
    }
    if !bool::from(matched) {
        return Err(Error::InvalidSignature);
    }
    check_expiry(ks, now, leeway)
}

fn check_expiry(ks: Ks, now: i64, leeway: u32) -> Result<Ks> {
    if ks.valid_until.saturating_add(i64::from(leeway)) <= now {
        return Err(Error::Expired { valid_until: ks.valid_until, now });
    }
    Ok(ks)
}
