//! Reads a `ClusterState` from a live cluster with kube-rs. Only GET list requests are sent;
//! the ClusterRole in docs/rbac.md grants exactly what this module reads.

mod config;
mod fetch;
mod resources;

use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{LimitRange, Node, Pod, ResourceQuota};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::core::DynamicObject;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::{ClusterState, Ec2NodeClass, KarpenterVisibility, NodePool, ObjectName};
use crate::Error;
use crate::cluster::ClusterPod;
use config::error_chain;
use fetch::{Fetcher, ListFailure, ListSpec};
use resources::Target;

pub use config::parse_kubeconfig;
pub use resources::NODEPOOL_LABEL;

/// How to reach the cluster and how long to wait for it.
#[derive(Debug, Clone)]
pub struct LiveOptions {
    /// `--kubeconfig`; when absent, `KUBECONFIG`, then `~/.kube/config`, then in-cluster.
    pub kubeconfig: Option<PathBuf>,
    /// `--context`; when absent, the kubeconfig's `current-context`.
    pub context: Option<String>,
    /// Maximum wait for one HTTP request, including reading its body.
    pub request_timeout: Duration,
    /// Maximum wait for the whole read, retries and backoff included.
    pub total_timeout: Duration,
    /// Objects per page (`limit`); the server may return fewer.
    pub page_size: u32,
    /// `--nodepool NAME`: read only nodes labelled `karpenter.sh/nodepool=NAME`.
    pub nodepool: Option<String>,
    /// `--node-selector`: a label selector applied to the node list.
    pub node_selector: Option<String>,
    /// First delay before retrying a 5xx or a broken connection; doubled on each retry.
    pub backoff_initial: Duration,
    /// Cap on the doubled delay.
    pub backoff_max: Duration,
    /// How often one list restarts after its continue token expires (410 Gone).
    pub max_gone_restarts: u32,
    /// Draw a spinner on stderr; it stays hidden anyway when stderr is not a terminal.
    pub show_progress: bool,
}

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions {
            kubeconfig: None,
            context: None,
            // kubectl's default request timeout is 0 (none); these bounds keep a CI job
            // from hanging on an unreachable endpoint while allowing slow large lists.
            request_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(120),
            // kubectl's default --chunk-size.
            page_size: 500,
            nodepool: None,
            node_selector: None,
            backoff_initial: Duration::from_millis(250),
            backoff_max: Duration::from_secs(8),
            max_gone_restarts: 2,
            show_progress: true,
        }
    }
}

/// Reads nodes, pods, DaemonSets, Karpenter objects and admission objects from the cluster.
///
/// Builds a current-thread tokio runtime, so it must not be called from inside one.
///
/// # Errors
///
/// `Error::Cluster` when no kubeconfig or in-cluster config can be loaded, when a list is
/// unauthorized or forbidden (except Karpenter's, which sets `karpenter` instead), and when
/// the API server does not respond within `total_timeout`.
pub fn read_cluster(options: &LiveOptions) -> crate::Result<ClusterState> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Error::Cluster(crate::t!("live-runtime", detail = error.to_string())))?;
    runtime.block_on(read_cluster_async(options))
}

/// Reads the cluster like [`read_cluster`], for callers that already run tokio.
pub async fn read_cluster_async(options: &LiveOptions) -> crate::Result<ClusterState> {
    let deadline = Instant::now() + options.total_timeout;
    let source = config::resolve_source(
        options.kubeconfig.as_deref(),
        std::env::var_os("KUBECONFIG"),
        std::env::home_dir(),
    );
    let mut resolved = config::load_config(&source, options.context.as_deref()).await?;
    // Retries are done here, bounded by `total_timeout`; kube-rs's own retry layer would
    // wait up to 15 times on 429/503/504 regardless of that bound.
    resolved.config.default_retry = false;
    resolved.config.connect_timeout = Some(options.request_timeout);
    let client = kube::Client::try_from(resolved.config)
        .map_err(|error| Error::Cluster(crate::t!("live-client", detail = error_chain(&error))))?;

    let progress = progress_bar(options.show_progress);
    let fetcher = Fetcher {
        client: &client,
        deadline,
        request_timeout: options.request_timeout,
        backoff_initial: options.backoff_initial,
        backoff_max: options.backoff_max,
        page_size: options.page_size.max(1),
        max_gone_restarts: options.max_gone_restarts,
        progress: &progress,
    };
    let total_timeout = options.total_timeout;
    let result = read_all(&fetcher, options, total_timeout).await;
    progress.finish_and_clear();

    let mut state = result?;
    state.sources.push(resolved.source);
    Ok(state)
}

async fn read_all(
    fetcher: &Fetcher<'_>,
    options: &LiveOptions,
    total_timeout: Duration,
) -> crate::Result<ClusterState> {
    let node_selector = node_selector(options);
    let nodes: Vec<Node> = list(
        fetcher,
        &Target::nodes(),
        node_selector.as_deref(),
        None,
        total_timeout,
    )
    .await?;
    // Completed pods hold no resources; the scheduler ignores them too.
    let pods: Vec<Pod> = list(
        fetcher,
        &Target::pods(),
        None,
        Some("status.phase!=Succeeded,status.phase!=Failed"),
        total_timeout,
    )
    .await?;
    let daemon_sets: Vec<DaemonSet> =
        list(fetcher, &Target::daemon_sets(), None, None, total_timeout).await?;
    let resource_quotas: Vec<ResourceQuota> = list(
        fetcher,
        &Target::resource_quotas(),
        None,
        None,
        total_timeout,
    )
    .await?;
    let limit_ranges: Vec<LimitRange> =
        list(fetcher, &Target::limit_ranges(), None, None, total_timeout).await?;
    let config_maps = list_config_map_names(fetcher, total_timeout).await?;
    let (node_pools, node_classes, karpenter) = read_karpenter(fetcher, total_timeout).await?;

    Ok(ClusterState {
        nodes,
        pods: pods.into_iter().map(ClusterPod::from).collect(),
        daemon_sets,
        node_pools,
        node_classes,
        resource_quotas,
        limit_ranges,
        config_maps,
        karpenter,
        sources: Vec::new(),
    })
}

/// Joins `--nodepool` and `--node-selector` into one label selector (comma means AND).
fn node_selector(options: &LiveOptions) -> Option<String> {
    let mut terms = Vec::new();
    if let Some(pool) = &options.nodepool {
        terms.push(format!("{NODEPOOL_LABEL}={pool}"));
    }
    if let Some(selector) = options.node_selector.as_deref().filter(|s| !s.is_empty()) {
        terms.push(selector.to_string());
    }
    (!terms.is_empty()).then(|| terms.join(","))
}

async fn list<T: DeserializeOwned>(
    fetcher: &Fetcher<'_>,
    target: &Target,
    label_selector: Option<&str>,
    field_selector: Option<&str>,
    total_timeout: Duration,
) -> crate::Result<Vec<T>> {
    fetcher.progress.set_message(crate::t!(
        "live-progress",
        resource = target.resource.plural.as_str(),
        count = 0
    ));
    let spec = ListSpec {
        resource: &target.resource,
        label_selector,
        field_selector,
        metadata_only: false,
    };
    fetcher
        .list_all(&spec)
        .await
        .map_err(|failure| target.error(&failure, total_timeout))
}

/// The metadata of one object; everything else in the item is skipped while parsing.
#[derive(Deserialize)]
struct MetadataOnly {
    #[serde(default)]
    metadata: ObjectMeta,
}

/// Lists ConfigMaps as `PartialObjectMetadata`, so their data never crosses the wire; a
/// server that ignores the Accept header still has the data dropped while parsing.
async fn list_config_map_names(
    fetcher: &Fetcher<'_>,
    total_timeout: Duration,
) -> crate::Result<Vec<ObjectName>> {
    let target = Target::config_maps();
    let spec = ListSpec {
        resource: &target.resource,
        label_selector: None,
        field_selector: None,
        metadata_only: true,
    };
    let items: Vec<MetadataOnly> = fetcher
        .list_all(&spec)
        .await
        .map_err(|failure| target.error(&failure, total_timeout))?;
    Ok(items
        .into_iter()
        .map(|item| ObjectName {
            namespace: item.metadata.namespace.unwrap_or_default(),
            name: item.metadata.name.unwrap_or_default(),
        })
        .collect())
}

/// Reads NodePools and EC2NodeClasses. A missing `karpenter.sh` group or a refused list
/// becomes the visibility; it does not stop the rest of the read.
async fn read_karpenter(
    fetcher: &Fetcher<'_>,
    total_timeout: Duration,
) -> crate::Result<(Vec<NodePool>, Vec<Ec2NodeClass>, KarpenterVisibility)> {
    let pools_target = Target::node_pools();
    let node_pools = match list_dynamic::<NodePool>(fetcher, &pools_target).await {
        Ok(pools) => pools,
        Err(DynamicFailure::List(ListFailure::Status { code: 404, .. })) => {
            return Ok((Vec::new(), Vec::new(), KarpenterVisibility::NotInstalled));
        }
        Err(DynamicFailure::List(ListFailure::Status {
            code: 403, message, ..
        })) => {
            let detail = pools_target.forbidden_detail(&message);
            return Ok((
                Vec::new(),
                Vec::new(),
                KarpenterVisibility::Forbidden(detail),
            ));
        }
        Err(failure) => return Err(failure.into_error(&pools_target, total_timeout)),
    };

    let classes_target = Target::ec2_node_classes();
    match list_dynamic::<Ec2NodeClass>(fetcher, &classes_target).await {
        Ok(classes) => Ok((node_pools, classes, KarpenterVisibility::Known)),
        // Karpenter on another cloud has NodePools but no EC2NodeClass resource.
        Err(DynamicFailure::List(ListFailure::Status { code: 404, .. })) => {
            Ok((node_pools, Vec::new(), KarpenterVisibility::Known))
        }
        // NOTE: NodePools stay loaded when only EC2NodeClasses are forbidden, but the
        // visibility says Forbidden because kubelet overrides (maxPods, reserved) are unknown.
        Err(DynamicFailure::List(ListFailure::Status {
            code: 403, message, ..
        })) => {
            let detail = classes_target.forbidden_detail(&message);
            Ok((
                node_pools,
                Vec::new(),
                KarpenterVisibility::Forbidden(detail),
            ))
        }
        Err(failure) => Err(failure.into_error(&classes_target, total_timeout)),
    }
}

enum DynamicFailure {
    List(ListFailure),
    /// One object did not match capplan's schema: kind, namespace/name and the parse error.
    Object {
        name: String,
        detail: String,
    },
}

impl DynamicFailure {
    fn into_error(self, target: &Target, total_timeout: Duration) -> Error {
        match self {
            DynamicFailure::List(failure) => target.error(&failure, total_timeout),
            DynamicFailure::Object { name, detail } => Error::Cluster(crate::t!(
                "live-invalid-object",
                kind = target.resource.kind.as_str(),
                name = name,
                detail = detail
            )),
        }
    }
}

/// Lists a custom resource as `DynamicObject`s, then converts each one, so that a single
/// malformed object is reported by name instead of failing the page.
async fn list_dynamic<T: DeserializeOwned>(
    fetcher: &Fetcher<'_>,
    target: &Target,
) -> Result<Vec<T>, DynamicFailure> {
    let spec = ListSpec {
        resource: &target.resource,
        label_selector: None,
        field_selector: None,
        metadata_only: false,
    };
    let objects: Vec<DynamicObject> = fetcher
        .list_all(&spec)
        .await
        .map_err(DynamicFailure::List)?;
    objects.into_iter().map(convert_dynamic).collect()
}

fn convert_dynamic<T: DeserializeOwned>(object: DynamicObject) -> Result<T, DynamicFailure> {
    let name = match &object.metadata.namespace {
        Some(namespace) => format!(
            "{namespace}/{}",
            object.metadata.name.as_deref().unwrap_or("")
        ),
        None => object.metadata.name.clone().unwrap_or_default(),
    };
    let value = serde_json::to_value(&object).map_err(|error| DynamicFailure::Object {
        name: name.clone(),
        detail: error.to_string(),
    })?;
    serde_json::from_value(value).map_err(|error| DynamicFailure::Object {
        name,
        detail: error.to_string(),
    })
}

fn progress_bar(show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    // `new_spinner` draws to stderr and hides itself when stderr is not a terminal.
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_selector_joins_pool_and_selector() {
        let options = LiveOptions {
            nodepool: Some("k6".into()),
            node_selector: Some("kubernetes.io/arch=amd64".into()),
            ..LiveOptions::default()
        };
        assert_eq!(
            node_selector(&options).as_deref(),
            Some("karpenter.sh/nodepool=k6,kubernetes.io/arch=amd64")
        );
    }

    #[test]
    fn node_selector_absent_without_flags() {
        assert_eq!(node_selector(&LiveOptions::default()), None);
    }
}
