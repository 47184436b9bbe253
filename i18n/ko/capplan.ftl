# capplan 메시지, 한국어. ../en/capplan.ftl의 모든 id가 여기에도 있어야 합니다.
# Kubernetes 용어는 원문 그대로 씁니다 (Pending, NodePool, allocatable).

## 오류
error-prefix = 오류

## optimize
optimize-negative = { $subject }: { $field } 값이 음수입니다. requests, allocatable, capacity, 가격, NodePool 사용량은 0 이상이어야 합니다.
optimize-too-many-patterns = 파드 그룹과 노드 옵션으로 노드 하나를 채우는 방법이 { $limit }개를 넘어 옵티마이저가 처리할 수 없습니다. requests가 비슷한 파드 그룹을 합치거나 인스턴스 유형 수를 줄이십시오.
optimize-solver-failed = 솔버가 실패했습니다: { $detail }. 시간 제한을 늘리거나 인스턴스 유형 수를 줄여 다시 시도하십시오.
optimize-too-many-pods = 파드가 { $limit }개를 넘어 옵티마이저가 처리할 수 없습니다. 파드를 더 작은 묶음으로 나누어 계획하십시오.
