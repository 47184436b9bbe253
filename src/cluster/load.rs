//! Cluster state from files: `kubectl get ... -o json|yaml` Lists, single objects and
//! capplan's own `ClusterSnapshot`, merged in the order given.

use std::path::{Path, PathBuf};

use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{LimitRange, Node, ResourceQuota};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::item_lines::YamlItemLines;
use super::pod::ClusterPod;
use super::requests::{InvalidResource, pod_limits, pod_requests, resources_from_map};
use super::snapshot::{SNAPSHOT_API_VERSION, SNAPSHOT_KIND};
use super::stream::{Fields, Head};
use super::{ClusterState, Ec2NodeClass, KarpenterVisibility, NodePool, ObjectName};
use crate::Error;
use crate::manifest::Note;
use crate::manifest::document::{self, Document, ObjectLabel, Syntax};

/// The top-level fields of a `ClusterSnapshot`, as `write_snapshot` writes them.
const SNAPSHOT_FIELDS: [&str; 12] = [
    "apiVersion",
    "kind",
    "sources",
    "karpenter",
    "nodes",
    "pods",
    "daemonSets",
    "nodePools",
    "ec2NodeClasses",
    "resourceQuotas",
    "limitRanges",
    "configMaps",
];

/// A cluster state read from files, with remarks about what was skipped or replaced.
#[derive(Debug, Clone, Default)]
pub struct LoadedState {
    pub state: ClusterState,
    pub notes: Vec<Note>,
}

/// Reads and merges snapshot files. Later files replace objects of the same kind,
/// namespace and name from earlier ones.
pub fn load_snapshot_files(paths: &[PathBuf]) -> crate::Result<ClusterState> {
    load_snapshot_files_with_notes(paths).map(|loaded| loaded.state)
}

/// Reads and merges snapshot files, returning the notes too.
pub fn load_snapshot_files_with_notes(paths: &[PathBuf]) -> crate::Result<LoadedState> {
    let mut collector = Collector::default();
    for path in paths {
        for doc in document::read_documents(path)? {
            collector.read_document(&doc)?;
        }
        collector.sources.push(path.display().to_string());
    }
    Ok(collector.finish())
}

/// Reads snapshot text as if it were the file `path`.
pub fn parse_snapshot(path: &Path, text: &str) -> crate::Result<LoadedState> {
    let mut collector = Collector::default();
    for doc in document::split_documents(path, text) {
        collector.read_document(&doc)?;
    }
    collector.sources.push(path.display().to_string());
    Ok(collector.finish())
}

/// Objects of one kind in the order they came in, keyed by namespace and name. An object
/// read again replaces the earlier one and takes the later place.
struct Keyed<T> {
    items: Vec<Option<T>>,
    positions: FxHashMap<(String, String), usize>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed {
            items: Vec::new(),
            positions: FxHashMap::default(),
        }
    }
}

impl<T> Keyed<T> {
    /// Adds an object; returns true when it replaced one with the same key.
    fn insert(&mut self, key: (String, String), item: T) -> bool {
        let position = self.items.len();
        self.items.push(Some(item));
        match self.positions.insert(key, position) {
            Some(earlier) => {
                self.items[earlier] = None;
                true
            }
            None => false,
        }
    }

    /// Drops the object with this key and returns true when there was one.
    fn remove(&mut self, key: &(String, String)) -> bool {
        match self.positions.remove(key) {
            Some(position) => {
                self.items[position] = None;
                true
            }
            None => false,
        }
    }

    /// Makes room for `additional` more objects, so that a large array is stored
    /// without growing the list and the index again and again.
    fn reserve(&mut self, additional: usize) {
        self.items.reserve(additional);
        self.positions.reserve(additional);
    }

    fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    fn into_vec(self) -> Vec<T> {
        // `filter_map` over a vector's own iterator reuses its buffer, and `flatten` does
        // not. A second buffer of 150,000 pods would raise the peak memory by a third.
        #[allow(clippy::filter_map_identity)]
        self.items.into_iter().filter_map(|item| item).collect()
    }
}

#[derive(Default)]
struct Collector {
    nodes: Keyed<Node>,
    pods: Keyed<ClusterPod>,
    daemon_sets: Keyed<DaemonSet>,
    node_pools: Keyed<NodePool>,
    node_classes: Keyed<Ec2NodeClass>,
    resource_quotas: Keyed<ResourceQuota>,
    limit_ranges: Keyed<LimitRange>,
    config_maps: Keyed<ObjectName>,
    /// Succeeded and Failed pods, by namespace and name: counted, not kept.
    terminal_pods: FxHashSet<(String, String)>,
    karpenter: Option<KarpenterVisibility>,
    notes: Vec<Note>,
    sources: Vec<String>,
}

/// Where an object sits: a whole document, or an item of a List or snapshot array.
struct Place<'a> {
    doc: &'a Document,
    item: Option<ItemRef<'a>>,
    /// The byte offset of the item's text in the document, for items read from JSON text.
    offset: Option<usize>,
    /// The item lines of a YAML document, for items read from its untyped tree.
    yaml_lines: Option<&'a YamlItemLines>,
}

/// An item of an object array: `items[3]`.
#[derive(Debug, Clone, Copy)]
struct ItemRef<'a> {
    section: &'a str,
    index: usize,
}

impl std::fmt::Display for ItemRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.section, self.index)
    }
}

impl Place<'_> {
    fn location(&self, object: &ObjectLabel) -> String {
        let Some(item) = self.item else {
            return self.doc.object_location(self.doc.start_line, object);
        };
        let line = match self.offset {
            Some(offset) => Some(self.doc.line_of(offset)),
            None => self
                .yaml_lines
                .and_then(|lines| lines.line(self.doc, item.section, item.index)),
        };
        match line {
            Some(line) => format!(
                "{}:{line} (document {}, {item}, {object})",
                self.doc.path.display(),
                self.doc.index
            ),
            // The items of a YAML document that the second parse cannot read, for
            // example a List whose unread `nodes` field is not an array.
            None => format!(
                "{} (document {}, {item}, {object})",
                self.doc.path.display(),
                self.doc.index
            ),
        }
    }
}

impl Collector {
    fn read_document(&mut self, doc: &Document) -> crate::Result<()> {
        if doc.syntax == Syntax::Json && doc.text.trim_start().starts_with('{') {
            let fields: Fields =
                serde_json::from_str(&doc.text).map_err(|error| not_parsable(doc, 0, &error))?;
            let (value, arrays) = split_fields(doc, fields)?;
            return self.read_top(doc, &value, &arrays);
        }
        let value = doc.value()?;
        let arrays = Arrays::borrowed(doc, &value);
        self.read_top(doc, &value, &arrays)
    }

    /// Reads a parsed document whose large arrays are in `arrays`.
    fn read_top(
        &mut self,
        doc: &Document,
        value: &Value,
        arrays: &Arrays<'_>,
    ) -> crate::Result<()> {
        let meta = document::type_meta(doc, value)?;

        if meta.kind == SNAPSHOT_KIND {
            if meta.api_version != SNAPSHOT_API_VERSION {
                return Err(Error::input(
                    doc.location(),
                    crate::t!(
                        "snapshot-api-version",
                        found = meta.api_version.clone(),
                        expected = SNAPSHOT_API_VERSION
                    ),
                ));
            }
            return self.read_snapshot(doc, value, arrays);
        }
        let has_items = value.get("items").is_some_and(Value::is_array);
        if has_items && !meta.kind.ends_with("List") {
            // `kind: Nodes` with items would otherwise be skipped as an unknown kind.
            return Err(Error::input(
                doc.location(),
                crate::t!("snapshot-items-not-list", kind = meta.kind.clone()),
            ));
        }
        // kubectl writes every List as `apiVersion: v1`. Another version means the file
        // comes from something else and would be read as if it were kubectl output.
        if meta.kind == "List" && meta.api_version != "v1" {
            return Err(Error::input(
                doc.location(),
                crate::t!(
                    "snapshot-list-api-version",
                    found = meta.api_version.clone()
                ),
            ));
        }
        if meta.kind == "List" || meta.kind.ends_with("List") {
            let Some(items) = arrays.get("items") else {
                let label = ObjectLabel::from_value(value);
                let message = match value.get("items") {
                    Some(found) => not_an_array("items", found),
                    None => crate::t!("input-missing-field", field = "items"),
                };
                return Err(Error::input(
                    doc.object_location(doc.start_line, &label),
                    message,
                ));
            };
            // The API server's own lists (`PodList` from `kubectl get --raw`) leave the
            // kind out of their items, while kubectl's `List` names it in each.
            let item_kind = meta
                .kind
                .strip_suffix("List")
                .filter(|kind| !kind.is_empty());
            let section = Section {
                name: "items",
                items,
                yaml_lines: arrays.yaml_lines.as_ref(),
            };
            self.read_items(doc, &section, item_kind)?;
            return Ok(());
        }
        let place = Place {
            doc,
            item: None,
            offset: None,
            yaml_lines: None,
        };
        self.read_object(&place, &Item::Value(value), None)
    }

    fn read_snapshot(
        &mut self,
        doc: &Document,
        value: &Value,
        arrays: &Arrays<'_>,
    ) -> crate::Result<()> {
        // A misspelt section would read as an empty one: a cluster without nodes.
        for key in value
            .as_object()
            .into_iter()
            .flat_map(|object| object.keys())
        {
            if !SNAPSHOT_FIELDS.contains(&key.as_str()) {
                let line = doc.line_of_field(key).unwrap_or(doc.start_line);
                let message = match crate::input::nearest(key, &SNAPSHOT_FIELDS) {
                    Some(suggestion) => crate::t!(
                        "snapshot-unknown-field-suggest",
                        field = key.clone(),
                        suggestion = suggestion
                    ),
                    None => crate::t!(
                        "snapshot-unknown-field",
                        field = key.clone(),
                        fields = SNAPSHOT_FIELDS.join(", ")
                    ),
                };
                return Err(Error::input(doc.location_at(line), message));
            }
        }
        // A section of the wrong type would also read as an empty one.
        for section in ARRAY_KEYS.iter().filter(|key| **key != "items") {
            if let Some(found) = value.get(*section)
                && !found.is_array()
            {
                let line = doc.line_of_field(section).unwrap_or(doc.start_line);
                return Err(Error::input(
                    doc.location_at(line),
                    not_an_array(section, found),
                ));
            }
        }
        let sections = [
            ("nodes", "Node"),
            ("pods", "Pod"),
            ("daemonSets", "DaemonSet"),
            ("nodePools", "NodePool"),
            ("ec2NodeClasses", "EC2NodeClass"),
            ("resourceQuotas", "ResourceQuota"),
            ("limitRanges", "LimitRange"),
        ];
        for (section, kind) in sections {
            if let Some(items) = arrays.get(section) {
                let section = Section {
                    name: section,
                    items,
                    yaml_lines: arrays.yaml_lines.as_ref(),
                };
                self.read_items(doc, &section, Some(kind))?;
            }
        }
        let config_maps = arrays.get("configMaps");
        for (index, item) in config_maps.into_iter().flatten().enumerate() {
            let place = Place {
                doc,
                item: Some(ItemRef {
                    section: "configMaps",
                    index,
                }),
                offset: item.offset_in(doc),
                yaml_lines: arrays.yaml_lines.as_ref(),
            };
            let name: ObjectName = item.parse(&place, "ConfigMap")?;
            self.insert_config_map(&place, name);
        }
        if let Some(karpenter) = value.get("karpenter") {
            let label = ObjectLabel {
                kind: SNAPSHOT_KIND.to_string(),
                namespace: None,
                name: "karpenter".to_string(),
            };
            let visibility = serde_json::from_value(karpenter.clone()).map_err(|error| {
                Error::input(
                    doc.object_location(doc.start_line, &label),
                    crate::t!(
                        "input-invalid-field",
                        field = "karpenter",
                        detail = error.to_string()
                    ),
                )
            })?;
            self.karpenter = Some(visibility);
        }
        Ok(())
    }

    /// Reads one object. `kind` is given for snapshot arrays, whose items may omit it.
    fn read_object(
        &mut self,
        place: &Place<'_>,
        item: &Item<'_>,
        kind: Option<&str>,
    ) -> crate::Result<()> {
        let (label, object) = parse_object(place, item, kind)?;
        self.store(place, &label, object);
        Ok(())
    }

    /// Reads the items of one array. Large arrays are parsed on every core a block at a
    /// time, so few parsed objects wait to be stored. They are stored in file order.
    fn read_items(
        &mut self,
        doc: &Document,
        section: &Section<'_>,
        kind: Option<&str>,
    ) -> crate::Result<()> {
        let items = section.items;
        let place = |index: usize| Place {
            doc,
            item: Some(ItemRef {
                section: section.name,
                index,
            }),
            offset: items[index].offset_in(doc),
            yaml_lines: section.yaml_lines,
        };
        if items.len() < PARALLEL_ITEMS {
            for (index, item) in items.iter().enumerate() {
                self.read_object(&place(index), item, kind)?;
            }
            return Ok(());
        }
        match kind {
            Some("Node") => self.nodes.reserve(items.len()),
            // A large List is a cluster dump, where pods outnumber everything else by
            // far (30 per node at Kubernetes' documented limits). Room reserved for pods
            // that turn out to be other kinds is never written, so it costs address
            // space, not memory.
            Some("Pod") | None => self.pods.reserve(items.len()),
            _ => {}
        }
        // Messages are rendered in the caller's language, which is per thread.
        let lang = crate::i18n::language();
        for (block, chunk) in items.chunks(PARALLEL_BLOCK).enumerate() {
            let first = block * PARALLEL_BLOCK;
            let parsed: Vec<crate::Result<(ObjectLabel, Object)>> = chunk
                .par_iter()
                .enumerate()
                .map(|(offset, item)| {
                    crate::i18n::with_language(lang, || {
                        parse_object(&place(first + offset), item, kind)
                    })
                })
                .collect();
            for (offset, result) in parsed.into_iter().enumerate() {
                let (label, object) = result?;
                self.store(&place(first + offset), &label, object);
            }
        }
        Ok(())
    }

    fn store(&mut self, place: &Place<'_>, label: &ObjectLabel, object: Object) {
        match object {
            Object::Node(node) => insert(&mut self.nodes, place, label, &mut self.notes, *node),
            Object::Pod(pod) => {
                // A running copy replaces an earlier finished one. The set is usually
                // empty, so most pods skip building the key twice.
                if !self.terminal_pods.is_empty() && self.terminal_pods.remove(&key_of(label)) {
                    self.notes.push(duplicate_note(place, label));
                }
                insert(&mut self.pods, place, label, &mut self.notes, *pod);
            }
            Object::TerminalPod => {
                // A pod that finished replaces an earlier copy that was still running.
                let key = key_of(label);
                if self.pods.remove(&key) {
                    self.notes.push(duplicate_note(place, label));
                }
                self.terminal_pods.insert(key);
            }
            Object::DaemonSet(daemon_set) => insert(
                &mut self.daemon_sets,
                place,
                label,
                &mut self.notes,
                *daemon_set,
            ),
            Object::NodePool(node_pool) => insert(
                &mut self.node_pools,
                place,
                label,
                &mut self.notes,
                *node_pool,
            ),
            Object::NodeClass(node_class) => insert(
                &mut self.node_classes,
                place,
                label,
                &mut self.notes,
                *node_class,
            ),
            Object::Quota(quota) => insert(
                &mut self.resource_quotas,
                place,
                label,
                &mut self.notes,
                *quota,
            ),
            Object::LimitRange(limit_range) => insert(
                &mut self.limit_ranges,
                place,
                label,
                &mut self.notes,
                *limit_range,
            ),
            Object::ConfigMap(name) => self.insert_config_map(place, name),
            Object::Skipped { api_version } => {
                let message = crate::t!(
                    "snapshot-kind-skipped",
                    kind = label.kind.clone(),
                    api_version = api_version
                );
                tracing::info!(location = %place.location(label), "{message}");
                self.notes.push(Note {
                    location: place.location(label),
                    message,
                });
            }
        }
    }

    fn insert_config_map(&mut self, place: &Place<'_>, name: ObjectName) {
        let label = ObjectLabel {
            kind: "ConfigMap".to_string(),
            namespace: Some(name.namespace.clone()),
            name: name.name.clone(),
        };
        insert(&mut self.config_maps, place, &label, &mut self.notes, name);
    }

    fn finish(mut self) -> LoadedState {
        if !self.terminal_pods.is_empty() {
            let count = self.terminal_pods.len();
            self.notes.push(Note {
                location: self.sources.join(", "),
                message: crate::t!("snapshot-terminal-pods", count = count),
            });
        }
        let has_karpenter_objects = !self.node_pools.is_empty() || !self.node_classes.is_empty();
        let karpenter = match self.karpenter {
            Some(visibility) => visibility,
            None if has_karpenter_objects => KarpenterVisibility::Known,
            None => {
                self.notes.push(Note {
                    location: self.sources.join(", "),
                    message: crate::t!("snapshot-no-karpenter"),
                });
                KarpenterVisibility::NotInstalled
            }
        };
        let state = ClusterState {
            nodes: self.nodes.into_vec(),
            pods: self.pods.into_vec(),
            daemon_sets: self.daemon_sets.into_vec(),
            node_pools: self.node_pools.into_vec(),
            node_classes: self.node_classes.into_vec(),
            resource_quotas: self.resource_quotas.into_vec(),
            limit_ranges: self.limit_ranges.into_vec(),
            config_maps: self.config_maps.into_vec(),
            karpenter,
            sources: self.sources,
        };
        LoadedState {
            state,
            notes: self.notes,
        }
    }
}

fn insert<T>(
    keyed: &mut Keyed<T>,
    place: &Place<'_>,
    label: &ObjectLabel,
    notes: &mut Vec<Note>,
    item: T,
) {
    if keyed.insert(key_of(label), item) {
        notes.push(duplicate_note(place, label));
    }
}

/// Returns the key objects of one kind are merged by: namespace and name.
fn key_of(label: &ObjectLabel) -> (String, String) {
    (
        label.namespace.clone().unwrap_or_default(),
        label.name.clone(),
    )
}

/// Logs and returns the note for an object read again, whose later copy wins.
fn duplicate_note(place: &Place<'_>, label: &ObjectLabel) -> Note {
    let message = crate::t!("snapshot-duplicate", object = label.to_string());
    tracing::warn!(location = %place.location(label), "{message}");
    Note {
        location: place.location(label),
        message,
    }
}

/// Arrays shorter than this are parsed on the calling thread.
const PARALLEL_ITEMS: usize = 2_048;

/// Items parsed in parallel before they are stored.
const PARALLEL_BLOCK: usize = 8_192;

/// One object read from a file, checked and ready to store. Large objects are boxed so
/// a block of parsed items stays small until each is moved into place.
enum Object {
    Node(Box<Node>),
    Pod(Box<ClusterPod>),
    /// A Succeeded or Failed pod, which uses no resources and is only counted.
    TerminalPod,
    DaemonSet(Box<DaemonSet>),
    NodePool(Box<NodePool>),
    NodeClass(Box<Ec2NodeClass>),
    Quota(Box<ResourceQuota>),
    LimitRange(Box<LimitRange>),
    ConfigMap(ObjectName),
    /// A kind capplan does not read.
    Skipped {
        api_version: String,
    },
}

/// Reads one object and checks what can be checked without the rest of the file.
/// `kind` is given for snapshot arrays, whose items may omit it.
fn parse_object(
    place: &Place<'_>,
    item: &Item<'_>,
    kind: Option<&str>,
) -> crate::Result<(ObjectLabel, Object)> {
    let head = item.head(place)?;
    let mut label = head.label;
    if let Some(kind) = kind {
        label.kind = kind.to_string();
    }
    if !head.is_object {
        return Err(Error::input(
            place.location(&label),
            crate::t!("input-not-an-object"),
        ));
    }
    // kubectl rejects an object without a kind ("Object 'Kind' is missing"). Skipping it
    // would hide a broken file behind one note per item.
    if label.kind.is_empty() {
        return Err(Error::input(
            place.location(&label),
            crate::t!("input-missing-field", field = "kind"),
        ));
    }
    // Every object the API server returns has a name. Nameless copies would replace
    // each other as one object.
    if label.name.is_empty() {
        return Err(Error::input(
            place.location(&label),
            crate::t!("input-missing-name"),
        ));
    }
    let object = match label.kind.as_str() {
        "Node" => {
            let node: Node = item.parse(place, "Node")?;
            check_node(place, &label, &node)?;
            Object::Node(Box::new(node))
        }
        "Pod" => {
            let mut pod: ClusterPod = item.parse(place, "Pod")?;
            if matches!(pod.phase(), Some("Succeeded" | "Failed")) {
                Object::TerminalPod
            } else {
                check_resources(place, &label, "spec", pod.keep_requests())?;
                // A request can hide an invalid limit of the same resource from the line
                // above, and the API server rejects such a pod.
                if let Some(spec) = &pod.spec {
                    check_resources(place, &label, "spec", pod_limits(spec))?;
                }
                Object::Pod(Box::new(pod))
            }
        }
        "DaemonSet" => {
            let daemon_set: DaemonSet = item.parse(place, "DaemonSet")?;
            let template_spec = daemon_set
                .spec
                .as_ref()
                .and_then(|spec| spec.template.spec.as_ref());
            if let Some(spec) = template_spec {
                let requests = pod_requests(spec);
                check_resources(place, &label, "spec.template.spec", requests)?;
            }
            Object::DaemonSet(Box::new(daemon_set))
        }
        "NodePool" => Object::NodePool(Box::new(item.parse(place, "NodePool")?)),
        "EC2NodeClass" => Object::NodeClass(Box::new(item.parse(place, "EC2NodeClass")?)),
        "ResourceQuota" => {
            let quota: ResourceQuota = item.parse(place, "ResourceQuota")?;
            check_quota(place, &label, &quota)?;
            Object::Quota(Box::new(quota))
        }
        "LimitRange" => {
            let limit_range: LimitRange = item.parse(place, "LimitRange")?;
            check_limit_range(place, &label, &limit_range)?;
            Object::LimitRange(Box::new(limit_range))
        }
        // Only the name is kept; data never leaves the file.
        "ConfigMap" => Object::ConfigMap(ObjectName {
            namespace: label.namespace.clone().unwrap_or_default(),
            name: label.name.clone(),
        }),
        _ => Object::Skipped {
            api_version: head.api_version,
        },
    };
    Ok((label, object))
}

/// Keys whose arrays hold objects: a List's `items` and the sections of a snapshot.
const ARRAY_KEYS: [&str; 9] = [
    "items",
    "nodes",
    "pods",
    "daemonSets",
    "nodePools",
    "ec2NodeClasses",
    "resourceQuotas",
    "limitRanges",
    "configMaps",
];

/// One object of a List or snapshot section: parsed already, or still its JSON text.
enum Item<'a> {
    Value(&'a Value),
    /// The text of one item of a JSON array.
    Raw(&'a str),
}

/// What is read of an item before its kind decides its type.
struct ItemHead {
    label: ObjectLabel,
    is_object: bool,
    api_version: String,
}

impl Item<'_> {
    /// Returns where the item's text starts in the document, for JSON text.
    fn offset_in(&self, doc: &Document) -> Option<usize> {
        match self {
            Item::Value(_) => None,
            Item::Raw(raw) => Some(offset_in(doc, raw)),
        }
    }

    /// Reads the item's identity; for JSON text this pass also rejects duplicate keys.
    fn head(&self, place: &Place<'_>) -> crate::Result<ItemHead> {
        match self {
            Item::Value(value) => Ok(ItemHead {
                label: ObjectLabel::from_value(value),
                is_object: value.is_object(),
                api_version: value
                    .get("apiVersion")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            }),
            Item::Raw(raw) => {
                let head: Head = serde_json::from_str(raw)
                    .map_err(|error| not_parsable(place.doc, offset_in(place.doc, raw), &error))?;
                Ok(ItemHead {
                    label: ObjectLabel {
                        kind: head.kind.unwrap_or_default(),
                        namespace: head.namespace,
                        name: head.name.or(head.generate_name).unwrap_or_default(),
                    },
                    is_object: head.is_object,
                    api_version: head.api_version.unwrap_or_default(),
                })
            }
        }
    }

    /// Deserializes the item into its type. serde reports no field path here, so the
    /// message names the item and the object and quotes serde's reason.
    fn parse<T: DeserializeOwned>(&self, place: &Place<'_>, kind: &str) -> crate::Result<T> {
        let result = match self {
            Item::Value(value) => {
                if place.item.is_none() {
                    let label = ObjectLabel::from_value(value);
                    return place.doc.typed(&label);
                }
                // Deserializing from the borrowed value skips a deep copy of every item.
                T::deserialize(*value).map_err(|error| error.to_string())
            }
            Item::Raw(raw) => {
                serde_json::from_str(raw).map_err(|error| document::json_message(&error))
            }
        };
        result.map_err(|detail| {
            let mut label = self
                .head(place)
                .map(|head| head.label)
                .unwrap_or(ObjectLabel {
                    kind: String::new(),
                    namespace: None,
                    name: String::new(),
                });
            label.kind = kind.to_string();
            Error::input(
                place.location(&label),
                crate::t!(
                    "snapshot-list-item-invalid",
                    kind = kind.to_string(),
                    detail = detail
                ),
            )
        })
    }
}

/// The object arrays of a document by key, borrowed from its value or read from its text.
struct Arrays<'a> {
    arrays: Vec<(&'a str, Vec<Item<'a>>)>,
    /// Set for a YAML document, whose items carry no text offsets.
    yaml_lines: Option<YamlItemLines>,
}

/// One object array of a document, as `read_items` reads it.
struct Section<'a> {
    name: &'a str,
    items: &'a [Item<'a>],
    yaml_lines: Option<&'a YamlItemLines>,
}

impl<'a> Arrays<'a> {
    fn borrowed(doc: &Document, value: &'a Value) -> Arrays<'a> {
        let arrays = ARRAY_KEYS
            .iter()
            .filter_map(|key| {
                let items = value.get(*key)?.as_array()?;
                Some((*key, items.iter().map(Item::Value).collect()))
            })
            .collect();
        let yaml_lines = (doc.syntax == Syntax::Yaml).then(YamlItemLines::default);
        Arrays { arrays, yaml_lines }
    }

    fn get(&self, key: &str) -> Option<&Vec<Item<'a>>> {
        self.arrays
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, items)| items)
    }
}

/// Parses the small fields of a JSON object into a value and keeps the text of each item
/// of its object arrays. In the value, those arrays stay empty.
fn split_fields<'a>(doc: &Document, fields: Fields<'a>) -> crate::Result<(Value, Arrays<'a>)> {
    let mut object = serde_json::Map::new();
    let mut arrays = Vec::new();
    for (key, raw) in fields.0 {
        let text = raw.get();
        if let Some(array_key) = ARRAY_KEYS.iter().find(|name| **name == key)
            && text.starts_with('[')
        {
            let items = super::stream::split_array(text);
            arrays.push((*array_key, items.into_iter().map(Item::Raw).collect()));
            object.insert(key, Value::Array(Vec::new()));
        } else {
            let value = document::unique_value(text)
                .map_err(|error| not_parsable(doc, offset_in(doc, text), &error))?;
            object.insert(key, value);
        }
    }
    let arrays = Arrays {
        arrays,
        yaml_lines: None,
    };
    Ok((Value::Object(object), arrays))
}

/// Formats the message for `field` containing `found` where an array of objects belongs.
fn not_an_array(field: &str, found: &Value) -> String {
    let found = match found {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    crate::t!(
        "input-not-an-array",
        field = field.to_string(),
        found = found
    )
}

/// Returns where `raw` starts in the document's text.
fn offset_in(doc: &Document, raw: &str) -> usize {
    (raw.as_ptr() as usize).saturating_sub(doc.text.as_ptr() as usize)
}

/// Builds the error for a JSON error inside the text that starts at byte `offset`,
/// located at its file line.
fn not_parsable(doc: &Document, offset: usize, error: &serde_json::Error) -> Error {
    let line = doc.line_of(offset) + error.line().saturating_sub(1);
    Error::input(
        doc.location_at(line),
        crate::t!("input-not-parsable", detail = document::json_message(error)),
    )
}

fn invalid_field(place: &Place<'_>, label: &ObjectLabel, field: &str, detail: &str) -> Error {
    let location = match &place.item {
        Some(_) => place.location(label),
        None => {
            let line = place
                .doc
                .line_of_field(field)
                .unwrap_or(place.doc.start_line);
            place.doc.object_location(line, label)
        }
    };
    Error::input(
        location,
        crate::t!(
            "input-invalid-field",
            field = field.to_string(),
            detail = detail.to_string()
        ),
    )
}

fn check_resources<T>(
    place: &Place<'_>,
    label: &ObjectLabel,
    prefix: &str,
    result: Result<T, InvalidResource>,
) -> crate::Result<()> {
    match result {
        Ok(_) => Ok(()),
        Err(invalid) => Err(invalid_field(
            place,
            label,
            &if prefix.is_empty() {
                invalid.field
            } else {
                format!("{prefix}.{}", invalid.field)
            },
            &invalid.error.to_string(),
        )),
    }
}

fn check_node(place: &Place<'_>, label: &ObjectLabel, node: &Node) -> crate::Result<()> {
    let Some(status) = &node.status else {
        return Ok(());
    };
    if let Some(allocatable) = &status.allocatable {
        let parsed = resources_from_map(allocatable, "status.allocatable");
        check_resources(place, label, "", parsed)?;
    }
    if let Some(capacity) = &status.capacity {
        let parsed = resources_from_map(capacity, "status.capacity");
        check_resources(place, label, "", parsed)?;
    }
    Ok(())
}

fn check_quota(place: &Place<'_>, label: &ObjectLabel, quota: &ResourceQuota) -> crate::Result<()> {
    let hard = quota.spec.as_ref().and_then(|spec| spec.hard.as_ref());
    if let Some(hard) = hard {
        let parsed = crate::admission::quota::parse_quota_map(hard, "spec.hard");
        check_resources(place, label, "", parsed)?;
    }
    let used = quota
        .status
        .as_ref()
        .and_then(|status| status.used.as_ref());
    if let Some(used) = used {
        let parsed = crate::admission::quota::parse_quota_map(used, "status.used");
        check_resources(place, label, "", parsed)?;
    }
    Ok(())
}

fn check_limit_range(
    place: &Place<'_>,
    label: &ObjectLabel,
    limit_range: &LimitRange,
) -> crate::Result<()> {
    let items = limit_range.spec.as_ref().map(|spec| spec.limits.as_slice());
    for (index, item) in items.into_iter().flatten().enumerate() {
        let maps = [
            ("default", &item.default),
            ("defaultRequest", &item.default_request),
            ("max", &item.max),
            ("min", &item.min),
        ];
        for (name, map) in maps {
            if let Some(map) = map {
                let field = format!("spec.limits[{index}].{name}");
                let parsed = resources_from_map(map, &field);
                check_resources(place, label, "", parsed)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, with_language};

    /// Returns a List of `count` bound pods in namespace `ns`. Pod `bad` requests `cpu: lots`.
    fn pod_list(count: usize, bad: usize) -> String {
        let items: Vec<String> = (0..count)
            .map(|index| {
                let cpu = if index == bad { "lots" } else { "100m" };
                format!(
                    r#"{{"apiVersion":"v1","kind":"Pod","metadata":{{"name":"p{index}","namespace":"ns"}},"spec":{{"nodeName":"n1","containers":[{{"name":"c","resources":{{"requests":{{"cpu":"{cpu}"}}}}}}]}}}}"#
                )
            })
            .collect();
        format!(
            "{{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n{}\n]}}",
            items.join(",\n")
        )
    }

    #[test]
    fn large_list_keeps_file_order() {
        // 5,000 items is above the parallel threshold, so blocks are parsed on all cores.
        let text = pod_list(5_000, usize::MAX);
        let loaded = parse_snapshot(Path::new("pods.json"), &text).unwrap();
        let names: Vec<&str> = loaded
            .state
            .pods
            .iter()
            .map(|pod| pod.metadata.name.as_deref().unwrap_or_default())
            .collect();
        assert_eq!(names.len(), 5_000);
        assert_eq!(names[0], "p0");
        assert_eq!(names[4_999], "p4999");
        assert!(names.windows(2).all(|pair| {
            pair[0][1..].parse::<usize>().unwrap() + 1 == pair[1][1..].parse::<usize>().unwrap()
        }));
    }

    /// The API server's typed lists leave the kind out of their items.
    #[test]
    fn typed_list_items_take_the_list_kind() {
        let text = r#"{"apiVersion":"v1","kind":"PodList","items":[
            {"metadata":{"name":"a","namespace":"ns"},"spec":{"nodeName":"n1","containers":[]}}
        ]}"#;
        let loaded = parse_snapshot(Path::new("pods.json"), text).unwrap();
        assert_eq!(loaded.state.pods.len(), 1);
        assert_eq!(loaded.state.pods[0].metadata.name.as_deref(), Some("a"));
    }

    /// A later document that shows a pod finished drops the earlier running copy, and a
    /// finished pod read twice is counted once.
    #[test]
    fn finished_pod_replaces_running_copy() {
        let pod = |phase: &str| {
            format!(
                "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {{name: hog, namespace: default}}\n  spec: {{nodeName: n1, containers: []}}\n  status: {{phase: {phase}}}\n"
            )
        };
        let text = [pod("Running"), pod("Succeeded"), pod("Succeeded")].join("---\n");
        let loaded = parse_snapshot(Path::new("pods.yaml"), &text).unwrap();
        assert!(loaded.state.pods.is_empty());
        let messages: Vec<&str> = loaded
            .notes
            .iter()
            .map(|note| note.message.as_str())
            .collect();
        assert_eq!(
            messages[..2],
            [
                "Pod default/hog appears again; the later copy replaces the earlier one",
                "1 pod in phase Succeeded or Failed holds no resources and was dropped",
            ]
        );

        let text = [pod("Succeeded"), pod("Running")].join("---\n");
        let loaded = parse_snapshot(Path::new("pods.yaml"), &text).unwrap();
        assert_eq!(loaded.state.pods.len(), 1);
        assert!(loaded.notes[0].message.contains("appears again"));
        assert!(
            !loaded
                .notes
                .iter()
                .any(|note| note.message.contains("Succeeded"))
        );
    }

    #[test]
    fn list_item_without_name_is_error() {
        let text =
            r#"{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod"}]}"#;
        let message = parse_snapshot(Path::new("list.json"), text)
            .unwrap_err()
            .to_string();
        assert!(message.contains("metadata.name is required"), "{message}");
    }

    /// An invalid limit is an error even where a valid request of the same resource is
    /// what scheduling reads.
    #[test]
    fn invalid_limit_behind_request_is_error() {
        let text = r#"{"apiVersion":"v1","kind":"List","items":[
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","namespace":"ns"},
             "spec":{"containers":[{"name":"c","resources":{
                 "requests":{"cpu":"1"},"limits":{"cpu":"1Gb"}}}]}}
        ]}"#;
        let message = parse_snapshot(Path::new("pods.json"), text)
            .unwrap_err()
            .to_string();
        assert!(message.contains("pods.json:2 "), "{message}");
        assert!(
            message.contains("spec.containers[c].resources.limits.cpu"),
            "{message}"
        );
    }

    /// An item without a kind is an error naming its line, not a skipped object.
    #[test]
    fn list_item_without_kind_is_error() {
        let text = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n{\"kind\": \"Node\", \"metadata\": {\"name\": \"n1\"}},\n{\"metadata\": {\"name\": \"x\"}}\n]}";
        let error = parse_snapshot(Path::new("list.json"), text).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("list.json:3 "), "{message}");
        assert!(message.contains("items[1]"), "{message}");
        assert!(message.contains("kind is missing"), "{message}");
    }

    #[test]
    fn large_list_error_names_item() {
        let text = pod_list(5_000, 4_321);
        let error = with_language(Lang::Ko, || {
            parse_snapshot(Path::new("pods.json"), &text).unwrap_err()
        });
        let message = error.to_string();
        // Line 1 opens the List and item k sits on line k + 2.
        assert!(message.contains("pods.json:4323 "), "{message}");
        assert!(message.contains("items[4321]"), "{message}");
        assert!(message.contains("Pod ns/p4321"), "{message}");
        // The Korean form of input-invalid-field ends in "값이 잘못되었습니다".
        assert!(message.contains("잘못되었습니다"), "{message}");
    }

    #[test]
    fn section_not_array_is_error() {
        for (text, field, found) in [
            (
                r#"{"apiVersion":"capplan.io/v1alpha1","kind":"ClusterSnapshot","nodes":null}"#,
                "nodes",
                "null",
            ),
            (
                r#"{"apiVersion":"capplan.io/v1alpha1","kind":"ClusterSnapshot","pods":{"a":1}}"#,
                "pods",
                "object",
            ),
            (
                r#"{"apiVersion":"v1","kind":"List","items":{}}"#,
                "items",
                "object",
            ),
            (
                r#"{"apiVersion":"v1","kind":"List","items":null}"#,
                "items",
                "null",
            ),
        ] {
            let error = parse_snapshot(Path::new("cluster.json"), text).unwrap_err();
            let message = error.to_string();
            assert!(
                message.contains(&format!("{field} must be an array of objects, not {found}")),
                "{text}: {message}"
            );
        }
    }

    #[test]
    fn item_duplicate_key_has_line() {
        // Line 1 opens the List, line 2 contains item 0 and line 3 contains item 1.
        let text = concat!(
            "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n",
            "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"a\"}},\n",
            "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"b\",\"name\":\"c\"}}\n",
            "]}"
        );
        let error = parse_snapshot(Path::new("nodes.json"), text).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("nodes.json:3"), "{message}");
        assert!(message.contains("duplicate key \"name\""), "{message}");
    }
}
