#!/bin/bash
# Build the image and run its VM tests (the CI step for issue 16).
#
#   iso/vmtest/run-image-tests.sh [--no-build] [--iso FILE] [--keep DIR]
#
# 1. iso/build-image.sh (zstd-3 squashfs; live-build cache in /var/cache/wipeseal-image/lb)
# 2. image_test.py unattended  --firmware uefi     (stick with data partition, 3 disks erased, certificates)
# 3. image_test.py inspect     --firmware bios     (no network, no listening socket, screendump)
# 4. image_test.py inspect     --firmware uefi-sb  (the same under Secure Boot with Microsoft keys)
# Each VM test boots under TCG (never KVM) with -nic none, one after the other
# (each guest uses both cores). Exit 0 only if all pass.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD=1
ISO=/var/cache/wipeseal-image/out/wipeseal.iso
KEEP=
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --iso) ISO=$2; BUILD=0; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 1 ;;
  esac
done
T0=$(date +%s)
if [ "$BUILD" = 1 ]; then
  ISO=$("$HERE/../build-image.sh" | tail -n1)
fi
fails=0
for t in "unattended uefi" "inspect bios" "inspect uefi-sb"; do
  set -- $t
  work=()
  [ -n "$KEEP" ] && work=(--work "$KEEP/$1-$2")
  s=$(date +%s)
  if python3 "$HERE/image_test.py" "$1" --firmware "$2" --iso "$ISO" "${work[@]}"; then r=PASS; else r=FAIL; fails=$((fails + 1)); fi
  echo "run-image-tests: $r $1 ($2) in $(( $(date +%s) - s )) s"
done
echo "run-image-tests: total $(( $(date +%s) - T0 )) s"
[ "$fails" -eq 0 ]
