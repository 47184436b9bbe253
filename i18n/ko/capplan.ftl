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
