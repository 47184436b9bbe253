# capplan messages, English. Every id here must also exist in ../ko/capplan.ftl.
# Keep Kubernetes terms as Kubernetes writes them (Pending, NodePool, allocatable).

## Errors
error-prefix = error
error-caused-by = caused by

## Command-line help (one id per command and argument; see src/cli/help.rs)
help-template = {"{"}about-with-newline{"}"}
    Usage: {"{"}usage{"}"}

    {"{"}all-args{"}"}

## Reports
severity-error = ERROR
severity-warning = WARNING
severity-info = INFO
