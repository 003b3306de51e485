#!/usr/bin/env bash
# Builds the libFuzzer target (ASan + libFuzzer over decode → clean → parse → every writer,
# and Word templates) and fuzzes for SECONDS. A broken invariant or a crash stops the run, and
# libFuzzer saves the input under .build-fuzz/artifacts/: copy it into
# Tests/ReliabilityTests/FuzzRegressions/ so the test suite replays it for ever.
# Usage: scripts/fuzz.sh SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
scratch=.build-fuzz
SPEECHDOC_FUZZ=1 swift build -c release --scratch-path "$scratch" --product speechdoc-fuzz 2>&1 \
    | grep -E "error|warning: unre|Compiling|Build" | grep -v "Cannot export local symbol" | tail -n 5 || true
binary="$scratch/release/speechdoc-fuzz"
[ -x "$binary" ] || { echo "speechdoc: the fuzz target did not build" >&2; exit 1; }

# The corpus starts from the samples, every input that once broke something, and the real
# pages when ../shared is there; what libFuzzer learns stays in $scratch/corpus between runs.
corpus="$scratch/corpus"
mkdir -p "$corpus" "$scratch/artifacts"
cp Samples/*.txt Tests/ReliabilityTests/FuzzRegressions/* "$corpus"/ 2>/dev/null || true
if [ -d ../shared/seeds ]; then cp ../shared/seeds/*.txt "$corpus"/; fi

echo "speechdoc: fuzzing for ${seconds}s"
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$binary" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=20 \
    -rss_limit_mb=4096 -artifact_prefix="$scratch/artifacts/" -print_final_stats=1 2>&1 | tail -n 25
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
    echo "speechdoc: the fuzzer found a failure; the input is in $scratch/artifacts/" >&2
    exit "$status"
fi
