//! Properties over random inputs: decode(generate(x)) gives x back, verify
//! accepts the right secret and refuses any other, and the signature is the
//! spec's SHA-1 of secret || INFO.

use ksession::*;
use proptest::prelude::*;
use sha1::{Digest, Sha1};

/// Text the helper accepts that is structurally safe: no `;`, `|` or control characters.
fn safe_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[^;|\\p{Cc}]{0,40}").unwrap()
}

fn entry_id() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-z0-9_-]{1,20}").unwrap()
}

fn secret_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(".{1,64}").unwrap()
}

/// The spec's INFO and token, written out independently of the crate.
fn spec_token(secret: &str, info: &str) -> String {
    use base64::Engine;
    let sig: String =
        Sha1::digest([secret.as_bytes(), info.as_bytes()].concat()).iter().map(|b| format!("{b:02x}")).collect();
    base64::engine::general_purpose::STANDARD.encode(format!("{sig}|{info}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn cached_entry_round_trips(
        secret in secret_text(), user in safe_text(), entry in entry_id(), custom in safe_text(),
        partner in any::<i32>(), expiry in 1i64..400_000_000, cache in 1i64..100_000, now in 0i64..4_000_000_000,
    ) {
        let s = AdminSecret::new(&secret).unwrap();
        let p = CachedEntryViewingSession {
            user_id: &user, custom: &custom, expiry, cache, ..CachedEntryViewingSession::new(i64::from(partner), &entry)
        };
        let token = generate_cached_entry_viewing_session(&s, &p, now).unwrap();
        let rounded = now - now % cache + cache;
        let info = format!("{partner};{partner};{};0;{rounded};{user};sview:{entry},setrole:PLAYBACK_BASE_ROLE,widget:1;;{custom}", rounded + expiry);
        prop_assert_eq!(&token, &spec_token(&secret, &info));

        let ks = verify(&token, &[s], now, 0).unwrap();
        prop_assert_eq!(ks.partner_id(), i64::from(partner));
        prop_assert_eq!(ks.valid_until(), rounded + expiry);
        prop_assert_eq!(ks.session_type(), SessionType::User);
        prop_assert_eq!(ks.rand(), rounded.to_string());
        prop_assert_eq!(ks.user_id(), user.as_str());
        prop_assert_eq!(ks.additional_data(), custom.as_str());
        prop_assert_eq!(ks.field_count(), 9);
        let items = ks.privilege_items();
        prop_assert_eq!(items[0].value.as_deref(), Some(entry.as_str()));
        // Every call in the same window gives the same bytes.
        let later = rounded - 1;
        let again = generate_cached_entry_viewing_session(&AdminSecret::new(&secret).unwrap(), &p, later).unwrap();
        prop_assert_eq!(again, token);
    }

    #[test]
    fn plain_round_trips_in_both_layouts(
        secret in secret_text(), user in safe_text(), privileges in safe_text(), extra in safe_text(),
        type_code in -3i64..5, master in proptest::option::of(any::<i64>()), rand in 0u32..=0x7fff_ffff,
        client in any::<bool>(), url_safe in any::<bool>(), now in 0i64..4_000_000_000, expiry in 1i64..1_000_000,
    ) {
        let s = AdminSecret::new(&secret).unwrap();
        let p = Session {
            user_id: &user, privileges: &privileges, expiry,
            master_partner_id: if client { None } else { master },
            additional_data: if client { "" } else { &extra },
            layout: if client { Layout::Client } else { Layout::Server },
            alphabet: if url_safe { Alphabet::UrlSafe } else { Alphabet::Standard },
            ..Session::new(77, SessionType::from_code(type_code))
        };
        let token = generate_session_with_rand(&s, &p, now, rand).unwrap();
        if url_safe {
            prop_assert!(!token.contains(['+', '/']));
        }
        let ks = decode(&token).unwrap();
        prop_assert_eq!(ks.session_type().code(), type_code);
        prop_assert_eq!(ks.rand(), rand.to_string());
        prop_assert_eq!(ks.user_id(), user.as_str());
        prop_assert_eq!(ks.privileges(), privileges.as_str());
        prop_assert_eq!(ks.master_partner_id(), p.master_partner_id);
        prop_assert_eq!(ks.additional_data(), p.additional_data);
        prop_assert_eq!(ks.field_count(), if client { 7 } else { 9 });
        prop_assert_eq!(ks.valid_until(), now + expiry);
        prop_assert!(verify(&token, &[s], now, 0).is_ok());
    }

    #[test]
    fn only_the_right_secret_verifies(secret in secret_text(), other in secret_text(), now in 0i64..4_000_000_000) {
        prop_assume!(secret != other);
        let s = AdminSecret::new(&secret).unwrap();
        let token = generate_cached_session(&s, &CachedSession::new(1, SessionType::Admin), now).unwrap();
        let o = AdminSecret::new(&other).unwrap();
        prop_assert_eq!(verify(&token, std::slice::from_ref(&o), now, 0).unwrap_err(), Error::InvalidSignature);
        prop_assert!(verify(&token, &[o, s], now, 0).is_ok());
    }

    #[test]
    fn any_unsafe_character_is_refused(prefix in safe_text(), bad in "[;|\\p{Cc}]", suffix in safe_text()) {
        let user = format!("{prefix}{bad}{suffix}");
        let p = CachedEntryViewingSession { user_id: &user, ..CachedEntryViewingSession::new(1, "0_x") };
        let err = generate_cached_entry_viewing_session(&AdminSecret::new("s").unwrap(), &p, 0).unwrap_err();
        prop_assert_eq!(err.field(), Some(Field::UserId));
        let ch = bad.chars().next().unwrap();
        prop_assert_eq!(
            err,
            Error::InvalidField { field: Field::UserId, reason: FieldError::ForbiddenChar { ch, at: prefix.len() } }
        );
    }

    #[test]
    fn decode_never_panics(token in ".{0,200}") {
        let _ = decode(&token);
    }

    #[test]
    fn privileges_builder_round_trips(items in proptest::collection::vec(("[a-z]{1,10}", proptest::option::of("[a-zA-Z0-9_:/*.-]{0,12}")), 0..8)) {
        let mut p = Privileges::new();
        for (name, value) in &items {
            p.push(name, value.as_deref()).unwrap();
        }
        let parsed: Vec<(String, Option<String>)> = p.items().into_iter().map(|i| (i.name, i.value)).collect();
        prop_assert_eq!(parsed, items);
    }
}

#[test]
fn privileges_trim_ascii_space_only_as_php_does() {
    let items = parse_privileges(" sview:0_x\u{a0} ,\twidget:1\n");
    assert_eq!(items[0], Privilege { name: "sview".into(), value: Some("0_x\u{a0}".into()) });
    assert_eq!(items[1], Privilege { name: "widget".into(), value: Some("1".into()) });
}

#[test]
fn cache_window_boundaries() {
    assert_eq!(cache_window_end(0, 60).unwrap(), 60);
    assert_eq!(cache_window_end(59, 60).unwrap(), 60);
    assert_eq!(cache_window_end(60, 60).unwrap(), 120);
    assert_eq!(cache_window_end(61, 60).unwrap(), 120);
    assert_eq!(cache_window_end(7, 1).unwrap(), 8);
}

#[test]
fn plain_session_rand_is_random_and_in_range() {
    let s = AdminSecret::new("s").unwrap();
    let p = Session::new(1, SessionType::User);
    let rands: std::collections::HashSet<String> =
        (0..20).map(|_| decode(&generate_session(&s, &p, 100).unwrap()).unwrap().rand().to_owned()).collect();
    assert!(rands.len() > 15, "{rands:?}");
    assert!(rands.iter().all(|r| r.parse::<u32>().unwrap() <= 0x7fff_ffff));
}
