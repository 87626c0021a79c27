#!/usr/bin/env bash
# Installs what wipeseal needs from Debian packages (when missing) and builds it.
#   scripts/setup.sh [BUILD_DIR] [extra cmake args...]
# Needs root for apt-get when packages are missing; everything comes from Debian's archive.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libblkid-dev libssl-dev nlohmann-json3-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev
  qt6-base-dev qt6-tools-dev qt6-l10n-tools qt6-pdf-dev
  libqrencode-dev libqpdf-dev libsqlite3-dev fonts-liberation2
  e2fsprogs fdisk util-linux mount openssl time
  qpdf poppler-utils zbar-tools softhsm2 opensc libengine-pkcs11-openssl sqlite3
  libnvme-dev hdparm libzbar-dev libnss3-tools libfuse3-dev fuse3 clang-16 libclang-rt-16-dev
  afl++ live-build xorriso squashfs-tools mtools dosfstools grub-common debhelper lintian ovmf
  qemu-system-x86 busybox-static cpio zstd kmod python3
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: run this script as root (or install them with apt-get) and try again." >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

BUILD_DIR=${1:-build}
shift || true
# The project's own builds treat warnings as errors; a packager's plain build does not.
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIPESEAL_WERROR=ON "$@" >/dev/null
cmake --build "$BUILD_DIR"
