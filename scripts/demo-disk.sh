# Shared by demo.sh and wizard-demo.sh (sourced): the demo office's keys and details, and a demo
# disk holding a real ext4 filesystem of sample "secret" documents - a loop device when run as
# root, otherwise an image file. Sets DEMO, TARGET, LOOP and PASSPHRASE; detaches the loop device
# on exit.
DEMO=${DEMO:-$ROOT/demo-work}
PASSPHRASE="demo-passphrase-only"
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
echo "$PASSPHRASE" >"$DEMO/passphrase"
build/cli/wipeseal key init --key-dir "$DEMO/keys" --office "Văn phòng UBND phường Mẫu" \
  --passphrase-file "$DEMO/passphrase" --no-ca-key >/dev/null
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
