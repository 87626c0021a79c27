#!/bin/bash
# Build the wipeseal Debian package (.deb) from this repository.
#
#   iso/package/build-deb.sh [--out DIR] [--build-dir DIR] [--no-lintian]
#
# How: a throw-away packaging folder holds only a generated debian/ directory
# (control, changelog, copyright, rules). debian/rules configures and builds
# the repository in a build folder OUTSIDE the repository with
#   cmake -S <repo> -B <build dir> -G Ninja -DCMAKE_BUILD_TYPE=Release -DWIPESEAL_BUILD_TESTS=OFF
# and installs it with `cmake --install --prefix /usr` into debian/wipeseal.
# Whatever `cmake --install` installs is packaged: today bin/wipeseal; the
# wizard bin/wipeseal-gui (and anything else) as soon as CMake installs it.
# debhelper then strips, compresses, fixes permissions, computes the runtime
# dependencies with dpkg-shlibdeps and writes md5sums. lintian checks the
# result; any lintian error fails the build.
#
# Why debhelper and not bare dpkg-deb: dh_strip, dh_shlibdeps, dh_compress,
# dh_fixperms, dh_md5sums and dh_installchangelogs are exactly the steps a
# hand-written dpkg-deb script would have to re-implement to be lintian clean.
# The generated debian/ dir never lands in the repository, so the source tree
# has no Debian packaging to keep in sync.
#
# Options / environment:
#   --out DIR          where the .deb goes (default $WIPESEAL_DEB_OUT or
#                      /var/cache/wipeseal-image/deb)
#   --build-dir DIR    CMake build folder, reused between runs for incremental
#                      builds (default $WIPESEAL_DEB_BUILD or
#                      /var/cache/wipeseal-image/deb-build); never the
#                      developers' build/ or build-asan/
#   --no-lintian       skip lintian
#   --source REV|worktree
#                      what to build: a commit (default HEAD, exported with
#                      `git archive` into a folder beside the build folder, so
#                      half-edited files in the work tree never reach a package)
#                      or "worktree" (the files as they are now)
#   WIPESEAL_DEB_VERSION  override the package version
#   WIPESEAL_DEB_JOBS     parallel compile jobs (default 2); the build runs under nice -n 10
#   WIPESEAL_DEB_WERROR   ON: warnings are errors (the project's CI, where this build is also the
#                         check that a packager's Release build compiles cleanly); default OFF
#
# Prints the path of the .deb as the last line on success.
# Needs: debhelper, dpkg-dev, cmake, ninja-build, the project's build
# dependencies (scripts/setup.sh), lintian.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=${WIPESEAL_DEB_OUT:-/var/cache/wipeseal-image/deb}
BUILD=${WIPESEAL_DEB_BUILD:-/var/cache/wipeseal-image/deb-build}
LINTIAN=1
SOURCE=HEAD
JOBS=${WIPESEAL_DEB_JOBS:-2}
WERROR=${WIPESEAL_DEB_WERROR:-OFF}

die() { echo "build-deb: $*" >&2; exit 1; }
log() { echo "build-deb: $*" >&2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$2; shift 2 ;;
    --build-dir) BUILD=$2; shift 2 ;;
    --no-lintian) LINTIAN=0; shift ;;
    --source) SOURCE=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
for tool in dpkg-buildpackage dh cmake ninja dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || die "missing tool: $tool (apt-get install debhelper dpkg-dev cmake ninja-build)"
done
mkdir -p "$OUT" "$BUILD"
OUT=$(cd "$OUT" && pwd)
BUILD=$(cd "$BUILD" && pwd)
case "$BUILD/" in "$REPO"/*) die "--build-dir must be outside the repository ($REPO)" ;; esac

# ------------------------------------------------------------- source -------
UPSTREAM=$(sed -n 's/^project(wipeseal VERSION \([0-9.]*\).*/\1/p' "$REPO/CMakeLists.txt")
[ -n "$UPSTREAM" ] || die "cannot read the project version from CMakeLists.txt"
if [ "$SOURCE" = worktree ]; then
  SRCDIR=$REPO
  VERSION=$UPSTREAM
  if git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
    VERSION="$UPSTREAM+git$(git -C "$REPO" rev-list --count HEAD).$(git -C "$REPO" rev-parse --short=7 HEAD)+worktree"
  fi
else
  # Read-only git use (rev-parse, archive): the index is never touched.
  COMMIT=$(git -C "$REPO" rev-parse --verify "$SOURCE^{commit}") || die "not a commit: $SOURCE"
  COUNT=$(git -C "$REPO" rev-list --count "$COMMIT")
  SHORT=$(git -C "$REPO" rev-parse --short=7 "$COMMIT")
  UPSTREAM=$(git -C "$REPO" show "$COMMIT:CMakeLists.txt" | sed -n 's/^project(wipeseal VERSION \([0-9.]*\).*/\1/p')
  VERSION="$UPSTREAM+git$COUNT.$SHORT"
  # One exported tree beside the build folder. When the commit changes, only
  # the files whose content changed are replaced (the others keep their
  # timestamps), so that the CMake build folder stays incremental.
  SRCDIR=$(dirname "$BUILD")/deb-src
  if [ "$(cat "$SRCDIR/.wipeseal-commit" 2>/dev/null)" != "$COMMIT" ]; then
    log "exporting $SHORT into $SRCDIR"
    rm -rf "$SRCDIR.new"; mkdir -p "$SRCDIR.new" "$SRCDIR"
    git -C "$REPO" archive "$COMMIT" | tar -x -C "$SRCDIR.new"
    (cd "$SRCDIR.new" && find . -type f) | while IFS= read -r f; do
      if ! cmp -s "$SRCDIR.new/$f" "$SRCDIR/$f"; then
        mkdir -p "$(dirname "$SRCDIR/$f")"
        cp "$SRCDIR.new/$f" "$SRCDIR/$f"
      fi
    done
    (cd "$SRCDIR" && find . -type f ! -name .wipeseal-commit) | while IFS= read -r f; do
      [ -e "$SRCDIR.new/$f" ] || rm -f "$SRCDIR/$f"
    done
    rm -rf "$SRCDIR.new"
    echo "$COMMIT" > "$SRCDIR/.wipeseal-commit"
  fi
fi
[ -n "${WIPESEAL_DEB_VERSION:-}" ] && VERSION=$WIPESEAL_DEB_VERSION
DATE=$(date -R)
log "version $VERSION; source $SRCDIR; build dir $BUILD; output $OUT"

# --------------------------------------------------- generated debian/ -----
PKGROOT=$(mktemp -d "${TMPDIR:-/tmp}/wipeseal-deb.XXXXXX")
trap 'rm -rf "$PKGROOT"' EXIT
SRC=$PKGROOT/wipeseal-$UPSTREAM
mkdir -p "$SRC/debian/source"
echo "3.0 (native)" > "$SRC/debian/source/format"

cat > "$SRC/debian/control" <<'EOF'
Source: wipeseal
Section: admin
Priority: optional
Maintainer: wipeseal developers <wipeseal@example.org>
Build-Depends: debhelper-compat (= 13), cmake, ninja-build, pkgconf,
 libblkid-dev, libssl-dev, nlohmann-json3-dev, libfmt-dev, libcli11-dev,
 qt6-base-dev, qt6-tools-dev, qt6-l10n-tools, libqrencode-dev, libqpdf-dev,
 libsqlite3-dev, libnvme-dev, libzbar-dev, qt6-pdf-dev
Standards-Version: 4.6.2
Rules-Requires-Root: no

Package: wipeseal
Architecture: any
Depends: ${shlibs:Depends}, ${misc:Depends}, fonts-liberation2
Recommends: hdparm, nvme-cli, smartmontools, sg3-utils
Suggests: cups, ipp-usb, libengine-pkcs11-openssl
Description: verified erasure of disks that held state secrets
 wipeseal erases storage devices (SATA, NVMe, SAS/SCSI, eMMC, USB) so that a
 computer can be repurposed, repaired or connected to a network. It uses the
 drive's own purge commands where they exist, otherwise an AES-256-CTR
 overwrite, reads the device back to verify, and issues a signed certificate
 (JSON, detached CMS signature and a PDF) numbered in a local register.
 .
 Certificates can be checked offline with wipeseal or with openssl alone.
EOF

cat > "$SRC/debian/changelog" <<EOF
wipeseal ($VERSION) unstable; urgency=medium

  * Package built from the wipeseal repository (iso/package/build-deb.sh).

 -- wipeseal developers <wipeseal@example.org>  $DATE
EOF

cat > "$SRC/debian/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: wipeseal
Comment: Built from the wipeseal source repository.

Files: *
Copyright: 2026 wipeseal developers
License: wipeseal
 All rights reserved by the wipeseal developers. Redistribution within the
 offices that use wipeseal is permitted; see the project repository for terms.
EOF

# The build folder and source folder are passed in through the environment so
# that the generated rules file has no paths baked in.
cat > "$SRC/debian/rules" <<'EOF'
#!/usr/bin/make -f
# Generated by iso/package/build-deb.sh. WS_SRC / WS_BUILD / WS_JOBS / WS_WERROR come from the environment.
export DEB_BUILD_MAINT_OPTIONS = hardening=+all
# No debug info: dh_strip would throw it away (no dbgsym package is made) and it doubles the compile time.
export DEB_CXXFLAGS_MAINT_STRIP = -g
export DEB_CFLAGS_MAINT_STRIP = -g
include /usr/share/dpkg/buildflags.mk
# CMake ignores CPPFLAGS (where -D_FORTIFY_SOURCE lives): fold it into CXXFLAGS.
export CXXFLAGS := $(CXXFLAGS) $(CPPFLAGS)
export LDFLAGS

%:
	dh $@

override_dh_auto_clean:
	# The build folder outside this tree is kept for incremental builds.

override_dh_auto_configure:
	cmake -S "$(WS_SRC)" -B "$(WS_BUILD)" -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DWIPESEAL_BUILD_TESTS=OFF -DWIPESEAL_WERROR=$(WS_WERROR) -DCMAKE_INSTALL_PREFIX=/usr

override_dh_auto_build:
	nice -n 10 cmake --build "$(WS_BUILD)" -j "$(WS_JOBS)"

override_dh_auto_test:
	# The project's tests run in the repository (scripts/test.sh), not here.

override_dh_auto_install:
	DESTDIR="$(CURDIR)/debian/wipeseal" cmake --install "$(WS_BUILD)" --prefix /usr

override_dh_dwz:
	# Built without debug info.

override_dh_strip:
	dh_strip --no-automatic-dbgsym
EOF
chmod +x "$SRC/debian/rules"

# ------------------------------------------------------------- build --------
log "building (nice -n 10, $JOBS jobs)"
T0=$(date +%s)
(cd "$SRC" && WS_SRC="$SRCDIR" WS_BUILD="$BUILD" WS_JOBS="$JOBS" WS_WERROR="$WERROR" \
   dpkg-buildpackage -b -uc -us -d --no-pre-clean) > "$OUT/build-deb.log" 2>&1 \
  || { tail -n 40 "$OUT/build-deb.log" >&2; die "dpkg-buildpackage failed (log: $OUT/build-deb.log)"; }
log "built in $(( $(date +%s) - T0 )) s"

DEB=$(ls -1 "$PKGROOT"/wipeseal_*.deb | grep -v dbgsym | head -n1)
[ -f "$DEB" ] || die "no .deb produced"
# Only one wipeseal .deb in the output folder: the image build installs "the" package.
rm -f "$OUT"/wipeseal_*.deb
cp "$DEB" "$OUT/"
DEB=$OUT/$(basename "$DEB")

CONTENTS=$(dpkg-deb -c "$DEB" | awk '{print $6}')
log "contents:"
printf '%s\n' "$CONTENTS" | grep -v '/$' | sed 's/^/  /' >&2
log "$(dpkg-deb -f "$DEB" Package Version Depends | tr '\n' ' ')"
case "$CONTENTS" in *./usr/bin/wipeseal*) ;; *) die "the package has no /usr/bin/wipeseal" ;; esac

if [ "$LINTIAN" = 1 ]; then
  command -v lintian >/dev/null || die "lintian missing (apt-get install lintian) or pass --no-lintian"
  lrc=0
  lintian --tag-display-limit 0 "$DEB" > "$OUT/lintian.txt" 2>&1 || lrc=$?
  sed 's/^/  lintian: /' "$OUT/lintian.txt" >&2
  if grep -q '^E: ' "$OUT/lintian.txt"; then die "lintian reports errors"; fi
  [ "$lrc" -eq 0 ] || [ "$lrc" -eq 1 ] || die "lintian failed to run (status $lrc)"
  log "lintian: no errors ($(grep -c '^W: ' "$OUT/lintian.txt" || true) warnings)"
fi
echo "$DEB"
