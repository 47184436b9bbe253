# capplan messages, English. Every id here must also exist in ../ko/capplan.ftl.
# Keep Kubernetes terms as Kubernetes writes them (Pending, NodePool, allocatable).

## Errors
error-prefix = error

## cluster and manifest files
io-read-file = could not read the file
io-read-dir = could not read the directory
input-not-parsable = not valid YAML or JSON: { $detail }
input-not-an-object = the document is not a Kubernetes object; expected a mapping with apiVersion and kind
input-missing-type-meta = apiVersion and kind are required; add them to the object
input-missing-name = metadata.name is required; add a name to the object
input-missing-field = { $field } is missing; add it to the object
input-invalid-object = invalid { $kind }: { $detail }
input-invalid-field = invalid { $field }: { $detail }
input-negative-count = { $value } is negative; use 0 or more
manifest-unknown-kind = unknown kind { $kind } in { $api_version }; check the spelling, or use a Pod, Job, Deployment, StatefulSet, ReplicaSet or k6.io TestRun
manifest-object-skipped = { $kind } ({ $api_version }) creates no pods; read and skipped
manifest-parallelism-positive = parallelism is { $value }; a TestRun needs at least 1 runner
manifest-configmap-missing = { $workload } mounts ConfigMap { $namespace }/{ $configmap }, which neither the manifests nor the cluster define; its pods would stay in ContainerCreating
snapshot-list-item-invalid = invalid { $kind }: { $detail }
snapshot-kind-skipped = { $kind } ({ $api_version }) is not used by preflight; skipped
snapshot-duplicate = { $object } appears again; the later copy replaces the earlier one
snapshot-no-karpenter = the snapshot holds no NodePool or EC2NodeClass; Karpenter provisioning is treated as not installed
snapshot-terminal-pods = { $count } pods in phase Succeeded or Failed hold no resources and were dropped

## admission
admission-failed-create = { $workload }: FailedCreate, the API server rejects the pod: { $detail }
