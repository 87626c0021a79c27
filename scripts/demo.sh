#!/usr/bin/env bash
# The main job on a built-in demo disk: set up and build wipeseal, make a disk holding a real
# ext4 filesystem full of sample "secret" documents (a loop device when run as root, otherwise
# an image file), erase it, and show where the job record is.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

scripts/setup.sh build

DEMO=$ROOT/demo-work
rm -rf "$DEMO"
mkdir -p "$DEMO/documents"
for i in 1 2 3 4 5; do
  cat >"$DEMO/documents/cong-van-mat-$i.txt" <<DOC
MẬT
ỦY BAN NHÂN DÂN PHƯỜNG MẪU — Số: $i/CV-MAT
Về việc: tài liệu mẫu dùng để trình diễn wipeseal (DEMO-SECRET-$i).
Nội dung này phải không còn đọc được sau khi xóa.
DOC
done
IMAGE=$DEMO/demo-disk.img
truncate -s 256M "$IMAGE"
mkfs.ext4 -q -F -L HOSO-MAT -d "$DEMO/documents" "$IMAGE"

LOOP=""
cleanup() { if [[ -n $LOOP ]]; then losetup -d "$LOOP" 2>/dev/null || true; fi; }
trap cleanup EXIT
if [[ $(id -u) -eq 0 ]] && losetup -f >/dev/null 2>&1; then
  LOOP=$(losetup --show -f "$IMAGE")
  TARGET=$LOOP
  echo "demo: the demo disk is $LOOP (a loop device backed by $IMAGE)"
else
  TARGET=$IMAGE
  echo "demo: not root, so the demo disk is the image file $IMAGE"
fi

echo "demo: before erasure the disk holds $(grep -a -c 'DEMO-SECRET-' "$TARGET" || true) lines naming a secret"
build/cli/wipeseal list | sed -n "\#^$TARGET#,+2p" || true

set +e
build/cli/wipeseal erase "$TARGET" --yes --method clear \
  --out "$DEMO/records" --state-dir "$DEMO/state"
rc=$?
set -e

after=$(grep -a -c 'DEMO-SECRET-' "$TARGET" || true)
echo "demo: after erasure the disk holds $after lines naming a secret"
echo "demo: libblkid now finds: $(blkid -p "$TARGET" >/dev/null 2>&1 && echo 'a signature (!)' || echo 'nothing')"
record=$(ls "$DEMO"/records/*.json 2>/dev/null | head -1)
if [[ -n $record ]]; then
  echo
  echo "demo: JOB RECORD: $record"
  echo "demo: outcome: $(grep -o '"outcome": "[a-z_]*"' "$record" | cut -d'"' -f4)"
  echo "demo: AES-256-CTR key $(grep -o '"key": "[0-9a-f]*"' "$record" | cut -d'"' -f4)," \
    "iv $(grep -o '"iv": "[0-9a-f]*"' "$record" | cut -d'"' -f4)"
  echo "demo: re-check any sector with openssl alone: see docs/record-schema.md"
fi
exit $rc
