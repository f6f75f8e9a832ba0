//! An independent reading of the KS format (spec sections 1 to 3), written
//! from the spec with other crates than the core's, to check the core against.

use aes::Aes128;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit, block_padding::NoPadding};
use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, Mac};
use ksession::{AdminSecret, Error, Field, FieldError, Ks, MAX_TOKEN_LEN, Malformed, SessionType};
use sha1::{Digest, Sha1};
use sha2::Sha256;

/// The admin secrets the targets sign with: the vector files' two, a one-byte
/// one and a non-ASCII one.
pub const SECRETS: [&str; 4] = ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", "k", "sécret"];

/// Secret `i` (modulo the list).
pub fn secret(i: usize) -> AdminSecret {
    AdminSecret::new(SECRETS[i % SECRETS.len()]).expect("the fixed secrets are not empty")
}

/// The secrets whose bit is set in `mask`, in list order.
pub fn secret_set(mask: u8) -> (Vec<usize>, Vec<AdminSecret>) {
    let idx: Vec<usize> = (0..SECRETS.len()).filter(|i| mask & (1 << i) != 0).collect();
    let secrets = idx.iter().map(|&i| secret(i)).collect();
    (idx, secrets)
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().flat_map(|b| [HEX[usize::from(b >> 4)] as char, HEX[usize::from(b & 0xf)] as char]).collect()
}

/// `SIGNATURE|INFO` of a KS v1: the signature is the hex SHA-1 of secret then INFO.
pub fn sign_v1(secret: &str, info: &[u8]) -> Vec<u8> {
    let digest = Sha1::new().chain_update(secret.as_bytes()).chain_update(info).finalize();
    let mut raw = hex(&digest).into_bytes();
    raw.push(b'|');
    raw.extend_from_slice(info);
    raw
}

/// The hex v1 signature of `info` under `secret`.
pub fn signature_v1(secret: &str, info: &[u8]) -> String {
    hex(&Sha1::new().chain_update(secret.as_bytes()).chain_update(info).finalize())
}

/// Base64 in either alphabet, with or without `=` padding.
pub fn b64_encode(raw: &[u8], url_safe: bool, pad: bool) -> String {
    match (url_safe, pad) {
        (false, true) => base64::engine::general_purpose::STANDARD.encode(raw),
        (false, false) => base64::engine::general_purpose::STANDARD_NO_PAD.encode(raw),
        (true, true) => base64::engine::general_purpose::URL_SAFE.encode(raw),
        (true, false) => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw),
    }
}

/// Decodes a token as the server reads it (spec 3): trailing `=` dropped, `-_`
/// mapped to `+/`, then base64. Canonical encodings only (the core refuses
/// stray trailing bits, which no encoder writes).
pub fn b64_decode_token(token: &str) -> Result<Vec<u8>, Error> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::TokenTooLarge { len: token.len() });
    }
    b64_decode_any(token)
}

/// [`b64_decode_token`] without the length limit.
pub fn b64_decode_any(token: &str) -> Result<Vec<u8>, Error> {
    let trimmed = token.trim_end_matches('=');
    if trimmed.is_empty() {
        return Err(Error::MalformedToken(Malformed::Empty));
    }
    let mapped: String = trimmed
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let engine = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::RequireNone),
    );
    engine
        .decode(mapped.as_bytes())
        .map_err(|_| Error::MalformedToken(if trimmed.contains(' ') { Malformed::Space } else { Malformed::Base64 }))
}

/// Every field of a decoded KS, for comparing a [`Ks`] with what is expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    pub version: u8,
    pub signature: String,
    pub info: String,
    pub partner_id: i64,
    pub partner_pattern: String,
    pub valid_until: i64,
    pub session_type: SessionType,
    pub rand: String,
    pub user_id: String,
    pub privileges: String,
    pub master_partner_id: Option<i64>,
    pub additional_data: String,
    pub field_count: usize,
}

impl Fields {
    /// Reads every accessor of `ks`.
    pub fn of(ks: &Ks) -> Fields {
        Fields {
            version: ks.version(),
            signature: ks.signature().to_owned(),
            info: ks.info().to_owned(),
            partner_id: ks.partner_id(),
            partner_pattern: ks.partner_pattern().to_owned(),
            valid_until: ks.valid_until(),
            session_type: ks.session_type(),
            rand: ks.rand().to_owned(),
            user_id: ks.user_id().to_owned(),
            privileges: ks.privileges().to_owned(),
            master_partner_id: ks.master_partner_id(),
            additional_data: ks.additional_data().to_owned(),
            field_count: ks.field_count(),
        }
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

fn int(s: &str, name: &'static str) -> Result<i64, Error> {
    s.parse().map_err(|_| Error::MalformedToken(Malformed::NotAnInteger(name)))
}

/// What `decode` must return for a token (spec 3, v1 rules).
pub fn decode_v1(token: &str) -> Result<Fields, Error> {
    let raw = b64_decode_token(token)?;
    if raw.starts_with(b"v2|") {
        return Err(Error::SecretRequired);
    }
    parse_v1(&raw)
}

/// What parsing decoded v1 bytes must give.
pub fn parse_v1(raw: &[u8]) -> Result<Fields, Error> {
    let s = std::str::from_utf8(raw).map_err(|_| Error::MalformedToken(Malformed::NotUtf8))?;
    let b = s.as_bytes();
    let sig_ok = b.len() > 40 && b[..40].iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) && b[40] == b'|';
    if !sig_ok {
        return Err(Error::MalformedToken(if s.contains('|') { Malformed::Signature } else { Malformed::NoSeparator }));
    }
    let info = &s[41..];
    let parts: Vec<&str> = info.split(';').collect();
    if !(3..=9).contains(&parts.len()) {
        return Err(Error::MalformedToken(Malformed::FieldCount(parts.len())));
    }
    if let Some(at) = parts.iter().position(|p| p.chars().any(char::is_control)) {
        return Err(Error::MalformedToken(Malformed::ControlChar(FIELD_NAMES[at])));
    }
    let part = |i: usize| parts.get(i).copied().unwrap_or("");
    let partner_id = int(part(0), "partner_id")?;
    let valid_until = int(part(2), "valid_until")?;
    let session_type = if parts.len() > 3 { SessionType::from_code(int(part(3), "type")?) } else { SessionType::User };
    let master_partner_id = match part(7) {
        "" => None,
        m => Some(int(m, "master_partner_id")?),
    };
    Ok(Fields {
        version: 1,
        signature: s[..40].to_owned(),
        info: info.to_owned(),
        partner_id,
        partner_pattern: part(1).to_owned(),
        valid_until,
        session_type,
        rand: part(4).to_owned(),
        user_id: part(5).to_owned(),
        privileges: part(6).to_owned(),
        master_partner_id,
        additional_data: part(8).to_owned(),
        field_count: parts.len(),
    })
}

// ---- KS v2 ----

/// PHP's `urlencode`: letters, digits, `-_.` kept, space as `+`, the rest `%XX`.
pub fn php_urlencode(s: &[u8]) -> String {
    let mut out = String::new();
    for &b in s {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Lenient form decoding: `+` a space, `%XX` a byte, anything else itself.
pub fn form_decode(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match s[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < s.len() => match (hex(s[i + 1]), hex(s[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Ordered fields where a repeated name keeps its first place and its last value.
pub fn set_field(fields: &mut Vec<(String, String)>, name: &str, value: String) {
    match fields.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = value,
        None => fields.push((name.to_owned(), value)),
    }
}

/// PHP's `trim()`, which the server applies to each privilege item: ASCII
/// white space and NUL only.
pub fn php_trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0b'])
}

/// The names KS v2 keeps for its own fields.
pub const RESERVED: [&str; 5] = ["_e", "_t", "_u", "_m", "_d"];

/// Spec 2 step 1: privileges as fields. Refused, at the first item that has
/// one: an empty name (the server's `parse_str` would drop it) and a name
/// reserved for v2's own fields.
pub fn v2_privilege_fields(privileges: &str) -> Result<Vec<(String, String)>, (Field, FieldError)> {
    let mut fields = Vec::new();
    for item in privileges.split(',').map(php_trim).filter(|i| !i.is_empty()) {
        let item = if item == "*" { "all:*" } else { item };
        let (name, value) = item.split_once(':').unwrap_or((item, ""));
        if name.is_empty() {
            return Err((Field::PrivilegeName, FieldError::Empty));
        }
        if RESERVED.contains(&name) {
            return Err((Field::Privileges, FieldError::ReservedName(name.to_owned())));
        }
        set_field(&mut fields, name, value.to_owned());
    }
    Ok(fields)
}

/// Spec 2 steps 1 to 3: the query string of a v2 token.
pub fn v2_query(
    privileges: &str,
    valid_until: i64,
    session_type: i64,
    user_id: &str,
    master: Option<i64>,
    data: &str,
) -> Result<String, (Field, FieldError)> {
    let mut fields = v2_privilege_fields(privileges)?;
    set_field(&mut fields, "_e", valid_until.to_string());
    set_field(&mut fields, "_t", session_type.to_string());
    set_field(&mut fields, "_u", user_id.to_owned());
    if let Some(m) = master {
        set_field(&mut fields, "_m", m.to_string());
    }
    if !data.is_empty() {
        set_field(&mut fields, "_d", data.to_owned());
    }
    Ok(fields
        .iter()
        .map(|(n, v)| format!("{}={}", php_urlencode(n.as_bytes()), php_urlencode(v.as_bytes())))
        .collect::<Vec<_>>()
        .join("&"))
}

/// The privileges a decoded v2 token shows for its non-reserved fields
/// (`all:*` reads back as `*`, an empty value as the bare name). A field with
/// neither name nor value writes nothing, so no comma follows it when it comes
/// first; either way the string parses to the same items.
pub fn v2_privileges_string(fields: &[(String, String)]) -> String {
    let mut out = String::new();
    for (name, value) in fields.iter().filter(|(n, _)| !RESERVED.contains(&n.as_str())) {
        if !out.is_empty() {
            out.push(',');
        }
        if name == "all" && value == "*" {
            out.push('*');
        } else {
            out.push_str(name);
            if !value.is_empty() {
                out.push(':');
                out.push_str(value);
            }
        }
    }
    out
}

fn aes_key(secret: &str) -> [u8; 16] {
    let digest = Sha1::digest(secret.as_bytes());
    digest[..16].try_into().expect("16 bytes")
}

/// Spec 2 steps 4 and 5: SHA-1(R || query) || R || query, zero-padded.
pub fn v2_plaintext(random: &[u8; 16], query: &[u8]) -> Vec<u8> {
    let mut plain = Sha1::new().chain_update(random).chain_update(query).finalize().to_vec();
    plain.extend_from_slice(random);
    plain.extend_from_slice(query);
    plain.resize(plain.len().div_ceil(16) * 16, 0);
    plain
}

/// Spec 2 step 6: AES-128-CBC, key SHA-1(secret)[..16], zero IV, no padding.
pub fn v2_encrypt(secret: &str, padded: &[u8]) -> Vec<u8> {
    let mut buf = padded.to_vec();
    let len = buf.len();
    cbc::Encryptor::<Aes128>::new(&aes_key(secret).into(), &[0u8; 16].into())
        .encrypt_padded_mut::<NoPadding>(&mut buf, len)
        .expect("whole blocks");
    buf
}

/// Spec 2 step 6 reversed.
pub fn v2_decrypt(secret: &str, ciphertext: &[u8]) -> Vec<u8> {
    let mut buf = ciphertext.to_vec();
    cbc::Decryptor::<Aes128>::new(&aes_key(secret).into(), &[0u8; 16].into())
        .decrypt_padded_mut::<NoPadding>(&mut buf)
        .expect("whole blocks")
        .to_vec()
}

/// Spec 2 step 7: `v2|HEADER|ciphertext`, URL-safe base64 with padding.
pub fn v2_token(header: &[u8], ciphertext: &[u8]) -> String {
    let mut raw = b"v2|".to_vec();
    raw.extend_from_slice(header);
    raw.push(b'|');
    raw.extend_from_slice(ciphertext);
    b64_encode(&raw, true, true)
}

/// The `R` of a cached v2 token: HMAC-SHA256(secret, label, partner, query)[..16].
pub fn v2_cached_random(secret: &str, partner_id: i64, query: &str) -> [u8; 16] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(b"ksession cached v2\0");
    mac.update(partner_id.to_string().as_bytes());
    mac.update(b"\0");
    mac.update(query.as_bytes());
    mac.finalize().into_bytes()[..16].try_into().expect("16 bytes")
}

/// What `decode_with_secrets(token, secrets)` must return (spec 3): v1 as
/// `decode`, v2 decrypted with the first secret whose embedded SHA-1 matches.
pub fn decode_with_secrets(token: &str, secrets: &[usize]) -> Result<Fields, Error> {
    let raw = b64_decode_token(token)?;
    if !raw.starts_with(b"v2|") {
        return parse_v1(&raw);
    }
    if secrets.is_empty() {
        return Err(Error::SecretRequired);
    }
    decode_v2(&raw, secrets)
}

/// What `verify(token, secrets, now, leeway)` must return.
pub fn verify(token: &str, secrets: &[usize], now: i64, leeway: u32) -> Result<Fields, Error> {
    if secrets.is_empty() {
        return Err(Error::InvalidField { field: Field::AdminSecret, reason: FieldError::Empty });
    }
    let raw = b64_decode_token(token)?;
    let fields = if raw.starts_with(b"v2|") {
        decode_v2(&raw, secrets)?
    } else {
        let fields = parse_v1(&raw)?;
        let signed = secrets.iter().any(|&i| signature_v1(SECRETS[i], fields.info.as_bytes()) == fields.signature);
        if !signed {
            return Err(Error::InvalidSignature);
        }
        fields
    };
    // Expired when valid_until + leeway <= now, in exact arithmetic.
    if i128::from(fields.valid_until) + i128::from(leeway) <= i128::from(now) {
        return Err(Error::Expired { valid_until: fields.valid_until, now });
    }
    Ok(fields)
}

fn decode_v2(raw: &[u8], secrets: &[usize]) -> Result<Fields, Error> {
    let rest = &raw[3..];
    let sep = rest.iter().position(|&b| b == b'|').ok_or(Error::MalformedToken(Malformed::NoSeparator))?;
    let partner_id = std::str::from_utf8(&rest[..sep])
        .ok()
        .and_then(|p| p.parse::<i64>().ok())
        .ok_or(Error::MalformedToken(Malformed::NotAnInteger("partner_id")))?;
    let ciphertext = &rest[sep + 1..];
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
        return Err(Error::MalformedToken(Malformed::V2Ciphertext(ciphertext.len())));
    }
    let plain = secrets
        .iter()
        .map(|&i| {
            let mut p = v2_decrypt(SECRETS[i], ciphertext);
            // "strip trailing NUL bytes"
            while p.last() == Some(&0) {
                p.pop();
            }
            p
        })
        .find(|p| p.len() >= 36 && Sha1::digest(&p[20..])[..] == p[..20])
        .ok_or(Error::InvalidSignature)?;
    parse_v2_plaintext(partner_id, &plain)
}

/// What a verified v2 plaintext (hash, R, query) must decode to.
pub fn parse_v2_plaintext(partner_id: i64, plain: &[u8]) -> Result<Fields, Error> {
    let query = std::str::from_utf8(&plain[36..]).map_err(|_| Error::MalformedToken(Malformed::NotUtf8))?;
    let mut fields: Vec<(String, String)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name =
            String::from_utf8(form_decode(name.as_bytes())).map_err(|_| Error::MalformedToken(Malformed::NotUtf8))?;
        let value =
            String::from_utf8(form_decode(value.as_bytes())).map_err(|_| Error::MalformedToken(Malformed::NotUtf8))?;
        set_field(&mut fields, &name, value);
    }
    let mut valid_until = None;
    let mut session_type = SessionType::User;
    let (mut user_id, mut additional_data, mut master_partner_id) = (String::new(), String::new(), None);
    for (name, value) in &fields {
        if name.chars().chain(value.chars()).any(char::is_control) {
            let field = match name.as_str() {
                "_u" => "user_id",
                "_d" => "additional_data",
                "_e" => "valid_until",
                "_t" => "type",
                "_m" => "master_partner_id",
                _ => "privileges",
            };
            return Err(Error::MalformedToken(Malformed::ControlChar(field)));
        }
        match name.as_str() {
            "_e" => valid_until = Some(int(value, "valid_until")?),
            "_t" => session_type = SessionType::from_code(int(value, "type")?),
            "_u" => user_id = value.clone(),
            "_m" => master_partner_id = if value.is_empty() { None } else { Some(int(value, "master_partner_id")?) },
            "_d" => additional_data = value.clone(),
            _ => {}
        }
    }
    let valid_until = valid_until.ok_or(Error::MalformedToken(Malformed::MissingField("_e")))?;
    Ok(Fields {
        version: 2,
        signature: hex(&plain[..20]),
        info: query.to_owned(),
        partner_id,
        partner_pattern: partner_id.to_string(),
        valid_until,
        session_type,
        rand: hex(&plain[20..36]),
        user_id,
        privileges: v2_privileges_string(&fields),
        master_partner_id,
        additional_data,
        field_count: fields.len(),
    })
}
