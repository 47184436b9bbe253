#!/usr/bin/env python3
"""Build the capplan instance catalog from the upstream data snapshots.

Usage: python3 instance-catalog/build.py DATA_DIR

DATA_DIR contains karpenter-instance-types.csv, aws-vpc-limits.csv,
eks-eni-max-pods.txt, aws-on-demand-prices-us-east-1.csv and
curated-instance-catalog.csv (their upstream sources are listed in
sources.csv). The script writes instance-types.csv, burstable.csv and
prices.csv next to itself. It uses the standard library only and stops with
an error naming the file and line when the inputs disagree.
"""

import csv
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Column prefix of Karpenter's modelled allocatable in karpenter-instance-types.csv.
KARPENTER_RESOURCE_PREFIX = "resource:"
LABEL_COLUMNS_EXCLUDED = {"name"}

# The EC2 vCPU and memory labels Karpenter sets from DescribeInstanceTypes.
VCPU_LABEL = "karpenter.k8s.aws/instance-cpu"
MEMORY_LABEL = "karpenter.k8s.aws/instance-memory"
ARCH_LABEL = "kubernetes.io/arch"

SEOUL = "ap-northeast-2"
US_EAST_1 = "us-east-1"


def fail(path, line, message):
    sys.exit(f"{path}:{line}: {message}")


def read_csv(path):
    """Return (header, [(line_number, row_dict)]) of a CSV file with a header row."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [(reader.line_num, row) for row in reader]
        return reader.fieldnames, rows


def read_eni_max_pods(path):
    """Parse the EKS AMI's `type max_pods` table, skipping `#` comments."""
    table = {}
    lines = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            parts = text.split()
            if len(parts) != 2 or not parts[1].isdigit():
                fail(path, number, f"expected 'instance-type max-pods', found {text!r}")
            table[parts[0]] = int(parts[1])
            lines[parts[0]] = number
    return table, lines


def eni_limited_pods(enis, ipv4_per_eni):
    # eni-max-pods.txt header and Karpenter's ENILimitedPods: the first IPv4
    # address of each ENI is the ENI's own, and +2 covers the host-network pods
    # (aws-node and kube-proxy).
    return enis * (ipv4_per_eni - 1) + 2


def default_card_enis(path, line, name, total_enis, ipv4_per_eni, pods):
    """Return the ENI count on network card 0 that yields `pods`.

    aws-vpc-limits.csv counts ENIs over all network cards, but the VPC CNI,
    the EKS AMI and Karpenter use only the default card (index 0).
    """
    usable = pods - 2
    if ipv4_per_eni < 2 or usable % (ipv4_per_eni - 1) != 0:
        fail(path, line, f"{name}: max pods {pods} is not ENIs x (IPv4 per ENI - 1) + 2")
    enis = usable // (ipv4_per_eni - 1)
    if not 0 < enis <= total_enis:
        fail(path, line, f"{name}: derived {enis} ENIs on card 0, but the type has {total_enis} in all")
    return enis


def build_instance_types(data):
    karpenter_path = data / "karpenter-instance-types.csv"
    vpc_path = data / "aws-vpc-limits.csv"
    max_pods_path = data / "eks-eni-max-pods.txt"

    header, karpenter_rows = read_csv(karpenter_path)
    _, vpc_rows = read_csv(vpc_path)
    vpc = {row["instance_type"]: row for _, row in vpc_rows}
    eks_max_pods, eks_lines = read_eni_max_pods(max_pods_path)

    label_keys = [key for key in header if key not in LABEL_COLUMNS_EXCLUDED
                  and not key.startswith(KARPENTER_RESOURCE_PREFIX)]
    resource_keys = [key[len(KARPENTER_RESOURCE_PREFIX):] for key in header
                     if key.startswith(KARPENTER_RESOURCE_PREFIX)]

    columns = ["name", "vcpu", "memory_mib", "arch", "enis", "enis_all_cards",
               "ipv4_per_eni", "max_pods", "trunking_compatible", "branch_interfaces"]
    columns += [f"label:{key}" for key in label_keys]
    columns += [f"karpenter-allocatable:{key}" for key in resource_keys]
    columns += ["hardware_source", "hardware_date", "eni_source", "eni_date", "max_pods_source"]

    out = []
    derived = []
    for line, row in karpenter_rows:
        name = row["name"]
        karpenter_pods = int(row["resource:pods"])
        record = {
            "name": name,
            "vcpu": row[VCPU_LABEL],
            "memory_mib": row[MEMORY_LABEL],
            "arch": row[ARCH_LABEL],
            "hardware_source": "karpenter-docs",
            "hardware_date": "2026-07-11",
        }
        limits = vpc.get(name)
        eks_pods = eks_max_pods.get(name)
        if limits is None:
            # No ENI data: keep the EKS AMI's published value, which Karpenter's
            # own figure must match.
            if eks_pods is None:
                fail(karpenter_path, line, f"{name}: no ENI limits and no EKS max pods")
            if eks_pods != karpenter_pods:
                fail(max_pods_path, eks_lines[name], f"{name}: EKS max pods {eks_pods} != Karpenter {karpenter_pods}")
            record.update(enis="", enis_all_cards="", ipv4_per_eni="", max_pods=eks_pods,
                          trunking_compatible="", branch_interfaces="",
                          eni_source="", eni_date="", max_pods_source="eks-eni-max-pods")
        else:
            total = int(limits["max_network_interfaces"])
            ipv4 = int(limits["ipv4_per_interface"])
            published = eks_pods if eks_pods is not None else karpenter_pods
            published_source = "eks-eni-max-pods" if eks_pods is not None else "karpenter-docs"
            if eni_limited_pods(total, ipv4) == published:
                enis = total
                pods_source = "vpc-limits"
            else:
                # A multi-card type: take card 0's ENI count from the published
                # max pods, which count card 0 only.
                enis = default_card_enis(vpc_path, line, name, total, ipv4, published)
                pods_source = f"vpc-limits+{published_source}"
                derived.append((name, total, enis, published_source))
            pods = eni_limited_pods(enis, ipv4)
            if eks_pods is not None and pods != eks_pods:
                fail(max_pods_path, eks_lines[name], f"{name}: computed max pods {pods} != EKS {eks_pods}")
            record.update(enis=enis, enis_all_cards=total, ipv4_per_eni=ipv4, max_pods=pods,
                          trunking_compatible=limits["trunking_compatible"],
                          branch_interfaces=limits["branch_interfaces"],
                          eni_source="vpc-limits", eni_date="2026-08-06",
                          max_pods_source=pods_source)
        for key in label_keys:
            record[f"label:{key}"] = row[key]
        for key in resource_keys:
            record[f"karpenter-allocatable:{key}"] = row[KARPENTER_RESOURCE_PREFIX + key]
        out.append(record)

    write_csv(HERE / "instance-types.csv", columns, out)
    return {record["name"]: record for record in out}, derived


def build_burstable(data, types):
    credits_path = HERE / "sources" / "aws-burstable-credits.csv"
    curated_path = data / "curated-instance-catalog.csv"
    _, credit_rows = read_csv(credits_path)
    _, curated_rows = read_csv(curated_path)
    curated = {row["name"]: (line, row) for line, row in curated_rows}

    out = []
    for line, row in credit_rows:
        name = row["instance_type"]
        if name not in types:
            continue
        vcpu = int(row["vcpu"])
        if vcpu != int(types[name]["vcpu"]):
            fail(credits_path, line, f"{name}: {vcpu} vCPU, but the catalog has {types[name]['vcpu']}")
        credits = Decimal(row["credits_per_hour"])
        baseline_pct = Decimal(row["baseline_pct_per_vcpu"])
        # AWS: baseline % = (credits earned per hour / vCPUs) / 60 minutes.
        if credits / vcpu / 60 * 100 != baseline_pct:
            fail(credits_path, line, f"{name}: {credits} credits/h on {vcpu} vCPU is not {baseline_pct}%")
        source = "aws-burstable-credits"
        if name in curated:
            curated_line, curated_row = curated[name]
            if Decimal(curated_row["baseline_pct"]) != baseline_pct:
                fail(curated_path, curated_line, f"{name}: baseline {curated_row['baseline_pct']}% != AWS {baseline_pct}%")
            source += "+curated"
        out.append({
            "name": name,
            "baseline_millis_per_vcpu": int(baseline_pct * 10),
            "credits_per_hour": row["credits_per_hour"],
            "max_accrued_credits": row["max_accrued_credits"],
            "source": source,
            # The AWS document carries no date; sources.csv pins its commit.
            "source_date": "undated",
        })
    write_csv(HERE / "burstable.csv", ["name", "baseline_millis_per_vcpu", "credits_per_hour",
                                       "max_accrued_credits", "source", "source_date"], out)
    return out


def build_prices(data, types):
    prices_path = data / "aws-on-demand-prices-us-east-1.csv"
    curated_path = data / "curated-instance-catalog.csv"
    _, price_rows = read_csv(prices_path)
    _, curated_rows = read_csv(curated_path)

    out = []
    us_east_1 = {}
    for line, row in price_rows:
        name = row["instance_type"]
        price = Decimal(row["usd_per_hour"])
        if price <= 0 or price.as_tuple().exponent < -6:
            fail(prices_path, line, f"{name}: price {row['usd_per_hour']} is not a positive amount with at most 6 decimals")
        us_east_1[name] = row["usd_per_hour"]
    for name in types:
        if name in us_east_1:
            out.append({"name": name, "region": US_EAST_1, "usd_per_hour": us_east_1[name],
                        "verified": "true", "source": "aws-pricing-us-east-1",
                        "source_date": "2026-07-20"})
    for line, row in curated_rows:
        name = row["name"]
        if name not in types:
            fail(curated_path, line, f"{name} is not in the Karpenter catalog")
        if Decimal(row["price_us_east_1"]) != Decimal(us_east_1.get(name, "-1")):
            fail(curated_path, line, f"{name}: us-east-1 price {row['price_us_east_1']} != {us_east_1.get(name)}")
        if row["price_ap_northeast_2"]:
            out.append({"name": name, "region": SEOUL, "usd_per_hour": row["price_ap_northeast_2"],
                        "verified": "false", "source": "seoul-unverified", "source_date": "undated"})
    write_csv(HERE / "prices.csv", ["name", "region", "usd_per_hour", "verified", "source",
                                    "source_date"], out)
    return out


def write_csv(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: build.py DATA_DIR")
    data = Path(sys.argv[1])
    types, derived = build_instance_types(data)
    burstable = build_burstable(data, types)
    prices = build_prices(data, types)
    print(f"instance-types.csv: {len(types)} types")
    print(f"burstable.csv: {len(burstable)} types")
    print(f"prices.csv: {len(prices)} rows")
    print(f"{len(derived)} multi-card types with card-0 ENIs derived from published max pods:")
    for name, total, enis, source in derived:
        print(f"  {name}: {enis} of {total} ENIs ({source})")


if __name__ == "__main__":
    main()
