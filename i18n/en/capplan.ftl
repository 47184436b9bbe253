# capplan messages, English. Every id here must also exist in ../ko/capplan.ftl.
# Keep Kubernetes terms as Kubernetes writes them (Pending, NodePool, allocatable).

## Errors
error-prefix = error

## scenario
scenario-read-failed = cannot read the scenario file
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

## sizing
finding-iteration-budget = At { $rps } RPS per pod, maxVUs { $max_vus } allows a mean iteration of at most { $limit_ms } ms; past that k6 drops iterations (dropped_iterations). Set runner.throughput.meanIterationSeconds to check the script against it.
finding-rps-short = At { $rps } RPS per pod and a mean iteration of { $iteration_ms } ms, k6 needs { $needed } VUs but maxVUs is { $max_vus } (enough for { $limit_ms } ms). k6 drops the iterations it has no VU for and falls short of the target. Raise maxVUs to at least { $needed } or shorten the iteration.
finding-oom-risk = Predicted k6 memory per pod is { $predicted } ({ $percent }% of { $limit }): { $base } base, { $vus } for { $vu_count } VUs and { $trend } of trend samples for { $requests } requests. Keep it under { $max_percent }%: raise the memory limit to { $suggested }, or run k6 with --summary-mode=disabled and --no-thresholds so it keeps no trend samples.
finding-cpu-throttling = Predicted k6 CPU per pod is { $predicted } at { $rps } RPS ({ $rps_per_cpu } RPS per core), { $percent }% of the { $limit } CPU limit; k6 should stay at or below { $target }%. Raise the CPU limit to { $suggested } or spread the load over more pods.
finding-cpu-credits = { $instance_type } runs { $busy } CPU busy against a baseline of { $baseline }. In unlimited credit mode the surplus costs about ${ $cost_per_hour } per hour (${ $cost } for the { $minutes }-minute test). A type that is not burstable avoids the charge.
