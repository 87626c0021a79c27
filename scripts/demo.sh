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
# Demo office keys and details. A real office keeps its passphrase out of files (wipeseal asks
# for it) or signs with its USB token (--pkcs11).
echo "demo-passphrase-only" >"$DEMO/passphrase"
build/cli/wipeseal key init --key-dir "$DEMO/keys" --office "Văn phòng UBND phường Mẫu" \
  --passphrase-file "$DEMO/passphrase" >/dev/null
cat >"$DEMO/details.json" <<'JSON'
{
  "parent_body": "Ủy ban nhân dân quận Mẫu",
  "issuing_body": "Ủy ban nhân dân phường Mẫu",
  "record_symbol": "BB-VP",
  "place": "Hà Nội",
  "reason": "repurpose",
  "secrecy_level": "mat",
  "asset_number": "TS-DEMO-001",
  "host_serial": "PC-DEMO-01",
  "participants": [
    {"name": "Nguyễn Văn An", "title": "Công chức Văn phòng - Thống kê", "role": "performer"},
    {"name": "Trần Thị Bình", "title": "Văn thư", "role": "custodian"},
    {"name": "Lê Văn Cường", "title": "Chủ tịch UBND phường", "role": "head"}
  ],
  "destination": "Máy tính dùng kết nối Internet của bộ phận một cửa",
  "notes": "Thiết bị trình diễn (demo)."
}
JSON

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
