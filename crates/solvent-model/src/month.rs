//! A calendar month, `YYYY-MM`: what the monthly figures (screening,
//! tokens, the security report) are labelled with.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A month of the Gregorian calendar, years 0000 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a month as YYYY-MM")]
pub struct MonthError(pub String);

impl Month {
    /// The UTC month a Unix time falls in (`None` outside years 0-9999).
    pub fn of_unix(seconds: i64) -> Option<Month> {
        let date = time::OffsetDateTime::from_unix_timestamp(seconds).ok()?;
        Some(Month {
            year: u16::try_from(date.year()).ok().filter(|y| *y <= 9999)?,
            month: u8::from(date.month()),
        })
    }
}

impl Month {
    /// The month before (`None` before year 0000).
    pub fn previous(self) -> Option<Month> {
        match self.month {
            1 => Some(Month {
                year: self.year.checked_sub(1)?,
                month: 12,
            }),
            m => Some(Month {
                year: self.year,
                month: m - 1,
            }),
        }
    }

    /// Its last day.
    pub fn last_day(self) -> crate::Day {
        let month = time::Month::try_from(self.month).expect("a month is 1-12");
        let days = month.length(i32::from(self.year));
        format!("{self}-{days:02}").parse().expect("a valid day")
    }

    /// Whether `day` falls in it.
    pub fn contains(self, day: crate::Day) -> bool {
        day.to_string().starts_with(&self.to_string())
    }
}

impl FromStr for Month {
    type Err = MonthError;

    fn from_str(text: &str) -> Result<Month, MonthError> {
        let bad = || MonthError(text.to_owned());
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 7 || b[4] != b'-' || !digits(0..4) || !digits(5..7) {
            return Err(bad());
        }
        let year = text[..4].parse().map_err(|_| bad())?;
        let month = text[5..].parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Month, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn months_parse_exactly() {
        assert_eq!("2026-12".parse::<Month>().unwrap().to_string(), "2026-12");
        let m = |s: &str| s.parse::<Month>().unwrap();
        assert_eq!(m("2026-01").previous(), Some(m("2025-12")));
        assert_eq!(m("0000-01").previous(), None);
        assert_eq!(m("2028-02").last_day().to_string(), "2028-02-29");
        assert_eq!(m("2026-12").last_day().to_string(), "2026-12-31");
        assert!(m("2026-12").contains("2026-12-01".parse().unwrap()));
        assert!(!m("2026-12").contains("2026-11-30".parse().unwrap()));
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-12",
            "2026/12",
            "2026-12 ",
            "+026-12",
            "２026-12",
        ] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }

    #[test]
    fn unix_times_fall_in_their_utc_month() {
        let month = |s| Month::of_unix(s).unwrap().to_string();
        assert_eq!(month(0), "1970-01");
        // 2026-12-01T00:00:00Z and the second before it.
        assert_eq!(month(1_796_083_200), "2026-12");
        assert_eq!(month(1_796_083_199), "2026-11");
        assert_eq!(Month::of_unix(i64::MAX), None);
    }

    proptest! {
        #[test]
        fn any_text_parses_or_is_refused_without_panic(text in ".{0,12}") {
            if let Ok(m) = text.parse::<Month>() {
                prop_assert_eq!(m.to_string(), text);
            }
        }
    }
}
