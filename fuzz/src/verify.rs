//! `verify`: v1 and v2 tokens against fixed secrets, through `verify`,
//! `decode_with_secrets` and `decode`, each compared with the reference.
//! Tokens are signed (v1) or encrypted (v2) here with the reference, so that
//! the fuzzer reaches the parsing behind a valid signature.
//!
//! The input is laid out by hand, so that `seed_corpus.py` can write seeds:
//!
//! | bytes  | meaning |
//! |--------|---------|
//! | 0      | bits 0-1 mode: 1 the payload is a v1 INFO, signed here; 2 the payload is `HEADER\|QUERY` of a v2 token, encrypted here; 0 and 3 the payload is a token. Bits 2-3 change the v2 ciphertext's length (1 drop a byte, 2 add a zero block, 3 add a byte). Bit 4 changes one byte of the decoded token. Bit 5 URL-safe alphabet, bit 6 `=` padding |
//! | 1      | bits 0-3 which fixed secrets `verify` gets; bits 4-5 the secret that signs |
//! | 2      | `now - valid_until`, signed |
//! | 3      | leeway, seconds |
//! | 4..20  | the v2 random bytes `R` |
//! | 20..23 | the changed byte: position (u16, little-endian), then the XOR mask |
//! | 23..   | payload |

use ksession::{ErrorKind, SessionType, decode, decode_with_secrets, parse_privileges, verify};

use crate::reference::{self, Fields, SECRETS};
use crate::{check_error, known};

/// Length of the fixed header before the payload.
pub const HEADER_LEN: usize = 23;

/// The fuzz target.
pub fn run(data: &[u8]) {
    if data.len() < HEADER_LEN {
        return;
    }
    let (h, payload) = data.split_at(HEADER_LEN);
    let mode = h[0] & 3;
    let url_safe = h[0] & 0x20 != 0;
    let pad = h[0] & 0x40 != 0;
    let tamper = (h[0] & 0x10 != 0).then(|| (usize::from(u16::from_le_bytes([h[20], h[21]])), h[22] | 1));
    let ctx = Ctx { mask: h[1] & 0x0f, delta: i64::from(h[2] as i8), leeway: u32::from(h[3]) };
    let signer = SECRETS[usize::from((h[1] >> 4) & 3)];
    match mode {
        1 => {
            let raw = reference::sign_v1(signer, payload);
            let _ = ctx.check(&reference::b64_encode(&raw, url_safe, pad));
            if let Some((at, xor)) = tamper {
                let mut changed = raw.clone();
                let at = at % changed.len();
                changed[at] ^= xor;
                let token = reference::b64_encode(&changed, url_safe, pad);
                if let Ok(f) = ctx.check(&token) {
                    panic!("v1 token verified after byte {at} changed: {token:?} -> {f:?}");
                }
            }
        }
        2 => {
            let (header, query) = match payload.iter().position(|&b| b == b'|') {
                Some(i) => (&payload[..i], &payload[i + 1..]),
                None => (payload, &payload[payload.len()..]),
            };
            let random: [u8; 16] = h[4..20].try_into().expect("16 bytes");
            let mut ciphertext = reference::v2_encrypt(signer, &reference::v2_plaintext(&random, query));
            match (h[0] >> 2) & 3 {
                1 => drop(ciphertext.pop()),
                2 => ciphertext.extend([0u8; 16]),
                3 => ciphertext.push(0),
                _ => {}
            }
            let mut raw = b"v2|".to_vec();
            raw.extend_from_slice(header);
            raw.push(b'|');
            raw.extend_from_slice(&ciphertext);
            let original = ctx.check(&reference::b64_encode(&raw, url_safe, pad));
            if let Some((at, xor)) = tamper {
                let at = at % raw.len();
                let mut changed = raw.clone();
                changed[at] ^= xor;
                let token = reference::b64_encode(&changed, url_safe, pad);
                let in_ciphertext = at > 3 + header.len();
                match (ctx.check(&token), original) {
                    (Ok(f), _) if in_ciphertext => {
                        panic!("v2 token verified after ciphertext byte {at} changed: {f:?}")
                    }
                    (Ok(f), Ok(o)) if f.partner_id != o.partner_id => known("v2-partner-unbound", || {
                        format!(
                            "a v2 token made for partner {} verifies as partner {} once its header is rewritten: {token:?}",
                            o.partner_id, f.partner_id
                        )
                    }),
                    (Ok(f), Ok(o)) => assert_eq!(f, o, "a changed header gave other fields"),
                    _ => {}
                }
            }
        }
        _ => drop(ctx.check(&String::from_utf8_lossy(payload))),
    }
}

struct Ctx {
    mask: u8,
    delta: i64,
    leeway: u32,
}

impl Ctx {
    /// verify, decode_with_secrets and decode of `token`, each against the
    /// reference; returns what verify gave.
    fn check(&self, token: &str) -> Result<Fields, ksession::Error> {
        let (idx, secrets) = reference::secret_set(self.mask);
        // `now` near the token's own expiry, so both sides of it are reached.
        let base = reference::decode_with_secrets(token, &[0, 1, 2, 3]).map_or(0, |f| f.valid_until);
        let now = base.saturating_add(self.delta);

        let got = verify(token, &secrets, now, self.leeway);
        let want = reference::verify(token, &idx, now, self.leeway);
        compare("verify", token, &got, &want);
        if secrets.len() > 1 {
            // Key rotation: the order of the secrets does not matter.
            let reversed: Vec<_> = secrets.iter().rev().cloned().collect();
            assert_eq!(verify(token, &reversed, now, self.leeway), got, "verify with the secrets reversed");
        }

        let got_d = decode_with_secrets(token, &secrets);
        compare("decode_with_secrets", token, &got_d, &reference::decode_with_secrets(token, &idx));
        if let Ok(ks) = &got {
            assert_eq!(got_d.as_ref(), Ok(ks), "verify and decode_with_secrets disagree");
        }
        compare("decode", token, &decode(token), &reference::decode_v1(token));
        want
    }
}

fn compare(
    what: &str,
    token: &str,
    got: &Result<ksession::Ks, ksession::Error>,
    want: &Result<Fields, ksession::Error>,
) {
    match (got, want) {
        (Ok(ks), Ok(fields)) => {
            assert_eq!(&Fields::of(ks), fields, "{what}({token:?})");
            if ks.version() == 1 {
                crate::decode::check_ks_v1(ks);
            } else {
                check_ks_v2(ks);
            }
        }
        (Err(e), Err(w)) => {
            assert_eq!(e, w, "{what}({token:?})");
            check_error(e);
            assert!(e.kind() != ErrorKind::InvalidField || what == "verify", "{what}: {e:?}");
        }
        _ => panic!("{what}({token:?}): core {got:?}, reference {want:?}"),
    }
}

/// The accessors of a decrypted v2 token.
fn check_ks_v2(ks: &ksession::Ks) {
    assert_eq!(ks.version(), 2);
    let is_hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    assert!(is_hex(ks.signature(), 40) && is_hex(ks.rand(), 32), "{ks:?}");
    assert_eq!(ks.partner_pattern(), ks.partner_id().to_string());
    let items = ks.privilege_items();
    assert_eq!(items, parse_privileges(ks.privileges()));
    let widget = ks.session_type() == SessionType::User
        && matches!(ks.user_id(), "" | "0")
        && items.iter().any(|p| p.name == "widget" && p.value.as_deref() == Some("1"));
    assert_eq!(ks.is_widget_session(), widget);
    assert!(ks.is_expired_at(ks.valid_until()));
    let _ = format!("{ks:?}");
}
