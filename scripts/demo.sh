#!/usr/bin/env bash
# The main job on a built-in demo disk: set up and build wipeseal, make a disk holding a real
# ext4 filesystem full of sample "secret" documents (a loop device when run as root, otherwise
# an image file), erase it, and show where the job record is.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

scripts/setup.sh build

source scripts/demo-disk.sh

echo "demo: before erasure the disk holds $(grep -a -c 'DEMO-SECRET-' "$TARGET" || true) lines naming a secret"
build/cli/wipeseal list | sed -n "\#^$TARGET#,+2p" || true

set +e
build/cli/wipeseal erase "$TARGET" --yes --method clear \
  --out "$DEMO/records" --state-dir "$DEMO/state" \
  --certify --details "$DEMO/details.json" --key-dir "$DEMO/keys" --passphrase-file "$DEMO/passphrase" \
  --register "$DEMO/register.sqlite"
rc=$?
set -e

after=$(grep -a -c 'DEMO-SECRET-' "$TARGET" || true)
echo "demo: after erasure the disk holds $after lines naming a secret"
echo "demo: libblkid now finds: $(blkid -p "$TARGET" >/dev/null 2>&1 && echo 'a signature (!)' || echo 'nothing')"
pdf=$(ls "$DEMO"/records/*.pdf 2>/dev/null | head -1)
if [[ -n $pdf ]]; then
  cert=${pdf%.pdf}
  record=$(grep -l '"schema": "wipeseal.record/1"' "$DEMO"/records/*.json | head -1)
  echo
  echo "demo: checking the certificate with wipeseal:"
  build/cli/wipeseal cert verify "$pdf" --ca "$DEMO/keys/office-ca.pem" --register "$DEMO/register.sqlite" || rc=4
  echo
  echo "demo: checking it with the openssl command alone:"
  echo "  openssl cms -verify -binary -inform DER -in $cert.p7s -content $cert.json -CAfile $DEMO/keys/office-ca.pem -out /dev/null"
  openssl cms -verify -binary -inform DER -in "$cert.p7s" -content "$cert.json" -CAfile "$DEMO/keys/office-ca.pem" \
    -out /dev/null || rc=4
  echo
  echo "demo: JOB RECORD:  $record"
  echo "demo: CERTIFICATE: $pdf (printable biên bản), $cert.json + $cert.p7s (signed)"
fi
exit $rc
