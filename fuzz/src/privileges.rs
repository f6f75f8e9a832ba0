//! `privileges`: `parse_privileges` on any text, and the `Privileges` builder.
//!
//! The input is lines: the first is a privileges string; each further line is
//! one item for the builder, `name` or `name<TAB>value`.
//!
//! The builder must accept exactly the structurally safe items (a name that
//! is not empty and holds no `,` `:` `;` `|` or control character, a value
//! with no `,` `;` `|` or control character, no outer whitespace that the
//! parser would trim, at most `MAX_FIELD_LEN` bytes in all), and what it
//! builds must parse back to the items it accepted. The privileges string is
//! also minted into a v1 and a v2 token and read back.

use ksession::{
    AdminSecret, CachedSession, Field, FieldError, MAX_FIELD_LEN, Privilege, Privileges, SessionType, decode,
    decode_with_secrets, generate_cached_session, generate_cached_session_v2, parse_privileges,
};

use crate::reference;
use crate::{check_error, known, skip_known};

/// The fuzz target.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or("");
    check_parse(first);
    check_entry_viewing(first);
    check_minted(first);

    // The parsed items, given back to the builder one by one.
    let parsed = parse_privileges(first);
    check_builder(parsed.iter().map(|p| (p.name.as_str(), p.value.as_deref())));
    // The further lines as items.
    let items: Vec<(&str, Option<&str>)> = lines
        .map(|line| match line.split_once('\t') {
            Some((name, value)) => (name, Some(value)),
            None => (line, None),
        })
        .collect();
    check_builder(items.iter().copied());
}

/// `parse_privileges` splits on `,`, trims as PHP does, skips empty items, splits at the first `:`.
fn check_parse(text: &str) {
    let items = parse_privileges(text);
    let expected: Vec<&str> = text.split(',').map(reference::php_trim).filter(|s| !s.is_empty()).collect();
    assert_eq!(items.len(), expected.len(), "{text:?}");
    for (item, raw) in items.iter().zip(&expected) {
        assert!(!item.name.contains([',', ':']), "{item:?}");
        assert!(!item.value.as_deref().unwrap_or("").contains(','), "{item:?}");
        assert_eq!(item.to_string(), *raw);
        assert_eq!(item.value.is_some(), raw.contains(':'));
    }
    // Parsing is idempotent: the items joined again parse to themselves.
    let joined = items.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
    assert_eq!(parse_privileges(&joined), items, "{text:?}");
}

/// The builder's verdict on one item, written out from the rules.
fn expected_item_error(name: &str, value: Option<&str>) -> Option<Field> {
    let bad = |s: &str, forbidden: &[char]| {
        s.len() > MAX_FIELD_LEN || s.chars().any(|c| c.is_control() || forbidden.contains(&c))
    };
    if name.is_empty() || bad(name, &[',', ':', ';', '|']) {
        return Some(Field::PrivilegeName);
    }
    if value.is_some_and(|v| bad(v, &[',', ';', '|'])) {
        return Some(Field::PrivilegeValue);
    }
    None
}

fn item_string(name: &str, value: Option<&str>) -> String {
    match value {
        Some(v) => format!("{name}:{v}"),
        None => name.to_owned(),
    }
}

fn check_builder<'a>(items: impl Iterator<Item = (&'a str, Option<&'a str>)>) {
    let mut built = Privileges::new();
    let mut accepted: Vec<Privilege> = Vec::new();
    for (name, value) in items {
        let item = item_string(name, value);
        let outer_space = reference::php_trim(&item) != item;
        if outer_space && skip_known("builder-whitespace") {
            continue;
        }
        let expected = expected_item_error(name, value);
        let joined_len = built.as_str().len() + usize::from(!built.as_str().is_empty()) + item.len();
        let result = built.push(name, value).map(|_| ());
        match (result, expected) {
            (Ok(()), None) if outer_space => known("builder-whitespace", || {
                format!(
                    "Privileges accepted {item:?}, which parses back as {:?}",
                    parse_privileges(&item).iter().map(ToString::to_string).collect::<Vec<_>>()
                )
            }),
            (Ok(()), None) => {
                assert!(joined_len <= MAX_FIELD_LEN, "accepted past the length limit");
                accepted.push(Privilege { name: name.to_owned(), value: value.map(str::to_owned) });
            }
            (Err(e), None) => {
                check_error(&e);
                assert!(joined_len > MAX_FIELD_LEN, "refused {item:?}: {e}");
                assert_eq!(
                    e,
                    ksession::Error::InvalidField {
                        field: Field::Privileges,
                        reason: FieldError::TooLong { max: MAX_FIELD_LEN }
                    }
                );
            }
            (Err(e), Some(field)) => {
                check_error(&e);
                assert_eq!(e.field(), Some(field), "{item:?}: {e}");
            }
            (Ok(()), Some(field)) => panic!("Privileges accepted {item:?}, whose {field} is not safe"),
        }
    }
    // What was built parses back to what was accepted (the builder only
    // appends, so every earlier state was a prefix of this one).
    assert_eq!(built.items(), accepted, "{:?}", built.as_str());
    assert_eq!(built.to_string(), accepted.iter().map(ToString::to_string).collect::<Vec<_>>().join(","));
    assert!(built.as_str().len() <= MAX_FIELD_LEN);
    // Whatever the builder makes is a valid privileges string for a v1 token.
    let secret = reference::secret(0);
    let params = CachedSession { privileges: built.as_str(), ..CachedSession::new(1, SessionType::User) };
    let token = generate_cached_session(&secret, &params, 1_700_000_000).expect("the builder's output mints");
    assert_eq!(decode(&token).expect("decodes").privilege_items(), accepted);
}

fn check_entry_viewing(entry_id: &str) {
    let valid = !entry_id.is_empty()
        && entry_id.len() <= MAX_FIELD_LEN
        && entry_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    match Privileges::entry_viewing(entry_id) {
        Ok(p) => {
            assert!(valid, "entry_viewing accepted {entry_id:?}");
            let want = [("sview", entry_id), ("setrole", "PLAYBACK_BASE_ROLE"), ("widget", "1")]
                .map(|(n, v)| Privilege { name: n.to_owned(), value: Some(v.to_owned()) });
            assert_eq!(p.items(), want);
        }
        Err(e) => {
            check_error(&e);
            assert!(!valid, "entry_viewing refused {entry_id:?}: {e}");
            assert_eq!(e.field(), Some(Field::EntryId));
        }
    }
}

/// The text as the privileges of a cached v1 and v2 token, read back.
fn check_minted(privileges: &str) {
    let secret: AdminSecret = reference::secret(0);
    let now = 1_700_000_000;
    let params = CachedSession { privileges, ..CachedSession::new(1, SessionType::User) };
    let too_long = privileges.len() > MAX_FIELD_LEN;
    let control = privileges.chars().any(char::is_control);

    let v1_ok = !too_long && !control && !privileges.contains([';', '|']);
    match generate_cached_session(&secret, &params, now) {
        Ok(token) => {
            assert!(v1_ok, "v1 accepted privileges {privileges:?}");
            let ks = decode(&token).expect("decodes");
            assert_eq!(ks.privileges(), privileges);
            assert_eq!(ks.privilege_items(), parse_privileges(privileges));
        }
        Err(e) => {
            check_error(&e);
            assert!(!v1_ok, "v1 refused privileges {privileges:?}: {e}");
            assert_eq!(e.field(), Some(Field::Privileges));
        }
    }

    let fields = reference::v2_privilege_fields(privileges);
    let v2_ok = !too_long && !control && fields.is_ok();
    match generate_cached_session_v2(&secret, &params, now) {
        Ok(token) => {
            assert!(v2_ok, "v2 accepted privileges {privileges:?}");
            if token.len() > ksession::MAX_TOKEN_LEN {
                return known("v2-token-too-large", || format!("a v2 token of {} bytes", token.len()));
            }
            let ks = decode_with_secrets(&token, &[secret]).expect("decodes");
            assert_eq!(ks.privileges(), reference::v2_privileges_string(&fields.expect("ok")));
        }
        Err(e) => {
            check_error(&e);
            assert!(!v2_ok, "v2 refused privileges {privileges:?}: {e}");
            match fields {
                Err((field, reason)) if !too_long && !control => {
                    assert_eq!(e, ksession::Error::InvalidField { field, reason });
                }
                _ => assert_eq!(e.field(), Some(Field::Privileges)),
            }
        }
    }
}
