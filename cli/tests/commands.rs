//! The `ksession` binary's behaviour: exit codes, secret sources, messages,
//! durations, the decode view, help and version.

mod common;

use common::*;
use serde_json::Value;

const SECRET: &str = "0123456789abcdef0123456789abcdef";
const OTHER: &str = "fedcba9876543210fedcba9876543210";

/// The spec's vector, from the shared file: inputs and the exact token.
fn spec_case() -> Value {
    vectors().into_iter().find(|c| c["name"] == "spec vector").expect("the spec vector")
}

fn spec_args(c: &Value) -> Vec<String> {
    vec![
        "generate".into(),
        format!("--partner-id={}", i(c, "partner_id")),
        format!("--entry-id={}", s(c, "entry_id")),
        format!("--user-id={}", s(c, "user_id")),
        format!("--expiry={}", i(c, "expiry")),
        format!("--cache={}", i(c, "cache")),
        format!("--now={}", i(c, "now")),
    ]
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A token minted by the tool itself for the other tests.
fn mint(extra: &[&str], secret: &str) -> String {
    let args = with_defaults(
        &["generate"],
        &["--partner-id=3000582", "--entry-id=0_fld1ro3s", "--user-id=Viewer", "--now=1621594000"],
        extra,
    );
    let out = run(&args, Secrets::Env(&[secret]), None);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    out.stdout.trim_end().to_owned()
}

/// `command`, then `extra`, then each default whose flag `extra` does not give.
fn with_defaults<'a>(command: &[&'a str], defaults: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    let flag = |arg: &str| arg.split('=').next().unwrap().to_owned();
    let mut args = command.to_vec();
    args.extend_from_slice(extra);
    args.extend(defaults.iter().filter(|d| !extra.iter().any(|e| flag(e) == flag(d))));
    args
}

fn valid_until(token: &str) -> i64 {
    let out = run(&["decode", "--json", token], Secrets::None, None);
    out.json()["valid_until"].as_i64().unwrap()
}

#[test]
fn generate_prints_the_spec_token_and_a_newline_only() {
    let c = spec_case();
    let out = run(&strs(&spec_args(&c)), Secrets::Env(&[SECRET]), None);
    assert_eq!(s(&c, "admin_secret"), SECRET);
    assert_eq!((out.code, out.stdout.clone(), out.stderr.as_str()), (0, format!("{}\n", s(&c, "token")), ""));
}

#[test]
fn every_exit_code() {
    let token = mint(&["--expiry=600"], SECRET);
    let expired = format!("--now={}", valid_until(&token));
    let too_large = "A".repeat(ksession::MAX_TOKEN_LEN + 1);
    let cases: Vec<(Vec<&str>, Secrets<'_>, i32)> = vec![
        (vec!["generate", "--partner-id=1", "--entry-id=0_x"], Secrets::Env(&[SECRET]), 0),
        (vec!["verify", "--now=1621594000", &token], Secrets::Env(&[SECRET]), 0),
        (vec!["decode", &token], Secrets::None, 0),
        (vec!["generate", "--partner-id=1", "--entry-id=0_x"], Secrets::None, 1),
        (vec!["generate", "--partner-id=1", "--entry-id=0_x,*"], Secrets::Env(&[SECRET]), 1),
        (vec!["verify", "--now=soon", &token], Secrets::Env(&[SECRET]), 1),
        (vec!["generate", "--partner-id=1"], Secrets::Env(&[SECRET]), 2),
        (vec!["generate", "--partner-id=1", "--entry-id=x", "--type=2"], Secrets::Env(&[SECRET]), 2),
        (vec!["verify", "--no-such-flag", &token], Secrets::Env(&[SECRET]), 2),
        (vec!["frobnicate"], Secrets::None, 2),
        (vec!["decode", "not base64 at all!"], Secrets::None, 3),
        (vec!["verify", "not base64 at all!"], Secrets::Env(&[SECRET]), 3),
        (vec!["verify", "--now=1621594000", &token], Secrets::Env(&[OTHER]), 4),
        (vec!["verify", &expired, &token], Secrets::Env(&[SECRET]), 5),
        (vec!["decode", &too_large], Secrets::None, 6),
        (vec!["verify", &too_large], Secrets::Env(&[SECRET]), 6),
    ];
    for (args, secrets, code) in cases {
        let out = run(&args, secrets, None);
        assert_eq!(out.code, code, "{:?}: {out:?}", &args[..args.len().min(3)]);
        if code == 1 || code >= 3 {
            assert_eq!(out.stdout, "", "{args:?}");
            out.error_message();
        }
        if code == 2 {
            assert!(out.stderr.starts_with("error: "), "{out:?}");
        }
    }
}

#[test]
fn secret_from_each_source() {
    let c = spec_case();
    let args = spec_args(&c);
    let want = format!("{}\n", s(&c, "token"));
    for secrets in [Secrets::Env(&[SECRET]), Secrets::File(&[SECRET]), Secrets::Stdin(&[SECRET])] {
        let out = run(&strs(&args), secrets, None);
        assert_eq!((out.code, &out.stdout), (0, &want), "{secrets:?}: {}", out.stderr);
    }
    // Surrounding whitespace, CRLF and empty lines are ignored.
    let path = write_temp(format!("\n  {SECRET} \r\n\n").as_bytes());
    let mut with_file = strs(&args);
    let file_arg = format!("--secret-file={}", path.display());
    with_file.push(&file_arg);
    let out = run(&with_file, Secrets::None, None);
    std::fs::remove_file(&path).unwrap();
    assert_eq!((out.code, &out.stdout), (0, &want), "{}", out.stderr);
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(&args).env(SECRET_ENV, format!(" {SECRET} ,"));
    assert_eq!(spawn(&mut cmd, None).stdout, want);
}

#[test]
fn a_flag_source_wins_over_the_environment() {
    let c = spec_case();
    let want = format!("{}\n", s(&c, "token"));
    let path = write_temp(format!("{SECRET}\n").as_bytes());
    let mut args = spec_args(&c);
    args.push(format!("--secret-file={}", path.display()));
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(&args).env(SECRET_ENV, OTHER);
    let from_file = spawn(&mut cmd, None);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(from_file.stdout, want);

    let mut args = spec_args(&c);
    args.push("--secret-stdin".into());
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(&args).env(SECRET_ENV, OTHER);
    assert_eq!(spawn(&mut cmd, Some(format!("{SECRET}\n").as_bytes())).stdout, want);
}

#[test]
fn secret_bytes_are_used_as_they_are() {
    // Not UTF-8: the secret is bytes, hashed as given.
    let secret: &[u8] = b"\xff\xfesecret\x80";
    let path = write_temp(&[secret, b"\n"].concat());
    let file_arg = format!("--secret-file={}", path.display());
    let out =
        run(&["generate", "--partner-id=1", "--entry-id=0_x", "--now=1700000000", &file_arg], Secrets::None, None);
    std::fs::remove_file(&path).unwrap();
    let params = ksession::CachedEntryViewingSession::new(1, "0_x");
    let want = ksession::generate_cached_entry_viewing_session(
        &ksession::AdminSecret::new(secret).unwrap(),
        &params,
        1_700_000_000,
    )
    .unwrap();
    assert_eq!((out.code, out.stdout), (0, format!("{want}\n")));
}

#[test]
fn several_secrets_rotate() {
    let by_secret = mint(&[], SECRET);
    let by_other = mint(&[], OTHER);
    for token in [&by_secret, &by_other] {
        for secrets in [
            Secrets::Env(&[OTHER, SECRET]),
            Secrets::Env(&[SECRET, OTHER]),
            Secrets::File(&[OTHER, SECRET]),
            Secrets::Stdin(&[SECRET, OTHER]),
        ] {
            let out = run(&["verify", "--now=1621594000", token], secrets, None);
            assert_eq!(out.code, 0, "{secrets:?}: {}", out.stderr);
        }
    }
    // generate signs with the first secret only.
    let out = run(
        &["generate", "--partner-id=3000582", "--entry-id=0_fld1ro3s", "--user-id=Viewer", "--now=1621594000"],
        Secrets::Env(&[OTHER, SECRET]),
        None,
    );
    assert_eq!(out.stdout, format!("{by_other}\n"));
    let out = run(&["verify", "--now=1621594000", &by_other], Secrets::File(&[SECRET]), None);
    assert_eq!(out.code, 4);
}

#[test]
fn missing_or_unreadable_secrets_are_one_line_errors() {
    let generate = ["generate", "--partner-id=1", "--entry-id=0_x"];
    let out = run(&generate, Secrets::None, None);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.error_message(),
        "admin_secret is missing: set KSESSION_ADMIN_SECRET, or pass --secret-file PATH or --secret-stdin"
    );
    for (secrets, origin) in [
        (Secrets::Env(&[" ", ""]), "KSESSION_ADMIN_SECRET"),
        (Secrets::File(&["", "  "]), "the secret file"),
        (Secrets::Stdin(&[]), "standard input"),
    ] {
        let out = run(&generate, secrets, None);
        assert_eq!(out.code, 1, "{secrets:?}");
        assert_eq!(out.error_message(), format!("admin_secret is empty: {origin} holds no secret"));
    }
    // The path is not printed: it could be a secret pasted in the wrong place.
    let path = format!("{}/{SECRET}", env!("CARGO_TARGET_TMPDIR"));
    let file_arg = format!("--secret-file={path}");
    let out = run(&["verify", &file_arg, "x"], Secrets::None, None);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.error_message(),
        "admin_secret: cannot open the secret file: No such file or directory (os error 2)"
    );
    let big = write_temp(&vec![b'k'; 64 * 1024 + 1]);
    let big_arg = format!("--secret-file={}", big.display());
    let out = run(&["generate", "--partner-id=1", "--entry-id=0_x", &big_arg], Secrets::None, None);
    std::fs::remove_file(&big).unwrap();
    assert_eq!(out.code, 1);
    assert_eq!(out.error_message(), "admin_secret: the secret file is over 64 KiB; it should hold one secret per line");
}

#[test]
fn secrets_on_the_command_line_are_refused_without_echo() {
    let value = "cmdline-secret-4f2a";
    for args in [
        vec!["generate", "--partner-id=1", "--entry-id=0_x", "--secret", value],
        vec!["generate", "--partner-id=1", "--entry-id=0_x", &format!("--secret={value}")],
        vec!["verify", "x", "--admin-secret", value],
        vec!["decode", "x", "--secret", value],
        vec!["--secret", value, "decode", "x"],
    ] {
        let out = run(&args, Secrets::Env(&[SECRET]), None);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains("admin secrets are not taken on the command line"), "{}", out.stderr);
        assert!(!out.stderr.contains(value) && !out.stdout.contains(value), "{args:?}");
    }
    let out = run(&["verify", "-", "--secret-stdin"], Secrets::None, Some(b"x\n"));
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with("error: standard input cannot carry both the secret and the KS"));
    let out = run(
        &["generate", "--partner-id=1", "--entry-id=0_x", "--secret-stdin", "--secret-file=f"],
        Secrets::None,
        None,
    );
    assert_eq!(out.code, 2);
}

#[test]
fn a_secret_is_never_printed() {
    const HIDDEN: &str = "never-print-me-5b7e9d1c";
    let secret = HIDDEN;
    let token = mint(&["--expiry=600"], secret);
    let expired = format!("--now={}", valid_until(&token));
    let foreign = mint(&[], SECRET);
    let v2_token = mint(&["--v2"], secret);
    let secret_file = write_temp(format!("{secret}\n").as_bytes());
    let secret_file_arg = format!("--secret-file={}", secret_file.display());
    let pasted_path = format!("--secret-file={secret}");
    type Run<'a> = (Vec<&'a str>, Secrets<'a>, Option<&'a [u8]>);
    let runs: Vec<Run<'_>> = vec![
        (vec!["generate", "--partner-id=1", "--entry-id=0_x"], Secrets::Env(&[HIDDEN]), None),
        (vec!["generate", "--partner-id=1", "--type=admin", "--plain", "--url-safe"], Secrets::Stdin(&[HIDDEN]), None),
        (vec!["generate", "--partner-id=1", "--entry-id=0_x;*"], Secrets::Env(&[HIDDEN]), None),
        (vec!["generate", "--partner-id=1", "--entry-id=0_x", "--expiry=soon"], Secrets::File(&[HIDDEN]), None),
        (vec!["generate", "--partner-id=1", "--entry-id=0_x", "--cache=0"], Secrets::Env(&[HIDDEN]), None),
        (vec!["generate", "--partner-id=1", "--entry-id=0_x", &secret_file_arg], Secrets::None, None),
        (vec!["generate", "--partner-id=1", "--entry-id=0_x", &pasted_path], Secrets::None, None),
        (vec!["verify", "--now=1621594000", &token], Secrets::Env(&[HIDDEN]), None),
        (vec!["verify", "--json", "--now=1621594000", &token], Secrets::File(&[HIDDEN]), None),
        (vec!["verify", "--json", "--now=1621594000", &foreign], Secrets::Env(&[HIDDEN, OTHER]), None),
        (vec!["verify", &expired, &token], Secrets::Stdin(&[HIDDEN]), None),
        (vec!["verify", "--json", &expired, &token], Secrets::Env(&[HIDDEN]), None),
        (vec!["verify", "-", &secret_file_arg], Secrets::None, Some(b"%%%\n")),
        (vec!["verify", "--json", "--leeway=-1", &token], Secrets::Env(&[HIDDEN]), None),
        (vec!["verify", secret], Secrets::Env(&[HIDDEN]), None),
        (vec!["decode", secret], Secrets::Env(&[HIDDEN]), None),
        (vec!["generate", "--partner-id=1", "--entry-id=0_x", "--v2"], Secrets::Env(&[HIDDEN]), None),
        (vec!["generate", "--partner-id=1", "--type=2", "--plain", "--v2"], Secrets::File(&[HIDDEN]), None),
        (vec!["decode", &v2_token], Secrets::Stdin(&[HIDDEN]), None),
        (vec!["decode", "--json", &v2_token], Secrets::Env(&[OTHER]), None),
        (vec!["decode", &v2_token], Secrets::None, None),
        (vec!["decode", "--json", &token], Secrets::Env(&[HIDDEN]), None),
        (vec!["decode", &token], Secrets::Env(&[HIDDEN]), None),
        (vec!["verify", "--help"], Secrets::Env(&[HIDDEN]), None),
    ];
    for (args, secrets, stdin) in runs {
        let out = run(&args, secrets, stdin);
        assert!(!out.stdout.contains(secret) && !out.stderr.contains(secret), "{args:?} printed the secret: {out:?}");
    }
    std::fs::remove_file(&secret_file).unwrap();
}

#[test]
fn bad_values_are_one_line_errors_naming_the_field() {
    let defaults = ["--partner-id=1", "--entry-id=0_x", "--now=1700000000"];
    let ours: [(&str, &str); 12] = [
        ("--partner-id=abc", "partner_id \"abc\" is not an integer"),
        (
            "--partner-id=99999999999999999999",
            "partner_id \"99999999999999999999\" is out of range for a 64-bit integer",
        ),
        ("--now=yesterday", "now \"yesterday\" is not an integer"),
        (
            "--expiry=10x",
            "expiry \"10x\" is not a duration: use seconds (600) or a number with s, m, h or d (30s, 10m, 2h, 1d)",
        ),
        (
            "--expiry=",
            "expiry \"\" is not a duration: use seconds (600) or a number with s, m, h or d (30s, 10m, 2h, 1d)",
        ),
        (
            "--cache=1.5m",
            "cache \"1.5m\" is not a duration: use seconds (600) or a number with s, m, h or d (30s, 10m, 2h, 1d)",
        ),
        ("--cache=9999999999999999999d", "cache \"9999999999999999999d\" is too large"),
        (
            "--expiry=1\n0",
            "expiry \"1\\n0\" is not a duration: use seconds (600) or a number with s, m, h or d (30s, 10m, 2h, 1d)",
        ),
        ("--user-id=x;*", "user_id contains ';' at byte 1"),
        ("--custom=a|b", "custom contains '|' at byte 1"),
        ("--cache=0", "cache must be positive, got 0"),
        ("--expiry=-10m", "expiry must be positive, got -600"),
    ];
    for (arg, message) in ours {
        let args = with_defaults(&["generate"], &defaults, &[arg]);
        let out = run(&args, Secrets::Env(&[SECRET]), None);
        assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{arg}");
        assert_eq!(out.error_message(), message, "{arg}");
    }
    let typed: [(&[&str], &str); 4] = [
        (&["--type=root"], "type \"root\" is not a session type: use user, admin, or a number (0 user, 2 admin)"),
        (&["--type=2", "--plain", "--rand=-1"], "rand \"-1\" is not an integer from 0 to 4294967295"),
        (&["--type=2", "--plain", "--master-partner-id=x"], "master_partner_id \"x\" is not an integer"),
        (
            &["--type=2", "--plain", "--layout=client", "--additional-data=x"],
            "additional_data must be empty in the 7-field client layout",
        ),
    ];
    for (extra, message) in typed {
        let mut args = vec!["generate", "--partner-id=1", "--now=1700000000"];
        args.extend_from_slice(extra);
        let out = run(&args, Secrets::Env(&[SECRET]), None);
        assert_eq!((out.code, out.error_message()), (1, message), "{extra:?}");
    }
    let out = run(&["verify", "--leeway=-1", "x"], Secrets::Env(&[SECRET]), None);
    assert_eq!((out.code, out.error_message()), (1, "leeway \"-1\" must be from 0 to 4294967295 seconds"));
    let out = run(&["decode", "--now=x", "x"], Secrets::None, None);
    assert_eq!((out.code, out.error_message()), (1, "now \"x\" is not an integer"));
}

#[test]
fn durations_take_units() {
    let plain_seconds = |seconds: &str| mint(&[&format!("--expiry={seconds}"), "--cache=600"], SECRET);
    for (with_unit, seconds) in [("30s", "30"), ("10m", "600"), ("2h", "7200"), ("1d", "86400")] {
        assert_eq!(
            mint(&[&format!("--expiry={with_unit}"), "--cache=10m"], SECRET),
            plain_seconds(seconds),
            "{with_unit}"
        );
    }
    assert_eq!(mint(&["--cache=1h"], SECRET), mint(&["--cache=3600"], SECRET));
    // A cached session's valid_until is its window end (rand) plus the expiry.
    let token = mint(&["--expiry=10m"], SECRET);
    let json = run(&["decode", "--json", &token], Secrets::None, None).json();
    let rand: i64 = json["rand"].as_str().unwrap().parse().unwrap();
    assert_eq!(json["valid_until"].as_i64().unwrap() - rand, 600);
    // Leeway too: 30s past valid_until is accepted with --leeway 30s, not at 30s past.
    let until = valid_until(&token);
    for (leeway, offset, code) in [("30s", 29, 0), ("30s", 30, 5), ("1m", 59, 0), ("0", 0, 5)] {
        let now = format!("--now={}", until + offset);
        let out = run(&["verify", &now, "--leeway", leeway, &token], Secrets::Env(&[SECRET]), None);
        assert_eq!(out.code, code, "{leeway} {offset}");
    }
}

#[test]
fn generate_kinds_and_options() {
    // --type accepts names and numbers alike.
    let by_name = |t: &str| {
        let out = run(
            &["generate", "--partner-id=1", &format!("--type={t}"), "--privileges=list:*", "--now=1700000000"],
            Secrets::Env(&[SECRET]),
            None,
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    assert_eq!(by_name("user"), by_name("0"));
    assert_eq!(by_name("admin"), by_name("2"));
    assert_eq!(by_name("ADMIN"), by_name("2"));
    assert_ne!(by_name("user"), by_name("admin"));

    // --url-safe writes - and _ and decodes to the same fields.
    let standard = mint(&["--user-id=user0?"], SECRET);
    let url_safe = mint(&["--user-id=user0?", "--url-safe"], SECRET);
    assert!(standard.contains('/') && !url_safe.contains('/') && !url_safe.contains('+'));
    let decoded = |t: &str| run(&["decode", "--json", "--now=0", t], Secrets::None, None).json();
    assert_eq!(decoded(&standard), decoded(&url_safe));

    // A plain KS: random rand below 2^31, valid from now, 9 or 7 fields.
    for (layout, fields) in [("server", 9), ("client", 7)] {
        let out = run(
            &[
                "generate",
                "--partner-id=5",
                "--type=admin",
                "--plain",
                "--now=1700000000",
                "--expiry=1h",
                &format!("--layout={layout}"),
            ],
            Secrets::Env(&[SECRET]),
            None,
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let json = decoded(out.stdout.trim_end());
        assert_eq!(json["field_count"], fields);
        assert_eq!(json["valid_until"], 1_700_003_600);
        assert!(json["rand"].as_str().unwrap().parse::<u32>().unwrap() < 1 << 31);
        let out = run(&["verify", "--now=1700000000", out.stdout.trim_end()], Secrets::Env(&[SECRET]), None);
        assert_eq!(out.code, 0);
    }
}

#[test]
fn v2_generation_and_decoding() {
    // A cached v2 is stable within its window, like a cached v1.
    let first = mint(&["--v2", "--cache=10m"], SECRET);
    let same_window = run(
        &[
            "generate",
            "--partner-id=3000582",
            "--entry-id=0_fld1ro3s",
            "--user-id=Viewer",
            "--now=1621594199",
            "--cache=10m",
            "--v2",
        ],
        Secrets::Env(&[SECRET]),
        None,
    );
    assert_eq!(same_window.stdout, format!("{first}\n"));
    // Its fields equal the v1 token's but for the version, the random bytes and the field count.
    let v1 = run(&["decode", "--json", "--now=0", &mint(&["--cache=10m"], SECRET)], Secrets::None, None).json();
    let v2 = run(&["decode", "--json", "--now=0", &first], Secrets::Env(&[SECRET]), None).json();
    for key in ["partner_id", "valid_until", "type", "user_id", "privileges", "privilege_items", "additional_data"] {
        assert_eq!(v1[key], v2[key], "{key}");
    }
    assert_eq!(v2["version"], 2);
    // The secret is needed only for v2, and a wrong one is a signature failure.
    let out = run(&["decode", &first], Secrets::None, None);
    assert_eq!(out.code, 1);
    let out = run(&["decode", &first], Secrets::Env(&[OTHER]), None);
    assert_eq!((out.code, out.error_message()), (4, ksession::Error::InvalidSignature.to_string().as_str()));
    let out = run(&["decode", &first], Secrets::Env(&[OTHER, SECRET]), None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("version:         2 (encrypted, "), "{}", out.stdout);
    assert!(out.stdout.contains("\nrandom:          "), "{}", out.stdout);
    // Plain v2 with fixed random bytes is exact; options of v1 only are usage errors.
    let plain = |extra: &[&str]| {
        let mut args = vec!["generate", "--partner-id=1", "--type=2", "--plain", "--v2", "--now=1700000000"];
        args.extend_from_slice(extra);
        run(&args, Secrets::Env(&[SECRET]), None)
    };
    let fixed = ["--random=000102030405060708090a0b0c0d0e0f"];
    assert_eq!(plain(&fixed).stdout, plain(&fixed).stdout);
    assert_eq!(plain(&fixed).code, 0);
    let out = plain(&["--random=xyz"]);
    assert_eq!((out.code, out.error_message()), (1, "random \"xyz\" is not 32 hex digits (16 bytes)"));
    for extra in [["--layout=client"], ["--rand=5"], ["--cache=5"]] {
        assert_eq!(plain(&extra).code, 2, "{extra:?}");
    }
    let out = run(&["generate", "--partner-id=1", "--type=2", "--plain", fixed[0]], Secrets::Env(&[SECRET]), None);
    assert_eq!(out.code, 2, "--random needs --v2");
    let out = run(&["decode", "-", "--secret-stdin"], Secrets::None, Some(b"x\n"));
    assert_eq!(out.code, 2);
}

#[test]
fn tokens_from_standard_input() {
    let token = mint(&[], SECRET);
    let by_arg = run(&["decode", "--json", "--now=0", &token], Secrets::None, None);
    for ending in ["", "\n", "\r\n"] {
        let input = format!("{token}{ending}");
        let out = run(&["decode", "--json", "--now=0", "-"], Secrets::None, Some(input.as_bytes()));
        assert_eq!(out.stdout, by_arg.stdout, "{ending:?}");
        let out = run(&["verify", "--now=1621594000", "-"], Secrets::Env(&[SECRET]), Some(input.as_bytes()));
        assert_eq!(out.code, 0, "{ending:?}: {}", out.stderr);
    }
    let out = run(&["decode", "-"], Secrets::None, Some(b"\xff\xfe\n"));
    assert_eq!((out.code, out.error_message()), (3, "malformed KS: standard input is not UTF-8 text"));
}

#[test]
fn decode_shows_every_field_for_a_person() {
    let c = spec_case();
    let token = s(&c, "token");
    let fields: Vec<&str> = s(&c, "info").split(';').collect();
    let until: i64 = fields[2].parse().unwrap();
    let window: i64 = fields[4].parse().unwrap();
    let dates = date_u(&[until, window], "%Y-%m-%d %H:%M:%S UTC");
    let signature = ksession::decode(token).unwrap().signature().to_owned();
    let now = format!("--now={}", until - 552);
    let out = run(&["decode", &now, token], Secrets::None, None);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let want = format!(
        "version:         1 (9 fields, the server's layout)
partner:         3000582
partner pattern: 3000582
type:            USER (0)
user:            Viewer
privileges:      sview:0_fld1ro3s
                 setrole:PLAYBACK_BASE_ROLE
                 widget:1
valid until:     {} ({until}), expires in 9m 12s
cache window:    ends {} (rand {window}); valid until is 5h after it
widget session:  no
master partner:  (none)
additional data: (empty)
signature:       {signature} (not checked: `ksession verify` checks it)
",
        dates[0], dates[1]
    );
    assert_eq!(out.stdout, want);

    let later = format!("--now={}", until + 3 * 3600 + 40);
    let out = run(&["decode", &later, token], Secrets::None, None);
    assert!(
        out.stdout.contains(&format!("valid until:     {} ({until}), expired 3h ago\n", dates[0])),
        "{}",
        out.stdout
    );
    let at = format!("--now={until}");
    let out = run(&["decode", &at, token], Secrets::None, None);
    assert!(out.stdout.contains(", expired just now\n"), "{}", out.stdout);

    let out = run(&["verify", &now, token], Secrets::Env(&[SECRET]), None);
    assert_eq!(
        out.stdout,
        format!("valid: partner 3000582, type USER (0), user \"Viewer\", expires in 9m 12s ({})\n", dates[0])
    );
}

#[test]
fn decode_names_layouts_rand_and_widget_sessions() {
    let by_name = |name: &str| vectors().into_iter().find(|c| c["name"] == name).unwrap();
    let show = |token: &str| run(&["decode", "--now=0", token], Secrets::None, None).stdout;
    let client = show(s(&by_name("decode client 7 fields"), "token"));
    assert!(client.starts_with("version:         1 (7 fields, the official clients' layout)\n"), "{client}");
    assert!(client.contains("\ntype:            ADMIN (2)\n"), "{client}");
    assert!(client.contains("\nprivileges:      *\n"), "{client}");
    assert!(client.contains("\nrand:            31999\n"), "{client}");
    let server = show(s(&by_name("decode server 9 fields"), "token"));
    assert!(server.contains("\nmaster partner:  7\n") && server.contains("\nadditional data: more data\n"), "{server}");
    let three = show(s(&by_name("decode 3 fields"), "token"));
    assert!(
        three.starts_with("version:         1 (3 fields)\n") && three.contains("\nprivileges:      (none)\n"),
        "{three}"
    );
    let eight = show(s(&by_name("decode 8 fields"), "token"));
    assert!(eight.starts_with("version:         1 (8 fields, the Ruby and C# clients' layout)\n"), "{eight}");

    let widget =
        run(&["generate", "--partner-id=1", "--entry-id=0_x", "--now=1700000000"], Secrets::Env(&[SECRET]), None);
    let widget = widget.stdout.trim_end();
    assert!(show(widget).contains("\nwidget session:  yes\n"));
    assert_eq!(run(&["decode", "--json", widget], Secrets::None, None).json()["is_widget_session"], true);
    let typed = run(&["generate", "--partner-id=1", "--type=3", "--now=1700000000"], Secrets::Env(&[SECRET]), None);
    assert!(show(typed.stdout.trim_end()).contains("\ntype:            UNKNOWN (3), an admin session to the server\n"));
}

#[test]
fn json_keys_are_stable() {
    let token = mint(&[], SECRET);
    let keys = |v: &Value| {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    let decode = run(&["decode", "--json", &token], Secrets::None, None).json();
    let mut want: Vec<String> = [
        "version",
        "partner_id",
        "partner_pattern",
        "valid_until",
        "valid_until_utc",
        "type",
        "type_name",
        "rand",
        "user_id",
        "privileges",
        "privilege_items",
        "master_partner_id",
        "additional_data",
        "field_count",
        "is_widget_session",
        "expired",
    ]
    .map(String::from)
    .to_vec();
    want.sort();
    assert_eq!(keys(&decode), want);
    let verify = run(&["verify", "--json", "--now=1621594000", &token], Secrets::Env(&[SECRET]), None).json();
    want.push("valid".into());
    want.sort();
    assert_eq!(keys(&verify), want);
    // Written in the documented order.
    let text = run(&["decode", "--json", &token], Secrets::None, None).stdout;
    assert!(text.starts_with("{\"version\":1,\"partner_id\":3000582,\"partner_pattern\":"), "{text}");
}

#[test]
fn help_has_an_example_for_every_command() {
    for command in ["generate", "decode", "verify"] {
        let out = run(&[command, "--help"], Secrets::None, None);
        assert_eq!(out.code, 0, "{command}");
        let examples = out.stdout.split_once("\nExamples:\n").map(|(_, e)| e).unwrap_or_else(|| panic!("{command}"));
        assert!(examples.contains(&format!("ksession {command} ")), "{command}: {examples}");
    }
    let out = run(&["--help"], Secrets::None, None);
    assert!(out.stdout.contains("Exit codes: 0 success, 1 error"), "{}", out.stdout);
    assert!(!out.stdout.contains("--secret "), "the refused --secret flag stays hidden");
}

#[test]
fn version() {
    for args in [["--version"], ["-V"]] {
        let out = run(&args, Secrets::None, None);
        assert_eq!((out.code, out.stdout), (0, format!("ksession {}\n", ksession::VERSION)));
    }
}
