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
