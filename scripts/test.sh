#!/usr/bin/env bash
# Sets everything up and runs every test group this machine can run:
#   unit  - no root, no devices (image files only)           always
#   root  - CLI and engine on loop devices the tests create   when root with /dev/loop-control
#   vm    - a Debian kernel under QEMU (TCG) erasing an emulated NVMe drive   when qemu is installed
#   the engine's unit and root tests again under AddressSanitizer + UBSan
#   the wizard: Telex/VNI, its pages, screenshots of every page (build/tests/screenshots; refresh
#   the committed ones with WIPESEAL_SCREENSHOTS_DIR=$PWD/docs/screenshots), and as root the
#   keyboard-only end-to-end run on loop devices
# plus the check that every user-visible string has a Vietnamese translation.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh build
scripts/setup.sh build-asan -DWIPESEAL_SANITIZE=ON
# The Release configuration a packager builds (cmake -DCMAKE_BUILD_TYPE=Release): it must compile
# without a warning at -O3, where GCC finds things the other builds do not.
scripts/setup.sh build-release -DCMAKE_BUILD_TYPE=Release -DWIPESEAL_BUILD_TESTS=OFF

labels="unit"
if [[ $(id -u) -eq 0 && -e /dev/loop-control ]]; then
  labels="unit|root"
else
  echo "test: not root or no loop devices: the 'root' group (loop-device tests) is skipped" >&2
fi

# The VM test runs once, with the release build (the sanitized binary would need its runtime
# copied into the guest).
if command -v qemu-system-x86_64 >/dev/null; then
  echo "test: running [vm] in build"
  ctest --test-dir build -L vm --output-on-failure --timeout 900
else
  echo "test: qemu-system-x86_64 missing: the 'vm' group is skipped" >&2
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for dir in build build-asan; do
  echo "test: running [$labels] in $dir"
  ctest --test-dir "$dir" -L "$labels" --output-on-failure --timeout 900
done
