#!/usr/bin/env bash
# The wizard on the built-in demo disk: set up and build wipeseal, make the demo disk (a loop
# device as root, otherwise an image file) and a demo office (keys, remembered details), and start
# wipeseal-gui offering only that disk. The signing key's passphrase is demo-passphrase-only.
# It needs a display: run it in a desktop session, or over `ssh -X`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

scripts/setup.sh build
source scripts/demo-disk.sh

# The office's data folder, as the wipeseal stick's data partition would hold it.
DATA=$DEMO/data
mkdir -p "$DATA"
mv "$DEMO/keys" "$DATA/keys"
python3 - "$DEMO/details.json" "$DATA/office.json" <<'PY'
import json, sys
details = json.load(open(sys.argv[1]))
for per_computer in ("asset_number", "host_serial"):
    details.pop(per_computer, None)
json.dump({"details": details, "signing": {}}, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
PY

echo "demo: starting the wizard; the signing key's passphrase is: $PASSPHRASE"
args=(--data-dir "$DATA" --disk "$TARGET" --only-named)
if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]]; then
  echo "demo: there is no display here (DISPLAY is not set). Run this script in a desktop session or over" >&2
  echo "      'ssh -X'; to see every page without a display, look at docs/screenshots/ instead." >&2
  exit 1
fi
build/gui/wipeseal-gui "${args[@]}"
echo "demo: records and certificates are in $DATA/records"
