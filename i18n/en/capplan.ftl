# capplan messages, English. Every id here must also exist in ../ko/capplan.ftl.
# Keep Kubernetes terms as Kubernetes writes them (Pending, NodePool, allocatable).

## Errors
error-prefix = error

## catalog
catalog-missing-column = the column { $column } is missing; regenerate the file with instance-catalog/build.py
catalog-empty-value = the column { $column } is empty; give a value
catalog-invalid-integer = the column { $column } has { $value }, which is not a whole number
catalog-invalid-boolean = the column { $column } has { $value }; use true or false
catalog-invalid-decimal = the column { $column } has { $value }; use a non-negative decimal with at most { $digits } digits after the point
catalog-invalid-quantity = the column { $column } has the invalid quantity { $value }: { $reason }
catalog-invalid-csv = the file is not valid CSV: { $reason }
catalog-read-failed = cannot read the instance catalog file
catalog-duplicate-type = the instance type { $name } appears more than once; keep one row per type
catalog-unknown-type = the instance type { $name } is not in { $file }; add it there or remove this row
catalog-unknown-allowed-type = the instance type { $name } is not in the catalog; check the spelling (for example t3a.xlarge) or add it to the catalog
kubelet-invalid-threshold = evictionHard { $signal } has { $value }, which is neither a quantity (100Mi) nor a percentage up to 100% (10%)
kubelet-negative-value = { $field } is { $value }; use 0 or more
