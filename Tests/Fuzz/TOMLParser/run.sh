#!/usr/bin/env bash
# Fuzzes toml++ (the C++ parser inside TOMLKit) directly, behind the daemon's own TOMLParserGuard, to find the
# parser's assertions that a configuration file can still reach. The Swift target FuzzConfig does the same
# through the whole loader at ≈700 exec/s; this runs at ≈30 000.
#
#   Tests/Fuzz/TOMLParser/run.sh SECONDS
#
# Needs the package's checkouts (`swift build` once). Starts from Tests/Fuzz/Corpus/FuzzConfig with its
# dictionary; each assertion found lands in .build/toml-parser/findings (the run goes on: -ignore_crashes), and
# the end prints the distinct assertions (none expected). Add any to Tests/KeepaliveFuzzingTests/Fixtures.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?seconds}
repo=$(cd ../../.. && pwd)
header=$repo/.build/checkouts/TOMLKit/Sources/CTOML/Sources/toml.hpp
[[ -f $header ]] || { echo "no $header: run swift build in $repo first" >&2; exit 2; }
work=$repo/.build/toml-parser
mkdir -p "$work/corpus" "$work/findings"
cp -n ../Corpus/FuzzConfig/* "$work/corpus/" 2>/dev/null || true
clang++ -std=c++17 -O1 -g -w -fsanitize=fuzzer-no-link -DTOML_HEADER="\"$header\"" -c harness.cpp -o "$work/harness.o"
swiftc -O -parse-as-library -sanitize=fuzzer Guard.swift "$repo/Sources/KeepaliveConfig/TOMLParserGuard.swift" \
    "$work/harness.o" -lstdc++ -o "$work/fuzz-toml-parser"
# Swift's backtracer would catch the abort before libFuzzer could save the input.
SWIFT_BACKTRACE=enable=no "$work/fuzz-toml-parser" "$work/corpus" -dict=../Dictionaries/FuzzConfig.dict -fork=1 \
    -ignore_crashes=1 -max_total_time="$seconds" -artifact_prefix="$work/findings/" >"$work/log" 2>&1 || true
grep -E '^#[0-9]+' "$work/log" | tail -1
echo "findings: $(find "$work/findings" -type f | wc -l) in $work/findings"
for input in "$work/findings"/*; do
    [[ -f $input ]] || continue
    SWIFT_BACKTRACE=enable=no "$work/fuzz-toml-parser" "$input" 2>&1 | grep -o 'toml.hpp:[0-9]*: .*failed' || true
done | sort | uniq -c
