//! A decoded KS, for a person (`decode`) and for a program (`--json`).

use std::fmt::Write as _;

use ksession::{Ks, SessionType};
use serde::Serialize;

use crate::time::{UtcDateTime, expiry_phrase, span};

/// The longest gap between a cached session's window end (its `rand`) and
/// its `valid_until` that still reads as one: beyond a year, `rand` is more
/// likely a random number that happens to be below `valid_until`.
const MAX_CACHED_EXPIRY: i64 = 366 * 86_400;

/// The `--json` object: its keys are stable.
#[derive(Serialize)]
pub struct KsJson<'a> {
    version: u8,
    partner_id: i64,
    partner_pattern: &'a str,
    valid_until: i64,
    valid_until_utc: String,
    #[serde(rename = "type")]
    session_type: i64,
    type_name: &'static str,
    rand: &'a str,
    user_id: &'a str,
    privileges: &'a str,
    privilege_items: Vec<PrivilegeJson>,
    master_partner_id: Option<i64>,
    additional_data: &'a str,
    field_count: usize,
    is_widget_session: bool,
    expired: bool,
    /// Only in `verify --json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    valid: Option<bool>,
}

#[derive(Serialize)]
struct PrivilegeJson {
    name: String,
    value: Option<String>,
}

impl<'a> KsJson<'a> {
    /// The fields of `ks`; `expired` is judged at `now`; `valid` is set by `verify`.
    pub fn new(ks: &'a Ks, now: i64, valid: Option<bool>) -> Self {
        KsJson {
            version: ks.version(),
            partner_id: ks.partner_id(),
            partner_pattern: ks.partner_pattern(),
            valid_until: ks.valid_until(),
            valid_until_utc: UtcDateTime::from_unix(ks.valid_until()).rfc3339(),
            session_type: ks.session_type().code(),
            type_name: ks.session_type().name(),
            rand: ks.rand(),
            user_id: ks.user_id(),
            privileges: ks.privileges(),
            privilege_items: ks
                .privilege_items()
                .into_iter()
                .map(|p| PrivilegeJson { name: p.name, value: p.value })
                .collect(),
            master_partner_id: ks.master_partner_id(),
            additional_data: ks.additional_data(),
            field_count: ks.field_count(),
            is_widget_session: ks.is_widget_session(),
            expired: ks.is_expired_at(now),
            valid,
        }
    }

    /// One line of JSON.
    pub fn render(&self) -> String {
        serde_json::to_string(self).expect("plain data serializes")
    }
}

/// `{"valid": false, "error": {...}}` for `verify --json` (without `valid`
/// for `decode --json`), so that a script reading stdout always gets one object.
pub fn error_json(valid: Option<bool>, kind: &str, message: &str) -> String {
    #[derive(Serialize)]
    struct ErrorJson<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        valid: Option<bool>,
        error: ErrorBody<'a>,
    }
    #[derive(Serialize)]
    struct ErrorBody<'a> {
        kind: &'a str,
        message: &'a str,
    }
    serde_json::to_string(&ErrorJson { valid, error: ErrorBody { kind, message } }).expect("plain data serializes")
}

/// `USER (0)`, `ADMIN (2)`, `UNKNOWN (3), an admin session to the server`.
pub fn type_label(session_type: SessionType) -> String {
    match session_type {
        SessionType::Other(code) if code >= 1 => format!("{session_type}, an admin session to the server"),
        SessionType::Other(_) => format!("{session_type}, a user session to the server"),
        _ => session_type.to_string(),
    }
}

fn layout_label(ks: &Ks) -> String {
    if ks.version() != 1 {
        return format!("encrypted, {} fields in its query", ks.field_count());
    }
    match ks.field_count() {
        9 => "9 fields, the server's layout".to_owned(),
        8 => "8 fields, the Ruby and C# clients' layout".to_owned(),
        7 => "7 fields, the official clients' layout".to_owned(),
        n => format!("{n} fields"),
    }
}

fn or_empty(value: &str) -> &str {
    if value.is_empty() { "(empty)" } else { value }
}

/// The window end of a cached KS v1, when `rand` reads as one: a time at
/// most a year before `valid_until`.
fn cache_window_end(ks: &Ks) -> Option<i64> {
    if ks.version() != 1 {
        return None;
    }
    let rand: i64 = ks.rand().parse().ok()?;
    let expiry = ks.valid_until().checked_sub(rand)?;
    (rand >= 0 && (1..=MAX_CACHED_EXPIRY).contains(&expiry)).then_some(rand)
}

/// Every field, one per line, for a person.
pub fn human(ks: &Ks, now: i64) -> String {
    const W: usize = 17;
    let mut out = String::new();
    let mut line = |label: &str, value: &str| {
        let label = if label.is_empty() { String::new() } else { format!("{label}:") };
        let _ = writeln!(out, "{label:<W$}{value}");
    };
    line("version", &format!("{} ({})", ks.version(), layout_label(ks)));
    line("partner", &ks.partner_id().to_string());
    line("partner pattern", ks.partner_pattern());
    line("type", &type_label(ks.session_type()));
    line("user", or_empty(ks.user_id()));
    let items = ks.privilege_items();
    if items.is_empty() {
        line("privileges", "(none)");
    }
    for (i, item) in items.iter().enumerate() {
        line(if i == 0 { "privileges" } else { "" }, &item.to_string());
    }
    let valid_until = ks.valid_until();
    line(
        "valid until",
        &format!(
            "{} ({valid_until}), {}",
            UtcDateTime::from_unix(valid_until).human(),
            expiry_phrase(valid_until, now)
        ),
    );
    match cache_window_end(ks) {
        Some(end) => line(
            "cache window",
            &format!(
                "ends {} (rand {end}); valid until is {} after it",
                UtcDateTime::from_unix(end).human(),
                span((valid_until - end).unsigned_abs().into())
            ),
        ),
        None if ks.version() == 1 => line("rand", or_empty(ks.rand())),
        None => line("random", ks.rand()),
    }
    line("widget session", if ks.is_widget_session() { "yes" } else { "no" });
    line("master partner", &ks.master_partner_id().map_or_else(|| "(none)".to_owned(), |m| m.to_string()));
    line("additional data", or_empty(ks.additional_data()));
    if ks.version() == 1 {
        line("signature", &format!("{} (not checked: `ksession verify` checks it)", ks.signature()));
    } else {
        line("hash", &format!("{} (checked on decryption; `ksession verify` checks the expiry too)", ks.signature()));
    }
    out
}

/// `valid: partner 3000582, type USER (0), user "Viewer", expires in 9m 12s (2021-05-21 15:50:00 UTC)`
pub fn verified_summary(ks: &Ks, now: i64) -> String {
    let user = if ks.user_id().is_empty() { "no user".to_owned() } else { format!("user {:?}", ks.user_id()) };
    format!(
        "valid: partner {}, type {}, {user}, {} ({})\n",
        ks.partner_id(),
        ks.session_type(),
        expiry_phrase(ks.valid_until(), now),
        UtcDateTime::from_unix(ks.valid_until()).human(),
    )
}
