//! A calendar month, `YYYY-MM`: what the monthly figures (screening,
//! tokens, the security report) are labelled with.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

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
