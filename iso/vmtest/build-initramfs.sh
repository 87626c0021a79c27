#!/bin/bash
# Build a Debian kernel + minimal initramfs that runs one wipeseal test script
# inside a QEMU guest.
#
#   build-initramfs.sh OUT_DIR WIPESEAL_BINARY GUEST_SCRIPT
#
# Produces OUT_DIR/vmlinuz and OUT_DIR/initrd.img.
#
# The guest has: the stock Debian kernel (linux-image-amd64 from the apt
# sources configured on this host), the modules for the NVMe and virtio block
# drivers, busybox-static as userland, the wipeseal binary with every shared
# library ldd names, and an /init that loads the modules, waits for
# /dev/nvme0n1 and /dev/vda, runs GUEST_SCRIPT (as /test.sh), prints
# "WIPESEAL-VM-DONE rc=<n>" on the console and powers off.
#
# Environment:
#   WIPESEAL_VM_CACHE       where the kernel .deb (~70 MB) and the few files
#                           taken from it are kept (default OUT_DIR/cache);
#                           reused when present
#   WIPESEAL_VM_KERNEL_PKG  kernel package to use (default: what
#                           linux-image-amd64 depends on)
#   WIPESEAL_VM_COMPRESS    zstd (default), gzip or none
#
# Needs: apt-get, dpkg-deb, kmod (depmod, modprobe), busybox-static, cpio,
# zstd (or gzip), binutils (strip; optional). Does not need root.
set -euo pipefail

die() { echo "build-initramfs: $*" >&2; exit 1; }
log() { echo "build-initramfs: $*" >&2; }

[ $# -eq 3 ] || die "usage: $0 OUT_DIR WIPESEAL_BINARY GUEST_SCRIPT"
OUT_DIR=$1
WS_BIN=$2
GUEST_SCRIPT=$3
[ -f "$WS_BIN" ] || die "wipeseal binary not found: $WS_BIN"
[ -f "$GUEST_SCRIPT" ] || die "guest script not found: $GUEST_SCRIPT"
for tool in apt-get dpkg-deb depmod modprobe cpio ldd; do
  command -v "$tool" >/dev/null || die "missing tool: $tool"
done
BUSYBOX=/bin/busybox
# ldd fails on a static executable ("not a dynamic executable").
[ -x "$BUSYBOX" ] && ! ldd "$BUSYBOX" >/dev/null 2>&1 \
  || die "$BUSYBOX missing or not static (apt-get install busybox-static)"

mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
CACHE=${WIPESEAL_VM_CACHE:-$OUT_DIR/cache}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
COMPRESS=${WIPESEAL_VM_COMPRESS:-zstd}

# ---------------------------------------------------------------- kernel ----
KPKG=${WIPESEAL_VM_KERNEL_PKG:-}
if [ -z "$KPKG" ]; then
  KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null \
         | awk '$1 ~ /Depends:/ && $2 ~ /^linux-image-[0-9]/ {print $2; exit}') || true
fi
if [ -z "$KPKG" ]; then
  # No apt lists (offline CI?): fall back to the newest kernel already cached.
  DEB=$(ls -1 "$CACHE"/linux-image-[0-9]*-amd64_*.deb 2>/dev/null | sort -V | tail -n1 || true)
  [ -n "$DEB" ] || die "cannot resolve linux-image-amd64 (run apt-get update) and no kernel in $CACHE"
  KPKG=$(basename "$DEB" | cut -d_ -f1)
else
  DEB=$(ls -1 "$CACHE/${KPKG}"_*.deb 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$DEB" ]; then
    log "downloading $KPKG into $CACHE"
    # apt-get download writes into the current directory; as root it warns
    # that _apt cannot write there, which is harmless.
    (cd "$CACHE" && apt-get download -q "$KPKG" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) || true
    DEB=$(ls -1 "$CACHE/${KPKG}"_*.deb 2>/dev/null | sort -V | tail -n1 || true)
    [ -n "$DEB" ] || die "apt-get download $KPKG failed"
    # The new kernel replaces whatever older one the cache held.
    for old in "$CACHE"/linux-image-[0-9]*-amd64_*; do
      case "$old" in "$CACHE/${KPKG}"_*) ;; *) rm -rf "$old" ;; esac
    done
  fi
fi
log "kernel package: $(basename "$DEB")"

# The kernel package is reduced to a small "kit" kept in the cache: vmlinuz,
# its config, and the modules this test loads with their load order. The
# .deb is extracted (400 MB) and depmod'ed only to build the kit, in a
# temporary directory that is removed afterwards; the kit is renamed into
# place when complete, so an interrupted run never leaves half a kit behind.
WANT_MODULES="nvme virtio_pci virtio_blk"
KIT=$CACHE/$(basename "$DEB" .deb).kit-$(echo "$WANT_MODULES" | tr ' ' '+')
if [ ! -f "$KIT/.complete" ]; then
  KX=$OUT_DIR/kernel-extract.tmp
  rm -rf "$KX" "$KIT.tmp"
  mkdir -p "$KX" "$KIT.tmp/modules"
  log "extracting $(basename "$DEB")"
  dpkg-deb -x "$DEB" "$KX"
  KV=$(ls -1 "$KX/lib/modules" | head -n1)
  [ -n "$KV" ] && [ -f "$KX/boot/vmlinuz-$KV" ] || die "no kernel image or modules in $DEB"
  depmod -b "$KX" "$KV"
  cp "$KX/boot/vmlinuz-$KV" "$KIT.tmp/vmlinuz"
  cp "$KX/boot/config-$KV" "$KIT.tmp/config"
  echo "$KV" > "$KIT.tmp/release"
  # modprobe prints "insmod PATH" for a loadable module and "builtin NAME" for
  # a built-in one, dependencies first; softdeps repeat entries, so keep the
  # first occurrence. busybox insmod wants plain .ko files.
  : > "$KIT.tmp/modules/load.list"
  declare -A seen=()
  for want in $WANT_MODULES; do
    while read -r kind path _; do
      case "$kind" in
        builtin) log "module $path is built in" ;;
        insmod)
          [ -n "${seen[$path]:-}" ] && continue
          seen[$path]=1
          name=$(basename "$path")
          case "$name" in
            *.ko) cp "$path" "$KIT.tmp/modules/$name" ;;
            *.ko.xz) name=${name%.xz}; xz -dc "$path" > "$KIT.tmp/modules/$name" ;;
            *.ko.zst) name=${name%.zst}; zstd -qdc "$path" > "$KIT.tmp/modules/$name" ;;
            *.ko.gz) name=${name%.gz}; gzip -dc "$path" > "$KIT.tmp/modules/$name" ;;
            *) die "unexpected module file $path" ;;
          esac
          echo "$name" >> "$KIT.tmp/modules/load.list"
          ;;
        *) die "unexpected modprobe output for $want: $kind $path" ;;
      esac
    done < <(modprobe -d "$KX" -S "$KV" --show-depends "$want" || echo "missing $want")
  done
  rm -rf "$KX"
  touch "$KIT.tmp/.complete"
  rm -rf "$KIT"
  mv "$KIT.tmp" "$KIT"
fi
KV=$(cat "$KIT/release")
log "kernel $KV; modules: $(tr '\n' ' ' < "$KIT/modules/load.list")"

case "$COMPRESS" in
  zstd) grep -q '^CONFIG_RD_ZSTD=y' "$KIT/config" || die "kernel $KV cannot unpack a zstd initramfs" ;;
  gzip) grep -q '^CONFIG_RD_GZIP=y' "$KIT/config" || die "kernel $KV cannot unpack a gzip initramfs" ;;
  none) ;;
  *) die "WIPESEAL_VM_COMPRESS must be zstd, gzip or none" ;;
esac

# ---------------------------------------------------------------- rootfs ----
STAGE=$OUT_DIR/initramfs.d
rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,var/lib,var/tmp,etc,root,lib}
chmod 1777 "$STAGE/tmp" "$STAGE/var/tmp"
cp "$BUSYBOX" "$STAGE/bin/busybox"
ln -s busybox "$STAGE/bin/sh"
# No device nodes needed: the kernel's built-in initramfs already has
# /dev/console for /init's first stdio, and /init mounts devtmpfs.
cp -r "$KIT/modules" "$STAGE/lib/modules"


# wipeseal: copy first (a concurrent relink must not hand us a half-written
# file): the copy counts only if the source did not change while it was
# copied and the copy runs; otherwise wait and try again. Debug info is
# stripped from the copy only (a smaller initramfs boots faster under TCG).
WS_COPY=$OUT_DIR/wipeseal.copy
for attempt in 1 2 3 4 5 6; do
  stamp=$(stat -Lc '%s %Y' "$WS_BIN")
  cp "$WS_BIN" "$WS_COPY"
  if [ "$(stat -Lc '%s %Y' "$WS_BIN")" = "$stamp" ] \
     && [ "$(head -c 4 "$WS_COPY" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] \
     && "$WS_COPY" --version >/dev/null 2>&1; then
    break
  fi
  [ "$attempt" -lt 6 ] || die "$WS_BIN is not a working executable (still being linked?)"
  log "$WS_BIN changed while copying or does not run; retrying in 5 s"
  sleep 5
done
if command -v strip >/dev/null; then strip --strip-debug "$WS_COPY"; fi
install -m 0755 "$WS_COPY" "$STAGE/usr/bin/wipeseal"
# Translations next to the binary, if the build put any there.
for qm in "$(dirname "$WS_BIN")"/*.qm; do
  [ -f "$qm" ] && cp "$qm" "$STAGE/usr/bin/"
done

# Its shared libraries, at the paths the host's loader resolved them to, plus
# the loader itself. The guest has no merged /usr, so every path is a real
# directory and needs no symlink tricks.
copy_lib() {
  local src=$1
  [ -e "$STAGE$src" ] && return 0
  mkdir -p "$STAGE$(dirname "$src")"
  cp -L "$src" "$STAGE$src"
}
LIBS=$(ldd "$WS_COPY" | awk '
  $2 == "=>" && $3 ~ /^\// { print $3; next }
  $1 ~ /^\// { print $1 }')
nlib=0
for lib in $LIBS; do copy_lib "$lib"; nlib=$((nlib + 1)); done
ldd "$WS_COPY" | grep -q 'not found' && die "unresolved libraries: $(ldd "$WS_COPY" | grep 'not found')"
log "copied $nlib shared libraries"

# Minimal /etc: name service files so getpwuid/gethostname-style lookups work.
echo 'root:x:0:0:root:/root:/bin/sh' > "$STAGE/etc/passwd"
echo 'root:x:0:' > "$STAGE/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files\n' > "$STAGE/etc/nsswitch.conf"
echo 'wipeseal-vm' > "$STAGE/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 wipeseal-vm\n' > "$STAGE/etc/hosts"
: > "$STAGE/etc/fstab"
ln -s /proc/self/mounts "$STAGE/etc/mtab"

install -m 0755 "$GUEST_SCRIPT" "$STAGE/test.sh"

cat > "$STAGE/init" <<'EOF'
#!/bin/sh
# wipeseal VM test: PID 1. Never exits; always ends with a power-off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb
B=/bin/busybox
$B mount -t proc proc /proc
$B mount -t sysfs sysfs /sys
$B mount -t devtmpfs devtmpfs /dev
$B mount -t tmpfs -o mode=1777 tmpfs /tmp
$B mount -t tmpfs -o mode=0755 tmpfs /run
$B --install -s
$B hostname -F /etc/hostname
exec </dev/console >/dev/console 2>&1

finish() {
  echo "WIPESEAL-VM-DONE rc=$1"
  $B sync
  $B poweroff -f
  $B sleep 5
  echo o > /proc/sysrq-trigger
}

echo "wipeseal-vm: init started, kernel $($B uname -r)"
while read -r m; do
  $B insmod "/lib/modules/$m" || echo "wipeseal-vm: insmod $m failed"
done < /lib/modules/load.list

i=0
while [ ! -b /dev/nvme0n1 ] || [ ! -b /dev/vda ]; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then
    echo "wipeseal-vm: ERROR: /dev/nvme0n1 or /dev/vda did not appear within 20 s"
    $B ls -l /dev /sys/block
    $B dmesg | $B tail -n 40
    finish 98
  fi
  $B sleep 0.2
done
echo "wipeseal-vm: devices ready after $((i * 200)) ms: $($B ls /sys/block | $B tr '\n' ' ')"

$B sh /test.sh
finish $?
EOF
chmod 0755 "$STAGE/init"

# ---------------------------------------------------------------- archive ---
# newc with owner root; sorted so the archive is reproducible for a given input.
INITRD=$OUT_DIR/initrd.img
RAW=$OUT_DIR/initrd.cpio
(
  cd "$STAGE"
  find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet
) > "$RAW"
case "$COMPRESS" in
  zstd) zstd -q -f -3 -T0 "$RAW" -o "$INITRD" && rm -f "$RAW" ;;
  gzip) gzip -1 -c "$RAW" > "$INITRD" && rm -f "$RAW" ;;
  none) mv "$RAW" "$INITRD" ;;
esac
cp "$KIT/vmlinuz" "$OUT_DIR/vmlinuz"
rm -rf "$STAGE" "$WS_COPY"
log "wrote $OUT_DIR/vmlinuz ($KV) and $OUT_DIR/initrd.img ($(du -h "$INITRD" | cut -f1), $COMPRESS)"
