#!/usr/bin/env bash
# Sets everything up and runs every test group this machine can run:
#   unit  - no root, no devices (image files only)           always
#   root  - CLI and engine on loop devices the tests create   when root with /dev/loop-control
#   vm    - a Debian kernel under QEMU (TCG) erasing an emulated NVMe drive   when qemu is installed
#   the engine's unit and root tests again under AddressSanitizer + UBSan, and under ThreadSanitizer
#   the wizard: Telex/VNI, its pages, screenshots of every page (build/tests/screenshots; refresh
#   the committed ones with WIPESEAL_SCREENSHOTS_DIR=$PWD/docs/screenshots), and as root the
#   keyboard-only end-to-end run on loop devices
#   fuzz  - scripts/fuzz.sh 10: libFuzzer (clang) on every parser of outside bytes, AFL++ on the
#           PDF parser, 10 s each
#   crash - scripts/crash-campaign.py, 12 runs (root)
#   image - the .deb and the bootable ISO built from the committed tree (HEAD), booted under QEMU
#           (TCG): unattended erase of NVMe+SATA+virtio disks with certificates, no network,
#           BIOS and UEFI Secure Boot   when root with live-build and qemu (iso/vmtest/README.md)
# plus the check that every user-visible string has a Vietnamese translation.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh build
scripts/setup.sh build-asan -DWIPESEAL_SANITIZE=ON
# The bootable image needs root, live-build and qemu; where it is built, its .deb build is the
# packager's plain Release build (cmake -DCMAKE_BUILD_TYPE=Release, Debian's flags), made with
# warnings as errors. Elsewhere that Release build is made here: it must compile without a
# warning at -O3, where GCC finds things the other builds do not.
image=0
if [[ $(id -u) -eq 0 ]] && command -v lb >/dev/null && command -v qemu-system-x86_64 >/dev/null; then
  image=1
else
  echo "test: not root, or live-build/qemu missing: the image tests are skipped" >&2
  scripts/setup.sh build-release -DCMAKE_BUILD_TYPE=Release -DWIPESEAL_BUILD_TESTS=OFF
fi

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

# The engine's threads (writers, readers, progress, cancel, a session's one thread per disk) under
# ThreadSanitizer: the unit tests and, as root, the loop-device tests, in build-tsan (only the two
# test programs and the CLI and FUSE helper they run are built).
echo "test: ThreadSanitizer build (build-tsan) and its tests"
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIPESEAL_WERROR=ON -DWIPESEAL_TSAN=ON >/dev/null
cmake --build build-tsan --target wipeseal_unit_tests wipeseal_integration_tests wipeseal wipeseal-test-faultfs
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
build-tsan/tests/wipeseal_unit_tests --gtest_brief=1
if [[ $(id -u) -eq 0 && -e /dev/loop-control ]]; then
  build-tsan/tests/wipeseal_integration_tests --gtest_brief=1
fi

# Fuzzing, short: every parser of outside bytes for 10 s each (the PDF's by AFL++), after
# replaying every input that ever crashed (scripts/fuzz.sh 600 is a real campaign).
echo "test: fuzzing (scripts/fuzz.sh 10)"
scripts/fuzz.sh 10

# The crash campaign, short: SIGKILL at random moments of a certified two-disk job, then resume
# (scripts/crash-campaign.py --runs 100 is the full one).
if [[ $(id -u) -eq 0 && -e /dev/loop-control ]]; then
  echo "test: crash campaign (12 runs)"
  scripts/crash-campaign.py --runs 12
fi

if ((image)); then
  echo "test: building the .deb and the image from HEAD, then booting it (iso/vmtest/run-image-tests.sh)"
  # WIPESEAL_IMAGE_KEEP=DIR keeps each VM's disks, serial log and tty1 screendump there.
  WIPESEAL_DEB_WERROR=ON iso/vmtest/run-image-tests.sh ${WIPESEAL_IMAGE_KEEP:+--keep "$WIPESEAL_IMAGE_KEEP"}
fi
