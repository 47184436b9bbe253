# capplan messages, English. Every id here must also exist in ../ko/capplan.ftl.
# Keep Kubernetes terms as Kubernetes writes them (Pending, NodePool, allocatable).

## Errors
error-prefix = error
error-caused-by = caused by

## Command-line help (one id per command and argument; see src/cli/help.rs)
help-template = {"{"}about-with-newline{"}"}
    Usage: {"{"}usage{"}"}

    {"{"}all-args{"}"}

## Reports
severity-error = ERROR
severity-warning = WARNING
severity-info = INFO

## live cluster
live-scope-cluster = at the cluster scope (all namespaces)
live-forbidden = { $verb } { $resource } { $scope } was forbidden ({ $detail }). Allow it with this rule in a ClusterRole bound to your user or service account: { $rule } (docs/rbac.md has the complete read-only ClusterRole).
live-unauthorized = the API server rejected the credentials (401 Unauthorized) for { $verb } { $resource } ({ $detail }). Refresh the credentials of the kubeconfig context (on EKS: aws eks update-kubeconfig) and run again.
live-api-error = { $verb } { $resource } { $scope } failed with HTTP { $code } { $reason }: { $detail }
live-timed-out = { $verb } { $resource } did not complete within the total timeout of { $seconds } s (last error: { $detail }). Check that the API server is reachable from here, or raise the timeout.
live-gone = { $verb } { $resource } failed: the list snapshot expired (410 Gone) { $count } times while paging, because the objects change faster than they can be read. Run again, or raise the page size.
live-invalid-body = the response to { $verb } { $resource } is not a valid list: { $detail }
live-invalid-object = { $kind } { $name } does not match the schema capplan reads: { $detail }
live-no-response = the API server did not answer
live-request-timed-out = a request got no complete response within { $seconds } s
live-kubeconfig-invalid = { $location }: the kubeconfig could not be loaded: { $detail }
live-no-kubeconfig = no kubeconfig was found (--kubeconfig, KUBECONFIG and ~/.kube/config are all unset or missing) and no in-cluster service account is available ({ $detail }). Pass --kubeconfig or set KUBECONFIG.
live-context-without-kubeconfig = --context { $context } needs a kubeconfig, but none was found. Pass --kubeconfig or set KUBECONFIG.
live-client = the Kubernetes client could not be built: { $detail }
live-runtime = the async runtime could not start: { $detail }
live-progress = listing { $resource }: { $count } read
