#!/usr/bin/env bash
# Runs every fuzz target in turn on the stable toolchain, SECONDS seconds each
# (default 600), and prints libFuzzer's closing line for each.
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a C++ compiler for libFuzzer.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(quantity scenario manifest snapshot kubeconfig files)
fi
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    log="fuzz-$target.log"
    # --sanitizer none keeps to stable rustc flags (no -Z); -O is an optimized build.
    cargo fuzz run --sanitizer none -O "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1 || { echo "$target: FAILED, see fuzz/$log"; continue; }
    echo "$target: $(grep -E '^Done [0-9]+ runs' "$log" | tail -1)"
done
