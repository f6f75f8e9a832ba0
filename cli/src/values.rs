//! Command-line values: integers, durations, session types.
//!
//! They are parsed here rather than by clap so that a bad value is refused
//! like the library refuses one: exit 1, one line naming the field. Values
//! are quoted with `{:?}` so that a control character cannot break the line.

use ksession::SessionType;

use crate::failure::Failure;

/// An integer (`partner_id`, `now`, `master_partner_id`).
pub fn parse_int(field: &str, text: &str) -> Result<i64, Failure> {
    text.parse::<i64>().map_err(|e| {
        Failure::input(match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                format!("{field} {text:?} is out of range for a 64-bit integer")
            }
            _ => format!("{field} {text:?} is not an integer"),
        })
    })
}

/// A duration in seconds: `600`, `30s`, `10m`, `2h` or `1d`.
///
/// A negative value is passed on, for the library to refuse with its own
/// message (`expiry must be positive, got -600`).
pub fn parse_duration(field: &str, text: &str) -> Result<i64, Failure> {
    let (number, scale) = match text.as_bytes().last() {
        Some(b's') => (&text[..text.len() - 1], 1),
        Some(b'm') => (&text[..text.len() - 1], 60),
        Some(b'h') => (&text[..text.len() - 1], 3600),
        Some(b'd') => (&text[..text.len() - 1], 86_400),
        _ => (text, 1),
    };
    let too_large = || Failure::input(format!("{field} {text:?} is too large"));
    let value = number.parse::<i64>().map_err(|e| match e.kind() {
        std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => too_large(),
        _ => Failure::input(format!(
            "{field} {text:?} is not a duration: use seconds (600) or a number with s, m, h or d (30s, 10m, 2h, 1d)"
        )),
    })?;
    value.checked_mul(scale).ok_or_else(too_large)
}

/// The verification leeway: a duration from 0 to `u32::MAX` seconds.
pub fn parse_leeway(text: &str) -> Result<u32, Failure> {
    let seconds = parse_duration("leeway", text)?;
    u32::try_from(seconds)
        .map_err(|_| Failure::input(format!("leeway {text:?} must be from 0 to {} seconds", u32::MAX)))
}

/// The `rand` of a plain session: 0 to `u32::MAX`.
pub fn parse_rand(text: &str) -> Result<u32, Failure> {
    text.parse::<u32>().map_err(|_| Failure::input(format!("rand {text:?} is not an integer from 0 to {}", u32::MAX)))
}

/// The 16 "random" bytes of a plain KS v2, as 32 hex digits.
pub fn parse_random(text: &str) -> Result<[u8; 16], Failure> {
    let refuse = || Failure::input(format!("random {text:?} is not 32 hex digits (16 bytes)"));
    if text.len() != 32 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(refuse());
    }
    let mut out = [0u8; 16];
    for (byte, pair) in out.iter_mut().zip(text.as_bytes().chunks(2)) {
        // Two ASCII hex digits: both conversions hold.
        *byte = u8::from_str_radix(std::str::from_utf8(pair).map_err(|_| refuse())?, 16).map_err(|_| refuse())?;
    }
    Ok(out)
}

/// A session type: `user`, `admin` (any case), or its number (0 user, 2 admin, others kept).
pub fn parse_type(text: &str) -> Result<SessionType, Failure> {
    if text.eq_ignore_ascii_case("user") {
        return Ok(SessionType::User);
    }
    if text.eq_ignore_ascii_case("admin") {
        return Ok(SessionType::Admin);
    }
    text.parse::<i64>().map(SessionType::from_code).map_err(|_| {
        Failure::input(format!("type {text:?} is not a session type: use user, admin, or a number (0 user, 2 admin)"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(f: Failure) -> String {
        match f {
            Failure::Report { message, .. } => message,
            Failure::BrokenPipe => unreachable!(),
        }
    }

    #[test]
    fn durations_scale_by_their_unit() {
        let cases = [("600", 600), ("30s", 30), ("10m", 600), ("2h", 7200), ("1d", 86_400), ("-1", -1), ("0", 0)];
        for (text, seconds) in cases {
            assert_eq!(parse_duration("expiry", text).ok(), Some(seconds), "{text}");
        }
    }

    #[test]
    fn durations_refuse_what_they_cannot_read() {
        for text in ["", "m", "10x", "1.5h", "10 m", "10M", "1h30m", " 10"] {
            let m = message(parse_duration("expiry", text).unwrap_err());
            assert!(m.starts_with(&format!("expiry {text:?} is not a duration")), "{m}");
        }
        for text in ["9223372036854775807d", "99999999999999999999"] {
            assert_eq!(message(parse_duration("cache", text).unwrap_err()), format!("cache {text:?} is too large"));
        }
    }

    #[test]
    fn leeway_is_a_non_negative_u32() {
        assert_eq!(parse_leeway("5m").ok(), Some(300));
        assert!(message(parse_leeway("-1").unwrap_err()).starts_with("leeway \"-1\" must be from 0"));
        assert!(message(parse_leeway("4294967296").unwrap_err()).starts_with("leeway"));
    }

    #[test]
    fn random_is_32_hex_digits() {
        assert_eq!(
            parse_random("000102030405060708090a0b0c0d0eFF").ok(),
            Some([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255])
        );
        for text in [
            "",
            "00",
            "+0000000000000000000000000000000",
            "0g000000000000000000000000000000",
            "é0000000000000000000000000000000",
        ] {
            assert!(message(parse_random(text).unwrap_err()).starts_with("random "), "{text}");
        }
    }

    #[test]
    fn types_by_name_or_number() {
        assert_eq!(parse_type("user").ok(), Some(SessionType::User));
        assert_eq!(parse_type("ADMIN").ok(), Some(SessionType::Admin));
        assert_eq!(parse_type("0").ok(), Some(SessionType::User));
        assert_eq!(parse_type("2").ok(), Some(SessionType::Admin));
        assert_eq!(parse_type("-1").ok(), Some(SessionType::Other(-1)));
        assert!(message(parse_type("root").unwrap_err()).starts_with("type \"root\" is not a session type"));
    }

    #[test]
    fn control_characters_are_escaped_in_messages() {
        let m = message(parse_int("partner_id", "1\n2").unwrap_err());
        assert_eq!(m, "partner_id \"1\\n2\" is not an integer");
    }
}
