# capplan 메시지, 한국어. ../en/capplan.ftl의 모든 id가 여기에도 있어야 합니다.
# Kubernetes 용어는 원문 그대로 씁니다 (Pending, NodePool, allocatable).

## 오류
error-prefix = 오류

## cluster and manifest files
io-read-file = 파일을 읽을 수 없습니다
io-read-dir = 디렉터리를 읽을 수 없습니다
input-not-parsable = 올바른 YAML 또는 JSON이 아닙니다: { $detail }
input-not-an-object = 문서가 Kubernetes 오브젝트가 아닙니다. apiVersion과 kind가 있는 매핑이어야 합니다
input-missing-type-meta = apiVersion과 kind는 필수입니다. 오브젝트에 추가하십시오
input-missing-name = metadata.name은 필수입니다. 오브젝트에 이름을 추가하십시오
input-missing-field = { $field } 필드가 없습니다. 오브젝트에 추가하십시오
input-invalid-object = 잘못된 { $kind }입니다: { $detail }
input-invalid-field = { $field } 값이 잘못되었습니다: { $detail }
input-negative-count = { $value }은(는) 음수입니다. 0 이상을 사용하십시오
manifest-unknown-kind = { $api_version }에 { $kind } kind가 없습니다. 철자를 확인하거나 Pod, Job, Deployment, StatefulSet, ReplicaSet, k6.io TestRun을 사용하십시오
manifest-object-skipped = { $kind }({ $api_version })는 파드를 만들지 않으므로 읽고 건너뜁니다
manifest-parallelism-positive = parallelism이 { $value }입니다. TestRun에는 러너가 1개 이상 필요합니다
manifest-configmap-missing = { $workload }가 ConfigMap { $namespace }/{ $configmap }을(를) 마운트하지만 매니페스트와 클러스터 어디에도 없습니다. 파드가 ContainerCreating 상태에 머무릅니다
snapshot-list-item-invalid = 잘못된 { $kind }입니다: { $detail }
snapshot-kind-skipped = { $kind }({ $api_version })는 preflight에서 쓰지 않으므로 건너뜁니다
snapshot-duplicate = { $object }이(가) 다시 나옵니다. 나중 것이 앞의 것을 대체합니다
snapshot-no-karpenter = 스냅샷에 NodePool이나 EC2NodeClass가 없습니다. Karpenter 프로비저닝은 설치되지 않은 것으로 봅니다
snapshot-terminal-pods = Succeeded 또는 Failed 단계의 파드 { $count }개는 리소스를 차지하지 않으므로 제외했습니다

## admission
admission-failed-create = { $workload }: FailedCreate, API 서버가 파드 생성을 거부합니다: { $detail }
