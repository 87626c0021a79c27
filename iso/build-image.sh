#!/bin/bash
# Build the wipeseal bootable image (hybrid ISO: BIOS + UEFI with Secure Boot,
# dd to a USB stick or copy onto a Ventoy stick) with Debian's live-build.
#
#   iso/build-image.sh [--release] [--deb FILE] [--out DIR] [--work DIR]
#                      [--boot-password-file FILE] [--source REV|worktree]
#
# One command: builds the wipeseal .deb (iso/package/build-deb.sh) unless
# --deb is given, configures live-build from iso/image/, runs it, and writes
#   OUT/wipeseal.iso            the image
#   OUT/wipeseal.iso.sha256     its SHA-256 (sha256sum format)
#   OUT/build-info.json         version, build id, ISO and squashfs SHA-256, size, times
#   OUT/packages.txt            every Debian package in the image, with versions
#   OUT/lb-build.log            live-build's log
#
# Options:
#   --release          squashfs compressed with xz (smaller, slower); the
#                      default is zstd level 3 for CI and tests (bigger, fast)
#   --deb FILE         use this wipeseal .deb instead of building one
#   --source REV       passed to build-deb.sh (default HEAD: the committed tree)
#   --out DIR          output folder (default /var/cache/wipeseal-image/out)
#   --work DIR         live-build folder; its cache/ (debootstrap tree and
#                      .debs, ~0.5 GB) is kept between runs and makes later
#                      builds faster (default /var/cache/wipeseal-image/lb).
#                      `rm -rf` it to start cold.
#   --boot-password-file FILE
#                      first line: the IT password that unlocks editing the
#                      kernel command line in GRUB (UEFI). Without it a random
#                      password is used and thrown away: nobody can edit.
#                      ISOLINUX (BIOS) never allows editing.
#
# Environment: WIPESEAL_MIRROR, WIPESEAL_MIRROR_SECURITY override the Debian
# mirrors, which otherwise come from this machine's apt sources.
# Needs root and Debian packages: live-build xorriso squashfs-tools
# grub-common (grub-mkpasswd-pbkdf2) mtools dosfstools, and what
# build-deb.sh needs. The build runs under nice -n 10.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
CACHE_ROOT=/var/cache/wipeseal-image
OUT=$CACHE_ROOT/out
WORK=$CACHE_ROOT/lb
DEB=
RELEASE=0
PWFILE=
SOURCE=HEAD
VOLUME=WIPESEAL

die() { echo "build-image: $*" >&2; exit 1; }
T0=$(date +%s)
log() { echo "build-image [$(( $(date +%s) - T0 ))s]: $*" >&2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --release) RELEASE=1; shift ;;
    --deb) DEB=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --boot-password-file) PWFILE=$2; shift 2 ;;
    --source) SOURCE=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[ "$(id -u)" -eq 0 ] || die "live-build needs root"
for tool in lb xorriso mksquashfs grub-mkpasswd-pbkdf2 mcopy mkfs.vfat; do
  command -v "$tool" >/dev/null || die "missing tool: $tool (apt-get install live-build xorriso squashfs-tools grub-common mtools dosfstools)"
done
mkdir -p "$OUT" "$WORK"
OUT=$(cd "$OUT" && pwd); WORK=$(cd "$WORK" && pwd)
case "$WORK/" in "$REPO"/*) die "--work must be outside the repository" ;; esac

# ------------------------------------------------------------- package ------
if [ -z "$DEB" ]; then
  log "building the wipeseal package"
  DEB=$("$HERE/package/build-deb.sh" --source "$SOURCE" | tail -n1)
fi
[ -f "$DEB" ] || die "no .deb: $DEB"
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")
VERSION=$(dpkg-deb -f "$DEB" Version)
log "package $(basename "$DEB")"

# ------------------------------------------------------------- mirrors ------
mirror_for() {  # $1: suite
  apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(TARGET_OF)' 2>/dev/null \
    | awk -v s="$1" '$2 == s && $3 == "deb" {print $1; exit}'
}
MIRROR=${WIPESEAL_MIRROR:-$(mirror_for bookworm)}
MIRROR_SECURITY=${WIPESEAL_MIRROR_SECURITY:-$(mirror_for bookworm-security)}
[ -n "$MIRROR" ] || die "no bookworm mirror in this machine's apt sources (run apt-get update, or set WIPESEAL_MIRROR)"
[ -n "$MIRROR_SECURITY" ] || die "no bookworm-security mirror in the apt sources (or set WIPESEAL_MIRROR_SECURITY)"

# ------------------------------------------------------------- identity -----
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
BUILD_ID="wipeseal-$VERSION-$STAMP"
if [ "$RELEASE" = 1 ]; then COMP=(--chroot-squashfs-compression-type xz); COMPDESC=xz
else COMP=(--chroot-squashfs-compression-type zstd --chroot-squashfs-compression-level 3); COMPDESC=zstd-3; fi
if [ -n "$PWFILE" ]; then
  PW=$(head -n1 "$PWFILE")
  [ -n "$PW" ] || die "empty password in $PWFILE"
else
  PW=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
fi
PBKDF2=$(printf '%s\n%s\n' "$PW" "$PW" | grub-mkpasswd-pbkdf2 | sed -n 's/.*is \(grub\.pbkdf2\..*\)$/\1/p')
unset PW
[ -n "$PBKDF2" ] || die "grub-mkpasswd-pbkdf2 failed"
log "build $BUILD_ID, squashfs $COMPDESC, work $WORK"

# ------------------------------------------------------------- live-build ----
cd "$WORK"
if [ -d config ]; then
  # lb clean unmounts what a broken earlier build may have left mounted and
  # keeps cache/ (the debootstrap tree and downloaded packages).
  lb clean >/dev/null 2>&1 || true
  rm -rf config
fi
rm -f ./*.iso ./*.log ./*.contents ./*.files ./*.packages
# live-config runs only its hostname component: time zone, keyboard, console
# and users are set at build time (image/hooks), and its other components
# (tzdata, keyboard-configuration, util-linux's hwclock=UTC, ...) would undo
# that or cost a minute of perl at every boot.
APPEND="boot=live live-config.components=hostname console=ttyS0,115200n8 console=tty0 systemd.gpt_auto=0 systemd.show_status=false"
lb config \
  --distribution bookworm --architectures amd64 \
  --archive-areas "main non-free-firmware" \
  --binary-images iso-hybrid --bootloaders "syslinux grub-efi" \
  --mirror-bootstrap "$MIRROR" --mirror-chroot "$MIRROR" \
  --mirror-chroot-security "$MIRROR_SECURITY" \
  --mirror-binary "$MIRROR" --mirror-binary-security "$MIRROR_SECURITY" \
  --apt-recommends false --apt-indices false \
  --debian-installer none --firmware-binary false --firmware-chroot false \
  --memtest none --win32-loader false --zsync false \
  --checksums sha256 \
  --iso-application "wipeseal $VERSION" --iso-publisher "wipeseal" --iso-volume "$VOLUME" \
  --image-name wipeseal \
  --bootappend-live "$APPEND" \
  --cache true --cache-packages true --cache-stages bootstrap \
  "${COMP[@]}" > lb-config.log 2>&1 || { tail -n 20 lb-config.log >&2; die "lb config failed"; }

# Our files over live-build's defaults.
SRC=$HERE/image
subst() {  # fill the build's placeholders into a copied file
  sed -i -e "s|@WIPESEAL_VERSION@|$VERSION|g" -e "s|@WIPESEAL_BUILD_ID@|$BUILD_ID|g" \
         -e "s|@WIPESEAL_VOLUME@|$VOLUME|g" -e "s|@WIPESEAL_GRUB_PBKDF2@|$PBKDF2|g" "$1"
}
cp "$SRC"/package-lists/*.list.chroot config/package-lists/
mkdir -p config/hooks/live config/bootloaders config/includes.chroot_after_packages config/packages.chroot
cp "$SRC"/hooks/live/* config/hooks/live/
cp -r "$SRC"/bootloaders/* config/bootloaders/
cp -r "$SRC"/includes.chroot/. config/includes.chroot_after_packages/
mkdir -p config/includes.chroot_before_packages
cp -r "$SRC"/includes.chroot_before_packages/. config/includes.chroot_before_packages/
for f in config/bootloaders/*/* config/includes.chroot_after_packages/usr/lib/live/boot/*; do subst "$f"; done
if grep -rq '@WIPESEAL_[A-Z0-9_]*@' config/bootloaders config/includes.chroot_after_packages; then
  die "unfilled placeholder left in config/"
fi
cp "$DEB" config/packages.chroot/
mkdir -p config/includes.chroot_after_packages/etc/wipeseal
cat > config/includes.chroot_after_packages/etc/wipeseal/image-release <<EOF
WIPESEAL_IMAGE_VERSION=$VERSION
WIPESEAL_IMAGE_BUILD_ID=$BUILD_ID
WIPESEAL_IMAGE_BUILT=$STAMP
WIPESEAL_IMAGE_DEBIAN=bookworm
WIPESEAL_IMAGE_VOLUME=$VOLUME
WIPESEAL_IMAGE_SQUASHFS=$COMPDESC
EOF
# On the medium, outside the squashfs (binary hooks run in binary/, after the
# squashfs is made): this build's id, which the initramfs checks before it
# uses a medium (9995-wipeseal-medium.sh), and the squashfs's SHA-256 (the
# squashfs cannot contain its own hash). live-build's includes.binary skips
# dot-folders, hence a hook.
cat > config/hooks/live/9000-wipeseal-medium-id.hook.binary <<EOF
#!/bin/sh
set -e
mkdir -p .disk
echo "$BUILD_ID" > .disk/wipeseal-build-id
sha256sum live/filesystem.squashfs > .disk/wipeseal-squashfs.sha256
EOF
chmod +x config/hooks/live/*

log "lb build (nice -n 10; log $WORK/lb-build.log)"
TB=$(date +%s)
if ! nice -n 10 lb build > lb-build.log 2>&1; then
  grep -n -E '^E:|error|Error' lb-build.log | tail -n 20 >&2 || true
  tail -n 30 lb-build.log >&2
  die "lb build failed (log $WORK/lb-build.log)"
fi
BUILD_S=$(( $(date +%s) - TB ))
ISO=$(ls -1 "$WORK"/wipeseal*.iso 2>/dev/null | head -n1)
[ -f "$ISO" ] || die "lb build produced no ISO"
[ "$(cat "$WORK/binary/.disk/wipeseal-build-id" 2>/dev/null)" = "$BUILD_ID" ] \
  || die "the medium lacks .disk/wipeseal-build-id: it would not boot"

# ------------------------------------------------------------- outputs ------
cp "$WORK/lb-build.log" "$OUT/lb-build.log"
mv -f "$ISO" "$OUT/wipeseal.iso"
(cd "$OUT" && sha256sum wipeseal.iso > wipeseal.iso.sha256)
ISO_SHA=$(cut -d' ' -f1 "$OUT/wipeseal.iso.sha256")
SQ_SHA=$(cut -d' ' -f1 "$WORK/binary/.disk/wipeseal-squashfs.sha256" 2>/dev/null || true)
SIZE=$(stat -c %s "$OUT/wipeseal.iso")
cp "$WORK"/chroot.packages.live "$OUT/packages.txt" 2>/dev/null \
  || cp "$WORK"/*.packages "$OUT/packages.txt" 2>/dev/null || true
cat > "$OUT/build-info.json" <<EOF
{
  "version": "$VERSION",
  "build_id": "$BUILD_ID",
  "volume": "$VOLUME",
  "squashfs_compression": "$COMPDESC",
  "iso": "wipeseal.iso",
  "iso_bytes": $SIZE,
  "iso_sha256": "$ISO_SHA",
  "squashfs_sha256": "$SQ_SHA",
  "deb": "$(basename "$DEB")",
  "lb_build_seconds": $BUILD_S,
  "total_seconds": $(( $(date +%s) - T0 ))
}
EOF
log "done: $OUT/wipeseal.iso, $SIZE bytes ($(( SIZE / 1048576 )) MiB), lb build ${BUILD_S}s"
log "ISO sha256 $ISO_SHA; squashfs sha256 $SQ_SHA"
echo "$OUT/wipeseal.iso"
