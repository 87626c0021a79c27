#!/usr/bin/env bash
# Fuzzes every parser of bytes that come from outside with libFuzzer (clang from Debian):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default 60 s each, every target)
# Builds build-fuzz/ (clang, ASan + UBSan, -DWIPESEAL_FUZZ=ON), replays tests/fuzz/regressions/
# (every crash ever found, kept as a regression input), then fuzzes each target from its seed
# corpus (tests/fuzz/corpus/<target>, copied: new inputs stay in build-fuzz/corpus/). A crash is
# saved under build-fuzz/crashes/<target>/ and fails the script: copy it into
# tests/fuzz/regressions/<target>/ with the fix. Prints executions per target.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
ALL=(firmware record_json journal certificate_json p7s register)
TARGETS=("$@")
if [[ $# -eq 0 ]]; then TARGETS=("${ALL[@]}"); fi

CXX=$(command -v clang++-16 || command -v clang++ || true)
if [[ -z $CXX ]] || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "fuzz: clang and libFuzzer are needed: apt-get install clang-16 libclang-rt-16-dev" >&2
  exit 1
fi
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$CXX" \
  -DWIPESEAL_FUZZ=ON -DWIPESEAL_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz --target "${TARGETS[@]/#/fuzz_}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
printf '%-18s %12s %10s %s\n' target executions corpus result
for t in "${TARGETS[@]}"; do
  bin=build-fuzz/tests/fuzz/fuzz_$t
  # Every input that once crashed is replayed first.
  if compgen -G "tests/fuzz/regressions/$t/*" >/dev/null; then
    "$bin" tests/fuzz/regressions/"$t"/* >/dev/null 2>&1 || { echo "fuzz: $t: a regression input fails again" >&2; failed=1; }
  fi
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/crashes/$t"
  cp -n tests/fuzz/corpus/"$t"/* "build-fuzz/corpus/$t/" 2>/dev/null || true
  log=build-fuzz/fuzz-$t.log
  if "$bin" -max_total_time="$SECONDS_EACH" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
       -artifact_prefix="build-fuzz/crashes/$t/" "build-fuzz/corpus/$t" >"$log" 2>&1; then
    result=ok
  else
    result="CRASH (see $log and build-fuzz/crashes/$t/)"
    failed=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  [[ -n $execs ]] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  printf '%-18s %12s %10s %s\n' "$t" "${execs:-?}" "$(ls "build-fuzz/corpus/$t" | wc -l)" "$result"
done
exit "$failed"
