//! Recovers the field path (`runner.requests.cpu`, `profile.stages[2].target`) of a
//! line in block-style YAML, so parse errors can name the field as well as the line.

/// Returns the dotted path of the key on `line` (1-based), or an empty string when the
/// line has no key. Flow collections (`{cpu: 2}`) resolve to the key that owns them.
pub fn path_at_line(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(index) = line.checked_sub(1).filter(|index| *index < lines.len()) else {
        return String::new();
    };

    let mut segments: Vec<String> = Vec::new();
    let (mut indent, mut is_item, key) = split_line(lines[index]);
    if let Some(key) = key {
        segments.push(key);
    }
    if is_item {
        segments.push(item_index(&lines, index, indent));
    }
    let mut child_indent = if is_item {
        indent
    } else {
        indent_of(lines[index])
    };

    for candidate in (0..index).rev() {
        let text = lines[candidate];
        if is_blank(text) {
            continue;
        }
        let candidate_indent = indent_of(text);
        let (dash_indent, candidate_is_item, candidate_key) = split_line(text);
        // A parent is less indented than its child, except that a block sequence may
        // sit at the same indentation as the key that owns it (`stages:\n- a`).
        let is_parent = candidate_indent < child_indent
            || (is_item && candidate_indent == child_indent && !candidate_is_item);
        if !is_parent {
            continue;
        }
        if candidate_is_item {
            // The child is a key inside this item's mapping (`- duration: 3m` then
            // `  target: 5`), or the item's first key itself.
            segments.push(item_index(&lines, candidate, dash_indent));
            indent = dash_indent;
            is_item = true;
        } else {
            if let Some(key) = candidate_key {
                segments.push(key);
            }
            indent = candidate_indent;
            is_item = false;
        }
        child_indent = indent;
    }

    segments.reverse();
    join_segments(&segments)
}

/// Splits a line into (indentation of its `- ` marker or key, whether it is a sequence
/// item, its key). Nested markers (`- - a`) count as one item.
fn split_line(text: &str) -> (usize, bool, Option<String>) {
    let indent = indent_of(text);
    let mut content = &text[indent..];
    let mut is_item = false;
    if content == "-" || content.starts_with("- ") {
        is_item = true;
        content = content[1..].trim_start();
    }
    (indent, is_item, key_of(content))
}

fn key_of(content: &str) -> Option<String> {
    if content.starts_with('#') || content.starts_with('{') || content.starts_with('[') {
        return None;
    }
    let colon = content
        .char_indices()
        .find(|(position, character)| {
            *character == ':'
                && content[position + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(position, _)| position)?;
    let key = content[..colon].trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then(|| key.to_string())
}

/// Counts the earlier items of the sequence that the item at `index` belongs to.
fn item_index(lines: &[&str], index: usize, dash_indent: usize) -> String {
    let mut position = 0;
    for text in lines[..index].iter().rev() {
        if is_blank(text) {
            continue;
        }
        let indent = indent_of(text);
        if indent < dash_indent {
            break;
        }
        if indent == dash_indent {
            let (_, is_item, _) = split_line(text);
            if !is_item {
                break;
            }
            position += 1;
        }
    }
    format!("[{position}]")
}

fn join_segments(segments: &[String]) -> String {
    let mut path = String::new();
    for segment in segments {
        if !path.is_empty() && !segment.starts_with('[') {
            path.push('.');
        }
        path.push_str(segment);
    }
    path
}

fn indent_of(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

fn is_blank(text: &str) -> bool {
    let trimmed = text.trim();
    trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---"
}

#[cfg(test)]
mod tests {
    use super::path_at_line;

    const DOCUMENT: &str = "\
name: x
runner:
  requests:
    cpu: 2Gb
    # a comment
    memory: 4Gi
profile:
  stages:
    - duration: 3m
      target: 2000

    - duration: 5m
      target: abc
nodes:
  instanceTypes:
  - t3a.xlarge
  - t3a.2xlarge
";

    #[test]
    fn nested_keys() {
        assert_eq!(path_at_line(DOCUMENT, 1), "name");
        assert_eq!(path_at_line(DOCUMENT, 4), "runner.requests.cpu");
        assert_eq!(path_at_line(DOCUMENT, 6), "runner.requests.memory");
    }

    #[test]
    fn sequence_items() {
        assert_eq!(path_at_line(DOCUMENT, 9), "profile.stages[0].duration");
        assert_eq!(path_at_line(DOCUMENT, 10), "profile.stages[0].target");
        assert_eq!(path_at_line(DOCUMENT, 13), "profile.stages[1].target");
        assert_eq!(path_at_line(DOCUMENT, 17), "nodes.instanceTypes[1]");
    }

    #[test]
    fn out_of_range_line() {
        assert_eq!(path_at_line(DOCUMENT, 0), "");
        assert_eq!(path_at_line(DOCUMENT, 99), "");
    }
}
