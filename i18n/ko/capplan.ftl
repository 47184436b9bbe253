# capplan 메시지, 한국어. ../en/capplan.ftl의 모든 id가 여기에도 있어야 합니다.
# Kubernetes 용어는 원문 그대로 씁니다 (Pending, NodePool, allocatable).

## 오류
error-prefix = 오류
error-caused-by = 원인

## 명령줄 도움말 (명령과 인자마다 id 하나, src/cli/help.rs 참고)
help-template = {"{"}about-with-newline{"}"}
    사용법: {"{"}usage{"}"}

    {"{"}all-args{"}"}

## 보고서
severity-error = 오류
severity-warning = 경고
severity-info = 참고
help-heading-commands = 명령
help-heading-arguments = 인자
help-heading-options = 옵션
help-capplan = Karpenter를 쓰는 Kubernetes에서 샤딩된 부하 생성기(k6)의 용량을 계획하고 배포 전 스케줄링을 시뮬레이션합니다.
help-global-lang = 출력 언어: en 또는 ko. 지정하지 않으면 로케일(LC_ALL, LANG)이 한국어일 때 한국어로 출력합니다.
help-global-catalog = 내장 카탈로그 대신 이 디렉터리에서 인스턴스 카탈로그를 읽습니다.
help-global-verbose = 판단 과정을 stderr에 기록합니다: -v는 info, -vv는 debug. RUST_LOG가 우선합니다.
help-global-help = 도움말을 출력합니다.
help-global-version = 버전을 출력합니다.
help-plan = 시나리오에 맞게 샤드를 나누고 가장 저렴한 노드 조합을 찾습니다.
help-plan-scenario = 시나리오 파일(YAML). 예: scenarios/30k.yaml
help-plan-instance-types = 시나리오의 목록 대신 이 인스턴스 타입만 허용합니다(쉼표로 구분).
help-plan-region = 시나리오의 리전 대신 이 리전의 가격을 씁니다.
help-plan-cpu-limit = NodePool cpu limit을 이 값으로 바꿉니다. 인스턴스 capacity 기준 코어 수입니다(예: 24).
help-plan-time-limit-ms = 솔버 제한 시간(밀리초). 시간을 넘기면 그때까지 찾은 최선의 계획과 하한과의 차이를 보고합니다.
help-preflight = 아무것도 적용하기 전에 어떤 파드가 실행되고, 어떤 파드에 새 노드가 필요하고, 어떤 파드가 Pending으로 남는지 예측합니다. 종료 코드 0: 모든 파드 실행, 1: Pending 또는 거부된 파드 있음, 2: 잘못된 입력.
help-preflight-scenario = 계획된 파드를 검사할 시나리오 파일.
help-preflight-files = 검사할 매니페스트 파일이나 디렉터리(여러 문서로 된 YAML). 여러 번 줄 수 있습니다.
help-preflight-snapshot = 클러스터 스냅샷 파일: kubectl get ... -o json 으로 받은 List(JSON 또는 YAML)나 capplan 스냅샷. 여러 번 줄 수 있으며 파일을 합쳐서 읽습니다.
help-preflight-namespace = 네임스페이스를 지정하지 않은 매니페스트에 쓸 네임스페이스.
help-preflight-node-startup-seconds = 새 노드가 Ready가 되기까지 걸리는 시간(초). 시작 시각을 추정할 때 씁니다.
help-preflight-fail-on = 종료 코드를 1로 만드는 발견 사항 수준: error(실행되지 못할 파드) 또는 warning(OOM 위험, 시작 시각 차이 같은 경고까지).
help-catalog = 인스턴스 타입별로 모델이 계산한 allocatable 리소스와 가격을 보여 줍니다.
help-catalog-types = 이 인스턴스 타입만 보여 줍니다(쉼표로 구분). 지정하지 않으면 자주 쓰는 타입을 보여 줍니다.
help-catalog-all = 카탈로그의 모든 인스턴스 타입을 보여 줍니다.
help-catalog-region = 온디맨드 가격을 보여 줄 리전.


## catalog
catalog-missing-column = { $column } 열이 없습니다. instance-catalog/build.py로 파일을 다시 생성하십시오.
catalog-empty-value = { $column } 열이 비어 있습니다. 값을 입력하십시오.
catalog-invalid-integer = { $column } 열의 값 { $value }은(는) 정수가 아닙니다.
catalog-invalid-boolean = { $column } 열의 값이 { $value }입니다. true 또는 false를 사용하십시오.
catalog-invalid-decimal = { $column } 열의 값이 { $value }입니다. 소수점 아래 { $digits }자리 이하의 0 이상 십진수를 사용하십시오.
catalog-invalid-quantity = { $column } 열의 quantity { $value }이(가) 올바르지 않습니다: { $reason }
catalog-invalid-csv = 올바른 CSV 파일이 아닙니다: { $reason }
catalog-read-failed = 인스턴스 카탈로그 파일을 읽을 수 없습니다
catalog-duplicate-type = 인스턴스 타입 { $name }이(가) 두 번 이상 나옵니다. 타입마다 행을 하나만 두십시오.
catalog-unknown-type = 인스턴스 타입 { $name }이(가) { $file }에 없습니다. 그 파일에 추가하거나 이 행을 삭제하십시오.
catalog-unknown-allowed-type = 인스턴스 타입 { $name }이(가) 카탈로그에 없습니다. 철자(예: t3a.xlarge)를 확인하거나 카탈로그에 추가하십시오.
kubelet-invalid-threshold = evictionHard { $signal }의 값 { $value }은(는) quantity(100Mi)도 100% 이하의 백분율(10%)도 아닙니다.
kubelet-negative-value = { $field }의 값이 { $value }입니다. 0 이상을 사용하십시오.

## capplan catalog
catalog-title = 인스턴스 타입: Karpenter 모델 기준 allocatable, { $region } 온디맨드 가격
catalog-col-type = 타입
catalog-col-vcpu = vCPU
catalog-col-memory = 메모리
catalog-col-arch = 아키텍처
catalog-col-alloc-cpu = allocatable CPU
catalog-col-alloc-memory = allocatable 메모리
catalog-col-pods = 최대 파드 수
catalog-col-baseline = CPU 기준 성능
catalog-col-price = 시간당 $
catalog-footnote = allocatable = capacity(메모리는 VM 오버헤드 7.5% 차감) − kube-reserved − eviction 임계값 100Mi. DaemonSet 사용량은 여기서 빼지 않았습니다. * 표시는 AWS 출처로 확인하지 못한 가격입니다.


## optimize
optimize-negative = { $subject }: { $field } 값이 음수입니다. requests, allocatable, capacity, 가격, NodePool 사용량은 0 이상이어야 합니다.
optimize-too-many-patterns = 파드 그룹과 노드 옵션으로 노드 하나를 채우는 방법이 { $limit }개를 넘어 옵티마이저가 처리할 수 없습니다. requests가 비슷한 파드 그룹을 합치거나 인스턴스 유형 수를 줄이십시오.
optimize-solver-failed = 솔버가 실패했습니다: { $detail }. 시간 제한을 늘리거나 인스턴스 유형 수를 줄여 다시 시도하십시오.
optimize-too-many-pods = 파드가 { $limit }개를 넘어 옵티마이저가 처리할 수 없습니다. 파드를 더 작은 묶음으로 나누어 계획하십시오.

## capplan plan: 노드 조합과 부족 원인
plan-existing-nodes = 기존 노드 { $count }대
plan-no-nodes = 노드 없음
plan-existing-node = 기존 노드 { $name }
plan-status-optimal = 최적임이 증명됨
plan-status-time-limit = 제한 시간 안에 찾은 최선의 계획이며 최적임은 증명되지 않았습니다(최적보다 시간당 최대 { $gap } 비쌀 수 있고, 파드를 최대 { $pods }개 더 배치할 수도 있습니다)
plan-status-bounded = 열 생성으로 찾은 노드 패턴 중 최선의 계획이며 최적임은 증명되지 않았습니다(최적보다 시간당 최대 { $gap } 비쌀 수 있고, 파드를 최대 { $pods }개 더 배치할 수도 있습니다)
plan-status-greedy = Karpenter 방식의 탐욕적 배치이며 최적화하지 않았습니다
plan-shortfall-resource = { $node }에서 { $resource } 요청 { $requested }, allocatable { $allocatable }({ $excess } 초과)
plan-shortfall-pod-too-large = { $group } 파드 { $pods }개는 허용된 어떤 인스턴스 타입에도 들어가지 않습니다: { $details }. 더 큰 타입을 허용하거나 파드의 requests를 줄이십시오.
plan-shortfall-limit = NodePool { $limit } limit { $current } 때문에 나머지 파드를 배치할 수 없습니다. limit을 { $needed }(으)로 올리면 모든 파드가 들어갑니다.
plan-shortfall-not-minimal = (최솟값임이 증명되지 않았으므로 더 작은 값으로도 들어갈 수 있습니다)
plan-shortfall-limits = NodePool limit 때문에 나머지 파드를 배치할 수 없습니다. 다음 값이면 모든 파드가 들어갑니다: { $changes }.
plan-shortfall-max-count = 인스턴스 타입별 최대 노드 수 때문에 나머지 파드를 배치할 수 없습니다. 이 제한이 없으면 파드 { $pods }개가 들어갑니다.
plan-shortfall-unexplained = 일부 파드를 배치할 수 없었고, 모든 파드를 배치하는 단일 변경을 찾지 못했습니다.


## scenario
scenario-yaml-invalid = { $field }: { $detail }. 이 값을 고친 뒤 capplan을 다시 실행하십시오.
scenario-yaml-invalid-document = { $detail }. YAML을 고친 뒤 capplan을 다시 실행하십시오.
scenario-api-version = apiVersion은 { $expected }여야 하는데 "{ $found }"입니다. apiVersion: { $expected }로 설정하십시오.
scenario-kind = kind는 { $expected }여야 하는데 "{ $found }"입니다. kind: { $expected }로 설정하십시오.
scenario-value-empty = { $field } 값이 비어 있습니다. 값을 채우거나 항목을 지우십시오.
scenario-number-not-finite = { $field }에는 유한한 수가 와야 하는데 { $value }입니다.
scenario-number-not-whole = { $field }에는 정수가 와야 하는데 { $value }입니다.
scenario-number-out-of-range = { $field }은(는) { $min }에서 { $max } 사이여야 하는데 { $value }입니다.
scenario-quantity-zero = { $field }은(는) 0보다 커야 합니다. runner 파드에 필요한 양을 설정하십시오.
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
scenario-runner-missing = { $field }이(가) 없습니다. 고정 runner 형태에는 runner.requests.cpu, runner.requests.memory, runner.maxVUs가 모두 필요합니다. 이 값을 추가하거나, capplan이 형태를 산출하도록 runner.requests, runner.limits, runner.maxVUs를 지우십시오.
scenario-runner-derive-needs-iteration = runner.throughput.meanIterationSeconds가 없습니다. runner.requests가 없으면 capplan이 maxVUs를 산출하는 데 평균 반복 시간이 필요합니다. 이 값을 추가하거나 runner.requests, runner.limits, runner.maxVUs를 설정하십시오.
scenario-limit-below-request = { $field }({ $limit })가 request({ $request })보다 작아 Kubernetes가 거부합니다. limit을 올리거나 request를 낮추십시오.
scenario-capacity-type = nodes.capacityType은 on-demand여야 하는데 "{ $found }"입니다. capplan은 on-demand 용량만 계획합니다.
scenario-instance-types-empty = nodes.instanceTypes가 비어 있습니다. 플래너가 쓸 수 있는 인스턴스 타입(예: t3a.2xlarge)을 나열하십시오.
scenario-duplicate-name = { $field }: "{ $name }"이(가) 두 번 나옵니다. 항목마다 다른 이름을 쓰십시오.
scenario-toleration-invalid = { $field }: 올바른 toleration이 아닙니다. 파드 spec과 같은 형식으로 key, operator Equal(value 포함) 또는 Exists(value 없음), effect NoSchedule, PreferNoSchedule, NoExecute 중 하나를 적으십시오.

## sizing
finding-iteration-budget = 파드당 { $rps } RPS에서 maxVUs가 { $max_vus }이면 평균 반복 시간이 최대 { $limit_ms } ms여야 합니다. 이보다 길면 k6가 반복을 버립니다(dropped_iterations). 스크립트가 이 범위에 드는지 확인하려면 runner.throughput.meanIterationSeconds를 설정하십시오.
finding-rps-short = 파드당 { $rps } RPS, 평균 반복 { $iteration_ms } ms에서 k6에는 VU { $needed }개가 필요하지만 maxVUs는 { $max_vus }입니다({ $limit_ms } ms까지만 충분). k6는 VU가 없는 반복을 버리므로 목표 RPS에 못 미칩니다. maxVUs를 { $needed } 이상으로 올리거나 반복 시간을 줄이십시오.
finding-oom-risk = 파드당 k6 메모리 예상치는 { $predicted }로 { $limit }의 { $percent }%입니다: 기본 { $base }, VU { $vu_count }개에 { $vus }, 요청 { $requests }건의 trend 샘플 { $trend }. { $max_percent }% 아래로 유지하십시오. 메모리 limit을 { $suggested }로 올리거나, trend 샘플을 남기지 않도록 k6를 --summary-mode=disabled와 --no-thresholds로 실행하십시오.
finding-cpu-throttling = 파드당 k6 CPU 예상치는 { $rps } RPS(코어당 { $rps_per_cpu } RPS)에서 { $predicted }로, CPU limit { $limit }의 { $percent }%입니다. k6는 { $target }% 이하를 유지해야 합니다. CPU limit을 { $suggested }로 올리거나 부하를 더 많은 파드로 나누십시오.
finding-cpu-credits = { $instance_type } 노드가 기준치 { $baseline }보다 많은 CPU { $busy }를 사용합니다. unlimited 크레딧 모드에서는 초과분에 시간당 약 { $cost_per_hour }(테스트 { $minutes }분 동안 { $cost })가 부과됩니다. 버스트형이 아닌 타입을 쓰면 이 비용이 없습니다.


## cluster and manifest files
io-read-file = 파일을 읽을 수 없습니다
io-read-dir = 디렉터리를 읽을 수 없습니다
input-not-parsable = 올바른 YAML 또는 JSON이 아닙니다: { $detail }. 이 줄을 고친 뒤 capplan을 다시 실행하십시오
input-no-objects = 파일에 오브젝트가 없습니다. 의도한 파일인지 확인하거나 명령에서 빼십시오
snapshot-api-version = ClusterSnapshot의 apiVersion은 { $expected }여야 하는데 { $found }입니다. capplan snapshot으로 스냅숏을 다시 쓰거나 apiVersion: { $expected }로 설정하십시오
snapshot-unknown-field-suggest = ClusterSnapshot에 알 수 없는 필드 { $field }가 있습니다. { $suggestion }을(를) 뜻했습니까?
snapshot-unknown-field = ClusterSnapshot에 알 수 없는 필드 { $field }가 있습니다. 사용할 수 있는 필드: { $fields }
snapshot-list-api-version = List의 apiVersion은 v1이어야 하는데 { $found }입니다. kubectl get -o json으로 다시 저장하거나 apiVersion: v1로 설정하십시오
snapshot-items-not-list = kind { $kind }에 items가 있지만 items는 List(kind: List 또는 NodeList, PodList 등)만 가질 수 있습니다. kind: List로 설정하십시오
input-not-an-object = 문서가 Kubernetes 오브젝트가 아닙니다. apiVersion과 kind가 있는 매핑이어야 합니다
input-missing-type-meta = apiVersion과 kind는 필수입니다. 오브젝트에 추가하십시오
input-missing-name = metadata.name은 필수입니다. 오브젝트에 이름을 추가하십시오
input-duplicate-key = 중복된 키 { $key }
input-missing-field = { $field } 필드가 없습니다. 오브젝트에 추가하십시오
input-not-an-array = { $field } 필드는 오브젝트 배열이어야 하는데 { $found }입니다. 오브젝트를 [ ] 안에 나열하거나 필드를 지우십시오
input-invalid-object = 잘못된 { $kind }입니다: { $detail }
input-invalid-field = { $field } 값이 잘못되었습니다: { $detail }
input-negative-count = { $value }은(는) 음수입니다. 0 이상을 사용하십시오
manifest-unknown-kind = { $api_version }에 { $kind } kind가 없습니다. 철자를 확인하거나 Pod, Job, Deployment, StatefulSet, ReplicaSet, k6.io TestRun을 사용하십시오
manifest-wrong-api-version = { $kind }의 apiVersion은 { $found }가 아니라 { $expected }입니다. apiVersion: { $expected }로 설정하십시오
manifest-object-skipped = { $kind }({ $api_version })는 파드를 만들지 않으므로 읽고 건너뜁니다
manifest-parallelism-positive = parallelism이 { $value }입니다. TestRun에는 runner가 1개 이상 필요합니다
manifest-configmap-missing = { $workload }가 ConfigMap { $namespace }/{ $configmap }을(를) 마운트하지만 매니페스트와 클러스터 어디에도 없습니다. 파드가 ContainerCreating 상태에 머무릅니다
snapshot-list-item-invalid = 잘못된 { $kind }입니다: { $detail }
snapshot-kind-skipped = { $kind }({ $api_version })는 preflight에서 쓰지 않으므로 건너뜁니다
snapshot-duplicate = { $object }이(가) 다시 나옵니다. 나중 것이 앞의 것을 대체합니다
snapshot-no-karpenter = 스냅샷에 NodePool이나 EC2NodeClass가 없습니다. Karpenter 프로비저닝은 설치되지 않은 것으로 봅니다
snapshot-terminal-pods = Succeeded 또는 Failed 단계의 파드 { $count }개는 리소스를 차지하지 않으므로 제외했습니다

## admission
admission-failed-create = { $workload }: FailedCreate, API 서버가 파드 생성을 거부합니다: { $detail }


## live cluster
live-scope-cluster = 클러스터 범위(모든 네임스페이스)에서
live-forbidden = { $scope } { $verb } { $resource } 요청이 거부되었습니다({ $detail }). 사용자나 서비스 계정에 바인딩된 ClusterRole에 다음 규칙을 추가하십시오: { $rule } (읽기 전용 ClusterRole 전체는 docs/rbac.md에 있습니다).
live-unauthorized = API 서버가 { $verb } { $resource } 요청의 자격 증명을 거부했습니다(401 Unauthorized, { $detail }). kubeconfig 컨텍스트의 자격 증명을 갱신한 뒤(EKS에서는 aws eks update-kubeconfig) 다시 실행하십시오.
live-api-error = { $scope } { $verb } { $resource } 요청이 HTTP { $code } { $reason }(으)로 실패했습니다: { $detail }
live-timed-out = { $verb } { $resource } 요청이 전체 제한 시간 { $seconds }초 안에 끝나지 않았습니다(마지막 오류: { $detail }). 이곳에서 API 서버에 접근할 수 있는지 확인하거나 제한 시간을 늘리십시오.
live-gone = { $verb } { $resource } 요청이 실패했습니다. 페이지를 읽는 동안 목록 스냅샷이 { $count }번 만료되었습니다(410 Gone). 오브젝트가 읽는 속도보다 빠르게 바뀌고 있습니다. 다시 실행하거나 페이지 크기를 늘리십시오.
live-invalid-body = { $verb } { $resource } 응답이 올바른 목록이 아닙니다: { $detail }
live-invalid-object = { $kind } { $name }이(가) capplan이 읽는 스키마와 맞지 않습니다: { $detail }
live-no-response = API 서버가 응답하지 않았습니다
live-request-timed-out = 요청이 { $seconds }초 안에 완전한 응답을 받지 못했습니다
live-kubeconfig-invalid = { $location }: kubeconfig를 불러올 수 없습니다: { $detail }
live-no-kubeconfig = kubeconfig를 찾지 못했고(--kubeconfig, KUBECONFIG, ~/.kube/config 모두 없음) 클러스터 내부 서비스 계정도 사용할 수 없습니다({ $detail }). --kubeconfig를 지정하거나 KUBECONFIG를 설정하십시오.
live-context-without-kubeconfig = --context { $context }에는 kubeconfig가 필요하지만 찾지 못했습니다. --kubeconfig를 지정하거나 KUBECONFIG를 설정하십시오.
live-client = Kubernetes 클라이언트를 만들 수 없습니다: { $detail }
live-runtime = 비동기 런타임을 시작할 수 없습니다: { $detail }
live-progress = { $resource } 목록을 읽는 중: { $count }개


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
simulate-staggered-start = { $workload }의 파트들이 시작되는 시각이 { $seconds }초 벌어집니다({ $total }개 중 { $late }개가 새 노드를 기다림). k6는 모든 runner가 Ready가 되어야 테스트를 시작합니다.

## capplan plan: 발견 사항과 오류
plan-runner-group = runner
plan-no-price = 카탈로그에 { $region } 리전의 { $instance_type } 온디맨드 가격이 없습니다. 다른 리전이나 타입을 고르거나 instance-catalog/prices.csv에 가격을 추가하십시오
plan-finding-unplaced = runner 파드 { $total }개 중 { $placed }개만 들어갑니다: { $reasons }
plan-finding-proposal-fits = { $name }: { $instance_type } 노드 하나에 runner 파드가 { $per_node }개 들어가므로 { $nodes } × { $instance_type }로 { $pods }개 모두 들어갑니다.
plan-finding-proposal-pending = { $name }: { $instance_type } 노드 하나에 runner 파드가 { $per_node }개만 들어가므로 { $nodes } × { $instance_type }로는 파드 { $pods }개 중 { $pending }개가 Pending으로 남습니다. 노드가 { $needed }대 필요합니다.
plan-finding-karpenter-differs = Karpenter의 탐욕적 배치는 파드 { $greedy_pods }개에 { $greedy_mix }(시간당 { $greedy_cost })를 띄웁니다. 최적 계획은 파드 { $optimal_pods }개에 { $optimal_mix }(시간당 { $optimal_cost })입니다. 최적 계획을 얻으려면 NodePool에서 최적 계획의 인스턴스 타입만 허용하거나 파드 크기를 고르게 맞추십시오.

## capplan plan: 보고서
plan-title = { $name } 계획({ $file }): { $region }에서 { $rps } RPS
plan-heading-shards = 샤드와 runner 파드
plan-heading-node-types = 노드 타입(Karpenter 모델 기준 allocatable)
plan-heading-optimal = 가장 저렴한 노드 조합
plan-heading-karpenter = 같은 파드에 Karpenter가 띄울 노드
plan-heading-proposals = 제안된 노드 수 검증
plan-heading-findings = 발견 사항
plan-field-pods = 파드 수
plan-field-rps-per-pod = 파드당 RPS
plan-field-requests = 파드당 requests
plan-field-limits = 파드당 limits
plan-field-total-requests = 전체 requests
plan-field-total-limits = 전체 limits
plan-field-max-vus = maxVUs
plan-value-max-vus = 파드당 { $per_pod }, 전체 { $total }
plan-field-needed-vus = 파드당 필요한 VU
plan-field-iteration-budget = 반복 시간 한도
plan-value-iteration-budget = 평균 반복 시간 ≤ { $millis } ms (리틀의 법칙: maxVUs ÷ 파드당 RPS)
plan-field-memory = 파드당 예상 메모리
plan-field-cpu = 파드당 예상 CPU
plan-value-of-limit = limit { $limit } 중 { $value }({ $percent }%, 추정치)
plan-field-duration = 테스트 길이
plan-value-duration = { $minutes }분, 전체 요청 { $requests }건
plan-field-daemonsets = 노드당 DaemonSet
plan-col-type = 타입
plan-col-allocatable = allocatable cpu / 메모리 / 파드
plan-col-available = DaemonSet 제외 후
plan-col-pods-per-node = 노드당 runner 파드
plan-col-price = 시간당 $
plan-col-node = 노드
plan-col-pods = 파드
plan-col-requested = 요청 cpu / 메모리
plan-col-headroom = 여유 cpu / 메모리 / 파드
plan-col-proposal = 제안
plan-col-nodes = 노드
plan-col-pending = Pending 파드
plan-col-needed = 필요한 노드
plan-measured = 실측
plan-field-mix = 노드 조합
plan-field-placed = 배치된 파드
plan-value-placed = { $total }개 중 { $placed }개
plan-field-cost = 비용
plan-value-cost = 시간당 { $per_hour }, { $minutes }분 실행 1회당 { $per_run }
plan-field-credits = T3/T3a 초과 CPU 크레딧
plan-value-credits = 실행 1회당 { $credits }(추정치), 합계 실행 1회당 { $total }
plan-field-status = 최적성
plan-field-bound = LP 하한
plan-in-use = 사용 중
plan-field-limits-nodepool = NodePool limit
plan-field-vs-optimal = 최적 계획 대비
plan-value-same-as-optimal = 최적 계획과 같은 비용
plan-value-more-than-optimal = 최적 계획보다 시간당 { $difference } 더 비쌈
cli-invalid-quantity = { $error }. 24나 24000m 같은 Kubernetes 수량으로 지정하십시오
cli-json-failed = 결과를 JSON으로 쓰지 못했습니다: { $error }
plan-value-daemonsets = { $resources }, 파드 슬롯 { $pods }개

## capplan preflight
preflight-karpenter-not-installed = 클러스터에 Karpenter NodePool(karpenter.sh)이 없어 새 노드가 뜰지 예측할 수 없습니다. 기존 노드에 들어가지 않는 파드는 Pending으로 보고합니다.
preflight-karpenter-forbidden = Karpenter NodePool을 읽지 못해({ $detail }) 새 노드가 뜰지 예측할 수 없습니다. 전체 예측을 받으려면 nodepools.karpenter.sh에 대한 list 권한을 부여하십시오.
preflight-pass = 통과
preflight-fail = 실패
preflight-title = 사전 점검(preflight): { $result }
preflight-heading-pods = 파드
preflight-heading-nodeclaims = Karpenter가 띄울 노드
preflight-heading-nodepools = NodePool
preflight-heading-why = 파드가 Pending으로 남는 이유
preflight-heading-findings = 발견 사항
preflight-heading-notes = 참고
preflight-field-cluster = 클러스터
preflight-field-workloads = 워크로드
preflight-field-pods = 검사한 파드
preflight-field-scheduled = 기존 노드에 배치
preflight-field-new-nodes = 새 노드에 배치
preflight-field-launch-loop = 새 노드가 작음(반복 생성)
preflight-field-pending = Pending
preflight-field-failed-create = 승인 단계에서 거부(FailedCreate)
preflight-field-launches = 새 노드
preflight-value-launches = { $count }대, 시간당 { $price }
preflight-outcome-scheduled = Scheduled
preflight-outcome-new-node = 새 노드
preflight-outcome-launch-loop = Pending(노드 반복 생성)
preflight-outcome-pending = Pending
preflight-outcome-failed-create = FailedCreate
preflight-col-pod = 파드
preflight-col-requests = 요청 cpu / 메모리
preflight-col-outcome = 결과
preflight-col-where = 노드 또는 NodeClaim
preflight-col-start = 시작
preflight-col-reason = 이유
preflight-col-nodeclaim = NodeClaim
preflight-col-nodepool = NodePool
preflight-col-type = 타입
preflight-col-pods = 파드
preflight-col-alloc-model = allocatable(Karpenter 모델)
preflight-col-alloc-real = allocatable(실제 노드)
preflight-col-price = 시간당 $
preflight-col-weight = 가중치
preflight-col-launches = 띄울 노드 수
preflight-col-types = 인스턴스 타입
preflight-col-limits = limit(띄운 뒤 사용량 / limit)
preflight-value-limit = { $resource } { $used } / { $limit }
preflight-real-from-node = 노드 { $node } 기준
preflight-real-measured = 실측값
preflight-real-model = 모델값, 이 타입의 실행 중인 노드 없음
cli-snapshot-and-live = --snapshot 파일과 실제 클러스터용 --kubeconfig/--context 중 하나만 지정하십시오
cli-preflight-nothing = 검사할 대상이 없습니다. 시나리오 파일이나 -f 매니페스트, 또는 둘 다 지정하십시오
cli-snapshot-written = { $path }에 기록했습니다: 노드 { $nodes }개, 파드 { $pods }개
cli-write-failed = 파일을 쓸 수 없습니다
help-plan-output = 출력 형식: table(터미널용, 노드 패킹을 막대로 표시), json(프로그램과 CI용, 스키마 버전 포함), markdown(설계 리뷰용), html(차트가 들어 있는 단독 페이지).
help-catalog-output = 출력 형식: table, json, markdown, html.
help-preflight-output = 출력 형식: table(터미널용), json(프로그램과 CI용, 스키마 버전 포함), markdown(설계 리뷰용), html(단독 페이지).
help-preflight-region = Karpenter가 가장 저렴한 타입을 고를 때 쓰는 온디맨드 가격의 리전.
help-preflight-kubeconfig = 실제 클러스터를 읽을 kubeconfig 파일(기본값: KUBECONFIG, 그다음 ~/.kube/config, 그다음 클러스터 내부 설정). get과 list 요청만 보냅니다.
help-preflight-context = 사용할 kubeconfig 컨텍스트.
help-preflight-nodepool = 이 Karpenter NodePool의 노드만 읽습니다. NodePool은 모두 읽습니다.
help-preflight-node-selector = 읽을 노드를 좁히는 레이블 셀렉터. 예: workload-type=loadtest
help-preflight-request-timeout = API 요청 하나를 재시도하기 전까지 기다리는 시간(초).
help-snapshot = 사전 점검에 필요한 클러스터 상태를 파일로 씁니다. 읽기만 하며 env 값, 시크릿, ConfigMap 데이터, 어노테이션은 쓰지 않습니다.
help-snapshot-output = 쓸 파일. 임시 파일에 쓴 뒤 이름을 바꾸므로 원자적으로 교체됩니다.
help-snapshot-snapshot = 실제 클러스터 대신 스냅샷 파일을 읽습니다(파일을 합치거나 불필요한 필드를 지울 때). 여러 번 줄 수 있습니다.
help-snapshot-kubeconfig = kubeconfig 파일(기본값: KUBECONFIG, 그다음 ~/.kube/config, 그다음 클러스터 내부 설정). get과 list 요청만 보냅니다.
help-snapshot-context = 사용할 kubeconfig 컨텍스트.
help-snapshot-nodepool = 이 Karpenter NodePool의 노드만 남깁니다. NodePool은 모두 읽습니다.
help-snapshot-node-selector = 읽을 노드를 좁히는 레이블 셀렉터. 예: workload-type=loadtest
help-snapshot-request-timeout = API 요청 하나를 재시도하기 전까지 기다리는 시간(초).
cli-snapshot-and-node-filter = --nodepool과 --node-selector는 실제 클러스터를 읽을 때만 쓸 수 있으며 --snapshot 파일과 함께 쓸 수 없습니다
finding-subject-runner = { $scenario } runner 파드


## compare
help-compare = 여러 시나리오, 또는 한 시나리오의 필드 값을 바꾼 여러 옵션을 계획해 나란히 비교하고 순위를 매깁니다. 종료 코드 0: 1순위 옵션이 오류 없이 모든 파드를 배치함, 1: 그런 옵션이 없음, 2: 잘못된 입력.
help-compare-scenarios = 비교할 시나리오 파일(YAML). 예: scenarios/30k.yaml scenarios/50k.yaml. --vary와 함께 쓸 때는 파일 하나만 줍니다.
help-compare-vary = 시나리오의 필드 하나를 KEY=V1,V2,... 형식으로 바꿔 봅니다: pods(runner 파드 수), instance-types(한 옵션의 타입은 '+'로 잇습니다. 예: t3a.xlarge+t3a.2xlarge,c6i.2xlarge), region, cpu-limit(NodePool cpu limit).
help-compare-output = 출력 형식: table(터미널용), json(프로그램과 CI용, 스키마 버전 포함), markdown(설계 리뷰용), html(차트가 들어 있는 단독 페이지).
help-compare-snapshot = 클러스터 스냅샷 파일. 주면 옵션마다 preflight 점검도 합니다. 여러 번 줄 수 있습니다.
help-compare-kubeconfig = 이 kubeconfig 파일이 가리키는 실제 클러스터에 대해 옵션마다 preflight 점검을 합니다. get과 list 요청만 보냅니다.
help-compare-context = 사용할 kubeconfig 컨텍스트. 그 클러스터에 대해 옵션마다 preflight 점검을 합니다.
help-compare-nodepool = 이 Karpenter NodePool의 노드만 읽습니다. NodePool은 모두 읽습니다.
help-compare-node-selector = 읽을 노드를 좁히는 레이블 셀렉터. 예: workload-type=loadtest
help-compare-request-timeout = API 요청 하나를 재시도하기 전까지 기다리는 시간(초).
help-compare-namespace = 클러스터를 줄 때 runner 파드를 점검할 네임스페이스.
help-compare-time-limit-ms = 옵션 하나당 솔버 제한 시간(밀리초).
compare-title = 옵션 { $count }개 비교
compare-title-varied = { $key } 값을 바꾼 옵션 { $count }개 비교
compare-heading-ranking = 순위
compare-heading-options = 옵션별 비교
compare-heading-packing = 노드 패킹: { $label }
compare-heading-cost-chart = 테스트 1회당 비용
compare-heading-profile-chart = 시간에 따른 부하 프로파일
compare-reason-single = 비교할 옵션은 { $first } 하나뿐이며, 크레딧을 포함해 실행 1회당 { $cost }가 듭니다.
compare-reason-none-viable = 오류 없이 모든 파드를 배치하는 옵션이 없습니다. { $first }는 크레딧을 포함한 실행 1회당 비용이 { $cost }로 가장 낮아 1순위입니다.
compare-reason-cheapest = { $first }가 1순위입니다. 파드 { $pods }개를 오류 없이 모두 배치하고, 크레딧을 포함해 실행 1회당 { $cost }로 { $next }보다 { $difference } 저렴합니다.
compare-reason-only-viable = { $first }가 1순위입니다. 파드 { $pods }개를 오류 없이 모두 배치하는 유일한 옵션이며, 크레딧을 포함해 실행 1회당 { $cost }가 듭니다.
compare-ranking-line = { $rank }. { $label }: 실행 1회당 { $cost }, { $verdict }
compare-viable = 모든 파드 배치, 오류 없음
compare-not-viable = 오류 또는 Pending 파드 있음
compare-preflight-passed = 통과, 새 노드 { $nodes }대, 시간당 { $price }
compare-preflight-failed = 실패, Pending { $pending }개, 거부 { $rejected }개
compare-col-item = 항목
compare-row-rank = 순위
compare-row-scenario = 시나리오
compare-row-target = 목표
compare-row-duration = 테스트 길이
compare-value-minutes = { $minutes }분
compare-row-cost-hour = 시간당 비용
compare-row-cost-run = 실행 1회당 인스턴스 비용
compare-row-credits = 실행 1회당 T3/T3a 초과 크레딧(추정치)
compare-row-total-run = 실행 1회당 비용 합계
compare-row-headroom = 노드별 여유(cpu / 메모리 / 파드)
compare-row-rps-short = 목표 RPS에 모자라는 maxVUs(rps-short)
compare-row-oom = OOM 위험(oom-risk)
compare-row-cpu = 목표치를 넘는 CPU(cpu-throttling)
compare-row-pending = Pending으로 남는 파드
compare-row-errors-warnings = 오류 / 경고
compare-row-preflight = 클러스터 대상 preflight
compare-vary-syntax = --vary는 pods=6,10처럼 KEY=V1,V2,... 형식으로 줍니다. 받은 값: "{ $value }"
compare-vary-key = --vary로는 "{ $key }"를 바꿀 수 없습니다. 다음 중 하나를 쓰십시오: { $keys }
compare-vary-no-values = --vary { $key }에는 { $key }=V1,V2처럼 값이 하나 이상 필요합니다.
compare-vary-capacity-type = --vary capacity-type은 지원하지 않습니다. 시나리오 모델은 on-demand 노드만 계획하므로 spot 가격과 중단은 모델링하지 않습니다. 대신 instance-types나 region을 비교하십시오.
compare-vary-pods = 파드 수 "{ $value }"는 1부터 { $max }(목표 RPS)까지의 정수가 아닙니다.
compare-vary-one-scenario = --vary는 시나리오 하나를 바꿉니다. 시나리오 파일을 하나만 주십시오.
plan-heading-packing = 노드 패킹
packing-legend = ▒ DaemonSet  █▓ runner 파드(블록 하나가 파드 하나)  ░ 남은 allocatable
chart-failed = 차트를 그리지 못했습니다: { $error }
chart-axis-cores = 코어
chart-axis-gib = GiB
chart-axis-minutes = 분
chart-axis-rps = 초당 요청 수
chart-axis-dollars-per-run = 실행 1회당 달러
chart-legend-daemonsets = DaemonSet
chart-legend-runner-pods = runner 파드
chart-legend-allocatable = allocatable
chart-legend-instances = 인스턴스
chart-legend-credits = T3/T3a 초과 크레딧
chart-legend-total = 전체 파드
chart-legend-busiest-pod = 가장 바쁜 파드
chart-title-cost = 테스트 1회당 비용
chart-title-profile-total = 전체 파드의 RPS
chart-title-profile-pod = 가장 바쁜 파드의 RPS
chart-title-packing-cpu = 노드별 CPU 요청
chart-title-packing-memory = 노드별 메모리 요청


## emit
emit-parts-without-vus = maxVUs { $max_vus }가 파트 수 { $parts }보다 작아서 { $idle }개 파트는 VU를 받지 못하고 요청을 보내지 않습니다. k6-operator도 이런 TestRun을 거부합니다. maxVUs를 { $parts } 이상으로 올리십시오.
emit-uneven-vus = maxVUs { $max_vus }가 { $parts }개 파트로 나누어떨어지지 않습니다. 파트마다 VU가 { $low }–{ $high }개로 다르고, k6는 각 파트의 VU 비율대로 요청률을 나눕니다. 파트를 똑같이 나누려면 maxVUs를 { $parts }의 배수로 하십시오.
emit-uneven-rates = 요청률 합계 { $rates }가 { $parts }개 파트로 나누어떨어지지 않아서 각 파트는 소수 요청률(최고 구간 { $peak } RPS)로 실행됩니다. 파트를 합하면 합계와 같습니다.
emit-invalid-name = 시나리오 이름 "{ $name }"로는 Kubernetes 오브젝트 이름을 만들 수 없습니다. capplan은 k6-{ $name }와 k6-script-{ $name }를 만드는데, 이 이름은 영문 소문자, 숫자, '-'만 쓸 수 있고 63자를 넘을 수 없습니다. 시나리오 이름을 바꾸십시오.
emit-yaml-failed = 매니페스트를 YAML로 쓸 수 없습니다: { $error }
cli-emit-no-placement = 시나리오에 NodePool(nodes.nodePool.name 또는 nodeSelector)이 없어서 runner 파드가 아무 노드에나 배치될 수 있습니다. 시나리오에 nodes.nodePool을 추가하거나 --snapshot을 지정하십시오.
cli-emit-written = { $dir }에 파일 { $count }개를 썼습니다
cli-emit-script-unreadable = k6 스크립트를 읽을 수 없습니다
cli-emit-script-name = 스크립트 파일 이름 "{ $name }"은(는) ConfigMap 키로 쓸 수 없습니다. 영문자, 숫자, '-', '_', '.'만 쓰도록 파일 이름을 바꾸십시오.
cli-emit-script-too-large = 스크립트가 { $bytes }바이트로, ConfigMap 한도인 1 MiB를 넘습니다. 번들 크기를 줄이거나 볼륨으로 마운트하십시오.
cli-emit-separate = 가장 저렴한 계획이 노드마다 runner를 하나씩 두므로 separate: true로 씁니다
cli-man-written = { $dir }에 man 페이지를 썼습니다
help-emit = 시나리오를 실행할 매니페스트를 씁니다. Indexed Job 하나(--format job) 또는 k6-operator TestRun(--format testrun)과, 스크립트를 담은 ConfigMap을 만듭니다.
help-emit-scenario = 시나리오 파일(YAML)입니다. 예: scenarios/30k.yaml
help-emit-format = 매니페스트 형식입니다. job(파트마다 파드 하나인 Indexed Job) 또는 testrun(k6-operator TestRun, k6.io/v1alpha1) 중 하나입니다.
help-emit-script = 실행할 k6 스크립트입니다. 내용을 바꾸지 않고 ConfigMap에 넣으며, 스크립트는 계획의 합계를 __ENV에서 읽습니다(docs/emit.md 참고).
help-emit-output = 여러 문서로 된 YAML을 출력하는 대신, 오브젝트마다 파일 하나씩 이 디렉터리에 씁니다(없으면 만듭니다).
help-emit-namespace = 모든 오브젝트의 네임스페이스입니다. 기본값은 지정하지 않는 것이며, 이때는 kubectl의 현재 네임스페이스가 적용됩니다.
help-emit-image = k6 컨테이너 이미지입니다. Job은 /bin/sh로 k6를 실행하며, grafana/k6 이미지에는 /bin/sh가 있습니다.
help-emit-snapshot = NodePool의 노드 레이블과 taint를 읽을 클러스터 스냅샷 파일입니다. preflight와 같은 방식으로 읽습니다. 여러 번 지정할 수 있습니다.
help-emit-separate = TestRun에만 적용됩니다. auto(가장 저렴한 계획이 노드마다 runner를 하나씩 둘 때), always, never 중 하나입니다.
help-completions = bash, zsh, fish, powershell, elvish용 셸 자동 완성 스크립트를 출력합니다.
help-completions-shell = 셸: bash, zsh, fish, powershell, elvish 중 하나입니다.
help-man = capplan과 각 명령의 man 페이지(섹션 1)를 디렉터리에 씁니다.
help-man-output = man 페이지를 쓸 디렉터리입니다. 없으면 만듭니다.
compare-reason-cheapest-per-rps = 안마다 목표 RPS가 달라 1,000 RPS당 실행 1회 비용으로 순위를 매겼습니다. { $first }가 첫 번째입니다. 오류 발견 사항 없이 파드 { $pods }개를 모두 배치하며 1,000 RPS당 { $cost }로, { $next }의 { $next_cost }보다 저렴합니다.


## input files
input-file-too-large = 파일이 capplan이 파일 하나에서 읽는 최대 크기인 { $limit }보다 큽니다. 파일을 여러 개로 나누거나 필요한 오브젝트만 넘기십시오.
input-not-utf8 = 파일이 UTF-8 텍스트가 아닙니다(오프셋 { $offset }의 바이트가 잘못되었습니다). UTF-8 YAML 또는 JSON으로 저장하십시오.
preflight-nodeclass-model = NodePool들이 여러 EC2NodeClass를 씁니다. allocatable은 모두 { $class }의 kubelet 설정으로 계산했습니다.
preflight-calibrated = { $instance_type }: Karpenter 모델의 allocatable은 { $model_cpu } / { $model_memory }이고, 노드 { $node }는 { $real_cpu } / { $real_memory }를 보고합니다(메모리 { $difference }Mi, { $percent }%). capplan은 새로 뜨는 노드를 실제 노드 값으로 검사합니다.
preflight-heading-packing = 새 노드 배치(Karpenter 모델 기준)
input-unknown-field = { $kind }에 Kubernetes가 정의하지 않은 필드 { $field }가 있습니다. kubectl apply도 이 필드를 거부합니다. 철자를 확인하고(예: resource가 아니라 resources) capplan을 다시 실행하십시오
input-count-too-large = { $value }은(는) capplan이 워크로드 하나에 대해 만드는 파드 수 한도 { $limit }를 넘습니다. 값을 확인하십시오
cli-preflight-no-pods = 이 매니페스트에는 검사할 파드를 만드는 객체(Pod, Job, Deployment, StatefulSet, ReplicaSet, TestRun)가 없습니다. 경로와 파일을 확인하십시오
live-unreachable = { $verb } { $resource } 실패: 연속 { $attempts }번 연결을 시도했지만 API 서버에 닿지 못했습니다({ $detail }). kubeconfig의 서버 주소와, 여기서 그 주소에 접근할 수 있는지 확인하십시오.
plan-no-usable-types = 허용된 인스턴스 타입 중 DaemonSet만으로도 가득 차지 않는 타입이 없습니다({ $types }). 더 큰 타입을 허용하십시오
plan-finding-left-out = allocatable이 DaemonSet 오버헤드보다 작아 제외한 타입: { $types }.
plan-unverified-price = * 표시는 AWS 출처로 확인하지 못한 가격입니다.
cli-snapshot-empty = 스냅샷 파일에 노드, 파드, DaemonSet, NodePool이 하나도 없습니다. kubectl get nodes,pods,daemonsets,nodepools -A -o json이나 capplan snapshot의 출력을 지정하십시오
simulate-parts-missing = { $workload }의 파트 { $total }개 중 { $stuck }개가 시작되지 않습니다. 나머지 파트는 따로 실행되므로 테스트는 목표 RPS 중 시작된 파트 몫까지만 도달합니다.
simulate-parts-staggered = { $workload }의 파트들이 시작되는 시각이 { $seconds }초 벌어집니다({ $total }개 중 { $late }개가 새 노드를 기다림). 파트마다 따로 실행되므로 마지막 파트가 시작될 때까지 테스트가 목표 RPS에 못 미칩니다.
cli-scenario-namespace = 시나리오의 파드는 { $namespace } 네임스페이스에서 검사했으며 그 네임스페이스의 ResourceQuota와 LimitRange가 적용됩니다. 부하 테스트 Job이 쓰는 네임스페이스를 -n으로 지정하십시오.
cli-duplicate-workload = { $workload }가 두 번 이상 나옵니다. kubectl apply처럼 마지막 것({ $origin })만 검사합니다
plan-credit-subject = { $instance_type } { $count }대, 노드마다

## Kubernetes 수량
quantity-invalid = 잘못된 수량 { $value }: { $reason }
quantity-empty = 값이 비어 있습니다
quantity-no-digits = 접미사 앞에 숫자가 없습니다
quantity-several-points = 소수점이 두 개 이상입니다
quantity-unknown-suffix = 알 수 없는 접미사 { $suffix }입니다. 이진 접미사(Ki, Mi, Gi, Ti, Pi, Ei), 십진 접미사(n, u, m, k, M, G, T, P, E), 또는 e3 같은 지수를 쓰십시오
quantity-negative = 리소스 수량은 음수일 수 없습니다
quantity-too-large = 값이 기본 단위로 2^63-1을 넘습니다
quantity-too-many-digits = 유효 숫자가 38자리를 넘는 값은 지원하지 않습니다
