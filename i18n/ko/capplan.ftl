# capplan 메시지, 한국어. ../en/capplan.ftl의 모든 id가 여기에도 있어야 합니다.
# Kubernetes 용어는 원문 그대로 씁니다 (Pending, NodePool, allocatable).

## 오류
error-prefix = 오류

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
