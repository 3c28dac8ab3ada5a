//! A calendar day, `YYYY-MM-DD`: a ledger entry's date, an audit's, a
//! key's last use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day of the Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(time::Date);

impl Day {
    /// Whole days from `self` to `later` (negative when `later` is before).
    pub fn days_until(self, later: Day) -> i64 {
        (later.0 - self.0).whole_days()
    }
}

impl Day {
    /// A day, or a UTC time `YYYY-MM-DDTHH:MM:SSZ` read as its day (as
    /// exports write timestamps).
    pub fn parse_time(text: &str) -> Result<Day, DayError> {
        if text.contains('T') {
            return text
                .parse::<Timestamp>()
                .map(Timestamp::day)
                .map_err(|_| DayError(text.to_owned()));
        }
        text.parse()
    }
}

/// A UTC second, written `YYYY-MM-DDTHH:MM:SSZ`: when an account event
/// happened. One spelling only, so that a replay reads every time alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a UTC time as YYYY-MM-DDTHH:MM:SSZ")]
pub struct TimestampError(pub String);

impl Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix(self) -> i64 {
        self.0
    }

    /// The time `seconds` after 1970-01-01T00:00:00Z, if its year is
    /// 0000 to 9999.
    pub fn from_unix(seconds: i64) -> Option<Timestamp> {
        let time = time::OffsetDateTime::from_unix_timestamp(seconds).ok()?;
        (0..=9999)
            .contains(&time.year())
            .then_some(Timestamp(seconds))
    }

    /// The UTC day it falls on.
    pub fn day(self) -> Day {
        Day(time::OffsetDateTime::from_unix_timestamp(self.0)
            .expect("a timestamp is in range")
            .date())
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Timestamp, TimestampError> {
        let bad = || TimestampError(text.to_owned());
        let (day, clock) = text.split_once('T').ok_or_else(bad)?;
        let day: Day = day.parse().map_err(|_| bad())?;
        let c = clock.as_bytes();
        let two = |i: usize, max: u8| {
            (c[i].is_ascii_digit() && c[i + 1].is_ascii_digit())
                .then(|| (c[i] - b'0') * 10 + (c[i + 1] - b'0'))
                .filter(|v| *v <= max)
        };
        if c.len() != 9 || c[2] != b':' || c[5] != b':' || c[8] != b'Z' {
            return Err(bad());
        }
        let (Some(h), Some(m), Some(s)) = (two(0, 23), two(3, 59), two(6, 59)) else {
            return Err(bad());
        };
        let midnight = day.0.midnight().assume_utc().unix_timestamp();
        Ok(Timestamp(
            midnight + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s),
        ))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = time::OffsetDateTime::from_unix_timestamp(self.0).expect("a timestamp is in range");
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            Day(t.date()),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a day as YYYY-MM-DD")]
pub struct DayError(pub String);

impl FromStr for Day {
    type Err = DayError;

    fn from_str(text: &str) -> Result<Day, DayError> {
        let bad = || DayError(text.to_owned());
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return Err(bad());
        }
        let month = time::Month::try_from(text[5..7].parse::<u8>().map_err(|_| bad())?)
            .map_err(|_| bad())?;
        time::Date::from_calendar_date(
            text[..4].parse().map_err(|_| bad())?,
            month,
            text[8..].parse().map_err(|_| bad())?,
        )
        .map(Day)
        .map_err(|_| bad())
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_calendar_days() {
        let d = |s: &str| s.parse::<Day>();
        assert_eq!(d("2026-12-05").unwrap().to_string(), "2026-12-05");
        assert_eq!(d("2028-02-29").unwrap().to_string(), "2028-02-29");
        assert_eq!(
            d("2026-11-05")
                .unwrap()
                .days_until(d("2026-12-05").unwrap()),
            30
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-12-32",
            "2026-12-5",
            "26-12-05",
            "2026/12/05",
            "",
            "2026-12-05T00:00:00Z",
        ] {
            assert!(d(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timestamps_are_utc_seconds() {
        let t = |s: &str| s.parse::<Timestamp>();
        assert_eq!(t("1970-01-01T00:00:01Z").unwrap().unix(), 1);
        assert_eq!(t("2026-12-05T17:45:43Z").unwrap().unix(), 1_796_492_743);
        for s in [
            "2026-12-05T17:45:43Z",
            "2028-02-29T23:59:59Z",
            "0000-01-01T00:00:00Z",
        ] {
            assert_eq!(t(s).unwrap().to_string(), s);
        }
        assert!(Timestamp::from_unix(t("9999-12-31T23:59:59Z").unwrap().unix() + 1).is_none());
        assert!(t("2026-12-05").is_err());
        assert!(t("2026-12-05T17:45:43+00:00").is_err());
    }

    #[test]
    fn times_read_as_their_day() {
        let t = Day::parse_time;
        assert_eq!(t("2026-12-05T23:59:59Z").unwrap().to_string(), "2026-12-05");
        assert_eq!(t("2026-12-05").unwrap().to_string(), "2026-12-05");
        for bad in [
            "2026-12-05T24:00:00Z",
            "2026-12-05T12:60:00Z",
            "2026-12-05T12:00:00",
            "2026-12-05T1:00:00Z",
            "2026-12-05T",
            "T",
        ] {
            assert!(t(bad).is_err(), "{bad}");
        }
    }
}
