#!/bin/sh
# Runs inside the test VM (as /test.sh, started by /init) with:
#   /dev/nvme0n1  the QEMU NVMe namespace to erase (holds an ext4 of markers)
#   /dev/vda      a raw virtio disk that receives the results as a tar archive
#
# The erase method comes from the kernel command line, wipeseal.method=NAME
# (default: auto). Exit status is 0 when the results reached /dev/vda; the
# erase's own exit status is in erase.rc inside the archive.
B=/bin/busybox
W=/usr/bin/wipeseal
OUT=/tmp/out

METHOD=auto
for arg in $($B cat /proc/cmdline); do
  case "$arg" in
    wipeseal.method=*) METHOD=${arg#wipeseal.method=} ;;
  esac
done

$B mkdir -p "$OUT" /tmp/state
echo "$METHOD" > "$OUT/method"
$B uname -a > "$OUT/uname.txt"
$B cat /proc/mounts > "$OUT/mounts.txt"
for f in model serial firmware_rev transport; do
  echo "$f=$($B cat /sys/class/nvme/nvme0/$f 2>/dev/null)"
done > "$OUT/nvme-sysfs.txt"
$B ls -l /sys/block/ > "$OUT/sys-block.txt" 2>&1

echo "wipeseal-vm: wipeseal list"
$W --lang en list --json > "$OUT/list.json" 2> "$OUT/list.err"
echo $? > "$OUT/list.rc"
$W --lang en list > "$OUT/list.txt" 2>&1

echo "wipeseal-vm: wipeseal erase /dev/nvme0n1 --method $METHOD"
start=$($B date +%s)
$W --lang en erase /dev/nvme0n1 --method "$METHOD" --yes \
  --out "$OUT/records" --state-dir /tmp/state --verify 2 > "$OUT/erase.log" 2>&1
rc=$?
echo $rc > "$OUT/erase.rc"
echo "wipeseal-vm: erase exit status $rc after $(( $($B date +%s) - start )) s; its output:"
$B sed 's/^/  | /' "$OUT/erase.log"

$B dmesg > "$OUT/dmesg.txt"
$B cp -a /tmp/state "$OUT/state" 2>/dev/null

# Hand the results to the host: a tar archive written straight onto the raw
# virtio disk (the host reads it back with tar -xf out.img).
$B tar -cf /dev/vda -C "$OUT" . || { echo "wipeseal-vm: ERROR: tar to /dev/vda failed"; exit 97; }
$B sync
$B blockdev --flushbufs /dev/vda 2>/dev/null
echo "wipeseal-vm: results written to /dev/vda"
exit 0
