//! UTC dates and "expires in 9m 12s" spans, for people reading a KS.
//!
//! A date needs only the civil-from-days conversion (proleptic Gregorian
//! calendar, as `date -u` prints it): twenty lines here instead of a date
//! crate, and exact for every `i64` of seconds.

/// A UTC date and time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UtcDateTime {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl UtcDateTime {
    /// The UTC date and time of a unix time in seconds.
    pub fn from_unix(seconds: i64) -> Self {
        let days = seconds.div_euclid(86_400);
        let in_day = seconds.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        UtcDateTime { year, month, day, hour: in_day / 3600, minute: in_day / 60 % 60, second: in_day % 60 }
    }

    /// `2021-05-21 15:50:00 UTC`
    pub fn human(&self) -> String {
        let UtcDateTime { year, month, day, hour, minute, second } = *self;
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC")
    }

    /// `2021-05-21T15:50:00Z` (RFC 3339 for years 0 to 9999).
    pub fn rfc3339(&self) -> String {
        let UtcDateTime { year, month, day, hour, minute, second } = *self;
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    }
}

/// Year, month (1-12) and day (1-31) of a count of days since 1970-01-01.
///
/// Howard Hinnant's `civil_from_days`: eras of 400 years (146097 days) that
/// start on March 1, so that the leap day is the last day of a year.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // year of era, 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of the March-based year, 0..=365
    let mp = (5 * doy + 2) / 153; // March-based month, 0..=11
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `expires in 9m 12s`, `expired 3h ago`, `expired just now`: the KS is
/// expired when `valid_until <= now`, as the server decides.
pub fn expiry_phrase(valid_until: i64, now: i64) -> String {
    let left = i128::from(valid_until) - i128::from(now);
    match left {
        1.. => format!("expires in {}", span(left.unsigned_abs())),
        0 => "expired just now".to_owned(),
        _ => format!("expired {} ago", span(left.unsigned_abs())),
    }
}

/// A span in its two largest units, when the second is not zero: `1d 2h`,
/// `9m 12s`, `3h`, `45s`.
pub fn span(seconds: u128) -> String {
    const UNITS: [(u128, &str); 4] = [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")];
    let Some(first) = UNITS.iter().position(|&(size, _)| seconds >= size) else {
        return "0s".to_owned();
    };
    let (size, name) = UNITS[first];
    let mut out = format!("{}{name}", seconds / size);
    if let Some(&(next, next_name)) = UNITS.get(first + 1) {
        let n = seconds % size / next;
        if n > 0 {
            out.push_str(&format!(" {n}{next_name}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// GNU `date -u` is the independent reference for the calendar.
    fn date_u(seconds: &[i64]) -> Vec<String> {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = Command::new("date")
            .args(["-u", "-f", "-", "+%Y-%m-%d %H:%M:%S UTC"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("GNU date");
        let input: String = seconds.iter().map(|s| format!("@{s}\n")).collect();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "date failed");
        String::from_utf8(out.stdout).unwrap().lines().map(str::to_owned).collect()
    }

    #[test]
    fn dates_match_gnu_date() {
        // Leap days, century years (1900 and 2100 are not leap years, 2000 is),
        // the epoch, the seconds around midnight, and a walk over four centuries.
        let mut seconds: Vec<i64> = vec![
            0,
            -1,
            1,
            86_399,
            86_400,
            951_782_400,
            951_868_799,
            951_868_800,
            4_107_542_400,
            4_107_628_800,
            -2_203_891_200,
            -2_203_977_600,
            1_621_612_200,
            1_621_594_200,
            2_147_483_647,
            2_147_483_648,
            253_402_300_799,
        ];
        let mut t = -2_208_988_800_i64; // 1900-01-01
        while t < 10_413_792_000 {
            // 2300-01-01
            seconds.push(t);
            t += 3_023_017; // about 35 days, never a multiple of a day
        }
        let want = date_u(&seconds);
        assert_eq!(want.len(), seconds.len());
        for (s, want) in seconds.iter().zip(want) {
            assert_eq!(UtcDateTime::from_unix(*s).human(), want, "{s}");
        }
    }

    #[test]
    fn extreme_times_do_not_overflow() {
        for s in [i64::MIN, i64::MAX] {
            let d = UtcDateTime::from_unix(s);
            assert!((1..=12).contains(&d.month) && (1..=31).contains(&d.day), "{d:?}");
        }
    }

    #[test]
    fn spans_use_two_units() {
        assert_eq!(span(0), "0s");
        assert_eq!(span(45), "45s");
        assert_eq!(span(552), "9m 12s");
        assert_eq!(span(3 * 3600), "3h");
        assert_eq!(span(3 * 3600 + 40), "3h");
        assert_eq!(span(86_400 + 2 * 3600 + 5), "1d 2h");
    }

    #[test]
    fn expiry_phrases() {
        assert_eq!(expiry_phrase(1000, 448), "expires in 9m 12s");
        assert_eq!(expiry_phrase(1000, 1000), "expired just now");
        assert_eq!(expiry_phrase(1000, 1000 + 3 * 3600), "expired 3h ago");
        assert_eq!(expiry_phrase(i64::MAX, i64::MIN), format!("expires in {}", span(u128::from(u64::MAX))));
    }
}
