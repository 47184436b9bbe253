//! Stage durations written as k6 writes them (`30s`, `3m`, `1h30m`, `500ms`).

/// Parses a duration into milliseconds, or returns `None` when the text is not a
/// sequence of whole numbers with the units `h`, `m`, `s` or `ms`.
///
/// k6 reads stage durations with Go's `time.ParseDuration`; capplan accepts the
/// subset that load profiles use and rejects fractions and sub-millisecond units.
pub fn parse_duration_millis(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text == "0" {
        return Some(0);
    }

    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let number: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];

        let (unit_millis, unit_len) = if rest.starts_with("ms") {
            (1, 2)
        } else if rest.starts_with('h') {
            (3_600_000, 1)
        } else if rest.starts_with('m') {
            (60_000, 1)
        } else if rest.starts_with('s') {
            (1_000, 1)
        } else {
            return None;
        };
        rest = &rest[unit_len..];
        total = total.checked_add(number.checked_mul(unit_millis)?)?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::parse_duration_millis;

    #[test]
    fn units_and_sums() {
        assert_eq!(parse_duration_millis("3m"), Some(180_000));
        assert_eq!(parse_duration_millis("90s"), Some(90_000));
        assert_eq!(parse_duration_millis("1h30m"), Some(5_400_000));
        assert_eq!(parse_duration_millis("1m30s"), Some(90_000));
        assert_eq!(parse_duration_millis("500ms"), Some(500));
        assert_eq!(parse_duration_millis("0"), Some(0));
    }

    #[test]
    fn malformed_durations() {
        for text in [
            "",
            "3",
            "m",
            "3x",
            "1.5m",
            "-3m",
            "3 m",
            "99999999999999999999h",
        ] {
            assert_eq!(parse_duration_millis(text), None, "{text:?}");
        }
    }
}
