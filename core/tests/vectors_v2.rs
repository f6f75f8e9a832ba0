//! Every case of the KS v2 vector file, through the Rust API.

mod common;

use common::*;
use ksession::*;

#[test]
fn every_v2_vector() {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for c in cases("ks_v2.json") {
        let op = s(&c, "op");
        *counts.entry(op.to_owned()).or_default() += 1;
        let secret = || AdminSecret::new(s(&c, "admin_secret")).unwrap();
        let token = match op {
            "session_v2" => {
                let random: [u8; 16] = (0..16)
                    .map(|k| u8::from_str_radix(&s(&c, "random_hex")[2 * k..2 * k + 2], 16).unwrap())
                    .collect::<Vec<u8>>()
                    .try_into()
                    .unwrap();
                let p = Session {
                    user_id: s(&c, "user_id"),
                    privileges: s(&c, "privileges"),
                    expiry: i(&c, "expiry"),
                    master_partner_id: c["master_partner_id"].as_i64(),
                    additional_data: s(&c, "additional_data"),
                    ..Session::new(i(&c, "partner_id"), SessionType::from_code(i(&c, "type")))
                };
                generate_session_v2_with_random(&secret(), &p, i(&c, "now"), &random)
            }
            "cached_session_v2" => {
                let p = CachedSession {
                    user_id: s(&c, "user_id"),
                    privileges: s(&c, "privileges"),
                    expiry: i(&c, "expiry"),
                    cache: i(&c, "cache"),
                    custom: s(&c, "custom"),
                    ..CachedSession::new(i(&c, "partner_id"), SessionType::from_code(i(&c, "type")))
                };
                generate_cached_session_v2(&secret(), &p, i(&c, "now"))
            }
            "cached_entry_viewing_session_v2" => {
                let p = CachedEntryViewingSession {
                    user_id: s(&c, "user_id"),
                    expiry: i(&c, "expiry"),
                    cache: i(&c, "cache"),
                    custom: s(&c, "custom"),
                    ..CachedEntryViewingSession::new(i(&c, "partner_id"), s(&c, "entry_id"))
                };
                generate_cached_entry_viewing_session_v2(&secret(), &p, i(&c, "now"))
            }
            "decode_v2" => {
                let ks = decode_with_secrets(s(&c, "token"), &secrets(&c)).unwrap();
                assert_eq!(ks.version(), 2);
                assert_fields(&ks, &c["fields"], &c["name"]);
                continue;
            }
            "decode" => {
                assert_error(decode(s(&c, "token")), &c);
                continue;
            }
            "verify" => {
                check_verify(&c);
                continue;
            }
            op => panic!("unknown op {op}"),
        };
        let token = token.unwrap_or_else(|e| panic!("{}: {e}", c["name"]));
        assert_eq!(token, s(&c, "token"), "{}", c["name"]);
        let ks = decode_with_secrets(&token, &[secret()]).unwrap();
        assert_eq!(ks.info(), s(&c, "query"), "{}", c["name"]);
    }
    assert!(counts.values().filter(|&&n| n >= 10).count() >= 5, "{counts:?}");
}

#[test]
fn v2_errors() {
    let secret = AdminSecret::new("s").unwrap();
    let p = Session { privileges: "_e:1", ..Session::new(1, SessionType::User) };
    assert_eq!(
        generate_session_v2(&secret, &p, 0).unwrap_err().to_string(),
        "privileges uses the name '_e', reserved for KS v2's own fields"
    );
    let p = Session { privileges: "sview:0_x,:x", ..Session::new(1, SessionType::User) };
    assert_eq!(generate_session_v2(&secret, &p, 0).unwrap_err().to_string(), "privilege_name is empty");
    // Form encoding triples each of these bytes: the token would be over the limit.
    let big = "\u{e9}".repeat(MAX_FIELD_LEN / 2);
    let p = Session { user_id: &big, privileges: &big, additional_data: &big, ..Session::new(1, SessionType::User) };
    assert_eq!(generate_session_v2(&secret, &p, 0).unwrap_err().kind(), ErrorKind::TokenTooLarge);
    let p = Session { user_id: "a\nb", ..Session::new(1, SessionType::User) };
    assert_eq!(
        generate_session_v2(&secret, &p, 0).unwrap_err().to_string(),
        "user_id contains control character U+000A at byte 1"
    );
    let token = generate_session_v2(&secret, &Session::new(1, SessionType::User), 0).unwrap();
    assert_eq!(decode(&token).unwrap_err().to_string(), "KS v2 is encrypted: reading it needs the admin secret");
    assert_eq!(decode_with_secrets(&token, &[]).unwrap_err(), Error::SecretRequired);
    // Two tokens from the OS generator differ; both verify.
    let other = generate_session_v2(&secret, &Session::new(1, SessionType::User), 0).unwrap();
    assert_ne!(token, other);
    assert_eq!(verify(&other, &[secret], 0, 0).unwrap().valid_until(), 86400);
}

#[test]
fn v2_partner_id_is_readable_without_a_secret_and_canonical() {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE;
    let secret = AdminSecret::new("s").unwrap();
    let token = generate_session_v2_with_random(&secret, &Session::new(5, SessionType::Admin), 0, &[0; 16]).unwrap();
    assert_eq!(token_partner_id(&token).unwrap(), 5);
    let raw = URL_SAFE.decode(&token).unwrap();
    for spelling in ["+5", "05"] {
        let forged = URL_SAFE.encode([b"v2|", spelling.as_bytes(), &raw[4..]].concat());
        assert_eq!(
            verify(&forged, std::slice::from_ref(&secret), 0, 0).unwrap_err(),
            Error::MalformedToken(Malformed::NotAnInteger("partner_id"))
        );
    }
    // Another canonical partner id verifies: it is outside the encryption (see the README).
    let relabelled = URL_SAFE.encode([b"v2|4", &raw[4..]].concat());
    assert_eq!(verify(&relabelled, &[secret], 0, 0).unwrap().partner_id(), 4);
}

#[test]
fn cached_v2_is_stable_within_a_window_and_changes_across() {
    let secret = AdminSecret::new("0123456789abcdef0123456789abcdef").unwrap();
    let p = CachedEntryViewingSession { cache: 600, expiry: 600, ..CachedEntryViewingSession::new(1, "0_x") };
    let a = generate_cached_entry_viewing_session_v2(&secret, &p, 1_200).unwrap();
    assert_eq!(a, generate_cached_entry_viewing_session_v2(&secret, &p, 1_799).unwrap());
    assert_ne!(a, generate_cached_entry_viewing_session_v2(&secret, &p, 1_800).unwrap());
    let other = AdminSecret::new("another").unwrap();
    assert_ne!(a, generate_cached_entry_viewing_session_v2(&other, &p, 1_200).unwrap());
}
