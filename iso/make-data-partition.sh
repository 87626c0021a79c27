#!/bin/bash
# Add the wipeseal data partition (ext4, label WIPESEAL-DATA) behind the image
# on a stick written with dd, or behind the ISO in a stick image file.
#
#   iso/make-data-partition.sh --image STICK.img [--size SIZE] [--populate DIR]
#   iso/make-data-partition.sh --device /dev/sdX [--size SIZE] [--populate DIR] [--yes]
#
# The stick must hold the wipeseal ISO from its first byte (dd if=wipeseal.iso
# of=/dev/sdX bs=4M conv=fsync). The ISO is a hybrid: its MBR describes the
# ISO itself (partition 1) and its EFI system partition (partition 2, inside
# the ISO). The new partition (type 0x83, Linux) goes into the first free MBR
# slot and starts at the first MiB boundary after the end of the ISO
# filesystem (isosize), so no byte of the ISO is moved or rewritten: only the
# 16-byte MBR entry and the new partition's own area are written. A GPT that
# xorriso may add is left alone (GRUB, OVMF and Linux use the MBR entries here).
#
# --image FILE     a stick image file (tests, or to dd afterwards): grown with
#                  truncate as needed; the filesystem is made with
#                  mke2fs -E offset=, so no loop device and no root is needed
# --device DEV     a real stick (root): must not be mounted, must carry the
#                  wipeseal ISO (label WIPESEAL); asks for YES unless --yes
# --size SIZE      partition size, e.g. 512M or 2G (default: for --image
#                  256M; for --device the rest of the stick)
# --populate DIR   copy DIR's contents into the new filesystem (mke2fs -d),
#                  e.g. config/details.json, keys/signer.pem, keys/signer.key,
#                  keys/office-ca.pem, keys/passphrase (unattended mode)
#
# Layout the image expects on the partition (iso/README.md):
#   config/details.json  keys/  register.sqlite  certificates/  state/  logs/
# Needs: util-linux (sfdisk, isosize, blkid), e2fsprogs.
set -euo pipefail

LABEL=WIPESEAL-DATA
ISO_LABEL=${WIPESEAL_ISO_LABEL:-WIPESEAL}
IMAGE= DEVICE= SIZE= POPULATE= YES=0
die() { echo "make-data-partition: $*" >&2; exit 1; }
log() { echo "make-data-partition: $*" >&2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --image) IMAGE=$2; shift 2 ;;
    --device) DEVICE=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --populate) POPULATE=$2; shift 2 ;;
    --yes) YES=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[ -n "$IMAGE" ] || [ -n "$DEVICE" ] || die "give --image FILE or --device DEV"
[ -z "$IMAGE" ] || [ -z "$DEVICE" ] || die "give only one of --image and --device"
[ -z "$POPULATE" ] || [ -d "$POPULATE" ] || die "--populate: not a folder: $POPULATE"
TARGET=${IMAGE:-$DEVICE}
[ -e "$TARGET" ] || die "$TARGET does not exist"

to_bytes() {  # 256M, 2G, 1048576
  local v=$1
  case "$v" in
    *[Kk]) echo $(( ${v%?} * 1024 )) ;;
    *[Mm]) echo $(( ${v%?} * 1024 * 1024 )) ;;
    *[Gg]) echo $(( ${v%?} * 1024 * 1024 * 1024 )) ;;
    *[!0-9]*|'') die "bad size: $v" ;;
    *) echo "$v" ;;
  esac
}

# ------------------------------------------------------------ the ISO -------
label=$(blkid -p -o value -s LABEL "$TARGET" 2>/dev/null || true)
fstype=$(blkid -p -o value -s TYPE "$TARGET" 2>/dev/null || true)
[ "$fstype" = iso9660 ] && [ "$label" = "$ISO_LABEL" ] \
  || die "$TARGET does not start with the wipeseal ISO (found type '${fstype:-none}', label '${label:-none}')"
ISO_BYTES=$(isosize "$TARGET" | awk '{print $NF}')
[ "$ISO_BYTES" -gt 0 ] || die "cannot read the ISO size"
MIB=1048576
START=$(( (ISO_BYTES + MIB - 1) / MIB * MIB ))

DUMP=$(sfdisk -d "$TARGET" 2>/dev/null || true)
if printf '%s\n' "$DUMP" | grep -q '^label: gpt'; then
  die "$TARGET has a GPT as its main partition table; this script edits the hybrid ISO's MBR only"
fi
printf '%s\n' "$DUMP" | grep -q '^label: dos' || die "$TARGET has no MBR partition table (not a hybrid ISO?)"
# Existing partitions must all end inside the ISO; a data partition must not exist yet.
while read -r start size; do
  end=$(( (start + size) * 512 ))
  [ "$end" -le "$START" ] || die "a partition already reaches past the ISO (ends at byte $end): already has a data partition?"
done < <(printf '%s\n' "$DUMP" | sed -n 's/.*start= *\([0-9]*\), size= *\([0-9]*\).*/\1 \2/p')
used=$(printf '%s\n' "$DUMP" | grep -c 'start=' || true)
[ "$used" -lt 4 ] || die "all four MBR slots are taken"

# ------------------------------------------------------------ size ----------
if [ -n "$IMAGE" ]; then
  [ -f "$IMAGE" ] || die "--image must be a regular file"
  PART_BYTES=$(to_bytes "${SIZE:-256M}")
  PART_BYTES=$(( PART_BYTES / MIB * MIB ))
  need=$(( START + PART_BYTES ))
  have=$(stat -c %s "$IMAGE")
  [ "$have" -ge "$need" ] || truncate -s "$need" "$IMAGE"
else
  [ -b "$DEVICE" ] || die "--device must be a block device"
  [ "$(id -u)" -eq 0 ] || die "--device needs root"
  [ "$(lsblk -ndo TYPE "$DEVICE")" = disk ] || die "$DEVICE is not a whole disk"
  if lsblk -nro MOUNTPOINT "$DEVICE" | grep -q .; then die "$DEVICE (or a partition on it) is mounted"; fi
  disk_bytes=$(blockdev --getsize64 "$DEVICE")
  if [ -n "$SIZE" ]; then PART_BYTES=$(( $(to_bytes "$SIZE") / MIB * MIB ))
  else PART_BYTES=$(( (disk_bytes - START) / MIB * MIB )); fi
  [ $(( START + PART_BYTES )) -le "$disk_bytes" ] || die "$DEVICE is too small for a ${PART_BYTES}-byte partition after the ISO"
fi
[ "$PART_BYTES" -ge $(( 32 * MIB )) ] || die "the data partition must be at least 32 MiB"

log "ISO ends at byte $ISO_BYTES; data partition: start $START, $(( PART_BYTES / MIB )) MiB, ext4 label $LABEL"
if [ -n "$DEVICE" ] && [ "$YES" != 1 ]; then
  lsblk -o NAME,SIZE,MODEL,SERIAL,LABEL "$DEVICE" >&2
  printf 'Add the data partition to %s? Type YES: ' "$DEVICE" >&2
  read -r answer
  [ "$answer" = YES ] || die "cancelled"
fi

# ------------------------------------------------------------ partition -----
printf 'start=%d, size=%d, type=83\n' $(( START / 512 )) $(( PART_BYTES / 512 )) \
  | sfdisk --append --no-reread --no-tell-kernel --wipe never --label-nested dos "$TARGET" >/dev/null 2>&1 \
  || printf 'start=%d, size=%d, type=83\n' $(( START / 512 )) $(( PART_BYTES / 512 )) \
  | sfdisk --append --no-reread --no-tell-kernel --wipe never "$TARGET" >/dev/null \
  || die "sfdisk could not add the partition"
PARTNO=$(sfdisk -d "$TARGET" 2>/dev/null | grep "start= *$(( START / 512 ))," | sed -n 's/^\([^ ]*\) *:.*/\1/p' | grep -o '[0-9]*$' || true)
[ -n "$PARTNO" ] || die "the new partition is not in the table after sfdisk"

# ------------------------------------------------------------ filesystem ----
# mke2fs keeps only the last -E, so the extended options go in one.
MKFS=(-F -q -t ext4 -b 4096 -L "$LABEL" -m 0)
[ -n "$POPULATE" ] && MKFS+=(-d "$POPULATE")
if [ -n "$IMAGE" ]; then
  mke2fs "${MKFS[@]}" -E "root_owner=0:0,offset=$START" "$IMAGE" "$(( PART_BYTES / 1024 ))k" \
    || die "mke2fs failed"
else
  blockdev --rereadpt "$DEVICE" 2>/dev/null || partx -u "$DEVICE" || true
  udevadm settle 2>/dev/null || true
  PDEV=$(lsblk -nrpo NAME,TYPE "$DEVICE" | awk '$2 == "part" {print $1}' | grep -E "[^0-9]${PARTNO}\$" | head -n1)
  [ -b "$PDEV" ] || die "cannot find the new partition's device node"
  mke2fs "${MKFS[@]}" -E root_owner=0:0 "$PDEV" || die "mke2fs failed"
  sync
fi
log "done: partition $PARTNO at byte $START of $TARGET, ext4 label $LABEL"
echo "$START $PART_BYTES"
