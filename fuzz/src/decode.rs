//! `decode`: any bytes as a token, and the same bytes as a decoded token in
//! every base64 form the server reads. Never a panic; exactly the result the
//! reference gives; when it decodes, every accessor agrees with `info()`.

use ksession::{ErrorKind, Ks, MAX_TOKEN_LEN, SessionType, decode, decode_with_secrets, parse_privileges, verify};

use crate::check_error;
use crate::reference::{self, Fields};

/// The fuzz target.
pub fn run(data: &[u8]) {
    let _ = check_token(&String::from_utf8_lossy(data));
    // The input as the decoded bytes, in both alphabets, with and without padding:
    // the four tokens are the same token.
    if data.len() <= MAX_TOKEN_LEN / 4 * 3 {
        let first = check_token(&reference::b64_encode(data, false, true));
        for (url_safe, pad) in [(false, false), (true, true), (true, false)] {
            let other = check_token(&reference::b64_encode(data, url_safe, pad));
            assert_eq!(first, other, "url_safe {url_safe}, pad {pad}");
        }
    }
}

/// Decodes `token`, checks it against the reference, returns the result.
pub fn check_token(token: &str) -> Result<Fields, ErrorKind> {
    let got = decode(token);
    let want = reference::decode_v1(token);
    match (&got, &want) {
        (Ok(ks), Ok(fields)) => {
            assert_eq!(&Fields::of(ks), fields, "decode({token:?})");
            check_ks_v1(ks);
        }
        (Err(e), Err(w)) => {
            assert_eq!(e, w, "decode({token:?})");
            check_error(e);
            assert!(
                matches!(e.kind(), ErrorKind::MalformedToken | ErrorKind::TokenTooLarge | ErrorKind::SecretRequired),
                "decode({token:?}): {e:?}"
            );
            assert_eq!(e.kind() == ErrorKind::TokenTooLarge, token.len() > MAX_TOKEN_LEN);
        }
        _ => panic!("decode({token:?}): core {got:?}, reference {want:?}"),
    }
    // Without secrets, decode_with_secrets reads v1 as decode does and asks for a secret for v2.
    assert_eq!(decode_with_secrets(token, &[]), got, "decode_with_secrets({token:?}, [])");
    if let Ok(ks) = &got {
        // With the fixed secrets: verified exactly when one of them signed it.
        let now = ks.valid_until().saturating_sub(1);
        let idx = [0, 1, 2, 3];
        let secrets: Vec<_> = idx.iter().map(|&i| reference::secret(i)).collect();
        let v = verify(token, &secrets, now, 0);
        let w = reference::verify(token, &idx, now, 0);
        assert_eq!(v.as_ref().map(Fields::of).map_err(Clone::clone), w, "verify({token:?})");
        assert_eq!(decode_with_secrets(token, &secrets), got);
    }
    got.map(|ks| Fields::of(&ks)).map_err(|e| e.kind())
}

/// The accessors of a decoded v1 token, against its `info()`.
pub fn check_ks_v1(ks: &Ks) {
    assert_eq!(ks.version(), 1);
    let sig = ks.signature();
    assert!(sig.len() == 40 && sig.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')), "{sig:?}");
    let info = ks.info();
    assert!(!info.chars().any(char::is_control), "{info:?}");
    let parts: Vec<&str> = info.split(';').collect();
    assert_eq!(parts.len(), ks.field_count());
    assert!((3..=9).contains(&ks.field_count()));
    let part = |i: usize| parts.get(i).copied().unwrap_or("");
    // The string fields are the info's own pieces; re-joined with the integer
    // pieces they give the info back.
    let rejoined = [
        part(0),
        ks.partner_pattern(),
        part(2),
        part(3),
        ks.rand(),
        ks.user_id(),
        ks.privileges(),
        part(7),
        ks.additional_data(),
    ][..parts.len()]
        .join(";");
    assert_eq!(rejoined, info);
    assert_eq!(part(0).parse::<i64>(), Ok(ks.partner_id()));
    assert_eq!(part(2).parse::<i64>(), Ok(ks.valid_until()));
    if parts.len() > 3 {
        assert_eq!(part(3).parse::<i64>().map(SessionType::from_code), Ok(ks.session_type()));
    } else {
        assert_eq!(ks.session_type(), SessionType::User);
    }
    assert_eq!(ks.master_partner_id(), if part(7).is_empty() { None } else { part(7).parse().ok() });
    assert_eq!(ks.session_type(), SessionType::from_code(ks.session_type().code()));
    let items = ks.privilege_items();
    assert_eq!(items, parse_privileges(ks.privileges()));
    let widget = ks.session_type() == SessionType::User
        && matches!(ks.user_id(), "" | "0")
        && items.iter().any(|p| p.name == "widget" && p.value.as_deref() == Some("1"));
    assert_eq!(ks.is_widget_session(), widget);
    assert!(ks.is_expired_at(ks.valid_until()));
    if let Some(before) = ks.valid_until().checked_sub(1) {
        assert!(!ks.is_expired_at(before));
    }
    let _ = format!("{ks:?}");
    // Re-encoded from its parts (unpadded, so never longer than the token was),
    // the token decodes to the same value.
    let raw = format!("{sig}|{info}");
    for url_safe in [false, true] {
        let again = decode(&reference::b64_encode(raw.as_bytes(), url_safe, false)).expect("re-encoded token decodes");
        assert_eq!(&again, ks);
    }
}
