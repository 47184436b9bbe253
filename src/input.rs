//! Reading input files with a size bound, so a huge or endless file is rejected before
//! it is loaded into memory, and non-UTF-8 bytes are reported with their position.

use std::io::Read;
use std::path::Path;

use crate::{Error, t};

/// The largest file capplan reads, so that one input cannot exhaust memory. A larger
/// snapshot or manifest set is split into several files.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a UTF-8 text file of at most [`MAX_INPUT_BYTES`].
///
/// # Errors
/// `Error::Io` when the file cannot be opened or read; `Error::Input` naming the file
/// when it is larger than the limit, and the file and line when it is not UTF-8.
pub fn read_text(path: &Path) -> crate::Result<String> {
    read_text_limited(path, MAX_INPUT_BYTES)
}

/// Reads a UTF-8 text file of at most `limit_bytes`; see [`read_text`].
pub fn read_text_limited(path: &Path, limit_bytes: u64) -> crate::Result<String> {
    let file =
        std::fs::File::open(path).map_err(|error| Error::io(path, t!("io-read-file"), error))?;
    // A regular file's size is known up front; a pipe or device (`/dev/zero`) is
    // bounded by reading at most one byte past the limit.
    let mut size_hint = 0;
    if let Ok(metadata) = file.metadata()
        && metadata.is_file()
    {
        if metadata.len() > limit_bytes {
            return Err(too_large(path, limit_bytes));
        }
        size_hint = usize::try_from(metadata.len()).unwrap_or(0);
    }
    // One buffer of the file's size, plus the byte that detects growth since `stat`.
    // `take` hides the size from `read_to_end`, so without this the buffer would grow
    // by doubling and a 90 MiB snapshot would be copied several times.
    let mut bytes = Vec::with_capacity(size_hint.saturating_add(1));
    file.take(limit_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| Error::io(path, t!("io-read-file"), error))?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit_bytes {
        return Err(too_large(path, limit_bytes));
    }
    let mut text = String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let line = 1 + bytes[..offset]
            .iter()
            .filter(|byte| **byte == b'\n')
            .count();
        Error::input(
            format!("{}:{line}", path.display()),
            t!("input-not-utf8", offset = offset),
        )
    })?;
    // Editors on Windows may start a UTF-8 file with a byte order mark, which neither
    // the JSON nor the YAML parser accepts as content.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

pub(crate) fn too_large(path: &Path, limit_bytes: u64) -> Error {
    Error::input(
        path.display().to_string(),
        t!(
            "input-file-too-large",
            limit = format!("{} MiB", limit_bytes / (1024 * 1024))
        ),
    )
}

/// Returns the candidate closest to `name` by edit distance, when it is close enough
/// to be a likely typo (at most a third of the name's length, and at least 1 edit).
pub fn nearest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|candidate| {
            (
                edit_distance(&name.to_lowercase(), &candidate.to_lowercase()),
                *candidate,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_suggests_close_names_only() {
        let names = ["nodes", "nodePools", "pods"];
        // "node" is one deletion from "nodes"; "nodepools" differs only in case.
        assert_eq!(nearest("node", &names), Some("nodes"));
        assert_eq!(nearest("nodepools", &names), Some("nodePools"));
        // "services" is 6+ edits from every name.
        assert_eq!(nearest("services", &names), None);
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bom.json");
        // EF BB BF is U+FEFF in UTF-8.
        std::fs::write(&path, b"\xEF\xBB\xBF{\"a\": 1}").unwrap();
        assert_eq!(read_text(&path).unwrap(), "{\"a\": 1}");
    }

    #[test]
    fn rejects_file_past_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        // 3 MiB + 1 byte against a 3 MiB limit.
        std::fs::write(&path, vec![b'a'; 3 * 1024 * 1024 + 1]).unwrap();
        let error = read_text_limited(&path, 3 * 1024 * 1024)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("big.yaml") && error.contains("3 MiB"),
            "{error}"
        );
        // Exactly at the limit is accepted.
        std::fs::write(&path, vec![b'a'; 3 * 1024 * 1024]).unwrap();
        assert_eq!(
            read_text_limited(&path, 3 * 1024 * 1024).unwrap().len(),
            3 * 1024 * 1024
        );
    }

    #[test]
    fn rejects_endless_device() {
        let error = read_text_limited(Path::new("/dev/zero"), 1024)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("/dev/zero") && error.contains("0 MiB"),
            "{error}"
        );
    }

    #[test]
    fn non_utf8_names_line_and_offset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.yaml");
        // Bytes 0..=5 are "a: 1\nb" (offset 6 is the 0xff), on line 2.
        std::fs::write(&path, b"a: 1\nb\xff: 2\n").unwrap();
        let error = read_text(&path).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("{}:2:", path.display())),
            "{error}"
        );
        assert!(error.contains('6'), "{error}");
    }
}
