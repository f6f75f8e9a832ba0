//! Length-extension forgeries: SHA-1(secret || info) lets anyone holding a
//! valid v1 token sign `info || padding || extra` without the secret. The
//! forger here follows FIPS 180-4 (padding: 0x80, zeros, the bit length as a
//! 64-bit big-endian number) and resumes SHA-1 from the token's signature.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ksession::*;
use sha1::{Digest, Sha1};

const SECRET: &str = "0123456789abcdef0123456789abcdef";

/// The padding SHA-1 appends to a message of `len` bytes.
fn sha1_padding(len: usize) -> Vec<u8> {
    let mut pad = vec![0x80];
    while (len + pad.len()) % 64 != 56 {
        pad.push(0);
    }
    pad.extend_from_slice(&((len as u64) * 8).to_be_bytes());
    pad
}

/// Forges `(info || padding || extra, signature)` from a token, knowing only
/// the secret's length.
fn forge(token: &str, secret_len: usize, extra: &[u8]) -> (Vec<u8>, String) {
    let raw = STANDARD.decode(token).unwrap();
    let (sig, info) = (&raw[..40], &raw[41..]);
    let mut state = [0u32; 5];
    for (k, word) in state.iter_mut().enumerate() {
        *word = u32::from_str_radix(std::str::from_utf8(&sig[8 * k..8 * k + 8]).unwrap(), 16).unwrap();
    }
    let glue = sha1_padding(secret_len + info.len());
    let prefix_len = secret_len + info.len() + glue.len();
    let mut tail = extra.to_vec();
    tail.extend_from_slice(&sha1_padding(prefix_len + extra.len()));
    let blocks: Vec<_> = tail.chunks(64).map(|c| *sha1::digest::generic_array::GenericArray::from_slice(c)).collect();
    sha1::compress(&mut state, &blocks);
    let forged_sig: String = state.iter().map(|w| format!("{w:08x}")).collect();
    let forged_info = [info, &glue, extra].concat();
    (forged_info, forged_sig)
}

fn forged_token(info: &[u8], sig: &str) -> String {
    STANDARD.encode([sig.as_bytes(), b"|", info].concat())
}

#[test]
fn forgeries_from_real_tokens_are_refused() {
    let secret = AdminSecret::new(SECRET).unwrap();
    let now = 1_621_594_000;
    let seven = generate_session_with_rand(
        &secret,
        &Session { layout: Layout::Client, privileges: "sview:0_x", ..Session::new(3000582, SessionType::User) },
        now,
        7,
    )
    .unwrap();
    let cached =
        generate_cached_entry_viewing_session(&secret, &CachedEntryViewingSession::new(3000582, "0_x"), now).unwrap();
    for (token, extra) in [(seven.as_str(), &b",*"[..]), (cached.as_str(), &b";*"[..]), (cached.as_str(), &b"x"[..])] {
        let (info, sig) = forge(token, SECRET.len(), extra);
        // The forgery is real: it is the SHA-1 a naive verifier would accept.
        let expected: String =
            Sha1::digest([SECRET.as_bytes(), &info].concat()).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(sig, expected);
        let forged = forged_token(&info, &sig);
        // The padding's 0x80 can never follow a complete UTF-8 character.
        assert_eq!(
            verify(&forged, std::slice::from_ref(&secret), now, 0).unwrap_err(),
            Error::MalformedToken(Malformed::NotUtf8)
        );
        assert_eq!(decode(&forged).unwrap_err(), Error::MalformedToken(Malformed::NotUtf8));
    }
}

#[test]
fn forgery_with_utf8_clean_padding_is_still_refused() {
    // Even a forger who makes the glue valid UTF-8 (impossible with real SHA-1
    // padding, simulated here) would leave NUL bytes: control characters.
    let secret = AdminSecret::new(SECRET).unwrap();
    let info = "3000582;3000582;1700000600;0;1;u;sview:0_x;;\0\0\0;*";
    let sig: String =
        Sha1::digest([SECRET.as_bytes(), info.as_bytes()].concat()).iter().map(|b| format!("{b:02x}")).collect();
    let token = forged_token(info.as_bytes(), &sig);
    assert_eq!(
        verify(&token, &[secret], 1_700_000_000, 0).unwrap_err(),
        Error::MalformedToken(Malformed::FieldCount(10))
    );
    let token = forged_token(b"3000582;3000582;1700000600;0;1;u;sview:0_x;;\0\0", &sig);
    assert_eq!(decode(&token).unwrap_err(), Error::MalformedToken(Malformed::ControlChar("additional_data")));
}
