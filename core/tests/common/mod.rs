//! The shared vector files, read the same way by every Rust test.
#![allow(dead_code)]

use ksession::*;
use serde_json::Value;

pub fn cases(file: &str) -> Vec<Value> {
    let path = format!("{}/../tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("vector file")).expect("JSON");
    let cases = doc["cases"].as_array().expect("cases").clone();
    assert_eq!(cases.len() as u64, doc["count"].as_u64().unwrap());
    cases
}

pub fn s<'a>(c: &'a Value, k: &str) -> &'a str {
    c[k].as_str().unwrap_or_else(|| panic!("{k} in {}", c["name"]))
}

pub fn i(c: &Value, k: &str) -> i64 {
    c[k].as_i64().unwrap_or_else(|| panic!("{k} in {}", c["name"]))
}

pub fn secrets(c: &Value) -> Vec<AdminSecret> {
    c["admin_secrets"].as_array().unwrap().iter().map(|v| AdminSecret::new(v.as_str().unwrap()).unwrap()).collect()
}

pub fn assert_fields(ks: &Ks, f: &Value, name: &Value) {
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

pub fn assert_error(result: Result<impl std::fmt::Debug>, c: &Value) {
    let err = result.expect_err(&format!("{} must fail", c["name"]));
    let want = &c["error"];
    assert_eq!(err.kind().as_str(), want["kind"].as_str().unwrap(), "{}: {err}", c["name"]);
    assert_eq!(err.field().map(Field::as_str), want["field"].as_str(), "{}: {err}", c["name"]);
}

/// Runs a `verify` case: the fields, or the exact error kind.
pub fn check_verify(c: &Value) {
    let got = verify(s(c, "token"), &secrets(c), i(c, "now"), i(c, "leeway") as u32);
    if c.get("error").is_some() {
        assert_error(got, c);
    } else {
        assert_fields(&got.unwrap(), &c["fields"], &c["name"]);
    }
}
