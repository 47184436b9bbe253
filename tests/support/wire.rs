//! Fixtures, routing and the Kubernetes wire format of the fake API server.

use std::collections::BTreeMap;
use std::path::Path;

use http_body_util::Full;
use hyper::Response;
use hyper::body::Bytes;
use serde_json::{Value, json};

use super::LoggedRequest;
use super::selectors::{FieldSelector, LabelSelector};

/// The resourceVersion every list reports; the fixtures do not change while a test runs.
const RESOURCE_VERSION: &str = "1000";

/// A resource served by the fake, from an `APIResourceList` entry.
#[derive(Debug, Clone)]
struct ServedResource {
    group_version: String,
    kind: String,
    namespaced: bool,
    objects: Vec<Value>,
}

/// Discovery documents and objects, keyed the way URLs address them.
#[derive(Debug, Clone, Default)]
pub struct Fixtures {
    version: Value,
    core_versions: Value,
    groups: Value,
    /// `v1`, `apps/v1`, ... → APIResourceList.
    resource_lists: BTreeMap<String, Value>,
    /// (`v1` or `group/version`, plural) → resource.
    resources: BTreeMap<(String, String), ServedResource>,
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

impl Fixtures {
    /// Loads discovery documents and `objects/<plural>.json` from `dir`.
    pub fn load(dir: &Path) -> Fixtures {
        let mut fixtures = Fixtures {
            version: read_json(&dir.join("version.json")),
            core_versions: read_json(&dir.join("api.json")),
            groups: read_json(&dir.join("apis.json")),
            ..Fixtures::default()
        };
        let mut files = vec![("v1".to_string(), dir.join("api-v1.json"))];
        for group in fixtures.groups["groups"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            for version in group["versions"].as_array().cloned().unwrap_or_default() {
                let group_version = version["groupVersion"].as_str().unwrap().to_string();
                let file = format!("apis-{}.json", group_version.replace('/', "-"));
                files.push((group_version, dir.join(file)));
            }
        }
        for (group_version, file) in files {
            let list = read_json(&file);
            for resource in list["resources"].as_array().cloned().unwrap_or_default() {
                let plural = resource["name"].as_str().unwrap().to_string();
                let objects_file = dir.join("objects").join(format!("{plural}.json"));
                let objects = if objects_file.exists() {
                    read_json(&objects_file)
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                let served = ServedResource {
                    group_version: group_version.clone(),
                    kind: resource["kind"].as_str().unwrap().to_string(),
                    namespaced: resource["namespaced"].as_bool().unwrap_or(false),
                    objects,
                };
                fixtures
                    .resources
                    .insert((group_version.clone(), plural), served);
            }
            fixtures.resource_lists.insert(group_version, list);
        }
        fixtures
    }

    /// Objects of one resource, as loaded.
    pub fn objects(&self, group_version: &str, plural: &str) -> Vec<Value> {
        self.resources
            .get(&(group_version.to_string(), plural.to_string()))
            .map(|resource| resource.objects.clone())
            .unwrap_or_default()
    }

    /// Drops a group from `/apis` and every route under it.
    pub fn remove_group(&mut self, group: &str) {
        if let Some(groups) = self.groups["groups"].as_array_mut() {
            groups.retain(|entry| entry["name"] != group);
        }
        let prefix = format!("{group}/");
        self.resource_lists.retain(|gv, _| !gv.starts_with(&prefix));
        self.resources.retain(|(gv, _), _| !gv.starts_with(&prefix));
    }
}

/// Decodes `a=b&c=d` as `application/x-www-form-urlencoded`, the encoding clients use.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        index += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn json_response(code: u16, body: &Value) -> Response<Full<Bytes>> {
    Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .header("audit-id", "00000000-0000-4000-8000-000000000000")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("valid response")
}

/// Describes the resource a path addresses, for `Status` messages: (group, plural, namespace).
fn path_resource(path: &str) -> (String, String, Option<String>) {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (group, rest) = match parts.as_slice() {
        ["api", _version, rest @ ..] => (String::new(), rest.to_vec()),
        ["apis", group, _version, rest @ ..] => (group.to_string(), rest.to_vec()),
        _ => (String::new(), Vec::new()),
    };
    match rest.as_slice() {
        ["namespaces", namespace, plural, ..] => {
            (group, plural.to_string(), Some(namespace.to_string()))
        }
        [plural, ..] => (group, plural.to_string(), None),
        [] => (group, String::new(), None),
    }
}

/// Builds a `Status` error response as the API server writes it, with `Retry-After` for 429.
pub fn status_response(
    code: u16,
    request: &LoggedRequest,
    retry_after_seconds: Option<u32>,
) -> Response<Full<Bytes>> {
    let (group, plural, namespace) = path_resource(&request.path);
    let verb = if request.method == "GET" {
        if request.path.ends_with(&plural) {
            "list"
        } else {
            "get"
        }
    } else {
        "create"
    };
    let scope = match &namespace {
        Some(namespace) => format!("in the namespace \"{namespace}\""),
        None => "at the cluster scope".to_string(),
    };
    let (reason, message, details) = match code {
        401 => ("Unauthorized", "Unauthorized".to_string(), None),
        403 => (
            "Forbidden",
            format!(
                "{plural} is forbidden: User \"system:serviceaccount:capplan:reader\" cannot \
                 {verb} resource \"{plural}\" in API group \"{group}\" {scope}"
            ),
            Some(json!({"group": group, "kind": plural})),
        ),
        404 => (
            "NotFound",
            "the server could not find the requested resource".to_string(),
            Some(json!({})),
        ),
        405 => (
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource".to_string(),
            Some(json!({})),
        ),
        410 => (
            "Expired",
            "The provided continue parameter is too old to display a consistent list result. \
             You can start a new list without the continue parameter."
                .to_string(),
            None,
        ),
        429 => (
            "TooManyRequests",
            "Too many requests, please try again later.".to_string(),
            Some(json!({"retryAfterSeconds": retry_after_seconds.unwrap_or(1)})),
        ),
        503 => (
            "ServiceUnavailable",
            "the server is currently unable to handle the request".to_string(),
            None,
        ),
        _ => (
            "InternalError",
            "Internal error occurred: injected failure".to_string(),
            Some(json!({"causes": [{"message": "injected failure"}]})),
        ),
    };
    let mut body = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    });
    if let Some(details) = details {
        body["details"] = details;
    }
    let mut response = json_response(code, &body);
    if code == 429 {
        let seconds = retry_after_seconds.unwrap_or(1).to_string();
        response
            .headers_mut()
            .insert("retry-after", seconds.parse().expect("header value"));
    }
    response
}

fn bad_request(message: &str) -> Response<Full<Bytes>> {
    json_response(
        400,
        &json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": "BadRequest", "code": 400,
        }),
    )
}

/// Serves a GET from the fixtures: discovery, lists and gets.
pub fn route(fixtures: &Fixtures, request: &LoggedRequest) -> Response<Full<Bytes>> {
    let parts: Vec<&str> = request
        .path
        .trim_start_matches('/')
        .split('/')
        .filter(|part| !part.is_empty())
        .collect();
    let (group_version, rest): (String, &[&str]) = match parts.as_slice() {
        ["version"] => return json_response(200, &fixtures.version),
        ["api"] => return json_response(200, &fixtures.core_versions),
        ["apis"] => return json_response(200, &fixtures.groups),
        ["api", version, rest @ ..] => (version.to_string(), rest),
        ["apis", group] => {
            let found = fixtures.groups["groups"]
                .as_array()
                .and_then(|groups| groups.iter().find(|entry| entry["name"] == *group));
            return match found {
                Some(entry) => {
                    let mut entry = entry.clone();
                    entry["kind"] = json!("APIGroup");
                    entry["apiVersion"] = json!("v1");
                    json_response(200, &entry)
                }
                None => status_response(404, request, None),
            };
        }
        ["apis", group, version, rest @ ..] => (format!("{group}/{version}"), rest),
        _ => return status_response(404, request, None),
    };

    if rest.is_empty() {
        return match fixtures.resource_lists.get(&group_version) {
            Some(list) => json_response(200, list),
            None => status_response(404, request, None),
        };
    }
    let (namespace, plural, name) = match rest {
        ["namespaces", namespace, plural] => (Some(*namespace), *plural, None),
        ["namespaces", namespace, plural, name] => (Some(*namespace), *plural, Some(*name)),
        [plural] => (None, *plural, None),
        [plural, name] => (None, *plural, Some(*name)),
        _ => return status_response(404, request, None),
    };
    let Some(resource) = fixtures
        .resources
        .get(&(group_version.clone(), plural.to_string()))
    else {
        return status_response(404, request, None);
    };
    if namespace.is_some() && !resource.namespaced {
        return status_response(404, request, None);
    }

    match name {
        Some(name) => get_object(resource, plural, namespace, name, request),
        None => list_objects(resource, namespace, request),
    }
}

fn get_object(
    resource: &ServedResource,
    plural: &str,
    namespace: Option<&str>,
    name: &str,
    request: &LoggedRequest,
) -> Response<Full<Bytes>> {
    let found = resource.objects.iter().find(|object| {
        object["metadata"]["name"] == name
            && (namespace.is_none() || object["metadata"]["namespace"] == namespace.unwrap_or(""))
    });
    match found {
        Some(object) => json_response(200, &with_type(object, resource)),
        None => {
            let mut response = status_response(404, request, None);
            let body = json!({
                "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": format!("{plural} \"{name}\" not found"), "reason": "NotFound",
                "details": {"name": name, "kind": plural}, "code": 404,
            });
            *response.body_mut() = Full::new(Bytes::from(body.to_string()));
            response
        }
    }
}

fn with_type(object: &Value, resource: &ServedResource) -> Value {
    let mut object = object.clone();
    object["apiVersion"] = json!(resource.group_version);
    object["kind"] = json!(resource.kind);
    object
}

fn list_objects(
    resource: &ServedResource,
    namespace: Option<&str>,
    request: &LoggedRequest,
) -> Response<Full<Bytes>> {
    let params: BTreeMap<String, String> = query_pairs(&request.query).into_iter().collect();
    let labels = match params.get("labelSelector").map(|s| LabelSelector::parse(s)) {
        Some(Err(message)) => return bad_request(&message),
        Some(Ok(selector)) => selector,
        None => LabelSelector::default(),
    };
    let fields = match params.get("fieldSelector").map(|s| FieldSelector::parse(s)) {
        Some(Err(message)) => return bad_request(&message),
        Some(Ok(selector)) => selector,
        None => FieldSelector::default(),
    };
    let matching: Vec<&Value> = resource
        .objects
        .iter()
        .filter(|object| namespace.is_none_or(|ns| object["metadata"]["namespace"] == ns))
        .filter(|object| labels.matches(object) && fields.matches(object))
        .collect();

    // Continue tokens are opaque to clients; this one encodes the resourceVersion and offset.
    let offset = match params.get("continue").filter(|token| !token.is_empty()) {
        Some(token) => match token
            .strip_prefix(&format!("rv{RESOURCE_VERSION}-"))
            .and_then(|offset| offset.parse::<usize>().ok())
        {
            Some(offset) => offset,
            None => {
                return bad_request(
                    "continue key is not valid: incorrect encoded start resourceVersion",
                );
            }
        },
        None => 0,
    };
    let limit = params
        .get("limit")
        .and_then(|limit| limit.parse::<usize>().ok())
        .filter(|limit| *limit > 0);
    let end = limit.map_or(matching.len(), |limit| (offset + limit).min(matching.len()));
    let page = &matching[offset.min(matching.len())..end];

    let mut metadata = json!({"resourceVersion": RESOURCE_VERSION});
    if end < matching.len() {
        metadata["continue"] = json!(format!("rv{RESOURCE_VERSION}-{end}"));
        metadata["remainingItemCount"] = json!(matching.len() - end);
    }

    let metadata_only = request
        .accept
        .as_deref()
        .is_some_and(|accept| accept.contains("as=PartialObjectMetadataList"));
    let body = if metadata_only {
        let items: Vec<Value> = page
            .iter()
            .map(|object| {
                json!({
                    "kind": "PartialObjectMetadata",
                    "apiVersion": "meta.k8s.io/v1",
                    "metadata": object["metadata"],
                })
            })
            .collect();
        json!({
            "kind": "PartialObjectMetadataList",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": metadata,
            "items": items,
        })
    } else {
        // Built-in lists omit each item's kind and apiVersion; custom resource lists keep them.
        let custom = resource.group_version.contains('.');
        let items: Vec<Value> = page
            .iter()
            .map(|object| {
                if custom {
                    with_type(object, resource)
                } else {
                    let mut object = (*object).clone();
                    if let Some(map) = object.as_object_mut() {
                        map.remove("kind");
                        map.remove("apiVersion");
                    }
                    object
                }
            })
            .collect();
        json!({
            "kind": format!("{}List", resource.kind),
            "apiVersion": resource.group_version,
            "metadata": metadata,
            "items": items,
        })
    };
    json_response(200, &body)
}
