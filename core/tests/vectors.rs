//! Every case of the shared vector file, through the Rust API.

use ksession::*;
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/ks_v1.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("vector file")).expect("JSON");
    let cases = doc["cases"].as_array().expect("cases").clone();
    assert_eq!(cases.len() as u64, doc["count"].as_u64().unwrap());
    cases
}

fn s<'a>(c: &'a Value, k: &str) -> &'a str {
    c[k].as_str().unwrap_or_else(|| panic!("{k} in {}", c["name"]))
}

fn i(c: &Value, k: &str) -> i64 {
    c[k].as_i64().unwrap_or_else(|| panic!("{k} in {}", c["name"]))
}

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

fn assert_fields(ks: &Ks, f: &Value, name: &Value) {
    assert_eq!(ks.partner_id(), f["partner_id"].as_i64().unwrap(), "{name}");
    assert_eq!(ks.partner_pattern(), f["partner_pattern"].as_str().unwrap(), "{name}");
    assert_eq!(ks.valid_until(), f["valid_until"].as_i64().unwrap(), "{name}");
    assert_eq!(ks.session_type().code(), f["type"].as_i64().unwrap(), "{name}");
    assert_eq!(ks.rand(), f["rand"].as_str().unwrap(), "{name}");
    assert_eq!(ks.user_id(), f["user_id"].as_str().unwrap(), "{name}");
    assert_eq!(ks.privileges(), f["privileges"].as_str().unwrap(), "{name}");
    assert_eq!(ks.master_partner_id(), f["master_partner_id"].as_i64(), "{name}");
    assert_eq!(ks.additional_data(), f["additional_data"].as_str().unwrap(), "{name}");
    assert_eq!(ks.field_count() as u64, f["field_count"].as_u64().unwrap(), "{name}");
}

fn assert_error(result: Result<impl std::fmt::Debug>, c: &Value) {
    let err = result.expect_err(&format!("{} must fail", c["name"]));
    let want = &c["error"];
    assert_eq!(err.kind().as_str(), want["kind"].as_str().unwrap(), "{}: {err}", c["name"]);
    assert_eq!(err.field().map(Field::as_str), want["field"].as_str(), "{}: {err}", c["name"]);
}

#[test]
fn every_vector() {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for c in cases() {
        let op = s(&c, "op");
        *counts.entry(op.to_owned()).or_default() += 1;
        match op {
            "decode" if c.get("error").is_some() => assert_error(decode(s(&c, "token")), &c),
            "decode" => assert_fields(&decode(s(&c, "token")).unwrap(), &c["fields"], &c["name"]),
            "verify" => {
                let secrets: Vec<AdminSecret> = c["admin_secrets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| AdminSecret::new(v.as_str().unwrap()).unwrap())
                    .collect();
                let got = verify(s(&c, "token"), &secrets, i(&c, "now"), i(&c, "leeway") as u32);
                if c.get("error").is_some() {
                    assert_error(got, &c);
                } else {
                    assert_fields(&got.unwrap(), &c["fields"], &c["name"]);
                }
            }
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
