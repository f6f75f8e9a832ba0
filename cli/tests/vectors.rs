//! Every case of the shared vector files (KS v1 and v2), through the `ksession` binary.

mod common;

use common::*;
use ksession::{Alphabet, CachedEntryViewingSession, CachedSession, Layout, Session, SessionType};
use serde_json::Value;

const GENERATION_OPS: [&str; 6] = [
    "cached_entry_viewing_session",
    "cached_session",
    "session",
    "cached_entry_viewing_session_v2",
    "cached_session_v2",
    "session_v2",
];

fn is_v2(c: &Value) -> bool {
    s(c, "op").ends_with("_v2")
}

fn url_safe(c: &Value) -> bool {
    c["url_safe"].as_bool().unwrap_or(false)
}

/// The `ksession generate` arguments for a generation case.
fn generate_args(c: &Value) -> Vec<String> {
    let mut args = vec![
        "generate".to_owned(),
        format!("--partner-id={}", i(c, "partner_id")),
        format!("--user-id={}", s(c, "user_id")),
        format!("--expiry={}", i(c, "expiry")),
        format!("--now={}", i(c, "now")),
    ];
    match s(c, "op").trim_end_matches("_v2") {
        "cached_entry_viewing_session" => {
            args.push(format!("--entry-id={}", s(c, "entry_id")));
            args.push(format!("--cache={}", i(c, "cache")));
            args.push(format!("--custom={}", s(c, "custom")));
        }
        "cached_session" => {
            args.push(format!("--type={}", i(c, "type")));
            args.push(format!("--privileges={}", s(c, "privileges")));
            args.push(format!("--cache={}", i(c, "cache")));
            args.push(format!("--custom={}", s(c, "custom")));
        }
        "session" => {
            args.push("--plain".to_owned());
            args.push(format!("--type={}", i(c, "type")));
            args.push(format!("--privileges={}", s(c, "privileges")));
            if is_v2(c) {
                args.push(format!("--random={}", s(c, "random_hex")));
            } else {
                args.push(format!("--rand={}", i(c, "rand")));
                args.push(format!("--layout={}", s(c, "layout")));
            }
            if let Some(master) = c["master_partner_id"].as_i64() {
                args.push(format!("--master-partner-id={master}"));
            }
            args.push(format!("--additional-data={}", s(c, "additional_data")));
        }
        op => panic!("not a generation op: {op}"),
    }
    if is_v2(c) {
        args.push("--v2".to_owned());
    }
    if url_safe(c) {
        args.push("--url-safe".to_owned());
    }
    args
}

/// The library's refusal of the same inputs: the message the tool must print.
fn library_error(c: &Value) -> ksession::Error {
    let secret = match ksession::AdminSecret::new(s(c, "admin_secret")) {
        Ok(secret) => secret,
        Err(e) => return e,
    };
    let alphabet = if url_safe(c) { Alphabet::UrlSafe } else { Alphabet::Standard };
    let now = i(c, "now");
    let result = match s(c, "op").trim_end_matches("_v2") {
        "cached_entry_viewing_session" => {
            let params = CachedEntryViewingSession {
                partner_id: i(c, "partner_id"),
                entry_id: s(c, "entry_id"),
                user_id: s(c, "user_id"),
                expiry: i(c, "expiry"),
                cache: i(c, "cache"),
                custom: s(c, "custom"),
                alphabet,
            };
            if is_v2(c) {
                ksession::generate_cached_entry_viewing_session_v2(&secret, &params, now)
            } else {
                ksession::generate_cached_entry_viewing_session(&secret, &params, now)
            }
        }
        "cached_session" => {
            let params = CachedSession {
                partner_id: i(c, "partner_id"),
                session_type: SessionType::from_code(i(c, "type")),
                user_id: s(c, "user_id"),
                privileges: s(c, "privileges"),
                expiry: i(c, "expiry"),
                cache: i(c, "cache"),
                custom: s(c, "custom"),
                alphabet,
            };
            if is_v2(c) {
                ksession::generate_cached_session_v2(&secret, &params, now)
            } else {
                ksession::generate_cached_session(&secret, &params, now)
            }
        }
        _ => {
            let params = Session {
                partner_id: i(c, "partner_id"),
                session_type: SessionType::from_code(i(c, "type")),
                user_id: s(c, "user_id"),
                privileges: s(c, "privileges"),
                expiry: i(c, "expiry"),
                master_partner_id: c["master_partner_id"].as_i64(),
                additional_data: s(c, "additional_data"),
                layout: if c["layout"] == "client" { Layout::Client } else { Layout::Server },
                alphabet,
            };
            if is_v2(c) {
                let hex = s(c, "random_hex");
                let mut random = [0u8; 16];
                for (k, byte) in random.iter_mut().enumerate() {
                    *byte = u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).unwrap();
                }
                ksession::generate_session_v2_with_random(&secret, &params, now, &random)
            } else {
                ksession::generate_session_with_rand(&secret, &params, now, i(c, "rand") as u32)
            }
        }
    };
    result.expect_err("the vector says this input is refused")
}

fn generation_cases() -> Vec<Value> {
    all_vectors().into_iter().filter(|c| GENERATION_OPS.contains(&s(c, "op"))).collect()
}

#[test]
fn every_generation_vector() {
    let (mut minted, mut refused, mut unreachable) = (0, 0, 0);
    for (n, c) in generation_cases().iter().enumerate() {
        let name = &c["name"];
        let args = generate_args(c);
        if args.iter().any(|a| a.contains('\0')) {
            // A command line cannot hold NUL: such a value never reaches the tool.
            assert!(c.get("error").is_some(), "{name}: a NUL input must be refused");
            let spawned = std::process::Command::new(BIN).args(&args).output();
            assert_eq!(spawned.unwrap_err().kind(), std::io::ErrorKind::InvalidInput, "{name}");
            unreachable += 1;
            continue;
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args, Secrets::rotate(n, &[s(c, "admin_secret")]), None);
        match c.get("error") {
            None => {
                assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{name}");
                assert_eq!(out.stdout, format!("{}\n", s(c, "token")), "{name}");
                minted += 1;
            }
            Some(error) => {
                assert_eq!(out.code, exit_code(error["kind"].as_str().unwrap()), "{name}: {out:?}");
                assert_eq!(out.stdout, "", "{name}");
                let field = error["field"].as_str().unwrap();
                let message = out.error_message();
                assert!(message.starts_with(&format!("{field} ")), "{name}: {message}");
                let expected = library_error(c).to_string();
                if field == "admin_secret" {
                    // The tool says where it looked: "admin_secret is empty: ... holds no secret".
                    assert!(message.starts_with(&expected), "{name}: {message}");
                } else {
                    assert_eq!(message, expected, "{name}");
                }
                refused += 1;
            }
        }
    }
    println!("{minted} minted, {refused} refused, {unreachable} with NUL (not expressible in argv)");
    // A truncated vector file fails here.
    assert!(minted >= 150 && refused >= 50, "{minted} minted, {refused} refused");
}

/// Every minted v1 vector token decodes to its INFO and verifies with its secret.
#[test]
fn generated_tokens_round_trip_through_decode_and_verify() {
    let cases: Vec<Value> = generation_cases().into_iter().filter(|c| c.get("token").is_some() && !is_v2(c)).collect();
    let valid_untils: Vec<i64> =
        cases.iter().map(|c| s(c, "info").split(';').nth(2).unwrap().parse().unwrap()).collect();
    let dates = date_u(&valid_untils, "%Y-%m-%dT%H:%M:%SZ");
    for (n, (c, (valid_until, date))) in cases.iter().zip(valid_untils.iter().zip(&dates)).enumerate() {
        let name = &c["name"];
        let token = s(c, "token");
        let secret = s(c, "admin_secret");
        let now = i(c, "now");
        let now_arg = format!("--now={now}");
        let want = expected_json(s(c, "info"), now, date);

        let out = run(&["decode", "--json", &now_arg, token], Secrets::None, None);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{name}");
        assert_eq!(out.json(), want, "{name}");

        let out = run(&["verify", "--json", &now_arg, token], Secrets::rotate(n, &[secret]), None);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{name}");
        let mut got = out.json();
        assert_eq!(got.as_object_mut().unwrap().remove("valid"), Some(Value::Bool(true)), "{name}");
        assert_eq!(got, want, "{name}");

        let at_expiry = format!("--now={valid_until}");
        let out = run(&["verify", &at_expiry, token], Secrets::rotate(n + 1, &[secret]), None);
        assert_eq!(out.code, 5, "{name}: {out:?}");
        assert!(out.error_message().starts_with("KS expired: "), "{name}");

        let other = format!("{secret}x");
        let out = run(&["verify", &now_arg, token], Secrets::rotate(n + 2, &[&other]), None);
        assert_eq!(out.code, 4, "{name}: {out:?}");
        assert_eq!(out.error_message(), ksession::Error::InvalidSignature.to_string(), "{name}");
    }
}

/// Every minted v2 vector token decodes (with its secret) and verifies; its
/// fields are checked by the `decode_v2` vectors.
#[test]
fn generated_v2_tokens_round_trip_through_decode_and_verify() {
    let cases: Vec<Value> = generation_cases().into_iter().filter(|c| c.get("token").is_some() && is_v2(c)).collect();
    assert!(cases.len() >= 30, "{}", cases.len());
    for (n, c) in cases.iter().enumerate() {
        let name = &c["name"];
        let token = s(c, "token");
        let secret = s(c, "admin_secret");
        let now_arg = format!("--now={}", i(c, "now"));

        let decoded = run(&["decode", "--json", &now_arg, token], Secrets::rotate(n, &[secret]), None);
        assert_eq!((decoded.code, decoded.stderr.as_str()), (0, ""), "{name}");
        let decoded = decoded.json();
        assert_eq!((decoded["version"].as_i64(), decoded["expired"].as_bool()), (Some(2), Some(false)), "{name}");
        assert_eq!(decoded["partner_id"].as_i64(), Some(i(c, "partner_id")), "{name}");
        assert_eq!(decoded["user_id"].as_str(), Some(s(c, "user_id")), "{name}");

        let out = run(&["verify", "--json", &now_arg, token], Secrets::rotate(n + 1, &[secret]), None);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{name}");
        let mut verified = out.json();
        assert_eq!(verified.as_object_mut().unwrap().remove("valid"), Some(Value::Bool(true)), "{name}");
        assert_eq!(verified, decoded, "{name}");

        let at_expiry = format!("--now={}", decoded["valid_until"]);
        let out = run(&["verify", &at_expiry, token], Secrets::rotate(n + 2, &[secret]), None);
        assert_eq!(out.code, 5, "{name}: {out:?}");

        let out = run(&["decode", &now_arg, token], Secrets::None, None);
        assert_eq!(out.code, 1, "{name}: {out:?}");
        assert!(out.error_message().starts_with(&ksession::Error::SecretRequired.to_string()), "{name}");
    }
}

fn assert_vector_fields(got: &Value, fields: &Value, name: &Value) {
    for (key, want) in fields.as_object().unwrap() {
        assert_eq!(&got[key], want, "{name}: {key}");
    }
    assert!(got["version"] == 1 || got["version"] == 2, "{name}");
}

#[test]
fn every_decode_vector() {
    let mut count = 0;
    for (n, c) in all_vectors().iter().filter(|c| matches!(s(c, "op"), "decode" | "decode_v2")).enumerate() {
        let name = &c["name"];
        let token = s(c, "token");
        let secrets: Vec<&str> =
            c["admin_secrets"].as_array().map_or(vec![], |a| a.iter().map(|v| v.as_str().unwrap()).collect());
        let source = |k: usize| if secrets.is_empty() { Secrets::None } else { Secrets::rotate(n + k, &secrets) };
        let json = run(&["decode", "--json", "--now=0", token], source(0), None);
        let text = run(&["decode", "--now=0", token], source(1), None);
        match c.get("error") {
            None => {
                assert_eq!((json.code, json.stderr.as_str()), (0, ""), "{name}");
                assert_vector_fields(&json.json(), &c["fields"], name);
                assert_eq!((text.code, text.stderr.as_str()), (0, ""), "{name}");
                assert!(text.stdout.contains(&format!("\npartner:         {}\n", c["fields"]["partner_id"])), "{name}");
            }
            Some(error) => {
                let kind = error["kind"].as_str().unwrap();
                let library: Vec<ksession::AdminSecret> =
                    secrets.iter().map(|s| ksession::AdminSecret::new(s).unwrap()).collect();
                let mut expected = ksession::decode_with_secrets(token, &library).unwrap_err().to_string();
                if kind == "secret_required" {
                    expected.push_str(": set KSESSION_ADMIN_SECRET, or pass --secret-file PATH or --secret-stdin");
                }
                for out in [&json, &text] {
                    assert_eq!(out.code, exit_code(kind), "{name}: {out:?}");
                    assert_eq!(out.error_message(), expected, "{name}");
                }
                assert_eq!(text.stdout, "", "{name}");
                assert_eq!(json.json(), serde_json::json!({"error": {"kind": kind, "message": expected}}), "{name}");
            }
        }
        count += 1;
    }
    assert!(count >= 30, "{count}");
}

#[test]
fn every_verify_vector() {
    let mut count = 0;
    for (n, c) in all_vectors().iter().filter(|c| s(c, "op") == "verify").enumerate() {
        let name = &c["name"];
        let token = s(c, "token");
        let secrets: Vec<&str> = c["admin_secrets"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let now = format!("--now={}", i(c, "now"));
        let leeway = format!("--leeway={}", i(c, "leeway"));
        let json = run(&["verify", "--json", &now, &leeway, token], Secrets::rotate(n, &secrets), None);
        let text = run(&["verify", &now, &leeway, token], Secrets::rotate(n + 1, &secrets), None);
        match c.get("error") {
            None => {
                assert_eq!((json.code, json.stderr.as_str()), (0, ""), "{name}");
                let got = json.json();
                assert_eq!(got["valid"], true, "{name}");
                assert_vector_fields(&got, &c["fields"], name);
                assert_eq!((text.code, text.stderr.as_str()), (0, ""), "{name}");
                assert!(text.stdout.starts_with("valid: partner "), "{name}: {}", text.stdout);
            }
            Some(error) => {
                let kind = error["kind"].as_str().unwrap();
                let library: Vec<ksession::AdminSecret> =
                    secrets.iter().map(|s| ksession::AdminSecret::new(s).unwrap()).collect();
                let expected =
                    ksession::verify(token, &library, i(c, "now"), i(c, "leeway") as u32).unwrap_err().to_string();
                for out in [&json, &text] {
                    assert_eq!(out.code, exit_code(kind), "{name}: {out:?}");
                    assert_eq!(out.error_message(), expected, "{name}");
                }
                assert_eq!(text.stdout, "", "{name}");
                let want = serde_json::json!({"valid": false, "error": {"kind": kind, "message": expected}});
                assert_eq!(json.json(), want, "{name}");
            }
        }
        count += 1;
    }
    assert!(count >= 30, "{count}");
}
