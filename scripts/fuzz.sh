#!/usr/bin/env bash
# Fuzzes every parser of bytes that come from outside (tests/fuzz/README.md):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default 60 s each, every target)
# libFuzzer targets (clang from Debian): builds build-fuzz/ (ASan + UBSan, -DWIPESEAL_FUZZ=ON).
# The PDF parser (target "pdf"): AFL++ in its GCC mode (Debian's afl++), build-fuzz-afl/
# (-DWIPESEAL_FUZZ_AFL=ON; fuzzed with UBSan and libstdc++ assertions, every kept input then
# replayed under ASan), because qpdf's headers do not compile with clang.
# Each target first replays tests/fuzz/regressions/<target>/ (every crash ever found, kept as a
# regression input), then is fuzzed from its seed corpus (tests/fuzz/corpus/<target>, copied:
# new inputs stay in the build folder). A crash is saved under build-fuzz*/crashes/<target>/ and
# fails the script: copy it into tests/fuzz/regressions/<target>/ with the fix. Prints
# executions per target.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
ALL=(firmware record_json journal certificate_json p7s register pdf)
TARGETS=("$@")
if [[ $# -eq 0 ]]; then TARGETS=("${ALL[@]}"); fi
LIBFUZZER=()
AFL=0
for t in "${TARGETS[@]}"; do
  if [[ $t == pdf ]]; then AFL=1; else LIBFUZZER+=("$t"); fi
done

if ((${#LIBFUZZER[@]})); then
  CXX=$(command -v clang++-16 || command -v clang++ || true)
  if [[ -z $CXX ]] || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
    echo "fuzz: clang and libFuzzer are needed: apt-get install clang-16 libclang-rt-16-dev" >&2
    exit 1
  fi
fi
if ((${#LIBFUZZER[@]})); then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$CXX" \
    -DWIPESEAL_FUZZ=ON -DWIPESEAL_BUILD_TESTS=OFF >/dev/null
  cmake --build build-fuzz --target "${LIBFUZZER[@]/#/fuzz_}"
fi
if ((AFL)); then
  if ! command -v afl-fuzz >/dev/null || ! command -v afl-g++ >/dev/null; then
    echo "fuzz: AFL++ is needed for the PDF target: apt-get install afl++" >&2
    exit 1
  fi
  # afl-g++ is AFL++'s GCC mode (instrumentation by afl-as): Debian's GCC plugin mode refuses
  # Debian's own gcc-12 build ("incompatible versions").
  AFL_QUIET=1 cmake -S . -B build-fuzz-afl -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$(command -v afl-g++)" -DWIPESEAL_FUZZ_AFL=ON -DWIPESEAL_BUILD_TESTS=OFF >/dev/null
  AFL_QUIET=1 cmake --build build-fuzz-afl --target fuzz_pdf fuzz_pdf_asan
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
printf '%-18s %12s %10s %s\n' target executions corpus result
# AFL++ with ASan: AFL++ requires these options; it runs each input in a forked process.
afl_target() {
  local t=$1 bin=build-fuzz-afl/tests/fuzz/fuzz_$1 out=build-fuzz-afl/out/$1 result
  local asan=build-fuzz-afl/tests/fuzz/fuzz_$1_asan
  if compgen -G "tests/fuzz/regressions/$t/*" >/dev/null; then
    "$asan" tests/fuzz/regressions/"$t"/* >/dev/null 2>&1 || { echo "fuzz: $t: a regression input fails again" >&2; failed=1; }
  fi
  # Each run starts from the seeds plus what earlier runs found (kept in build-fuzz-afl/corpus/).
  local corpus_dir=build-fuzz-afl/corpus/$t log=build-fuzz-afl/fuzz-$t.log
  rm -rf "$out"
  mkdir -p "$out" "$corpus_dir"
  cp -n tests/fuzz/corpus/"$t"/* "$corpus_dir/" 2>/dev/null || true
  ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=1 \
    AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    afl-fuzz -V "$SECONDS_EACH" -m none -t 10000 -x "tests/fuzz/$t.dict" -i "$corpus_dir" -o "$out" -- "$bin" @@ \
    >"$log" 2>&1 || true
  for q in "$out"/default/queue/id:*; do
    if [[ -f $q ]]; then cp -n "$q" "$corpus_dir/$(sha1sum "$q" | cut -c1-16)" 2>/dev/null || true; fi
  done
  # Everything kept, replayed once under ASan (AFL++ fuzzes the faster UBSan build).
  local replay=ok
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 "$asan" "$corpus_dir"/* >"build-fuzz-afl/replay-$t.log" 2>&1 || replay=failed
  local stats=$out/default/fuzzer_stats
  local execs crashes corpus
  execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats" 2>/dev/null || true)
  crashes=$(awk -F' *: *' '$1=="saved_crashes"||$1=="unique_crashes"{print $2}' "$stats" 2>/dev/null || true)
  corpus=$(awk -F' *: *' '$1=="corpus_count"||$1=="paths_total"{print $2}' "$stats" 2>/dev/null || true)
  if [[ -z $execs ]]; then
    result="AFL++ DID NOT RUN (see $log)"
    failed=1
  elif [[ $replay != ok ]]; then
    result="ASan FOUND A PROBLEM replaying the corpus (see build-fuzz-afl/replay-$t.log)"
    failed=1
  elif [[ ${crashes:-0} != 0 ]]; then
    mkdir -p "build-fuzz-afl/crashes/$t"
    cp "$out"/default/crashes/id:* "build-fuzz-afl/crashes/$t/" 2>/dev/null || true
    result="CRASH (see build-fuzz-afl/crashes/$t/)"
    failed=1
  else
    result=ok
  fi
  printf '%-18s %12s %10s %s\n' "$t" "${execs:-?}" "${corpus:-?}" "$result"
}

for t in "${TARGETS[@]}"; do
  if [[ $t == pdf ]]; then
    afl_target "$t"
    continue
  fi
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
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  [[ -n $execs ]] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  printf '%-18s %12s %10s %s\n' "$t" "${execs:-?}" "$(ls "build-fuzz/corpus/$t" | wc -l)" "$result"
done
exit "$failed"
