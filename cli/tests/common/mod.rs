//! Runs the built `ksession` binary and reads the shared vector file.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_ksession");
pub const SECRET_ENV: &str = "KSESSION_ADMIN_SECRET";

/// Where the binary finds its admin secrets.
#[derive(Clone, Copy, Debug)]
pub enum Secrets<'a> {
    /// Nowhere: the variable is removed from the environment.
    None,
    /// `KSESSION_ADMIN_SECRET`, comma-separated.
    Env(&'a [&'a str]),
    /// `--secret-file`, one per line.
    File(&'a [&'a str]),
    /// `--secret-stdin`, one per line.
    Stdin(&'a [&'a str]),
}

impl<'a> Secrets<'a> {
    /// The three sources in turn, so that every vector suite goes through all of them.
    pub fn rotate(n: usize, secrets: &'a [&'a str]) -> Self {
        match n % 3 {
            0 => Secrets::Env(secrets),
            1 => Secrets::File(secrets),
            _ => Secrets::Stdin(secrets),
        }
    }
}

#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// The message of a failure: stderr must be exactly one line
    /// `ksession: error: MESSAGE`.
    pub fn error_message(&self) -> &str {
        let line =
            self.stderr.strip_suffix('\n').unwrap_or_else(|| panic!("stderr is not one line: {:?}", self.stderr));
        assert!(!line.contains('\n'), "stderr is not one line: {:?}", self.stderr);
        line.strip_prefix("ksession: error: ")
            .unwrap_or_else(|| panic!("stderr lacks the error prefix: {:?}", self.stderr))
    }

    /// stdout as one JSON object on one line.
    pub fn json(&self) -> Value {
        let line = self.stdout.strip_suffix('\n').expect("JSON ends in a newline");
        assert!(!line.contains('\n'), "JSON is on one line: {:?}", self.stdout);
        serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {:?}", self.stdout))
    }
}

fn temp_path() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("ksession-secrets-{}-{n}", std::process::id()))
}

/// Writes a file for `--secret-file`; the caller removes it.
pub fn write_temp(bytes: &[u8]) -> PathBuf {
    let path = temp_path();
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs `ksession ARGS` with the secrets from `secrets` and `stdin` as standard input.
pub fn run(args: &[&str], secrets: Secrets<'_>, stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.env_remove(SECRET_ENV);
    let mut input: Option<Vec<u8>> = stdin.map(<[u8]>::to_vec);
    let mut file = None;
    let mut all_args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    match secrets {
        Secrets::None => {}
        Secrets::Env(list) => {
            cmd.env(SECRET_ENV, list.join(","));
        }
        Secrets::File(list) => {
            let path = write_temp(lines(list).as_bytes());
            all_args.push(format!("--secret-file={}", path.display()));
            file = Some(path);
        }
        Secrets::Stdin(list) => {
            assert!(input.is_none(), "standard input carries either the secrets or the token");
            input = Some(lines(list).into_bytes());
            all_args.push("--secret-stdin".into());
        }
    }
    let out = spawn(cmd.args(&all_args), input.as_deref());
    if let Some(path) = file {
        std::fs::remove_file(path).unwrap();
    }
    out
}

/// Runs a prepared command with `stdin` as its standard input (empty when `None`).
pub fn spawn(cmd: &mut Command, stdin: Option<&[u8]>) -> Output {
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("ksession runs");
    let mut pipe = child.stdin.take().unwrap();
    let bytes = stdin.unwrap_or_default().to_vec();
    // Written from a thread: a large input must not block while the child writes its output.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Output {
        code: out.status.code().expect("ksession exits, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn lines(list: &[&str]) -> String {
    list.iter().map(|s| format!("{s}\n")).collect()
}

/// The cases of tests/vectors/ks_v1.json.
pub fn vectors() -> Vec<Value> {
    vector_file("ks_v1.json")
}

/// The cases of tests/vectors/ks_v2.json.
pub fn vectors_v2() -> Vec<Value> {
    vector_file("ks_v2.json")
}

/// The cases of both vector files.
pub fn all_vectors() -> Vec<Value> {
    let mut cases = vectors();
    cases.extend(vectors_v2());
    cases
}

fn vector_file(name: &str) -> Vec<Value> {
    let path = format!("{}/../tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap().clone();
    assert_eq!(cases.len() as u64, doc["count"].as_u64().unwrap());
    cases
}

pub fn s<'a>(c: &'a Value, k: &str) -> &'a str {
    c[k].as_str().unwrap_or_else(|| panic!("{k} in {}", c["name"]))
}

pub fn i(c: &Value, k: &str) -> i64 {
    c[k].as_i64().unwrap_or_else(|| panic!("{k} in {}", c["name"]))
}

/// The exit code for an error kind of the vector file.
pub fn exit_code(kind: &str) -> i32 {
    match kind {
        "invalid_field" => 1,
        "malformed_token" => 3,
        "invalid_signature" => 4,
        "expired" => 5,
        "token_too_large" => 6,
        // Kinds without a code of their own exit 1, as every other error.
        "secret_required" | "random_unavailable" => 1,
        other => panic!("unknown kind {other}"),
    }
}

/// GNU `date -u` formats each time: the independent reference for dates.
pub fn date_u(seconds: &[i64], format: &str) -> Vec<String> {
    let input: String = seconds.iter().map(|s| format!("@{s}\n")).collect();
    let out = spawn(Command::new("date").args(["-u", "-f", "-", &format!("+{format}")]), Some(input.as_bytes()));
    assert_eq!(out.code, 0, "date: {}", out.stderr);
    out.stdout.lines().map(str::to_owned).collect()
}

/// The `decode --json` object the spec's rules give for a token's INFO
/// (`;`-separated fields), judged at `now`, with `valid_until_utc` from `date -u`.
pub fn expected_json(info: &str, now: i64, valid_until_utc: &str) -> Value {
    let f: Vec<&str> = info.split(';').collect();
    let valid_until: i64 = f[2].parse().unwrap();
    let session_type: i64 = f.get(3).map_or(0, |t| t.parse().unwrap());
    let field = |n: usize| f.get(n).copied().unwrap_or("");
    let items: Vec<(String, Option<String>)> = field(6)
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once(':') {
            Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
            None => (p.to_owned(), None),
        })
        .collect();
    let widget = session_type == 0
        && matches!(field(5), "" | "0")
        && items.iter().any(|(n, v)| n == "widget" && v.as_deref() == Some("1"));
    serde_json::json!({
        "version": 1,
        "partner_id": f[0].parse::<i64>().unwrap(),
        "partner_pattern": f[1],
        "valid_until": valid_until,
        "valid_until_utc": valid_until_utc,
        "type": session_type,
        "type_name": ksession::SessionType::from_code(session_type).name(),
        "rand": field(4),
        "user_id": field(5),
        "privileges": field(6),
        "privilege_items": items.iter().map(|(n, v)| serde_json::json!({"name": n, "value": v})).collect::<Vec<_>>(),
        "master_partner_id": match field(7) { "" => Value::Null, m => m.parse::<i64>().unwrap().into() },
        "additional_data": field(8),
        "field_count": f.len(),
        "is_widget_session": widget,
        "expired": valid_until <= now,
    })
}
