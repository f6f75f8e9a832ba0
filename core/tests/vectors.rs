//! Every case of the shared vector file, through the Rust API.

mod common;

use common::*;
use ksession::*;
use serde_json::Value;

fn alphabet(c: &Value) -> Alphabet {
    if c["url_safe"].as_bool().unwrap() { Alphabet::UrlSafe } else { Alphabet::Standard }
}

/// Runs one generation case; `Err` is the library's refusal.
fn generate(c: &Value) -> Result<String> {
    let secret = AdminSecret::new(s(c, "admin_secret"))?;
    match s(c, "op") {
        "cached_entry_viewing_session" => {
            let p = CachedEntryViewingSession {
                partner_id: i(c, "partner_id"),
                entry_id: s(c, "entry_id"),
                user_id: s(c, "user_id"),
                expiry: i(c, "expiry"),
                cache: i(c, "cache"),
                custom: s(c, "custom"),
                alphabet: alphabet(c),
            };
            generate_cached_entry_viewing_session(&secret, &p, i(c, "now"))
        }
        "cached_session" => {
            let p = CachedSession {
                partner_id: i(c, "partner_id"),
                session_type: SessionType::from_code(i(c, "type")),
                user_id: s(c, "user_id"),
                privileges: s(c, "privileges"),
                expiry: i(c, "expiry"),
                cache: i(c, "cache"),
                custom: s(c, "custom"),
                alphabet: alphabet(c),
            };
            generate_cached_session(&secret, &p, i(c, "now"))
        }
        "session" => {
            let p = Session {
                partner_id: i(c, "partner_id"),
                session_type: SessionType::from_code(i(c, "type")),
                user_id: s(c, "user_id"),
                privileges: s(c, "privileges"),
                expiry: i(c, "expiry"),
                master_partner_id: c["master_partner_id"].as_i64(),
                additional_data: s(c, "additional_data"),
                layout: if s(c, "layout") == "client" { Layout::Client } else { Layout::Server },
                alphabet: alphabet(c),
            };
            generate_session_with_rand(&secret, &p, i(c, "now"), i(c, "rand") as u32)
        }
        op => panic!("unknown op {op}"),
    }
}

#[test]
fn every_vector() {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for c in cases("ks_v1.json") {
        let op = s(&c, "op");
        *counts.entry(op.to_owned()).or_default() += 1;
        match op {
            "decode" if c.get("error").is_some() => assert_error(decode(s(&c, "token")), &c),
            "decode" => assert_fields(&decode(s(&c, "token")).unwrap(), &c["fields"], &c["name"]),
            "verify" => check_verify(&c),
            _ if c.get("error").is_some() => assert_error(generate(&c), &c),
            _ => {
                let token = generate(&c).unwrap_or_else(|e| panic!("{}: {e}", c["name"]));
                assert_eq!(token, s(&c, "token"), "{}", c["name"]);
                assert_eq!(decode(&token).unwrap().info(), s(&c, "info"), "{}", c["name"]);
            }
        }
    }
    // The file covers every operation; a truncated file fails here.
    assert!(counts.values().all(|&n| n >= 30), "{counts:?}");
}
