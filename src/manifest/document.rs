//! Reading Kubernetes object files: multi-document YAML split the way kubectl splits it,
//! JSON, and typed deserialization that reports lines relative to the whole file.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::Error;

/// The syntax of a file, chosen by its extension (`.json` is JSON, anything else YAML).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Json,
}

/// One document of a file, with enough position to name it in errors.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: PathBuf,
    /// 1-based position among the file's non-empty documents.
    pub index: usize,
    /// 1-based line of the file where the document's text starts.
    pub start_line: usize,
    pub syntax: Syntax,
    pub text: String,
    /// Byte offsets of the newlines in `text`, built the first time a line is looked up.
    newlines: OnceLock<Vec<usize>>,
}

/// `apiVersion` and `kind`, read before the document is deserialized into its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeMeta {
    pub api_version: String,
    pub kind: String,
}

/// An object's identity for messages: `Job load-test/k6-part1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectLabel {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
}

impl ObjectLabel {
    /// Reads kind, namespace and name from an untyped object; missing parts stay empty.
    pub fn from_value(value: &Value) -> ObjectLabel {
        let text = |pointer: &str| value.pointer(pointer).and_then(Value::as_str);
        ObjectLabel {
            kind: text("/kind").unwrap_or_default().to_string(),
            namespace: text("/metadata/namespace").map(str::to_string),
            name: text("/metadata/name")
                .or_else(|| text("/metadata/generateName"))
                .unwrap_or_default()
                .to_string(),
        }
    }
}

impl fmt::Display for ObjectLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.kind.is_empty() {
            "object"
        } else {
            &self.kind
        };
        match &self.namespace {
            Some(namespace) => write!(f, "{kind} {namespace}/{}", self.name),
            // An object without a name is named by its kind alone.
            None if self.name.is_empty() => f.write_str(kind),
            None => write!(f, "{kind} {}", self.name),
        }
    }
}

impl Document {
    /// Returns the file line of byte `offset` of the text. The first call indexes the
    /// newlines, so that naming many items of a large file stays linear.
    pub fn line_of(&self, offset: usize) -> usize {
        let newlines = self
            .newlines
            .get_or_init(|| memchr::memchr_iter(b'\n', self.text.as_bytes()).collect());
        self.start_line + newlines.partition_point(|&at| at < offset)
    }

    /// Names the document: `jobs.yaml:12 (document 2)`.
    pub fn location(&self) -> String {
        self.location_at(self.start_line)
    }

    /// Names a line of the document, counted from the start of the file.
    pub fn location_at(&self, line: usize) -> String {
        format!("{}:{line} (document {})", self.path.display(), self.index)
    }

    /// Names the document and the object in it: `jobs.yaml:12 (document 2, Job load-test/a)`.
    pub fn object_location(&self, line: usize, object: &ObjectLabel) -> String {
        format!(
            "{}:{line} (document {}, {object})",
            self.path.display(),
            self.index
        )
    }

    /// Parses the document into an untyped value; syntax errors name the file line.
    pub fn value(&self) -> crate::Result<Value> {
        match self.syntax {
            Syntax::Json => serde_json::from_str(&self.text)
                .map(|UniqueKeys(value)| value)
                .map_err(|error| {
                    let line = self.start_line + error.line().saturating_sub(1);
                    Error::input(
                        self.location_at(line),
                        crate::t!("input-not-parsable", detail = json_message(&error)),
                    )
                }),
            Syntax::Yaml => serde_saphyr::from_str(&self.text).map_err(|error| {
                let (line, detail) = self.yaml_error(&error);
                Error::input(
                    self.location_at(line),
                    crate::t!("input-not-parsable", detail = detail),
                )
            }),
        }
    }

    /// Deserializes the document into a concrete type. An error names the file line the
    /// deserializer stopped at, the object and the deserializer's reason.
    pub fn typed<T: DeserializeOwned>(&self, object: &ObjectLabel) -> crate::Result<T> {
        let (line, detail) = match self.syntax {
            Syntax::Json => match serde_json::from_str::<T>(&self.text) {
                Ok(typed) => return Ok(typed),
                Err(error) => (
                    self.start_line + error.line().saturating_sub(1),
                    json_message(&error),
                ),
            },
            Syntax::Yaml => match serde_saphyr::from_str::<T>(&self.text) {
                Ok(typed) => return Ok(typed),
                Err(error) => self.yaml_error(&error),
            },
        };
        Err(Error::input(
            self.object_location(line, object),
            crate::t!(
                "input-invalid-object",
                kind = object.kind.clone(),
                detail = detail
            ),
        ))
    }

    /// Deserializes a built-in Kubernetes object like `typed`, and rejects fields the type
    /// does not have, as `kubectl apply`'s strict field validation does (the default since
    /// Kubernetes 1.27). k8s-openapi's types would drop a misspelt `resource:` silently,
    /// and the pod would then look as if it requested nothing.
    pub fn typed_strict<T: DeserializeOwned>(&self, object: &ObjectLabel) -> crate::Result<T> {
        let typed: T = self.typed(object)?;
        let value = self.value()?;
        let mut unknown: Vec<String> = Vec::new();
        let checked: Result<T, serde_json::Error> =
            serde_ignored::deserialize(value, |path| unknown.push(path.to_string()));
        if checked.is_ok()
            && let Some(field) = unknown.first().map(|path| field_path(path))
        {
            let line = self.line_of_field(&field).unwrap_or(self.start_line);
            return Err(Error::input(
                self.object_location(line, object),
                crate::t!(
                    "input-unknown-field",
                    kind = object.kind.clone(),
                    field = field
                ),
            ));
        }
        Ok(typed)
    }

    /// Finds the file line of a field path such as `spec.containers[k6].resources.requests.cpu`
    /// by looking for each key in turn below the previous one. The search reads the text,
    /// not the YAML tree, so it may stop early on unusual layouts; `None` then.
    pub fn line_of_field(&self, field: &str) -> Option<usize> {
        let lines: Vec<&str> = self.text.lines().collect();
        let mut from = 0;
        let mut found = None;
        for segment in field.split('.') {
            let key = segment.split('[').next().unwrap_or(segment);
            if key.is_empty() {
                continue;
            }
            let yaml_key = format!("{key}:");
            let json_key = format!("\"{key}\"");
            let offset = lines[from..].iter().position(|line| {
                let trimmed = line.trim_start().trim_start_matches("- ");
                trimmed.starts_with(&yaml_key) || trimmed.starts_with(&json_key)
            })?;
            from += offset;
            found = Some(self.start_line + from);
            from += 1;
        }
        found
    }

    fn yaml_error(&self, error: &serde_saphyr::Error) -> (usize, String) {
        let line = error
            .location()
            .map(|location| location.line() as usize)
            .filter(|line| *line > 0)
            .map_or(self.start_line, |line| self.start_line + line - 1);
        // serde-saphyr's own text for this names an option of the library, which a user
        // cannot set. JSON input gets the same message.
        if let serde_saphyr::Error::DuplicateMappingKey { key: Some(key), .. } =
            error.without_snippet()
        {
            return (
                line,
                crate::t!("input-duplicate-key", key = format!("{key:?}")),
            );
        }
        let text = error.without_snippet().to_string();
        (line, strip_position_prefix(&text).to_string())
    }
}

/// Drops serde-saphyr's `line L column C: ` prefix, because the caller prints the
/// file-relative line itself.
fn strip_position_prefix(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("line ") else {
        return text.trim();
    };
    match rest.find(": ") {
        Some(end) if rest[..end].contains("column") => rest[end + 2..].trim(),
        _ => text.trim(),
    }
}

/// A JSON value whose objects have no key twice. serde_json keeps the last of duplicate
/// keys silently; the API server's strict decoding rejects them, and so does capplan.
struct UniqueKeys(Value);

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(UniqueKeysVisitor)
            .map(UniqueKeys)
    }
}

struct UniqueKeysVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueKeysVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(UniqueKeys(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(crate::t!(
                    "input-duplicate-key",
                    key = format!("{key:?}")
                )));
            }
            let UniqueKeys(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Parses JSON text into a value, rejecting duplicate keys.
pub fn unique_value(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(text).map(|UniqueKeys(value)| value)
}

/// Returns serde_json's message without its ` at line L column C` suffix.
pub fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}

/// Returns the syntax a file is read with.
pub fn syntax_of(path: &Path) -> Syntax {
    match path.extension().and_then(|extension| extension.to_str()) {
        Some(extension) if extension.eq_ignore_ascii_case("json") => Syntax::Json,
        _ => Syntax::Yaml,
    }
}

/// Returns true for the extensions read from a directory: `.yaml`, `.yml`, `.json`.
pub fn is_manifest_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|extension| extension.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// Expands files and directories into a file list: a directory contributes its
/// `.yaml`, `.yml` and `.json` files (not subdirectories) in sorted order, as
/// `kubectl apply -f DIR` does.
pub fn expand_paths(paths: &[PathBuf]) -> crate::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|error| Error::io(path, crate::t!("io-read-dir"), error))?;
            let mut found = Vec::new();
            for entry in entries {
                let entry =
                    entry.map_err(|error| Error::io(path, crate::t!("io-read-dir"), error))?;
                let file = entry.path();
                if file.is_file() && is_manifest_file(&file) {
                    found.push(file);
                }
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Reads a file and splits it into its non-empty documents.
pub fn read_documents(path: &Path) -> crate::Result<Vec<Document>> {
    let text = crate::input::read_text(path)?;
    let documents = if syntax_of(path) == Syntax::Json && !text.trim().is_empty() {
        // One document: keep the text instead of copying it.
        vec![Document {
            path: path.to_path_buf(),
            index: 1,
            start_line: 1,
            syntax: Syntax::Json,
            text,
            newlines: OnceLock::new(),
        }]
    } else {
        split_documents(path, &text)
    };
    // `kubectl apply -f` refuses a file without objects ("no objects passed to apply");
    // an empty snapshot would read as a cluster without nodes.
    if documents.is_empty() {
        return Err(Error::input(
            path.display().to_string(),
            crate::t!("input-no-objects"),
        ));
    }
    Ok(documents)
}

/// Splits a text into documents. YAML is split on lines that start with `---`, as
/// `k8s.io/apimachinery/pkg/util/yaml.NewYAMLReader` does; documents holding only
/// comments, blank lines or `...` are skipped. JSON is one document.
pub fn split_documents(path: &Path, text: &str) -> Vec<Document> {
    let syntax = syntax_of(path);
    let make = |index: usize, start_line: usize, body: String| Document {
        path: path.to_path_buf(),
        index,
        start_line,
        syntax,
        text: body,
        newlines: OnceLock::new(),
    };
    if syntax == Syntax::Json {
        return if text.trim().is_empty() {
            Vec::new()
        } else {
            vec![make(1, 1, text.to_string())]
        };
    }

    let mut documents = Vec::new();
    let mut body = String::new();
    let mut start_line = 1;
    let flush = |body: &mut String, start_line: usize, documents: &mut Vec<Document>| {
        if has_content(body) {
            let index = documents.len() + 1;
            documents.push(make(index, start_line, std::mem::take(body)));
        } else {
            body.clear();
        }
    };
    for (number, line) in text.lines().enumerate() {
        if is_separator(line) {
            flush(&mut body, start_line, &mut documents);
            // A separator may carry content after it (`--- !tag` or `--- {a: 1}`);
            // keep that text on the document's first line.
            let rest = line[3..].trim();
            start_line = number + 1;
            if !rest.is_empty() {
                body.push_str(rest);
                body.push('\n');
            } else {
                start_line = number + 2;
            }
            continue;
        }
        body.push_str(line);
        body.push('\n');
    }
    flush(&mut body, start_line, &mut documents);
    documents
}

fn is_separator(line: &str) -> bool {
    line.starts_with("---") && line[3..].chars().next().is_none_or(char::is_whitespace)
}

fn has_content(body: &str) -> bool {
    body.lines().any(|line| {
        let trimmed = line.trim();
        !trimmed.is_empty() && !trimmed.starts_with('#') && trimmed != "..."
    })
}

/// Reads `apiVersion` and `kind` from a parsed document, rejecting a document that is
/// not an object.
pub fn type_meta(document: &Document, value: &Value) -> crate::Result<TypeMeta> {
    let Some(object) = value.as_object() else {
        return Err(Error::input(
            document.location(),
            crate::t!("input-not-an-object"),
        ));
    };
    let field = |name: &str| object.get(name).and_then(Value::as_str).unwrap_or_default();
    let meta = TypeMeta {
        api_version: field("apiVersion").to_string(),
        kind: field("kind").to_string(),
    };
    if meta.kind.is_empty() || meta.api_version.is_empty() {
        let label = ObjectLabel::from_value(value);
        return Err(Error::input(
            document.object_location(document.start_line, &label),
            crate::t!("input-missing-type-meta"),
        ));
    }
    Ok(meta)
}

/// Turns serde_ignored's path (`spec.?.containers.?.0.resource`, where `?` marks an
/// `Option`) into the Kubernetes form `spec.containers[0].resource`.
fn field_path(path: &str) -> String {
    let mut out = String::new();
    for segment in path.split('.').filter(|segment| *segment != "?") {
        if segment.chars().all(|c| c.is_ascii_digit()) && !segment.is_empty() {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(segment);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_label_without_name() {
        let label = |kind: &str, namespace: Option<&str>, name: &str| ObjectLabel {
            kind: kind.to_string(),
            namespace: namespace.map(str::to_string),
            name: name.to_string(),
        };
        assert_eq!(label("Pod", None, "").to_string(), "Pod");
        assert_eq!(label("", None, "").to_string(), "object");
        assert_eq!(label("Node", None, "n1").to_string(), "Node n1");
        assert_eq!(label("Pod", Some("ns"), "a").to_string(), "Pod ns/a");
    }

    #[test]
    fn line_of_counts_newlines_before_offset() {
        let doc = split_documents(Path::new("a.json"), "{\n\"a\": 1,\n\n\"b\": 2}").remove(0);
        assert_eq!(doc.line_of(0), 1);
        assert_eq!(doc.line_of(1), 1);
        assert_eq!(doc.line_of(2), 2);
        // Bytes 9 and 10 are the newlines around the empty line 3.
        assert_eq!(doc.line_of(9), 2);
        assert_eq!(doc.line_of(10), 3);
        assert_eq!(doc.line_of(11), 4);
        assert_eq!(doc.line_of(1_000), 4);
    }

    #[test]
    fn split_skips_empty_and_comment_documents() {
        let text = "# header\n---\napiVersion: v1\nkind: ConfigMap\n---\n# only a comment\n---\napiVersion: v1\nkind: Pod\n...\n";
        let documents = split_documents(Path::new("a.yaml"), text);
        assert_eq!(documents.len(), 2);
        // The first object starts on line 3, after `# header` and `---`.
        assert_eq!(documents[0].start_line, 3);
        assert_eq!(documents[0].index, 1);
        // Lines: 5 `---`, 6 comment, 7 `---`, 8 apiVersion.
        assert_eq!(documents[1].start_line, 8);
        assert_eq!(documents[1].index, 2);
    }

    #[test]
    fn separator_needs_whitespace_or_end() {
        assert!(is_separator("---"));
        assert!(is_separator("--- "));
        assert!(!is_separator("----"));
        assert!(!is_separator(" ---"));
    }

    #[test]
    fn yaml_type_error_line_is_file_relative() {
        let text = "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\nspec:\n  parallelism: six\n";
        let documents = split_documents(Path::new("jobs.yaml"), text);
        let job = &documents[1];
        let label = ObjectLabel::from_value(&job.value().unwrap());
        let error = job
            .typed::<k8s_openapi::api::batch::v1::Job>(&label)
            .unwrap_err()
            .to_string();
        // `parallelism: six` is line 9 of the file.
        assert!(
            error.starts_with("jobs.yaml:9 (document 2, Job a)"),
            "{error}"
        );
    }

    #[test]
    fn position_prefix_is_stripped() {
        assert_eq!(
            strip_position_prefix("line 6 column 17: invalid i32"),
            "invalid i32"
        );
        assert_eq!(strip_position_prefix("invalid i32"), "invalid i32");
    }
}
