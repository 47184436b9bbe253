# capplan 메시지, 한국어. ../en/capplan.ftl의 모든 id가 여기에도 있어야 합니다.
# Kubernetes 용어는 원문 그대로 씁니다 (Pending, NodePool, allocatable).

## 오류
error-prefix = 오류

## simulate
simulate-invalid-pod-quantity = 리소스 수량이 잘못되었습니다: { $detail }. 매니페스트의 값을 고친 뒤 다시 실행하십시오.
simulate-invalid-node-quantity = allocatable 수량이 잘못되었습니다: { $detail }. 노드를 다시 읽거나 스냅샷 파일을 고치십시오.
simulate-preemption-not-simulated = { $pod }보다 우선순위가 낮은 파드가 이 파드를 거부한 노드에서 실행 중입니다. kube-scheduler가 이 파드들을 선점(preemption)해 자리를 만들 수 있지만, capplan은 선점을 시뮬레이션하지 않습니다.
simulate-pool-taint = NodePool { $pool }에 파드가 허용(toleration)하지 않는 taint { $taint }가 있습니다.
simulate-pool-requirements = 파드의 nodeSelector 또는 필수 node affinity가 NodePool { $pool }이 만들 수 있는 모든 노드를 제외합니다.
simulate-pool-no-instance-types = NodePool { $pool }의 requirements가 제공된 인스턴스 타입을 모두 제외합니다.
simulate-pool-node-limit = NodePool { $pool }에는 이미 노드가 { $limit }개 중 { $in_use }개 있어(spec.limits.nodes) 노드를 더 추가할 수 없습니다.
simulate-pool-limits = NodePool { $pool }의 spec.limits 여유는 { $remaining }이고, 모든 인스턴스 타입의 capacity가 이를 넘습니다. limit을 노드 한 대의 capacity 이상 올리십시오.
simulate-pool-no-fit = NodePool { $pool }의 어떤 인스턴스 타입도 파드와 DaemonSet 오버헤드를 함께 수용하지 못합니다. 가장 가까운 { $instance_type }도 Karpenter 모델 기준으로 { $shortfall }만큼 부족합니다.
simulate-pool-no-fit-real = 실제 { $instance_type } 노드라면 수용할 수 있습니다. 여기서는 Karpenter의 메모리 모델(vmMemoryOverheadPercent)이 실제 노드보다 보수적입니다.
simulate-pool-topology = NodePool { $pool }의 새 노드는 파드의 토폴로지 규칙을 어기게 됩니다: { $reasons }.
simulate-launch-loop = Karpenter가 이 파드를 위해 { $instance_type }을 띄우지만 실제 노드에는 { $shortfall }이 부족하여({ $reasons }) 파드는 Pending으로 남고 Karpenter는 노드를 계속 띄웁니다.
simulate-workload-stalled = { $workload }의 파트 { $total }개 중 { $stuck }개가 시작되지 않습니다. k6는 모든 runner를 기다리므로 테스트 전체가 멈춥니다.
simulate-staggered-start = { $workload }의 파트들이 { $seconds }초 간격으로 시작됩니다({ $total }개 중 { $late }개가 새 노드를 기다림). k6는 모든 runner가 Ready가 되어야 테스트를 시작합니다.
