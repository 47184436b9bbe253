# capplan messages, English. Every id here must also exist in ../ko/capplan.ftl.
# Keep Kubernetes terms as Kubernetes writes them (Pending, NodePool, allocatable).

## Errors
error-prefix = error

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
