//! JSON snapshots read without an untyped tree. The top-level object is split into the
//! text of each field and a List into the text of each item. Every item is then checked
//! for duplicate keys and deserialized straight into its type.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// The fields of a JSON object in file order, each as its text.
pub(super) struct Fields<'a>(pub Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;

        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
                let mut fields: Vec<(String, &'de RawValue)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if fields.iter().any(|(seen, _)| *seen == key) {
                        return Err(duplicate(&key));
                    }
                    let value: &'de RawValue = map.next_value()?;
                    fields.push((key, value));
                }
                Ok(Fields(fields))
            }
        }

        deserializer.deserialize_map(FieldsVisitor)
    }
}

/// The identity of an item, read before its type is known in the same pass that rejects
/// duplicate keys anywhere in the item.
#[derive(Debug, Default)]
pub(super) struct Head {
    pub is_object: bool,
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub generate_name: Option<String>,
}

impl<'de> Deserialize<'de> for Head {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HeadVisitor;

        impl<'de> Visitor<'de> for HeadVisitor {
            type Value = Head;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a JSON value")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
                let mut head = Head {
                    is_object: true,
                    ..Head::default()
                };
                let mut keys = KeySet::default();
                while let Some(Key(key)) = map.next_key()? {
                    keys.insert(key.clone())?;
                    match key.as_ref() {
                        "apiVersion" => head.api_version = map.next_value::<Text>()?.0,
                        "kind" => head.kind = map.next_value::<Text>()?.0,
                        "metadata" => {
                            let meta = map.next_value::<MetaHead>()?;
                            head.namespace = meta.namespace;
                            head.name = meta.name;
                            head.generate_name = meta.generate_name;
                        }
                        _ => {
                            map.next_value::<Checked>()?;
                        }
                    }
                }
                Ok(head)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Head, A::Error> {
                CheckedVisitor.visit_seq(seq)?;
                Ok(Head::default())
            }

            fn visit_bool<E>(self, _: bool) -> Result<Head, E> {
                Ok(Head::default())
            }

            fn visit_i64<E>(self, _: i64) -> Result<Head, E> {
                Ok(Head::default())
            }

            fn visit_u64<E>(self, _: u64) -> Result<Head, E> {
                Ok(Head::default())
            }

            fn visit_f64<E>(self, _: f64) -> Result<Head, E> {
                Ok(Head::default())
            }

            fn visit_str<E>(self, _: &str) -> Result<Head, E> {
                Ok(Head::default())
            }

            fn visit_unit<E>(self) -> Result<Head, E> {
                Ok(Head::default())
            }
        }

        deserializer.deserialize_any(HeadVisitor)
    }
}

/// The `metadata` fields that name an object.
#[derive(Default)]
struct MetaHead {
    namespace: Option<String>,
    name: Option<String>,
    generate_name: Option<String>,
}

impl<'de> Deserialize<'de> for MetaHead {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MetaVisitor;

        impl<'de> Visitor<'de> for MetaVisitor {
            type Value = MetaHead;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a JSON value")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MetaHead, A::Error> {
                let mut meta = MetaHead::default();
                let mut keys = KeySet::default();
                while let Some(Key(key)) = map.next_key()? {
                    keys.insert(key.clone())?;
                    match key.as_ref() {
                        "namespace" => meta.namespace = map.next_value::<Text>()?.0,
                        "name" => meta.name = map.next_value::<Text>()?.0,
                        "generateName" => meta.generate_name = map.next_value::<Text>()?.0,
                        _ => {
                            map.next_value::<Checked>()?;
                        }
                    }
                }
                Ok(meta)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<MetaHead, A::Error> {
                CheckedVisitor.visit_seq(seq)?;
                Ok(MetaHead::default())
            }

            fn visit_bool<E>(self, _: bool) -> Result<MetaHead, E> {
                Ok(MetaHead::default())
            }

            fn visit_i64<E>(self, _: i64) -> Result<MetaHead, E> {
                Ok(MetaHead::default())
            }

            fn visit_u64<E>(self, _: u64) -> Result<MetaHead, E> {
                Ok(MetaHead::default())
            }

            fn visit_f64<E>(self, _: f64) -> Result<MetaHead, E> {
                Ok(MetaHead::default())
            }

            fn visit_str<E>(self, _: &str) -> Result<MetaHead, E> {
                Ok(MetaHead::default())
            }

            fn visit_unit<E>(self) -> Result<MetaHead, E> {
                Ok(MetaHead::default())
            }
        }

        deserializer.deserialize_any(MetaVisitor)
    }
}

/// A value kept only when it is a string; anything else is checked and dropped.
struct Text(Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a JSON value")
            }

            fn visit_str<E>(self, value: &str) -> Result<Text, E> {
                Ok(Text(Some(value.to_string())))
            }

            fn visit_string<E>(self, value: String) -> Result<Text, E> {
                Ok(Text(Some(value)))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                CheckedVisitor.visit_map(map)?;
                Ok(Text(None))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text, A::Error> {
                CheckedVisitor.visit_seq(seq)?;
                Ok(Text(None))
            }

            fn visit_bool<E>(self, _: bool) -> Result<Text, E> {
                Ok(Text(None))
            }

            fn visit_i64<E>(self, _: i64) -> Result<Text, E> {
                Ok(Text(None))
            }

            fn visit_u64<E>(self, _: u64) -> Result<Text, E> {
                Ok(Text(None))
            }

            fn visit_f64<E>(self, _: f64) -> Result<Text, E> {
                Ok(Text(None))
            }

            fn visit_unit<E>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

/// Any JSON value, walked only to reject duplicate keys in its objects.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CheckedVisitor)
    }
}

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        let mut keys = KeySet::default();
        while let Some(Key(key)) = map.next_key()? {
            keys.insert(key)?;
            map.next_value::<Checked>()?;
        }
        Ok(Checked)
    }
}

/// An object key, borrowed from the text unless it contains escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an object key")
            }

            fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_string())))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The keys of one object seen so far: a short list, and a hash set once it grows.
#[derive(Default)]
struct KeySet<'de> {
    few: Vec<Cow<'de, str>>,
    many: Option<HashSet<Cow<'de, str>>>,
}

/// Objects with more keys than this switch from a list to a hash set.
const LINEAR_KEYS: usize = 16;

impl<'de> KeySet<'de> {
    fn insert<E: de::Error>(&mut self, key: Cow<'de, str>) -> Result<(), E> {
        if let Some(many) = &mut self.many {
            return if many.contains(&key) {
                Err(duplicate(&key))
            } else {
                many.insert(key);
                Ok(())
            };
        }
        if self.few.contains(&key) {
            return Err(duplicate(&key));
        }
        self.few.push(key);
        if self.few.len() > LINEAR_KEYS {
            self.many = Some(std::mem::take(&mut self.few).into_iter().collect());
        }
        Ok(())
    }
}

/// Builds the error for a key given twice, in the untyped reader's wording.
fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(crate::t!("input-duplicate-key", key = format!("{key:?}")))
}

/// Splits the text of a JSON array into the text of each item, in order. The text must
/// be valid JSON, as serde_json checks when it captures a raw value, so only strings,
/// nesting and commas are tracked. Each item is parsed, and so checked, on its own
/// later. This replaces a second serde_json pass over the array, which runs before the
/// parallel part and took 70 ms on the max-scale snapshot.
pub(super) fn split_array(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let is_space = |byte: u8| matches!(byte, b' ' | b'\t' | b'\n' | b'\r');
    let mut items = Vec::new();
    let mut depth = 0usize;
    // Where the current item starts, and where its last non-space byte ends.
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if depth == 1 && start.is_none() && !is_space(byte) && byte != b',' && byte != b']' {
            start = Some(at);
        }
        match byte {
            b'"' => {
                at += 1;
                while let Some(offset) = memchr::memchr2(b'"', b'\\', &bytes[at..]) {
                    if bytes[at + offset] == b'"' {
                        at += offset;
                        break;
                    }
                    // An escape: the next byte is never the closing quote.
                    at += offset + 2;
                }
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => {
                if let Some(item) = start.take().and_then(|start| text.get(start..end)) {
                    items.push(item);
                }
            }
            _ => {}
        }
        if !is_space(byte) {
            end = at + 1;
        }
        at += 1;
    }
    if let Some(item) = start.and_then(|start| text.get(start..end)) {
        items.push(item);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_with_serde(text: &str) -> Vec<String> {
        let items: Vec<&RawValue> = serde_json::from_str(text).unwrap();
        items.iter().map(|item| item.get().to_string()).collect()
    }

    #[test]
    fn split_array_items() {
        let text =
            "[ {\"a\": [1, {\"b\": \"],}\\\"\"}]} ,\n\t\"x,\\\\\" , 12.5e3,[[]], null,{}\r\n]";
        assert_eq!(
            split_array(text),
            [
                "{\"a\": [1, {\"b\": \"],}\\\"\"}]}",
                "\"x,\\\\\"",
                "12.5e3",
                "[[]]",
                "null",
                "{}"
            ]
        );
        assert_eq!(split_array(text), split_with_serde(text));
        assert!(split_array("[]").is_empty());
        assert!(split_array(" [ \n ] ").is_empty());
    }

    proptest::proptest! {
        /// The split matches serde_json's own on arrays of random JSON values.
        #[test]
        fn split_array_matches_serde(values in proptest::collection::vec(json_value(), 0..8), pretty: bool) {
            let array = serde_json::Value::Array(values);
            let text = if pretty {
                serde_json::to_string_pretty(&array).unwrap()
            } else {
                serde_json::to_string(&array).unwrap()
            };
            proptest::prop_assert_eq!(split_array(&text), split_with_serde(&text));
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(|number| serde_json::json!(number)),
            "[\\\\\"\\[\\]{},: a-z\u{e9}\u{d55c}]{0,12}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map("[a-z\\\"\\]]{0,4}", inner, 0..4)
                    .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
            ]
        })
    }

    #[test]
    fn head_reads_identity_and_skips_the_rest() {
        let text = r#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","namespace":"n","labels":{"x":"1"}},"spec":{"containers":[{"name":"c"}]}}"#;
        let head: Head = serde_json::from_str(text).unwrap();
        assert!(head.is_object);
        assert_eq!(head.kind.as_deref(), Some("Pod"));
        assert_eq!(head.api_version.as_deref(), Some("v1"));
        assert_eq!(head.name.as_deref(), Some("a"));
        assert_eq!(head.namespace.as_deref(), Some("n"));
    }

    #[test]
    fn duplicate_keys_are_rejected_at_any_depth() {
        for text in [
            r#"{"kind":"Pod","kind":"Node"}"#,
            r#"{"metadata":{"name":"a","name":"b"}}"#,
            r#"{"spec":{"containers":[{"name":"c","image":"i","image":"j"}]}}"#,
        ] {
            let error = serde_json::from_str::<Head>(text).unwrap_err();
            assert!(
                error.to_string().starts_with("duplicate key"),
                "{text}: {error}"
            );
        }
    }

    #[test]
    fn key_set_finds_duplicates_past_list() {
        let mut fields: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        fields.push("\"k7\":0".to_string());
        let text = format!("{{\"labels\":{{{}}}}}", fields.join(","));
        let error = serde_json::from_str::<Head>(&text).unwrap_err();
        assert!(
            error.to_string().starts_with("duplicate key \"k7\""),
            "{error}"
        );
    }

    #[test]
    fn escaped_keys_are_compared_by_their_value() {
        // "\u0061" is "a": the same key written two ways.
        let error = serde_json::from_str::<Head>(r#"{"x":{"a":1,"\u0061":2}}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("duplicate key \"a\""),
            "{error}"
        );
    }

    #[test]
    fn fields_keep_file_order_and_raw_text() {
        let fields: Fields = serde_json::from_str(r#"{"b": [1, 2], "a": {"x": 1}}"#).unwrap();
        let names: Vec<&str> = fields.0.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        assert_eq!(fields.0[0].1.get(), "[1, 2]");
    }
}
