#!/bin/bash
# VM test: wipeseal erases an NVMe drive through the real Linux NVMe driver.
#
#   run-nvme-purge-test.sh [--keep DIR] [--method M] [--expect-firmware|--no-expect-firmware]
#                          [--timeout SECONDS] [--verbose]
#
# Boots the stock Debian kernel under QEMU (TCG software emulation, never KVM)
# with an emulated NVMe controller whose namespace holds an ext4 filesystem of
# marker files, runs "wipeseal erase /dev/nvme0n1" in the guest, and checks
# from the host: the guest finished, wipeseal exited 0, no marker string and
# no filesystem signature is left in the NVMe image, and the job record says
# what it must (check_record.py). Exit status 0 = pass.
#
# Uses image files only: no loop devices, no host /dev paths; root not needed.
#
# Options:
#   --keep DIR        work in DIR and keep it (images, serial log, results)
#   --method M        erase method passed to the guest (default: auto, or
#                     $WIPESEAL_VM_METHOD)
#   --expect-firmware / --no-expect-firmware
#                     require the firmware (Format NVM) purge in the record;
#                     default: on when the method is auto
#   --timeout S       hard limit for the VM (default 600, or $WIPESEAL_VM_TIMEOUT)
#   --verbose         show the guest's serial console while it runs
#
# Environment:
#   WIPESEAL_BIN        wipeseal binary (default: build/cli/wipeseal in the repo)
#   WIPESEAL_VM_CACHE   kernel cache (default: ~/.cache/wipeseal-vmtest)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

KEEP=
METHOD=${WIPESEAL_VM_METHOD:-auto}
EXPECT_FIRMWARE=default
TIMEOUT=${WIPESEAL_VM_TIMEOUT:-600}
VERBOSE=0
SERIAL_NO=WSVM0001

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) [ $# -ge 2 ] || { usage >&2; exit 1; }; KEEP=$2; shift 2 ;;
    --method) [ $# -ge 2 ] || { usage >&2; exit 1; }; METHOD=$2; shift 2 ;;
    --expect-firmware) EXPECT_FIRMWARE=1; shift ;;
    --no-expect-firmware) EXPECT_FIRMWARE=0; shift ;;
    --timeout) [ $# -ge 2 ] || { usage >&2; exit 1; }; TIMEOUT=$2; shift 2 ;;
    --verbose|-v) VERBOSE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 1 ;;
  esac
done
if [ "$EXPECT_FIRMWARE" = default ]; then
  if [ "$METHOD" = auto ]; then EXPECT_FIRMWARE=1; else EXPECT_FIRMWARE=0; fi
fi
case "$METHOD" in *[!A-Za-z0-9:._-]*|'') echo "bad --method: $METHOD" >&2; exit 1 ;; esac

T0=$(date +%s)
say() { echo "vmtest [$(( $(date +%s) - T0 ))s]: $*"; }
fail() { echo "vmtest: FAIL: $*" >&2; exit 1; }

WS_BIN=${WIPESEAL_BIN:-$REPO/build/cli/wipeseal}
[ -f "$WS_BIN" ] || fail "wipeseal binary not found: $WS_BIN (build it, or set WIPESEAL_BIN)"
for tool in qemu-system-x86_64 mke2fs blkid timeout tar python3 grep; do
  command -v "$tool" >/dev/null || fail "missing tool: $tool"
done
export WIPESEAL_VM_CACHE=${WIPESEAL_VM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/wipeseal-vmtest}

if [ -n "$KEEP" ]; then
  # Reuse DIR only if it is empty or an earlier run of this test made it.
  if [ -d "$KEEP" ] && [ -n "$(ls -A "$KEEP")" ] && [ ! -f "$KEEP/.wipeseal-vmtest" ]; then
    fail "--keep $KEEP: directory exists, is not empty and was not made by this test"
  fi
  mkdir -p "$KEEP"
  WORK=$(cd "$KEEP" && pwd)
  touch "$WORK/.wipeseal-vmtest"
  rm -rf "${WORK:?}/markers" "${WORK:?}/results" "${WORK:?}/boot" "${WORK:?}"/{nvme.img,out.img,serial.log,qemu.log}
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/wipeseal-vmtest.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi
say "work dir $WORK; method $METHOD; firmware checks $([ "$EXPECT_FIRMWARE" = 1 ] && echo on || echo off)"

# ------------------------------------------------------------ disk images ---
TAG=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
MARK="WIPESEAL-VM-MARKER-$TAG"
mkdir -p "$WORK/markers/sub"
# 20 files of ~24 KiB, each its own marker line repeated over several blocks,
# and one 8 MiB file of random data with the marker every 64 KiB, so the
# erase must reach well past the filesystem metadata.
python3 - "$WORK/markers" "$MARK" <<'EOF'
import os, sys
top, mark = sys.argv[1], sys.argv[2].encode()
for n in range(1, 21):
    with open(os.path.join(top, "file%d.txt" % n), "wb") as f:
        f.write((mark + b"-%d\n" % n) * 800)
with open(os.path.join(top, "sub", "large.bin"), "wb") as f:
    for i in range(128):
        line = mark + b"-large-%d\n" % i
        f.write(line + os.urandom(65536 - len(line)))
EOF
truncate -s 64M "$WORK/nvme.img"
mke2fs -q -F -t ext4 -L wsvm -d "$WORK/markers" "$WORK/nvme.img"
truncate -s 16M "$WORK/out.img"

# The test must be able to fail: the markers and the filesystem are there now.
before=$(grep -c -a -- "$MARK" "$WORK/nvme.img" || true)
[ "${before:-0}" -ge 20 ] || fail "only ${before:-0} marker lines found in nvme.img before the erase (setup broken)"
blkid -p "$WORK/nvme.img" | grep -q 'TYPE="ext4"' || fail "blkid does not see ext4 in nvme.img before the erase (setup broken)"
say "nvme.img: 64 MiB ext4, $before lines with marker $MARK"

# ------------------------------------------------------------ boot files ----
say "building kernel + initramfs"
"$HERE/build-initramfs.sh" "$WORK/boot" "$WS_BIN" "$HERE/guest-erase.sh" 2>&1 \
  || fail "build-initramfs.sh failed"

# ------------------------------------------------------------ boot ----------
say "booting QEMU (TCG, timeout ${TIMEOUT}s)"
# QEMU's own messages go to qemu.log; the console goes to serial.log and,
# with --verbose, to stdout as well.
if [ "$VERBOSE" = 1 ]; then
  SERIAL=(-chardev "stdio,id=ser0,signal=off,logfile=$WORK/serial.log" -serial chardev:ser0)
  exec 3>&1
else
  SERIAL=(-serial "file:$WORK/serial.log")
  exec 3>>"$WORK/qemu.log"
fi
qrc=0
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 \
  -accel tcg -cpu max -smp 2 -m 1024 \
  -display none -monitor none -nodefaults -no-user-config "${SERIAL[@]}" -no-reboot \
  -kernel "$WORK/boot/vmlinuz" -initrd "$WORK/boot/initrd.img" \
  -append "console=ttyS0 panic=-1 wipeseal.method=$METHOD" \
  -drive "file=$WORK/nvme.img,if=none,id=nv0,format=raw" \
  -device "nvme,drive=nv0,serial=$SERIAL_NO" \
  -drive "file=$WORK/out.img,if=virtio,format=raw" \
  < /dev/null >&3 2>>"$WORK/qemu.log" || qrc=$?
exec 3>&-
say "QEMU exited with status $qrc"

show_serial_tail() {
  echo "---- last 60 lines of the serial console ($WORK/serial.log) ----" >&2
  tail -n 60 "$WORK/serial.log" >&2 || true
  if [ -s "$WORK/qemu.log" ]; then
    echo "---- QEMU output ----" >&2
    cat "$WORK/qemu.log" >&2
  fi
  echo "----" >&2
}
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
  show_serial_tail; fail "the VM did not finish within ${TIMEOUT}s"
elif [ "$qrc" -ne 0 ]; then
  show_serial_tail; fail "QEMU exited with status $qrc"
fi
done_line=$(grep -a -o 'WIPESEAL-VM-DONE rc=[0-9]*' "$WORK/serial.log" | tail -n1 || true)
[ -n "$done_line" ] || { show_serial_tail; fail "the guest never printed WIPESEAL-VM-DONE"; }
[ "$done_line" = "WIPESEAL-VM-DONE rc=0" ] || { show_serial_tail; fail "guest script failed: $done_line"; }

# ------------------------------------------------------------ results -------
mkdir -p "$WORK/results"
tar -xf "$WORK/out.img" -C "$WORK/results" || { show_serial_tail; fail "cannot read the results archive from out.img"; }
R=$WORK/results
[ -f "$R/erase.rc" ] || fail "results archive has no erase.rc"
erc=$(cat "$R/erase.rc")
if [ "$erc" != 0 ]; then
  echo "---- wipeseal erase output ----" >&2; cat "$R/erase.log" >&2; echo "----" >&2
  fail "wipeseal erase exited with status $erc in the guest (0 erased, 1 usage, 2 refused, 3 exceptions, 4 failed)"
fi
say "guest: wipeseal erase --method $METHOD exited 0"

after=$(grep -c -a -- "$MARK" "$WORK/nvme.img" || true)
[ "${after:-0}" -eq 0 ] || fail "$after lines with the marker string are still in nvme.img after the erase"
say "nvme.img: no marker left (was in $before lines)"
brc=0; blkid_out=$(blkid -p "$WORK/nvme.img" 2>&1) || brc=$?
[ "$brc" -eq 2 ] || fail "blkid -p still finds something in nvme.img after the erase (status $brc): $blkid_out"
say "nvme.img: blkid -p finds no signature"

shopt -s nullglob
records=("$R"/records/*.json)
shopt -u nullglob
[ "${#records[@]}" -eq 1 ] || fail "expected one job record in records/, found ${#records[@]}"
check_args=(--serial "$SERIAL_NO" --list "$R/list.json")
[ "$EXPECT_FIRMWARE" = 1 ] && check_args+=(--expect-firmware)
python3 "$HERE/check_record.py" "${records[0]}" "${check_args[@]}" || fail "job record check failed (${records[0]#$WORK/})"

say "PASS: wipeseal erased the QEMU NVMe drive through the Linux NVMe driver (method $METHOD)"
