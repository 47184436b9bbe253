//! The resources capplan lists, their RBAC rules, and the errors that name them.

use std::time::Duration;

use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{ConfigMap, LimitRange, Node, Pod, ResourceQuota};
use kube::core::{ApiResource, GroupVersionKind};

use super::fetch::{ListFailure, format_seconds};
use crate::Error;

/// The label Karpenter puts on every node it launches, naming its NodePool.
pub const NODEPOOL_LABEL: &str = "karpenter.sh/nodepool";

/// A resource that is listed across all namespaces with the `list` verb.
pub(crate) struct Target {
    pub resource: ApiResource,
}

impl Target {
    pub fn nodes() -> Target {
        Target::erase::<Node>()
    }

    pub fn pods() -> Target {
        Target::erase::<Pod>()
    }

    pub fn daemon_sets() -> Target {
        Target::erase::<DaemonSet>()
    }

    pub fn resource_quotas() -> Target {
        Target::erase::<ResourceQuota>()
    }

    pub fn limit_ranges() -> Target {
        Target::erase::<LimitRange>()
    }

    pub fn config_maps() -> Target {
        Target::erase::<ConfigMap>()
    }

    pub fn node_pools() -> Target {
        Target::custom("karpenter.sh", "v1", "NodePool", "nodepools")
    }

    pub fn ec2_node_classes() -> Target {
        Target::custom("karpenter.k8s.aws", "v1", "EC2NodeClass", "ec2nodeclasses")
    }

    fn erase<K: kube::Resource<DynamicType = ()>>() -> Target {
        Target {
            resource: ApiResource::erase::<K>(&()),
        }
    }

    fn custom(group: &str, version: &str, kind: &str, plural: &str) -> Target {
        let gvk = GroupVersionKind::gvk(group, version, kind);
        Target {
            resource: ApiResource::from_gvk_with_plural(&gvk, plural),
        }
    }

    /// Returns the resource name as kubectl and RBAC error messages write it: `pods`, `daemonsets.apps`.
    pub fn display_name(&self) -> String {
        if self.resource.group.is_empty() {
            self.resource.plural.clone()
        } else {
            format!("{}.{}", self.resource.plural, self.resource.group)
        }
    }

    /// Returns the ClusterRole rule that allows this list, in the YAML flow form of `rules:` entries.
    pub fn rbac_rule(&self) -> String {
        format!(
            r#"apiGroups: ["{}"], resources: ["{}"], verbs: ["list"]"#,
            self.resource.group, self.resource.plural
        )
    }

    /// Explains a 403 on this list in the current language, with the rule that would allow it.
    pub fn forbidden_detail(&self, server_message: &str) -> String {
        crate::t!(
            "live-forbidden",
            verb = "list",
            resource = self.display_name(),
            scope = crate::t!("live-scope-cluster"),
            detail = server_message,
            rule = self.rbac_rule()
        )
    }

    /// Turns a failed list into the error the command reports (exit code 2).
    pub fn error(&self, failure: &ListFailure, total_timeout: Duration) -> Error {
        let resource = self.display_name();
        let message = match failure {
            ListFailure::Status {
                code: 403, message, ..
            } => self.forbidden_detail(message),
            ListFailure::Status {
                code: 401, message, ..
            } => crate::t!(
                "live-unauthorized",
                verb = "list",
                resource = resource,
                detail = message.as_str()
            ),
            ListFailure::Status {
                code,
                reason,
                message,
            } => crate::t!(
                "live-api-error",
                verb = "list",
                resource = resource,
                scope = crate::t!("live-scope-cluster"),
                code = code.to_string(),
                reason = reason.as_str(),
                detail = message.as_str()
            ),
            ListFailure::TimedOut { last } => crate::t!(
                "live-timed-out",
                verb = "list",
                resource = resource,
                seconds = format_seconds(total_timeout),
                detail = last.as_str()
            ),
            ListFailure::Unreachable { last } => crate::t!(
                "live-unreachable",
                verb = "list",
                resource = resource,
                attempts = super::fetch::MAX_UNREACHABLE_ATTEMPTS,
                detail = last.as_str()
            ),
            ListFailure::GoneRepeatedly { restarts } => {
                let count: u32 = *restarts;
                crate::t!(
                    "live-gone",
                    verb = "list",
                    resource = resource,
                    count = count
                )
            }
            ListFailure::InvalidBody(detail) => crate::t!(
                "live-invalid-body",
                verb = "list",
                resource = resource,
                detail = detail.as_str()
            ),
        };
        Error::Cluster(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_rule_has_empty_group() {
        assert_eq!(
            Target::pods().rbac_rule(),
            r#"apiGroups: [""], resources: ["pods"], verbs: ["list"]"#
        );
    }

    #[test]
    fn custom_resource_paths_and_names() {
        let pools = Target::node_pools();
        assert_eq!(
            <kube::core::DynamicObject as kube::Resource>::url_path(&pools.resource, None),
            "/apis/karpenter.sh/v1/nodepools"
        );
        assert_eq!(pools.display_name(), "nodepools.karpenter.sh");
        assert_eq!(
            Target::daemon_sets().rbac_rule(),
            r#"apiGroups: ["apps"], resources: ["daemonsets"], verbs: ["list"]"#
        );
    }

    #[test]
    fn forbidden_names_verb_scope_and_rule() {
        let failure = ListFailure::Status {
            code: 403,
            reason: "Forbidden".into(),
            message: "pods is forbidden".into(),
        };
        let text = Target::pods()
            .error(&failure, Duration::from_secs(1))
            .to_string();
        assert!(text.contains("list pods"), "{text}");
        assert!(text.contains("cluster scope"), "{text}");
        assert!(
            text.contains(r#"apiGroups: [""], resources: ["pods"], verbs: ["list"]"#),
            "{text}"
        );
    }

    #[test]
    fn forbidden_in_korean() {
        let failure = ListFailure::Status {
            code: 403,
            reason: "Forbidden".into(),
            message: "pods is forbidden".into(),
        };
        let text = crate::i18n::with_language(crate::i18n::Lang::Ko, || {
            Target::pods()
                .error(&failure, Duration::from_secs(1))
                .to_string()
        });
        assert!(text.contains("클러스터 범위"), "{text}");
        assert!(text.contains("list pods"), "{text}");
        assert!(text.contains(r#"resources: ["pods"]"#), "{text}");
    }
}
