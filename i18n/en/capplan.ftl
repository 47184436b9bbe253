# capplan messages, English. Every id here must also exist in ../ko/capplan.ftl.
# Keep Kubernetes terms as Kubernetes writes them (Pending, NodePool, allocatable).

## Errors
error-prefix = error

## optimize
optimize-negative = { $subject }: { $field } is negative; requests, allocatable, capacity, prices and NodePool usage must be zero or more.
optimize-too-many-patterns = The pod groups and node options allow more than { $limit } ways to fill one node, too many for the optimizer; merge pod groups with similar requests or offer fewer instance types.
optimize-solver-failed = The solver failed: { $detail }. Retry with a longer time limit or fewer instance types.
optimize-too-many-pods = The plan has more than { $limit } pods, more than the optimizer accepts; plan the pods in smaller batches.
