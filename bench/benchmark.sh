#!/usr/bin/env bash
# Measures wipeseal against dd on the same devices in the same run: overwrite speed (also
# against shred, and nwipe where installed), the cost of the default 1 % read-back, and full
# read-back speed against dd reading. Not a test: it prints numbers.
#
#   bench/benchmark.sh [SIZE] [REPEATS]      (root; SIZE default 4G, REPEATS default 3)
#   BENCH_SKIP="shred nwipe" bench/benchmark.sh 4G 9
#                                            leaves those tools out (nwipe takes most of the time),
#                                            so more repeats fit; dd and wipeseal always run.
#
# Devices: a loop device backed by a file on tmpfs (RAM), and one backed by a file on the disk
# holding /var/tmp, attached with --direct-io=on so writes really reach that disk. Both are
# created here and removed at the end; nothing else is ever written to. Each tool runs REPEATS
# times, the tools interleaved, and the median time is reported as a ratio to dd's median.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SIZE=${1:-4G}
REPEATS=${2:-3}
if [[ $(id -u) -ne 0 ]]; then
  echo "benchmark: needs root (it creates loop devices and mounts a tmpfs)" >&2
  exit 1
fi
[[ -x build/cli/wipeseal ]] || scripts/setup.sh build
BIN=$ROOT/build/cli/wipeseal
SIZE_BYTES=$(numfmt --from=iec "$SIZE")

WORK=$(mktemp -d /var/tmp/wipeseal-bench.XXXXXX)
DEVICES=()
declare -A BACKING=()
cleanup() {
  for dev in "${DEVICES[@]}"; do losetup -d "$dev" 2>/dev/null || true; done
  umount "$WORK/tmpfs" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

attach() {  # attach FILE [losetup options...] -> sets ATTACHED=/dev/loopN
  local file=$1
  shift
  ATTACHED=$(losetup --show -f "$@" "$file")
  DEVICES+=("$ATTACHED")
  BACKING[$ATTACHED]=$file
}

# Refuses any device this script did not create, right before every tool touches it.
guard() {
  local dev=$1 name
  name=$(basename "$dev")
  if [[ -z ${BACKING[$dev]:-} || $(cat "/sys/block/$name/loop/backing_file" 2>/dev/null) != "${BACKING[$dev]}" ]]; then
    echo "benchmark: REFUSING $dev: not a loop device created by this run" >&2
    exit 2
  fi
}

mkdir -p "$WORK/tmpfs"
mount -t tmpfs -o size=$((SIZE_BYTES + 64 * 1024 * 1024)) tmpfs "$WORK/tmpfs"
fallocate -l "$SIZE_BYTES" "$WORK/tmpfs/disk.img"
fallocate -l "$SIZE_BYTES" "$WORK/disk.img"
attach "$WORK/tmpfs/disk.img"
RAM_DEV=$ATTACHED
attach "$WORK/disk.img" --direct-io=on
DISK_DEV=$ATTACHED

now_ns() { date +%s%N; }

# run_tool TOOL DEV -> sets LAST_SECONDS, LAST_RSS_KB, LAST_FIRST_WRITE_MS
run_tool() {
  local tool=$1 dev=$2 start end
  guard "$dev"
  LAST_RSS_KB=""
  LAST_FIRST_WRITE_MS=""
  LAST_VERIFY_S=""
  rm -rf "$WORK/records" "$WORK/state"
  start=$(now_ns)
  case $tool in
    dd) dd if=/dev/zero of="$dev" bs=4M oflag=direct status=none 2>/dev/null || true ;;
    dd-read) dd if="$dev" of=/dev/null bs=4M iflag=direct status=none ;;
    wipeseal-zero | wipeseal-clear | wipeseal-clear+verify)
      local method=${tool#wipeseal-} verify=none
      [[ $method == clear+verify ]] && method=clear verify=1
      /usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" --lang en erase "$dev" --yes --method "$method" --verify "$verify" \
        --out "$WORK/records" --state-dir "$WORK/state" >"$WORK/out" 2>&1 ||
        { cat "$WORK/out" >&2; exit 1; }
      LAST_RSS_KB=$(tail -1 "$WORK/rss")
      LAST_FIRST_WRITE_MS=$(grep -o '"time_to_first_write_ms": [0-9.]*' "$WORK"/records/*.json | awk '{print $2}')
      cp "$WORK"/records/*.json "$WORK/last-record.json"
      LAST_VERIFY_S=$(grep -o '"duration_seconds": [0-9.e-]*' "$WORK/last-record.json" | awk '{print $2}' || true)
      ;;
    wipeseal-verify-full)
      /usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" --lang en verify "$dev" --record "$WORK/last-record.json" \
        --verify full --out "$WORK/audits" >"$WORK/out" 2>&1 || { cat "$WORK/out" >&2; exit 1; }
      LAST_RSS_KB=$(tail -1 "$WORK/rss")
      ;;
    shred) shred -n1 "$dev" ;;
    nwipe) nwipe --autonuke --nogui --method=random --verify=off --noblank --nowait "$dev" >"$WORK/nwipe.log" 2>&1 ;;
  esac
  end=$(now_ns)
  LAST_SECONDS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Order matters: a read-back needs the record of the wipeseal run just before it.
TOOLS=(dd wipeseal-zero wipeseal-clear wipeseal-clear+verify dd-read wipeseal-verify-full)
for other in shred nwipe; do
  if command -v "$other" >/dev/null && [[ " ${BENCH_SKIP:-} " != *" $other "* ]]; then TOOLS+=("$other"); fi
done

echo "wipeseal benchmark: $SIZE per device, $REPEATS runs per tool, $(nproc) CPUs, $(uname -r)"
echo "  ram  = $RAM_DEV (file on tmpfs)"
echo "  disk = $DISK_DEV (file on $(df --output=source /var/tmp | tail -1), loop direct-io on)"
echo
declare -A TIMES=() RSS=() FIRST=() VERIFY=()
for dev_label in ram disk; do
  dev=$RAM_DEV
  [[ $dev_label == disk ]] && dev=$DISK_DEV
  run_tool dd "$dev"  # warm-up, not counted: allocates the backing pages
  for ((rep = 1; rep <= REPEATS; rep++)); do
    for tool in "${TOOLS[@]}"; do
      run_tool "$tool" "$dev"
      TIMES[$dev_label/$tool]+="$LAST_SECONDS "
      [[ -n $LAST_RSS_KB ]] && RSS[$dev_label/$tool]+="$LAST_RSS_KB "
      [[ -n $LAST_FIRST_WRITE_MS ]] && FIRST[$dev_label/$tool]+="$LAST_FIRST_WRITE_MS "
      [[ -n $LAST_VERIFY_S ]] && VERIFY[$dev_label]+="$LAST_VERIFY_S "
      printf '  %-5s %-15s run %d: %7.3f s\n' "$dev_label" "$tool" "$rep" "$LAST_SECONDS"
    done
  done
done

med() { tr ' ' '\n' <<<"${TIMES[$1]}" | grep . | median; }

echo
printf '%-6s %-22s %10s %10s %12s %14s %16s\n' device tool "median s" "MB/s" "ratio to dd" "peak RSS MiB" "1st write ms"
for dev_label in ram disk; do
  for tool in "${TOOLS[@]}"; do
    # Reads compare with dd reading, writes with dd writing.
    base=$(med "$dev_label/dd")
    [[ $tool == dd-read || $tool == wipeseal-verify-full ]] && base=$(med "$dev_label/dd-read")
    m=$(med "$dev_label/$tool")
    rss="-"
    first="-"
    if [[ -n ${RSS[$dev_label/$tool]:-} ]]; then
      rss=$(tr ' ' '\n' <<<"${RSS[$dev_label/$tool]}" | grep . | sort -g | tail -1 | awk '{ printf "%.1f", $1 / 1024 }')
    fi
    if [[ -n ${FIRST[$dev_label/$tool]:-} ]]; then
      first=$(tr ' ' '\n' <<<"${FIRST[$dev_label/$tool]}" | grep . | median | awk '{ printf "%.1f", $1 }')
    fi
    awk -v d="$dev_label" -v t="$tool" -v m="$m" -v base="$base" -v size="$SIZE_BYTES" -v rss="$rss" -v first="$first" \
      'BEGIN { printf "%-6s %-22s %10.3f %10.0f %12.3f %14s %16s\n", d, t, m, size / m / 1e6, m / base, rss, first }'
  done
done
echo
echo "ratio = time / dd's time (writes: dd oflag=direct bs=4M; reads: dd iflag=direct bs=4M); < 1 is faster than dd"
for dev_label in ram disk; do
  vmed=$(tr ' ' '\n' <<<"${VERIFY[$dev_label]}" | grep . | median)
  awk -v d="$dev_label" -v plain="$(med "$dev_label/wipeseal-clear")" -v verified="$(med "$dev_label/wipeseal-clear+verify")" \
    -v v="$vmed" -v ddr="$(med "$dev_label/dd-read")" -v full="$(med "$dev_label/wipeseal-verify-full")" 'BEGIN {
      printf "%-5s default 1 %% read-back: %.0f ms by the record = %.1f %% of clear (whole jobs differ by %+.1f %%);", \
             d, v * 1000, v / plain * 100, (verified - plain) / plain * 100
      printf " full read-back runs at %.2f x dd read speed\n", ddr / full }'
done
echo "targets: zero and clear <= 1.05 x dd time; peak RSS < 64 MiB; first write < 500 ms;"
echo "         1 % read-back adds <= 5 % to clear (RAM device); full read-back >= 0.95 x dd read speed"
