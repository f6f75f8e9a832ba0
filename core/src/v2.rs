//! KS v2: the fields as a form-encoded query, hashed, encrypted with AES-128-CBC.
//!
//! ```text
//! query      = privileges as fields, then _e (valid_until), _t (type), _u (user), [_m, _d]
//! plaintext  = SHA-1(R || query) || R || query, zero-padded to 16 bytes
//! ciphertext = AES-128-CBC(key = SHA-1(admin secret)[..16], IV = 0, no PKCS#7)
//! token      = base64url("v2|" PARTNER "|" ciphertext), `=` padding kept
//! ```
//!
//! Fields are form-encoded, so `;` and `|` are safe in them (v1 refuses them);
//! control characters are refused in both versions.
//!
//! `R` is 16 random bytes from the operating system; in a cached v2 token it is
//! `HMAC-SHA256(admin secret, "ksession cached v2" 0x00 PARTNER 0x00 query)[..16]`,
//! so every call in one cache window with the same inputs gives the same token,
//! and nobody without the secret can predict it.

use std::borrow::Cow;

use aes::Aes128;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit, block_padding::NoPadding};
use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

use crate::decode::{Ks, MAX_TOKEN_LEN, has_control};
use crate::error::{Error, Field, FieldError, Malformed, Result};
use crate::privileges::{PLAYBACK_BASE_ROLE, php_trim};
use crate::secret::AdminSecret;
use crate::types::SessionType;
use crate::v1::{
    CachedEntryViewingSession, CachedSession, Session, check_cached_entry_viewing_session, check_cached_session,
    check_session,
};

const RESERVED: [&str; 5] = ["_e", "_t", "_u", "_m", "_d"];
const CACHED_LABEL: &[u8] = b"ksession cached v2\0";

/// The fields of a v2 token, in order; a repeated name keeps its first place
/// and its last value, as PHP arrays (and so the server) do.
struct Fields<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> Fields<'a> {
    fn set(&mut self, name: Cow<'a, str>, value: Cow<'a, str>) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }
}

/// The privileges as v2 fields, borrowed from the string: split on `,`,
/// trimmed, `*` as `all:*`, split at the first `:`; a repeated name keeps its
/// first place and its last value.
fn privilege_fields(privileges: &str) -> Result<Vec<(&str, &str)>> {
    let mut fields: Vec<(&str, &str)> = Vec::new();
    for item in privileges.split(',').map(php_trim).filter(|i| !i.is_empty()) {
        let item = if item == "*" { "all:*" } else { item };
        let (name, value) = item.split_once(':').unwrap_or((item, ""));
        // The server's parse_str drops an empty name: refuse it rather than lose it.
        if name.is_empty() {
            return Err(Error::field_error(Field::PrivilegeName, FieldError::Empty));
        }
        if RESERVED.contains(&name) {
            return Err(Error::field_error(Field::Privileges, FieldError::ReservedName(name.to_owned())));
        }
        match fields.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => fields.push((name, value)),
        }
    }
    Ok(fields)
}

/// PHP's `urlencode`: letters, digits and `-_.` stay, space becomes `+`,
/// every other byte `%XX` (so `~` and `*` are encoded, unlike Python's `urlencode`).
fn url_encode(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b),
            b' ' => out.push(b'+'),
            _ => out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]),
        }
    }
}

/// Form decoding, lenient as PHP's `parse_str`: `+` is a space, `%XX` a byte,
/// anything else (`~`, `*`, a stray `%`) itself.
fn url_decode(s: &str) -> Result<Cow<'_, str>> {
    let b = s.as_bytes();
    if !b.iter().any(|&c| c == b'%' || c == b'+') {
        return Ok(Cow::Borrowed(s));
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).map(Cow::Owned).map_err(|_| Error::MalformedToken(Malformed::NotUtf8))
}

fn aes_key(secret: &AdminSecret) -> Zeroizing<[u8; 16]> {
    let digest: Zeroizing<[u8; 20]> = Zeroizing::new(Sha1::digest(secret.expose()).into());
    let mut key = Zeroizing::new([0u8; 16]);
    key.copy_from_slice(&digest[..16]);
    key
}

/// `v2|PARTNER|` and the encrypted plaintext, in one buffer encrypted in place.
fn encrypt(secret: &AdminSecret, partner_id: i64, random: &[u8; 16], query: &[u8]) -> Result<String> {
    let mut partner = itoa::Buffer::new();
    let partner = partner.format(partner_id).as_bytes();
    let head = 3 + partner.len() + 1;
    let padded = (36 + query.len()).div_ceil(16) * 16;
    // Form encoding can triple a field's size: refuse a token that no reader would accept.
    let len = (head + padded).div_ceil(3) * 4;
    if len > MAX_TOKEN_LEN {
        return Err(Error::TokenTooLarge { len });
    }
    let mut raw = Zeroizing::new(Vec::with_capacity(head + padded));
    raw.extend_from_slice(b"v2|");
    raw.extend_from_slice(partner);
    raw.push(b'|');
    raw.extend_from_slice(&Sha1::new().chain_update(random).chain_update(query).finalize());
    raw.extend_from_slice(random);
    raw.extend_from_slice(query);
    raw.resize(head + padded, 0);
    let cipher = cbc::Encryptor::<Aes128>::new(aes_key(secret).as_ref().into(), &[0u8; 16].into());
    cipher.encrypt_padded_mut::<NoPadding>(&mut raw[head..], padded).expect("the buffer is a whole number of blocks");
    Ok(base64_simd::URL_SAFE.encode_to_string(&raw[..]))
}

/// The query: the privileges, then `_e _t _u`, and `_m _d` when set, form-encoded
/// as PHP's `http_build_query` writes it.
fn query_for(
    privileges: &str,
    valid_until: i64,
    session_type: SessionType,
    user_id: &str,
    master: Option<i64>,
    data: &str,
) -> Result<Vec<u8>> {
    let mut q = Vec::with_capacity(privileges.len() + user_id.len() + data.len() + 64);
    let mut pair = |name: &str, value: &str| {
        if !q.is_empty() {
            q.push(b'&');
        }
        url_encode(name, &mut q);
        q.push(b'=');
        url_encode(value, &mut q);
    };
    for (name, value) in privilege_fields(privileges)? {
        pair(name, value);
    }
    let (mut e, mut t) = (itoa::Buffer::new(), itoa::Buffer::new());
    pair("_e", e.format(valid_until));
    pair("_t", t.format(session_type.code()));
    pair("_u", user_id);
    if let Some(m) = master {
        pair("_m", itoa::Buffer::new().format(m));
    }
    if !data.is_empty() {
        pair("_d", data);
    }
    Ok(q)
}

fn os_random() -> Result<[u8; 16]> {
    let mut r = [0u8; 16];
    getrandom::fill(&mut r).map_err(|_| Error::RandomUnavailable)?;
    Ok(r)
}

fn cached_random(secret: &AdminSecret, partner_id: i64, query: &[u8]) -> [u8; 16] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose()).expect("HMAC takes keys of any length");
    mac.update(CACHED_LABEL);
    mac.update(itoa::Buffer::new().format(partner_id).as_bytes());
    mac.update(b"\0");
    mac.update(query);
    let tag = mac.finalize().into_bytes();
    let mut r = [0u8; 16];
    r.copy_from_slice(&tag[..16]);
    r
}

/// Mints a KS v2 with 16 random bytes from the operating system. The layout
/// and alphabet of `params` do not apply: v2 is always the URL-safe alphabet,
/// with `_m` and `_d` written when set.
pub fn generate_session_v2(secret: &AdminSecret, params: &Session<'_>, now: i64) -> Result<String> {
    let random = os_random()?;
    generate_session_v2_with_random(secret, params, now, &random)
}

/// Mints a KS v2 with the given "random" bytes: the exact form, for test
/// vectors. Real tokens need [`generate_session_v2`].
pub fn generate_session_v2_with_random(
    secret: &AdminSecret,
    params: &Session<'_>,
    now: i64,
    random: &[u8; 16],
) -> Result<String> {
    let valid_until = check_session(&Session { layout: crate::Layout::Server, ..params.clone() }, now, &[])?;
    let query = query_for(
        params.privileges,
        valid_until,
        params.session_type,
        params.user_id,
        params.master_partner_id,
        params.additional_data,
    )?;
    encrypt(secret, params.partner_id, random, &query)
}

/// Mints a cached KS v2: like [`generate_cached_session`](crate::generate_cached_session),
/// the same inputs in one cache window give the same token. The custom data
/// is written as `_d`.
pub fn generate_cached_session_v2(secret: &AdminSecret, params: &CachedSession<'_>, now: i64) -> Result<String> {
    let (_, valid_until) = check_cached_session(params, now, &[])?;
    let query = query_for(params.privileges, valid_until, params.session_type, params.user_id, None, params.custom)?;
    encrypt(secret, params.partner_id, &cached_random(secret, params.partner_id, &query), &query)
}

/// Mints a cached entry-viewing KS v2 (type USER, privileges
/// `sview:ENTRY,setrole:PLAYBACK_BASE_ROLE,widget:1`).
pub fn generate_cached_entry_viewing_session_v2(
    secret: &AdminSecret,
    params: &CachedEntryViewingSession<'_>,
    now: i64,
) -> Result<String> {
    let (_, valid_until) = check_cached_entry_viewing_session(params, now, &[])?;
    let privileges = format!("sview:{},setrole:{PLAYBACK_BASE_ROLE},widget:1", params.entry_id);
    let query = query_for(&privileges, valid_until, SessionType::User, params.user_id, None, params.custom)?;
    encrypt(secret, params.partner_id, &cached_random(secret, params.partner_id, &query), &query)
}

/// Splits a decoded `v2|PARTNER|ciphertext`.
pub(crate) fn split_v2(raw: &[u8]) -> Result<(i64, &[u8])> {
    let rest = &raw[3..];
    let sep = rest.iter().position(|&b| b == b'|').ok_or(Error::MalformedToken(Malformed::NoSeparator))?;
    // Only the canonical spelling: `+5` or `005` would be one token in several guises.
    let text = &rest[..sep];
    let partner_id = std::str::from_utf8(text)
        .ok()
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| itoa::Buffer::new().format(*p).as_bytes() == text)
        .ok_or(Error::MalformedToken(Malformed::NotAnInteger("partner_id")))?;
    let ciphertext = &rest[sep + 1..];
    if ciphertext.is_empty() || ciphertext.len() % 16 != 0 {
        return Err(Error::MalformedToken(Malformed::V2Ciphertext(ciphertext.len())));
    }
    Ok((partner_id, ciphertext))
}

/// Decrypts with every secret; returns the plaintext (hash, R, query) of the
/// one whose embedded SHA-1 matches. Every secret is tried, whatever matched.
pub(crate) fn decrypt(secrets: &[AdminSecret], ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let mut found: Option<Zeroizing<Vec<u8>>> = None;
    let mut matched = Choice::from(0);
    for secret in secrets {
        let mut buf = Zeroizing::new(ciphertext.to_vec());
        let cipher = cbc::Decryptor::<Aes128>::new(aes_key(secret).as_ref().into(), &[0u8; 16].into());
        let len = match cipher.decrypt_padded_mut::<NoPadding>(&mut buf) {
            Ok(plain) => plain.len(),
            Err(_) => continue,
        };
        // The server strips the zero padding with rtrim("\0").
        let end = buf[..len].iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        let ok = if end >= 36 {
            let hash = Sha1::digest(&buf[20..end]);
            hash.as_slice().ct_eq(&buf[..20])
        } else {
            Choice::from(0)
        };
        let take = ok & !matched;
        matched |= ok;
        if bool::from(take) {
            buf.truncate(end);
            found = Some(buf);
        }
    }
    found.ok_or(Error::InvalidSignature)
}

/// Builds the decoded token from a verified plaintext.
pub(crate) fn parse_plaintext(partner_id: i64, plain: &[u8]) -> Result<Ks> {
    let query = std::str::from_utf8(&plain[36..]).map_err(|_| Error::MalformedToken(Malformed::NotUtf8))?;
    let mut fields = Fields(Vec::new());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        fields.set(url_decode(name)?, url_decode(value)?);
    }
    let mut valid_until = None;
    let mut session_type = SessionType::User;
    let (mut user_id, mut additional_data, mut master_partner_id) = (Cow::Borrowed(""), Cow::Borrowed(""), None);
    let mut privileges = String::new();
    let int = |v: &str, field: &'static str| {
        v.parse::<i64>().map_err(|_| Error::MalformedToken(Malformed::NotAnInteger(field)))
    };
    let count = fields.0.len();
    for (name, value) in fields.0 {
        if has_control(&name) || has_control(&value) {
            let field = match &*name {
                "_u" => "user_id",
                "_d" => "additional_data",
                "_e" => "valid_until",
                "_t" => "type",
                "_m" => "master_partner_id",
                _ => "privileges",
            };
            return Err(Error::MalformedToken(Malformed::ControlChar(field)));
        }
        match &*name {
            "_e" => valid_until = Some(int(&value, "valid_until")?),
            "_t" => session_type = SessionType::from_code(int(&value, "type")?),
            "_u" => user_id = value,
            "_m" => master_partner_id = if value.is_empty() { None } else { Some(int(&value, "master_partner_id")?) },
            "_d" => additional_data = value,
            _ => {
                if !privileges.is_empty() {
                    privileges.push(',');
                }
                if name == "all" && value == "*" {
                    privileges.push('*');
                } else {
                    privileges.push_str(&name);
                    if !value.is_empty() {
                        privileges.push(':');
                        privileges.push_str(&value);
                    }
                }
            }
        }
    }
    let valid_until = valid_until.ok_or(Error::MalformedToken(Malformed::MissingField("_e")))?;
    let mut hash_hex = [0u8; 40];
    for (pair, byte) in hash_hex.chunks_exact_mut(2).zip(&plain[..20]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        pair[0] = HEX[usize::from(byte >> 4)];
        pair[1] = HEX[usize::from(byte & 0xf)];
    }
    let mut rand_hex = String::with_capacity(32);
    for &b in &plain[20..36] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        rand_hex.push(char::from(HEX[usize::from(b >> 4)]));
        rand_hex.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    Ok(Ks::from_v2(crate::decode::V2Parts {
        hash: plain[..20].try_into().expect("20 bytes"),
        hash_hex,
        query,
        partner_id,
        valid_until,
        session_type,
        rand: &rand_hex,
        user_id: &user_id,
        privileges: &privileges,
        master_partner_id,
        additional_data: &additional_data,
        field_count: count,
    }))
}
