# capplan 메시지, 한국어. ../en/capplan.ftl의 모든 id가 여기에도 있어야 합니다.
# Kubernetes 용어는 원문 그대로 씁니다 (Pending, NodePool, allocatable).

## 오류
error-prefix = 오류

## scenario
scenario-read-failed = 시나리오 파일을 읽을 수 없습니다
scenario-yaml-invalid = { $field }: { $detail }. 이 값을 고친 뒤 capplan을 다시 실행하십시오.
scenario-yaml-invalid-document = { $detail }. YAML을 고친 뒤 capplan을 다시 실행하십시오.
scenario-api-version = apiVersion은 { $expected }여야 하는데 "{ $found }"입니다. apiVersion: { $expected }로 설정하십시오.
scenario-kind = kind는 { $expected }여야 하는데 "{ $found }"입니다. kind: { $expected }로 설정하십시오.
scenario-value-empty = { $field } 값이 비어 있습니다. 값을 채우거나 항목을 지우십시오.
scenario-number-not-finite = { $field }에는 유한한 수가 와야 하는데 { $value }입니다.
scenario-number-not-whole = { $field }에는 정수가 와야 하는데 { $value }입니다.
scenario-number-out-of-range = { $field }은(는) { $min }에서 { $max } 사이여야 하는데 { $value }입니다.
scenario-quantity-zero = { $field }은(는) 0보다 커야 합니다. 러너 파드에 필요한 양을 설정하십시오.
scenario-duration-invalid = { $field }: 잘못된 기간 "{ $value }"입니다. k6처럼 정수와 단위 h, m, s, ms로 쓰십시오(예: 30s, 3m, 1h30m).
scenario-duration-too-long = { $field }: 단계 기간의 합이 30일을 넘습니다. 프로파일을 줄이십시오.
scenario-duration-zero = profile.stages 기간의 합이 0초입니다. 한 단계 이상에 기간을 지정하십시오.
scenario-stages-empty = profile.stages가 비어 있습니다. "- duration: 3m", "target: 2000"과 같이 k6 단계를 추가하십시오.
scenario-target-scope = profile.targetScope는 perPod 또는 total이어야 하는데 "{ $found }"입니다. 파드마다 단계 목표를 그대로 실행하면 perPod, 목표가 모든 파드의 합이면 total을 쓰십시오.
scenario-stages-below-target = profile.stages의 최고치가 합계 { $peak } RPS로 targetRps { $target }보다 낮아 테스트가 목표에 도달하지 못합니다. 가장 높은 단계 목표를 { $expected }로 올리거나 targetRps를 낮추십시오.
scenario-stages-above-target = profile.stages의 최고치가 합계 { $peak } RPS로 targetRps { $target }보다 높습니다. targetRps를 { $peak }로 설정하거나 가장 높은 단계 목표를 { $expected }로 낮추십시오.
scenario-shards-choice = shards에는 pods와 rpsPerPod 중 정확히 하나만 설정해야 합니다. 파드 수를 정하려면 pods를, capplan이 파드 수를 세게 하려면 rpsPerPod를 남기십시오.
scenario-shards-too-many = { $target } RPS에 shards.pods가 { $pods }개라 부하를 받지 못하는 파드가 생깁니다. 파드는 최대 { $target }개까지 쓰십시오.
scenario-per-pod-uneven = targetRps { $target }은(는) 파드 { $pods }개로 나누어떨어지지 않아 파드별 단계 목표의 합이 이 값이 될 수 없습니다. 단계를 합계(targetScope: total)로 쓰거나 targetRps를 { $pods }의 배수로 하십시오.
scenario-runner-missing = { $field }이(가) 없습니다. 고정 러너 형태에는 runner.requests.cpu, runner.requests.memory, runner.maxVUs가 모두 필요합니다. 이 값을 추가하거나, capplan이 형태를 산출하도록 runner.requests, runner.limits, runner.maxVUs를 지우십시오.
scenario-runner-derive-needs-iteration = runner.throughput.meanIterationSeconds가 없습니다. runner.requests가 없으면 capplan이 maxVUs를 산출하는 데 평균 반복 시간이 필요합니다. 이 값을 추가하거나 runner.requests, runner.limits, runner.maxVUs를 설정하십시오.
scenario-limit-below-request = { $field }({ $limit })가 request({ $request })보다 작아 Kubernetes가 거부합니다. limit을 올리거나 request를 낮추십시오.
scenario-capacity-type = nodes.capacityType은 on-demand여야 하는데 "{ $found }"입니다. capplan은 on-demand 용량만 계획합니다.
scenario-instance-types-empty = nodes.instanceTypes가 비어 있습니다. 플래너가 쓸 수 있는 인스턴스 타입(예: t3a.2xlarge)을 나열하십시오.
scenario-duplicate-name = { $field }: "{ $name }"이(가) 두 번 나옵니다. 항목마다 다른 이름을 쓰십시오.

## sizing
finding-iteration-budget = 파드당 { $rps } RPS에서 maxVUs { $max_vus }로는 평균 반복 시간이 최대 { $limit_ms } ms여야 합니다. 이보다 길면 k6가 반복을 버립니다(dropped_iterations). 스크립트가 이 범위에 드는지 확인하려면 runner.throughput.meanIterationSeconds를 설정하십시오.
finding-rps-short = 파드당 { $rps } RPS, 평균 반복 { $iteration_ms } ms에서 k6에는 VU { $needed }개가 필요하지만 maxVUs는 { $max_vus }입니다({ $limit_ms } ms까지만 충분). k6는 VU가 없는 반복을 버리므로 목표 RPS에 못 미칩니다. maxVUs를 { $needed } 이상으로 올리거나 반복 시간을 줄이십시오.
finding-oom-risk = 파드당 k6 메모리 예상치는 { $predicted }로 { $limit }의 { $percent }%입니다: 기본 { $base }, VU { $vu_count }개에 { $vus }, 요청 { $requests }건의 trend 샘플 { $trend }. { $max_percent }% 아래로 유지하십시오. 메모리 limit을 { $suggested }로 올리거나, trend 샘플을 남기지 않도록 k6를 --summary-mode=disabled와 --no-thresholds로 실행하십시오.
finding-cpu-throttling = 파드당 k6 CPU 예상치는 { $rps } RPS(코어당 { $rps_per_cpu } RPS)에서 { $predicted }로, CPU limit { $limit }의 { $percent }%입니다. k6는 { $target }% 이하를 유지해야 합니다. CPU limit을 { $suggested }로 올리거나 부하를 더 많은 파드로 나누십시오.
finding-cpu-credits = { $instance_type } 노드가 기준치 { $baseline }보다 많은 CPU { $busy }를 사용합니다. unlimited 크레딧 모드에서는 초과분에 시간당 약 ${ $cost_per_hour }(테스트 { $minutes }분 동안 ${ $cost })가 부과됩니다. 버스트형이 아닌 타입을 쓰면 이 비용이 없습니다.
