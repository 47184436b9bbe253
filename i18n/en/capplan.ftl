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
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options
help-capplan = Capacity planner and preflight simulator for sharded load generators (k6) on Kubernetes with Karpenter.
help-global-lang = Output language: en or ko. Defaults to Korean when the locale (LC_ALL, LANG) is Korean.
help-global-catalog = Read the instance catalog from this directory instead of the bundled one.
help-global-verbose = Log decisions to stderr: -v for info, -vv for debug. RUST_LOG overrides.
help-global-help = Print help.
help-global-version = Print the version.
help-plan = Size the shards and find the cheapest node mix for a scenario.
help-plan-scenario = The scenario file (YAML), for example scenarios/30k.yaml.
help-plan-instance-types = Allow only these instance types (comma-separated), replacing the scenario's list.
help-plan-region = Use this region's prices instead of the scenario's region.
help-plan-cpu-limit = Replace the NodePool cpu limit, in cores of instance capacity (for example 24).
help-plan-time-limit-ms = Solver time limit in milliseconds; past it the best plan found is reported with its gap to the bound.
help-preflight = Predict which pods will run, which need new nodes and which stay Pending, before anything is applied. Exit 0: all pods run; 1: a pod is Pending or rejected; 2: bad input.
help-preflight-scenario = A scenario whose planned pods are checked.
help-preflight-files = Manifest files or directories (multi-document YAML) to check. Repeatable.
help-preflight-snapshot = Cluster snapshot files: kubectl get ... -o json Lists (JSON or YAML) or capplan snapshots. Repeatable; the files are merged.
help-preflight-namespace = Namespace for manifests that name none.
help-preflight-node-startup-seconds = Seconds a new node takes to become Ready, for start-time estimates.
help-preflight-fail-on = Which findings make the exit code 1: error (pods that will not run) or warning (also OOM risk, staggered starts and other warnings).
help-catalog = List instance types with their modelled allocatable resources and prices.
help-catalog-types = Show only these instance types (comma-separated). By default the common types are shown.
help-catalog-all = Show every instance type in the catalog.
help-catalog-region = Region whose on-demand prices are shown.


## catalog
catalog-missing-column = the column { $column } is missing; regenerate the file with instance-catalog/build.py
catalog-empty-value = the column { $column } is empty; give a value
catalog-invalid-integer = the column { $column } has { $value }, which is not a whole number
catalog-invalid-boolean = the column { $column } has { $value }; use true or false
catalog-invalid-decimal = the column { $column } has { $value }; use a non-negative decimal with at most { $digits } digits after the point
catalog-invalid-quantity = the column { $column } has the invalid quantity { $value }: { $reason }
catalog-invalid-csv = the file is not valid CSV: { $reason }
catalog-read-failed = cannot read the instance catalog file
catalog-duplicate-type = the instance type { $name } appears more than once; keep one row per type
catalog-unknown-type = the instance type { $name } is not in { $file }; add it there or remove this row
catalog-unknown-allowed-type = the instance type { $name } is not in the catalog; check the spelling (for example t3a.xlarge) or add it to the catalog
kubelet-invalid-threshold = evictionHard { $signal } has { $value }, which is neither a quantity (100Mi) nor a percentage up to 100% (10%)
kubelet-negative-value = { $field } is { $value }; use 0 or more

## capplan catalog
catalog-title = Instance types: allocatable as Karpenter models it, on-demand prices in { $region }
catalog-col-type = type
catalog-col-vcpu = vCPU
catalog-col-memory = memory
catalog-col-arch = arch
catalog-col-alloc-cpu = allocatable cpu
catalog-col-alloc-memory = allocatable memory
catalog-col-pods = max pods
catalog-col-baseline = CPU baseline
catalog-col-price = $/h
catalog-footnote = allocatable = capacity (memory less 7.5% VM overhead) − kube-reserved − 100Mi eviction threshold; DaemonSets are not subtracted here. * price not verified against an AWS source.


## optimize
optimize-negative = { $subject }: { $field } is negative; requests, allocatable, capacity, prices and NodePool usage must be zero or more.
optimize-too-many-patterns = The pod groups and node options allow more than { $limit } ways to fill one node, too many for the optimizer; merge pod groups with similar requests or offer fewer instance types.
optimize-solver-failed = The solver failed: { $detail }. Retry with a longer time limit or fewer instance types.
optimize-too-many-pods = The plan has more than { $limit } pods, more than the optimizer accepts; plan the pods in smaller batches.

## capplan plan: node mixes and shortfalls
plan-existing-nodes = { $count } existing { $count ->
    [one] node
   *[other] nodes
}
plan-no-nodes = no nodes
plan-existing-node = existing { $name }
plan-status-optimal = proven optimal
plan-status-time-limit = best found before the time limit, not proven optimal (at most { $gap }/h above the optimum, { $pods } more pods possibly placeable)
plan-status-bounded = best over the node patterns column generation found, not proven optimal (at most { $gap }/h above the optimum, { $pods } more pods possibly placeable)
plan-status-greedy = Karpenter-style greedy packing, not optimized
plan-shortfall-resource = { $resource } { $requested } requested, { $allocatable } allocatable on { $node } ({ $excess } over)
plan-shortfall-pod-too-large = { $pods } pod(s) of { $group } fit no allowed instance type: { $details }. Allow a larger type or lower the pod's requests.
plan-shortfall-limit = the NodePool { $limit } limit { $current } stops the rest; a limit of { $needed } fits every pod.
plan-shortfall-not-minimal = (not proven minimal, so a smaller value may also fit)
plan-shortfall-limits = the NodePool limits stop the rest; these values fit every pod: { $changes }.
plan-shortfall-max-count = the maximum node count per instance type stops the rest; without it { $pods } pods fit.
plan-shortfall-unexplained = some pods could not be placed and no single change was found that places them all.


## scenario
scenario-yaml-invalid = { $field }: { $detail }. Fix this value and run capplan again.
scenario-yaml-invalid-document = { $detail }. Fix the YAML and run capplan again.
scenario-api-version = apiVersion must be { $expected }, found "{ $found }". Set apiVersion: { $expected }.
scenario-kind = kind must be { $expected }, found "{ $found }". Set kind: { $expected }.
scenario-value-empty = { $field } is empty. Fill it in or remove the entry.
scenario-number-not-finite = { $field } must be a finite number, found { $value }.
scenario-number-not-whole = { $field } must be a whole number, found { $value }.
scenario-number-out-of-range = { $field } must be between { $min } and { $max }, found { $value }.
scenario-quantity-zero = { $field } must be above 0. Set the amount the runner pod needs.
scenario-duration-invalid = { $field }: invalid duration "{ $value }". Write it as k6 does, with whole numbers and the units h, m, s or ms: 30s, 3m, 1h30m.
scenario-duration-too-long = { $field }: the stages last longer than 30 days in total. Shorten the profile.
scenario-duration-zero = profile.stages last 0 seconds in total. Give at least one stage a duration.
scenario-stages-empty = profile.stages is empty. Add the k6 stages, such as "- duration: 3m" with "target: 2000".
scenario-target-scope = profile.targetScope must be perPod or total, found "{ $found }". Use perPod when every pod runs the stage targets, total when the targets add up over all pods.
scenario-stages-below-target = profile.stages peak at { $peak } RPS in total, below targetRps { $target }, so the test never reaches its target. Raise the highest stage target to { $expected } or lower targetRps.
scenario-stages-above-target = profile.stages peak at { $peak } RPS in total, above targetRps { $target }. Set targetRps to { $peak } or lower the highest stage target to { $expected }.
scenario-shards-choice = shards must set exactly one of pods and rpsPerPod. Keep pods for a fixed pod count, or rpsPerPod to let capplan count the pods.
scenario-shards-too-many = shards.pods is { $pods } for { $target } RPS, which leaves some pods without load. Use at most { $target } pods.
scenario-per-pod-uneven = targetRps { $target } does not divide evenly over { $pods } pods, so per-pod stage targets cannot add up to it. Write the stages as totals (targetScope: total) or make targetRps a multiple of { $pods }.
scenario-runner-missing = { $field } is missing. A fixed runner shape needs runner.requests.cpu, runner.requests.memory and runner.maxVUs: add it, or remove runner.requests, runner.limits and runner.maxVUs to let capplan derive the shape.
scenario-runner-derive-needs-iteration = runner.throughput.meanIterationSeconds is missing. capplan needs the mean iteration time to derive maxVUs when runner.requests is not set: add it, or set runner.requests, runner.limits and runner.maxVUs.
scenario-limit-below-request = { $field } ({ $limit }) is below its request ({ $request }), which Kubernetes rejects. Raise the limit or lower the request.
scenario-capacity-type = nodes.capacityType must be on-demand, found "{ $found }". capplan plans on-demand capacity only.
scenario-instance-types-empty = nodes.instanceTypes is empty. List the instance types the planner may use, such as t3a.2xlarge.
scenario-duplicate-name = { $field }: "{ $name }" appears twice. Give each entry its own name.
scenario-toleration-invalid = { $field } is not a valid toleration. Write it as a pod spec does: key, operator Equal (with a value) or Exists (without one), and effect NoSchedule, PreferNoSchedule or NoExecute.

## sizing
finding-iteration-budget = At { $rps } RPS per pod, maxVUs { $max_vus } allows a mean iteration of at most { $limit_ms } ms; past that k6 drops iterations (dropped_iterations). Set runner.throughput.meanIterationSeconds to check the script against it.
finding-rps-short = At { $rps } RPS per pod and a mean iteration of { $iteration_ms } ms, k6 needs { $needed } VUs but maxVUs is { $max_vus } (enough for { $limit_ms } ms). k6 drops the iterations it has no VU for and falls short of the target. Raise maxVUs to at least { $needed } or shorten the iteration.
finding-oom-risk = Predicted k6 memory per pod is { $predicted } ({ $percent }% of { $limit }): { $base } base, { $vus } for { $vu_count } VUs and { $trend } of trend samples for { $requests } requests. Keep it under { $max_percent }%: raise the memory limit to { $suggested }, or run k6 with --summary-mode=disabled and --no-thresholds so it keeps no trend samples.
finding-cpu-throttling = Predicted k6 CPU per pod is { $predicted } at { $rps } RPS ({ $rps_per_cpu } RPS per core), { $percent }% of the { $limit } CPU limit; k6 should stay at or below { $target }%. Raise the CPU limit to { $suggested } or spread the load over more pods.
finding-cpu-credits = { $instance_type } runs { $busy } CPU busy against a baseline of { $baseline }. In unlimited credit mode the surplus costs about { $cost_per_hour } per hour ({ $cost } for the { $minutes }-minute test). A type that is not burstable avoids the charge.


## cluster and manifest files
io-read-file = could not read the file
io-read-dir = could not read the directory
input-not-parsable = not valid YAML or JSON: { $detail }; fix the file at this line and run capplan again
input-no-objects = the file has no objects; check that it is the file you meant, or remove it from the command
snapshot-api-version = a ClusterSnapshot must have apiVersion { $expected }, found { $found }; write the snapshot again with capplan snapshot, or set apiVersion: { $expected }
snapshot-unknown-field-suggest = unknown field { $field } in the ClusterSnapshot; did you mean { $suggestion }?
snapshot-unknown-field = unknown field { $field } in the ClusterSnapshot; the fields are { $fields }
snapshot-list-api-version = a List must have apiVersion v1, found { $found }; save it again with kubectl get -o json, or set apiVersion: v1
snapshot-items-not-list = kind { $kind } has items, but only a List (kind: List or NodeList, PodList, ...) holds items; set kind: List
input-not-an-object = the document is not a Kubernetes object; expected a mapping with apiVersion and kind
input-missing-type-meta = apiVersion and kind are required; add them to the object
input-missing-name = metadata.name is required; add a name to the object
input-duplicate-key = duplicate key { $key }
input-missing-field = { $field } is missing; add it to the object
input-not-an-array = { $field } must be an array of objects, not { $found }; list the objects in [ ] or remove the field
input-invalid-object = invalid { $kind }: { $detail }
input-invalid-field = invalid { $field }: { $detail }
input-negative-count = { $value } is negative; use 0 or more
manifest-unknown-kind = unknown kind { $kind } in { $api_version }; check the spelling, or use a Pod, Job, Deployment, StatefulSet, ReplicaSet or k6.io TestRun
manifest-wrong-api-version = { $kind } is served as { $expected }, not { $found }; set apiVersion: { $expected }
manifest-object-skipped = { $kind } ({ $api_version }) creates no pods; read and skipped
manifest-parallelism-positive = parallelism is { $value }; a TestRun needs at least 1 runner
manifest-configmap-missing = { $workload } mounts ConfigMap { $namespace }/{ $configmap }, which neither the manifests nor the cluster define; its pods would stay in ContainerCreating
snapshot-list-item-invalid = invalid { $kind }: { $detail }
snapshot-kind-skipped = { $kind } ({ $api_version }) is not used by preflight; skipped
snapshot-duplicate = { $object } appears again; the later copy replaces the earlier one
snapshot-no-karpenter = the snapshot holds no NodePool or EC2NodeClass; Karpenter provisioning is treated as not installed
snapshot-terminal-pods = { $count ->
    [one] 1 pod in phase Succeeded or Failed holds no resources and was dropped
   *[other] { $count } pods in phase Succeeded or Failed hold no resources and were dropped
}

## admission
admission-failed-create = { $workload }: FailedCreate, the API server rejects the pod: { $detail }


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


## simulate
simulate-invalid-pod-quantity = invalid resource quantity: { $detail }. Fix the value in the manifest and run again.
simulate-invalid-node-quantity = invalid allocatable quantity: { $detail }. Read the node again or fix the snapshot file.
simulate-preemption-not-simulated = Pods of lower priority than { $pod } run on nodes that reject it; kube-scheduler may preempt them to make room, which capplan does not simulate.
simulate-pool-taint = NodePool { $pool } has the taint { $taint }, which the pod does not tolerate.
simulate-pool-requirements = The pod's nodeSelector or required node affinity excludes every node NodePool { $pool } can launch.
simulate-pool-no-instance-types = The requirements of NodePool { $pool } exclude every offered instance type.
simulate-pool-node-limit = NodePool { $pool } already has { $in_use } of its { $limit } nodes (spec.limits.nodes), so it cannot add one.
simulate-pool-limits = NodePool { $pool } has { $remaining } left under spec.limits, and every instance type's capacity exceeds it. Raise the limit by at least one node's capacity.
simulate-pool-no-fit = No instance type of NodePool { $pool } holds the pod plus the DaemonSet overhead; the closest, { $instance_type }, lacks { $shortfall } in Karpenter's model.
simulate-pool-no-fit-real = A real { $instance_type } node would hold it: Karpenter's memory model (vmMemoryOverheadPercent) is more pessimistic than the real node here.
simulate-pool-topology = A new node of NodePool { $pool } would break the pod's topology rules: { $reasons }.
simulate-launch-loop = Karpenter launches { $instance_type } for this pod, but the real node lacks { $shortfall } ({ $reasons }), so the pod stays Pending while Karpenter keeps launching nodes.
simulate-workload-stalled = { $stuck } of { $total } parts of { $workload } never start; k6 waits for every runner, so the whole test stalls.
simulate-staggered-start = Parts of { $workload } start { $seconds } s apart ({ $late } of { $total } wait for new nodes); k6 starts the test only when every runner is Ready.

## capplan plan: findings and errors
plan-runner-group = runner
plan-no-price = the instance type { $instance_type } has no on-demand price for { $region } in the catalog; choose another region or type, or add its price to instance-catalog/prices.csv
plan-finding-unplaced = only { $placed } of { $total } runner pods fit: { $reasons }
plan-finding-proposal-fits = { $name }: { $nodes } × { $instance_type } holds { $per_node } runner pod(s) per node, enough for all { $pods }.
plan-finding-proposal-pending = { $name }: { $instance_type } holds only { $per_node } runner pod(s) per node, so { $nodes } × { $instance_type } leaves { $pending } of { $pods } pods Pending; { $needed } nodes are needed.
plan-finding-karpenter-differs = Karpenter's greedy packing would launch { $greedy_mix } at { $greedy_cost }/h for { $greedy_pods } pods; the optimum is { $optimal_mix } at { $optimal_cost }/h for { $optimal_pods } pods. Allow only the optimum's instance types in the NodePool, or size pods so they pack evenly, to get it.

## capplan plan: report
plan-title = Plan for { $name } ({ $file }): { $rps } RPS in { $region }
plan-heading-shards = Shards and runner pods
plan-heading-node-types = Node types (allocatable as Karpenter models it)
plan-heading-optimal = Cheapest node mix
plan-heading-karpenter = What Karpenter would launch for the same pods
plan-heading-proposals = Proposed node counts checked
plan-heading-findings = Findings
plan-field-pods = pods
plan-field-rps-per-pod = RPS per pod
plan-field-requests = requests per pod
plan-field-limits = limits per pod
plan-field-total-requests = requests in total
plan-field-total-limits = limits in total
plan-field-max-vus = maxVUs
plan-value-max-vus = { $per_pod } per pod, { $total } in total
plan-field-needed-vus = VUs needed per pod
plan-field-iteration-budget = iteration budget
plan-value-iteration-budget = mean iteration ≤ { $millis } ms (Little's law: maxVUs ÷ RPS per pod)
plan-field-memory = predicted memory per pod
plan-field-cpu = predicted CPU per pod
plan-value-of-limit = { $value } of { $limit } limit ({ $percent }%, an estimate)
plan-field-duration = test length
plan-value-duration = { $minutes } min, { $requests } requests in total
plan-field-daemonsets = DaemonSets per node
plan-col-type = type
plan-col-allocatable = allocatable cpu / memory / pods
plan-col-available = after DaemonSets
plan-col-pods-per-node = runner pods per node
plan-col-price = $/h
plan-col-node = node
plan-col-pods = pods
plan-col-requested = requested cpu / memory
plan-col-headroom = headroom cpu / memory / pods
plan-col-proposal = proposal
plan-col-nodes = nodes
plan-col-pending = pods Pending
plan-col-needed = nodes needed
plan-measured = measured
plan-field-mix = node mix
plan-field-placed = pods placed
plan-value-placed = { $placed } of { $total }
plan-field-cost = cost
plan-value-cost = { $per_hour }/h, { $per_run } per { $minutes }-minute run
plan-field-credits = T3/T3a surplus CPU credits
plan-value-credits = { $credits } per run (estimate), { $total } per run in all
plan-field-status = optimality
plan-field-bound = LP lower bound
plan-in-use = in use
plan-field-limits-nodepool = NodePool limits
plan-field-vs-optimal = against the optimum
plan-value-same-as-optimal = the same cost as the optimum
plan-value-more-than-optimal = { $difference }/h more than the optimum
cli-invalid-quantity = { $error }; give a Kubernetes quantity such as 24 or 24000m
cli-json-failed = the result could not be written as JSON: { $error }
plan-value-daemonsets = { $resources }, { $pods } pod slots

## capplan preflight
preflight-karpenter-not-installed = the cluster has no Karpenter NodePools (karpenter.sh), so capplan cannot predict whether new nodes would be launched; pods that fit no existing node are reported as Pending.
preflight-karpenter-forbidden = Karpenter NodePools could not be read ({ $detail }), so capplan cannot predict whether new nodes would be launched; grant list on nodepools.karpenter.sh to get a full prediction.
preflight-pass = PASS
preflight-fail = FAIL
preflight-title = Preflight: { $result }
preflight-heading-pods = Pods
preflight-heading-nodeclaims = Nodes Karpenter would launch
preflight-heading-nodepools = NodePools
preflight-heading-why = Why pods stay Pending
preflight-heading-findings = Findings
preflight-heading-notes = Notes
preflight-field-cluster = cluster
preflight-field-workloads = workloads
preflight-field-pods = pods checked
preflight-field-scheduled = on existing nodes
preflight-field-new-nodes = on new nodes
preflight-field-launch-loop = new node too small (launch loop)
preflight-field-pending = Pending
preflight-field-failed-create = rejected at admission (FailedCreate)
preflight-field-launches = new nodes
preflight-value-launches = { $count } at { $price }/h
preflight-outcome-scheduled = Scheduled
preflight-outcome-new-node = new node
preflight-outcome-launch-loop = Pending (launch loop)
preflight-outcome-pending = Pending
preflight-outcome-failed-create = FailedCreate
preflight-col-pod = pod
preflight-col-requests = requests cpu / memory
preflight-col-outcome = outcome
preflight-col-where = node or NodeClaim
preflight-col-start = start
preflight-col-reason = reason
preflight-col-nodeclaim = NodeClaim
preflight-col-nodepool = NodePool
preflight-col-type = type
preflight-col-pods = pods
preflight-col-alloc-model = allocatable (Karpenter model)
preflight-col-alloc-real = allocatable (real node)
preflight-col-price = $/h
preflight-col-weight = weight
preflight-col-launches = nodes to launch
preflight-col-types = instance types
preflight-col-limits = limits (used after launch / limit)
preflight-value-limit = { $resource } { $used } / { $limit }
preflight-real-from-node = from node { $node }
preflight-real-measured = measured
preflight-real-model = model; no live node of this type
cli-snapshot-and-live = give either --snapshot files or --kubeconfig/--context for a live cluster, not both
cli-preflight-nothing = nothing to check: give a scenario file, -f manifests, or both
cli-snapshot-written = wrote { $path }: { $nodes } nodes, { $pods } pods
cli-write-failed = cannot write the file
help-plan-output = Output format: table (for a terminal, with the node packing as bars), json (for programs and CI, schema-versioned), markdown (for design reviews) or html (a self-contained page with charts).
help-catalog-output = Output format: table, json, markdown or html.
help-preflight-output = Output format: table (for a terminal), json (for programs and CI, schema-versioned), markdown (for design reviews) or html (a self-contained page).
help-preflight-region = Region whose on-demand prices rank instance types for Karpenter's cheapest launch.
help-preflight-kubeconfig = The kubeconfig file for reading a live cluster (default: KUBECONFIG, then ~/.kube/config, then in-cluster config). Only get and list requests are sent.
help-preflight-context = The kubeconfig context to use.
help-preflight-nodepool = Read only the nodes of this Karpenter NodePool; all NodePools are still read.
help-preflight-node-selector = A label selector that narrows the nodes read, such as workload-type=loadtest.
help-preflight-request-timeout = Seconds one API request may take before it is retried.
help-snapshot = Write the cluster state preflight needs to a file: read-only, without env values, secrets, ConfigMap data or annotations.
help-snapshot-output = The file to write; it is replaced atomically (written to a temporary file, then renamed).
help-snapshot-snapshot = Read snapshot files instead of a live cluster (to merge or strip them). Repeatable.
help-snapshot-kubeconfig = The kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster config). Only get and list requests are sent.
help-snapshot-context = The kubeconfig context to use.
help-snapshot-nodepool = Keep only the nodes of this Karpenter NodePool; all NodePools are still read.
help-snapshot-node-selector = A label selector that narrows the nodes read, such as workload-type=loadtest.
help-snapshot-request-timeout = Seconds one API request may take before it is retried.
cli-snapshot-and-node-filter = --nodepool and --node-selector narrow a live read; they cannot be used with --snapshot files
finding-subject-runner = { $scenario } runner pod


## compare
help-compare = Plan several scenarios, or one scenario across values of a field, and show them side by side, ranked. Exit 0: the first option places every pod without an error finding; 1: no option does; 2: bad input.
help-compare-scenarios = Scenario files (YAML) to compare, for example scenarios/30k.yaml scenarios/50k.yaml. With --vary, give exactly one.
help-compare-vary = Vary one field of the scenario as KEY=V1,V2,...: pods (runner pod count), instance-types ('+' joins the types of one option, as in t3a.xlarge+t3a.2xlarge,c6i.2xlarge), region, or cpu-limit (the NodePool cpu limit).
help-compare-output = Output format: table (for a terminal), json (for programs and CI, schema-versioned), markdown (for design reviews) or html (a self-contained page with charts).
help-compare-snapshot = Cluster snapshot files; when given, each option is also checked by preflight. Repeatable.
help-compare-kubeconfig = Check each option by preflight against the live cluster of this kubeconfig file. Only get and list requests are sent.
help-compare-context = The kubeconfig context to use; checks each option by preflight against that cluster.
help-compare-nodepool = Read only the nodes of this Karpenter NodePool; all NodePools are still read.
help-compare-node-selector = A label selector that narrows the nodes read, such as workload-type=loadtest.
help-compare-request-timeout = Seconds one API request may take before it is retried.
help-compare-namespace = Namespace the runner pods are checked in, when a cluster is given.
help-compare-time-limit-ms = Solver time limit per option in milliseconds.
compare-title = Comparison of { $count } options
compare-title-varied = Comparison of { $count } options, varying { $key }
compare-heading-ranking = Ranking
compare-heading-options = Options side by side
compare-heading-packing = Node packing: { $label }
compare-heading-cost-chart = Cost per test run
compare-heading-profile-chart = Load profile over time
compare-reason-single = { $first } is the only option; it costs { $cost } per run with credits.
compare-reason-none-viable = No option places every pod without an error finding; { $first } comes first because it costs the least per run, { $cost } with credits.
compare-reason-cheapest = { $first } comes first: it places all { $pods } pods without an error finding and costs { $cost } per run with credits, { $difference } less than { $next }.
compare-reason-only-viable = { $first } comes first: it is the only option that places all { $pods } pods without an error finding, at { $cost } per run with credits.
compare-ranking-line = { $rank }. { $label }: { $cost } per run, { $verdict }
compare-viable = places every pod, no error finding
compare-not-viable = has an error finding or Pending pods
compare-preflight-passed = passed; { $nodes } new nodes, { $price }/h
compare-preflight-failed = failed; { $pending } Pending, { $rejected } rejected
compare-col-item = item
compare-row-rank = rank
compare-row-scenario = scenario
compare-row-target = target
compare-row-duration = test length
compare-value-minutes = { $minutes } min
compare-row-cost-hour = cost per hour
compare-row-cost-run = instances per run
compare-row-credits = T3/T3a surplus credits per run (estimate)
compare-row-total-run = cost per run in all
compare-row-headroom = headroom per node (cpu / memory / pods)
compare-row-rps-short = maxVUs short of the rate (rps-short)
compare-row-oom = OOM risk (oom-risk)
compare-row-cpu = CPU past the target (cpu-throttling)
compare-row-pending = pods left Pending
compare-row-errors-warnings = errors / warnings
compare-row-preflight = preflight against the cluster
compare-vary-syntax = --vary takes KEY=V1,V2,..., such as pods=6,10; got "{ $value }".
compare-vary-key = --vary cannot change "{ $key }". Use one of: { $keys }.
compare-vary-no-values = --vary { $key } needs at least one value, such as { $key }=V1,V2.
compare-vary-capacity-type = --vary capacity-type is not supported: the scenario model plans on-demand nodes only, so spot prices and interruptions are not modelled. Compare instance-types or region instead.
compare-vary-pods = The pod count "{ $value }" is not a whole number from 1 to { $max } (the target RPS).
compare-vary-one-scenario = --vary changes one scenario: give exactly one scenario file.
plan-heading-packing = Node packing
packing-legend = ▒ DaemonSets  █▓ runner pods, one block each  ░ allocatable left
chart-failed = The chart could not be drawn: { $error }
chart-axis-cores = cores
chart-axis-gib = GiB
chart-axis-minutes = minutes
chart-axis-rps = requests per second
chart-axis-dollars-per-run = dollars per run
chart-legend-daemonsets = DaemonSets
chart-legend-runner-pods = runner pods
chart-legend-allocatable = allocatable
chart-legend-instances = instances
chart-legend-credits = T3/T3a surplus credits
chart-legend-total = all pods
chart-legend-busiest-pod = busiest pod
chart-title-cost = Cost per test run
chart-title-profile-total = RPS over all pods
chart-title-profile-pod = RPS of the busiest pod
chart-title-packing-cpu = CPU requests per node
chart-title-packing-memory = Memory requests per node


## emit
emit-parts-without-vus = maxVUs { $max_vus } is below the { $parts } parts, so { $idle } parts get no VUs and send nothing, and k6-operator rejects such a TestRun. Raise maxVUs to at least { $parts }.
emit-uneven-vus = maxVUs { $max_vus } does not divide evenly over { $parts } parts: the parts get { $low }–{ $high } VUs, and k6 gives each part a share of the rate in proportion to its VUs. Make maxVUs a multiple of { $parts } for equal parts.
emit-uneven-rates = The rate totals { $rates } do not divide evenly over { $parts } parts, so each part runs a fractional rate ({ $peak } RPS at the peak). The parts still add up to the totals.
emit-invalid-name = the scenario name "{ $name }" cannot name Kubernetes objects: capplan writes k6-{ $name } and k6-script-{ $name }, which must be lowercase letters, digits and '-', at most 63 characters. Rename the scenario.
emit-yaml-failed = cannot write the manifests as YAML: { $error }
cli-emit-no-placement = the scenario names no NodePool (nodes.nodePool.name or nodeSelector), so the runner pods may land on any node. Add nodes.nodePool to the scenario or pass --snapshot.
cli-emit-written = wrote { $count } files to { $dir }
cli-emit-script-unreadable = cannot read the k6 script
cli-emit-script-name = the script's file name "{ $name }" cannot be a ConfigMap key: use only letters, digits, '-', '_' and '.'. Rename the file.
cli-emit-script-too-large = the script has { $bytes } bytes, above the 1 MiB a ConfigMap may hold. Bundle it smaller or mount it from a volume.
cli-emit-separate = separate: true, because the cheapest plan puts one runner on each node
cli-man-written = wrote the man pages to { $dir }
help-emit = Write the manifests that run a scenario: one Indexed Job (--format job) or a k6-operator TestRun (--format testrun), with the script in a ConfigMap.
help-emit-scenario = The scenario file (YAML), for example scenarios/30k.yaml.
help-emit-format = The manifest layout: job (one Indexed Job with a pod per part) or testrun (a k6-operator TestRun, k6.io/v1alpha1).
help-emit-script = The k6 script to run; it is copied unchanged into a ConfigMap, and reads the plan's totals from __ENV (see docs/emit.md).
help-emit-output = Write one file per object into this directory (created if missing) instead of printing multi-document YAML.
help-emit-namespace = The namespace of every object. By default none is set, so kubectl's current namespace applies.
help-emit-image = The k6 container image. The Job runs k6 through /bin/sh, which the grafana/k6 images have.
help-emit-snapshot = Cluster snapshot files to take the NodePool's node labels and taints from, as preflight does. Repeatable.
help-emit-separate = TestRun only: auto (one runner per node when the cheapest plan places them so), always or never.
help-completions = Print a shell completion script for bash, zsh, fish, powershell or elvish.
help-completions-shell = The shell: bash, zsh, fish, powershell or elvish.
help-man = Write man pages (section 1) for capplan and each command to a directory.
help-man-output = The directory to write the man pages to; it is created if missing.
compare-reason-cheapest-per-rps = The options aim at different targets, so they are ranked by cost per run for each 1,000 RPS. { $first } comes first: it places all { $pods } pods without an error finding at { $cost } per 1,000 RPS, against { $next_cost } for { $next }.


## input files
input-file-too-large = the file is larger than { $limit }, the most capplan reads from one file; split it into smaller files or pass only the objects needed
input-not-utf8 = the file is not UTF-8 text (invalid byte at offset { $offset }); save it as UTF-8 YAML or JSON
preflight-nodeclass-model = the NodePools use several EC2NodeClasses; allocatable is modelled with the kubelet settings of { $class } for all of them.
preflight-calibrated = { $instance_type }: Karpenter models { $model_cpu } / { $model_memory } allocatable; node { $node } reports { $real_cpu } / { $real_memory } (memory { $difference }Mi, { $percent }%). capplan checks launched nodes against the node's figure.
preflight-heading-packing = New nodes packed (Karpenter model)
input-unknown-field = the { $kind } has the field { $field }, which Kubernetes does not define; kubectl apply rejects it. Check the spelling (for example resources, not resource) and run capplan again
input-count-too-large = { $value } is above the { $limit } pods capplan expands for one workload; check the number
cli-preflight-no-pods = these manifests create no pods to check (no Pod, Job, Deployment, StatefulSet, ReplicaSet or TestRun); check the path and the files
live-unreachable = { $verb } { $resource } failed: { $attempts } connection attempts in a row found no API server ({ $detail }). Check the server address in the kubeconfig and that it is reachable from here.
plan-no-usable-types = none of the allowed instance types can hold even the DaemonSets ({ $types }); allow larger types
plan-finding-left-out = left out because their allocatable is below the DaemonSet overhead: { $types }.
plan-unverified-price = * price not verified against an AWS source.
cli-snapshot-empty = the snapshot files hold no nodes, pods, DaemonSets or NodePools; give the output of kubectl get nodes,pods,daemonsets,nodepools -A -o json or of capplan snapshot
simulate-parts-missing = { $stuck } of { $total } parts of { $workload } never start; the other parts run on their own, so the test reaches at most { $total } minus { $stuck } parts' share of its target RPS.
simulate-parts-staggered = Parts of { $workload } start { $seconds } s apart ({ $late } of { $total } wait for new nodes); each part runs on its own, so until the last one starts the test runs below its target RPS.
cli-scenario-namespace = the scenario's pods were checked in namespace { $namespace }, whose ResourceQuotas and LimitRanges apply; pass -n with the namespace your load-test Jobs use.
cli-duplicate-workload = { $workload } appears more than once; the copy in { $origin } is checked, as kubectl apply keeps the last one
plan-credit-subject = { $count } × { $instance_type }, each

## Kubernetes quantities
quantity-invalid = invalid quantity { $value }: { $reason }
quantity-empty = the value is empty
quantity-no-digits = no digits before the suffix
quantity-several-points = more than one decimal point
quantity-unknown-suffix = unknown suffix { $suffix }; use a binary suffix (Ki, Mi, Gi, Ti, Pi, Ei), a decimal one (n, u, m, k, M, G, T, P, E) or an exponent such as e3
quantity-negative = negative quantities are not valid for resources
quantity-too-large = the value exceeds 2^63-1 base units
quantity-too-many-digits = a value with more than 38 significant digits is not supported
