//! Every refusal with its exact kind, field and message.

use ksession::*;

const SECRET: &str = "0123456789abcdef0123456789abcdef";
const NOW: i64 = 1_621_594_000;

fn secret() -> AdminSecret {
    AdminSecret::new(SECRET).unwrap()
}

fn entry(params: CachedEntryViewingSession<'_>) -> String {
    generate_cached_entry_viewing_session(&secret(), &params, NOW).unwrap_err().to_string()
}

fn cached(params: CachedSession<'_>) -> String {
    generate_cached_session(&secret(), &params, NOW).unwrap_err().to_string()
}

fn plain(params: Session<'_>) -> String {
    generate_session_with_rand(&secret(), &params, NOW, 1).unwrap_err().to_string()
}

const E: CachedEntryViewingSession<'static> = CachedEntryViewingSession::new(3000582, "0_fld1ro3s");
const C: CachedSession<'static> = CachedSession::new(3000582, SessionType::User);
const P: Session<'static> = Session::new(3000582, SessionType::User);

#[test]
fn entry_id_refusals_name_the_character_and_offset() {
    assert_eq!(entry(CachedEntryViewingSession { entry_id: "0_abc,*", ..E }), "entry_id contains ',' at byte 5");
    assert_eq!(entry(CachedEntryViewingSession { entry_id: "0_abc:x", ..E }), "entry_id contains ':' at byte 5");
    assert_eq!(entry(CachedEntryViewingSession { entry_id: "*", ..E }), "entry_id contains '*' at byte 0");
    assert_eq!(entry(CachedEntryViewingSession { entry_id: "", ..E }), "entry_id is empty");
    assert_eq!(entry(CachedEntryViewingSession { entry_id: "0_é", ..E }), "entry_id contains 'é' at byte 2");
    assert_eq!(
        entry(CachedEntryViewingSession { entry_id: "0_a\0", ..E }),
        "entry_id contains control character U+0000 at byte 3"
    );
    let long = "e".repeat(MAX_FIELD_LEN + 1);
    assert_eq!(entry(CachedEntryViewingSession { entry_id: &long, ..E }), "entry_id is longer than 2048 bytes");
}

#[test]
fn user_id_injection_is_refused() {
    assert_eq!(entry(CachedEntryViewingSession { user_id: "x;*", ..E }), "user_id contains ';' at byte 1");
    assert_eq!(entry(CachedEntryViewingSession { user_id: "a|b", ..E }), "user_id contains '|' at byte 1");
    assert_eq!(
        entry(CachedEntryViewingSession { user_id: "ab\n", ..E }),
        "user_id contains control character U+000A at byte 2"
    );
    assert_eq!(
        entry(CachedEntryViewingSession { user_id: "é\u{85}", ..E }),
        "user_id contains control character U+0085 at byte 2"
    );
    assert_eq!(cached(CachedSession { user_id: "x;*", ..C }), "user_id contains ';' at byte 1");
    assert_eq!(plain(Session { user_id: "x;*", ..P }), "user_id contains ';' at byte 1");
}

#[test]
fn custom_and_privileges_refusals() {
    assert_eq!(entry(CachedEntryViewingSession { custom: "a;b", ..E }), "custom contains ';' at byte 1");
    assert_eq!(cached(CachedSession { privileges: "sview:x;*", ..C }), "privileges contains ';' at byte 7");
    assert_eq!(cached(CachedSession { privileges: "a|b", ..C }), "privileges contains '|' at byte 1");
    assert_eq!(
        plain(Session { additional_data: "\t", ..P }),
        "additional_data contains control character U+0009 at byte 0"
    );
    assert_eq!(
        plain(Session { layout: Layout::Client, additional_data: "x", ..P }),
        "additional_data must be empty in the 7-field client layout"
    );
    assert_eq!(
        plain(Session { layout: Layout::Client, master_partner_id: Some(1), ..P }),
        "master_partner_id must be empty in the 7-field client layout"
    );
}

#[test]
fn numbers_out_of_range() {
    assert_eq!(entry(CachedEntryViewingSession { cache: 0, ..E }), "cache must be positive, got 0");
    assert_eq!(cached(CachedSession { cache: -60, ..C }), "cache must be positive, got -60");
    assert_eq!(entry(CachedEntryViewingSession { expiry: 0, ..E }), "expiry must be positive, got 0");
    assert_eq!(plain(Session { expiry: -5, ..P }), "expiry must be positive, got -5");
    assert_eq!(
        entry(CachedEntryViewingSession { expiry: i64::MAX, ..E }),
        "expiry is too large: the token's times would overflow"
    );
    let err = generate_cached_session(&secret(), &CachedSession { cache: i64::MAX / 2 + 1, ..C }, i64::MAX / 2 + 2);
    assert_eq!(err.unwrap_err().to_string(), "cache is too large: the token's times would overflow");
    let err = generate_cached_entry_viewing_session(&secret(), &E, -1).unwrap_err();
    assert_eq!((err.kind(), err.field()), (ErrorKind::InvalidField, Some(Field::Now)));
    assert_eq!(err.to_string(), "now must not be negative, got -1");
}

#[test]
fn secret_refusals_and_redaction() {
    let err = AdminSecret::new("").unwrap_err();
    assert_eq!((err.field(), err.to_string().as_str()), (Some(Field::AdminSecret), "admin_secret is empty"));
    assert_eq!(format!("{:?}", secret()), "AdminSecret([redacted])");
    let err = verify("x", &[], NOW, 0).unwrap_err();
    assert_eq!(err.to_string(), "admin_secret is empty");
}

#[test]
fn privilege_builder_refusals() {
    let err = |r: Result<Privileges>| r.unwrap_err().to_string();
    assert_eq!(err(Privileges::new().with("a,b", None)), "privilege_name contains ',' at byte 1");
    assert_eq!(err(Privileges::new().with("a:b", None)), "privilege_name contains ':' at byte 1");
    assert_eq!(err(Privileges::new().with("", None)), "privilege_name is empty");
    assert_eq!(err(Privileges::new().with("sview", Some("0_x,*"))), "privilege_value contains ',' at byte 3");
    assert_eq!(err(Privileges::new().with("sview", Some("x;y"))), "privilege_value contains ';' at byte 1");
    assert_eq!(err(Privileges::entry_viewing("0_x,*")), "entry_id contains ',' at byte 3");
    assert_eq!(err(Privileges::new().with(" sview", Some("x"))), "privilege_name contains ' ' at byte 0");
    assert_eq!(err(Privileges::new().with("widget ", None)), "privilege_name contains ' ' at byte 6");
    assert_eq!(err(Privileges::new().with("sview", Some("0_x "))), "privilege_value contains ' ' at byte 3");
    let inner = Privileges::new().with("name ", Some(" v a")).unwrap();
    assert_eq!(inner.items(), [Privilege { name: "name ".into(), value: Some(" v a".into()) }]);
    let ok = Privileges::new().with("urirestrict", Some("http://a/b*")).unwrap().with("widget", Some("1")).unwrap();
    assert_eq!(ok.as_str(), "urirestrict:http://a/b*,widget:1");
    let mut big = Privileges::new();
    big.push("p", Some(&"v".repeat(MAX_FIELD_LEN - 2))).unwrap();
    assert_eq!(err(big.with("q", None)), "privileges is longer than 2048 bytes");
}

#[test]
fn malformed_token_messages() {
    let msg = |t: &str| decode(t).unwrap_err().to_string();
    assert_eq!(msg(""), "malformed KS: token is empty");
    assert_eq!(msg("!!!"), "malformed KS: token is not base64");
    assert_eq!(
        msg("ab c"),
        "malformed KS: token contains a space: a '+' was probably decoded as a space in a URL (use the URL-safe alphabet)"
    );
    let b64 = |s: &[u8]| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(s)
    };
    let sig = "a".repeat(40);
    assert_eq!(msg(&b64(b"no separator")), "malformed KS: no '|' after the signature");
    assert_eq!(
        msg(&b64(format!("{}|1;1;1", "A".repeat(40)).as_bytes())),
        "malformed KS: signature is not 40 lowercase hex digits"
    );
    assert_eq!(msg(&b64(format!("{sig}|1;1").as_bytes())), "malformed KS: 2 fields, expected 3 to 9");
    assert_eq!(msg(&b64(format!("{sig}|1;1;1;0;0;u;p;;x;y").as_bytes())), "malformed KS: 10 fields, expected 3 to 9");
    assert_eq!(msg(&b64(format!("{sig}|1;1;later").as_bytes())), "malformed KS: valid_until is not an integer");
    assert_eq!(
        msg(&b64(format!("{sig}|1;1;1;0;0;u\0;p").as_bytes())),
        "malformed KS: user_id contains a control character"
    );
    assert_eq!(msg(&b64(b"v2|1|abcdefabcdefabcdef")), "KS v2 is encrypted: reading it needs the admin secret");
    let mut raw = format!("{sig}|1;1;1;0;0;").into_bytes();
    raw.push(0xff);
    assert_eq!(msg(&b64(&raw)), "malformed KS: decoded token is not UTF-8");
    assert_eq!(msg(&"A".repeat(MAX_TOKEN_LEN + 1)), "KS is 16385 bytes, over the 16384 byte limit");
    assert_eq!(decode(&"A".repeat(MAX_TOKEN_LEN + 1)).unwrap_err().kind(), ErrorKind::TokenTooLarge);
}

#[test]
fn verify_errors() {
    let s = secret();
    let ks = generate_cached_entry_viewing_session(&s, &E, NOW).unwrap();
    let other = AdminSecret::new("another secret").unwrap();
    assert_eq!(verify(&ks, std::slice::from_ref(&other), NOW, 0).unwrap_err(), Error::InvalidSignature);
    assert_eq!(verify(&ks, &[other, s.clone()], NOW, 0).unwrap().user_id(), "");
    let valid_until = decode(&ks).unwrap().valid_until();
    assert_eq!(
        verify(&ks, std::slice::from_ref(&s), valid_until, 0).unwrap_err(),
        Error::Expired { valid_until, now: valid_until }
    );
    assert_eq!(
        verify(&ks, std::slice::from_ref(&s), valid_until + 10, 0).unwrap_err().to_string(),
        format!("KS expired: valid_until {valid_until} is not after now {} (10s ago)", valid_until + 10)
    );
    assert!(verify(&ks, std::slice::from_ref(&s), valid_until + 10, 11).is_ok());
    assert!(verify(&ks, &[s], valid_until + 11, 11).is_err());
}

#[test]
fn error_kinds_have_stable_codes() {
    let codes: Vec<(u32, &str)> = ErrorKind::ALL.iter().map(|k| (k.code(), k.as_str())).collect();
    assert_eq!(
        codes,
        [
            (1, "invalid_field"),
            (2, "malformed_token"),
            (3, "invalid_signature"),
            (4, "expired"),
            (5, "token_too_large"),
            (6, "secret_required"),
            (7, "random_unavailable")
        ]
    );
}
