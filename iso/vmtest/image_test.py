#!/usr/bin/env python3
"""VM tests of the built wipeseal image (QEMU, TCG only, no network). Python stdlib only.

  image_test.py unattended --iso wipeseal.iso [--firmware uefi|uefi-sb|bios] [--work DIR]
      Boots a USB-stick image (the ISO plus a WIPESEAL-DATA partition holding the office
      details, a signing key and its passphrase) with an NVMe, a SATA (AHCI) and a virtio
      disk, each holding an ext4 filesystem of marker files; picks "Unattended" in the boot
      menu (hotkey u). From the host afterwards: the markers and filesystems are gone from
      all three disks; one certificate (biên bản) for the computer on the data partition,
      accepted by `openssl cms -verify` with the office CA and naming the three disks and
      the verified image; the ISO part of the stick is byte-identical;
      on the data partition only certificates/, logs/, state/ and the register changed;
      the run's network evidence shows no interface up but lo and no listening socket.

  image_test.py inspect --iso wipeseal.iso [--firmware bios|uefi|uefi-sb] [--work DIR]
      Boots the ISO as a CD (normal entry, hotkey n) with the same three marker disks and a
      second USB drive holding only a data partition, plus a test-only layer that opens a
      root shell on ttyS0 (never part of the product image: it is added to a copy of the ISO
      as live/zz-wipeseal-test.squashfs with xorriso). Checks inside: no interface but lo
      up, no listening inet/inet6/packet socket (`ss -l`), no marker disk mounted or even
      seen by ext4, the boot medium recorded, the data drive mounted, the time zone, the
      squashfs hash verified, tty1's service running; saves a QMP screendump of tty1.

Writes DIR/result.json (timings, checks) and exits 0 only if every check passed.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_vm import VM, VMError  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ISO_DIR = os.path.dirname(HERE)
MIB = 1 << 20


class Checks:
    def __init__(self, log):
        self.items = []
        self.log = log

    def check(self, name, ok, detail=""):
        self.items.append({"check": name, "ok": bool(ok), "detail": detail})
        self.log(("PASS " if ok else "FAIL ") + name + (f": {detail}" if detail else ""))
        return ok

    def passed(self):
        return all(i["ok"] for i in self.items)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw).stdout.decode()


def read_range(path, start, length):
    """The bytes of [start, start+length) of a file, 4 MiB at a time."""
    with open(path, "rb") as f:
        f.seek(start)
        left = length
        while left > 0:
            b = f.read(min(left, 4 * MIB))
            if not b:
                break
            yield b
            left -= len(b)


def sha256_range(path, start, length):
    h = hashlib.sha256()
    for b in read_range(path, start, length):
        h.update(b)
    return h.hexdigest()


def make_marker_disk(path, tag, name, size_mib=64):
    """An ext4 filesystem image full of marker lines; returns the marker string."""
    mark = f"WIPESEAL-IMG-MARKER-{tag}-{name}"
    with tempfile.TemporaryDirectory() as d:
        for n in range(1, 21):
            with open(os.path.join(d, f"secret{n}.txt"), "wb") as f:
                f.write((mark + f"-{n}\n").encode() * 800)
        with open(os.path.join(d, "large.bin"), "wb") as f:
            for i in range(64):
                line = (mark + f"-large-{i}\n").encode()
                f.write(line + os.urandom(65536 - len(line)))
        with open(path, "wb") as f:
            f.truncate(size_mib * MIB)
        run(["mke2fs", "-q", "-F", "-t", "ext4", "-L", name, "-d", d, path])
    return mark


def count_marker(path, mark):
    needle = mark.encode()
    n = 0
    carry = b""
    with open(path, "rb") as f:
        while True:
            b = f.read(4 * MIB)
            if not b:
                break
            buf = carry + b
            n += buf.count(needle)
            carry = buf[-(len(needle) - 1):]
    return n


def blkid_type(path):
    r = subprocess.run(["blkid", "-p", "-o", "value", "-s", "TYPE", path], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    return r.stdout.decode().strip()


def tree_hashes(root):
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for fn in files:
            p = os.path.join(dirpath, fn)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                out[rel] = "link:" + os.readlink(p)
                continue
            with open(p, "rb") as f:
                out[rel] = hashlib.sha256(f.read()).hexdigest()
    return out


def extract_ext4(image, start, length, dest, work):
    """Copy the filesystem at [start, start+length) of image out and dump its files (debugfs; no mount)."""
    part = os.path.join(work, "data-part.img")
    with open(part, "wb") as dst:
        for b in read_range(image, start, length):
            dst.write(b)
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    run(["debugfs", "-R", f"rdump / {dest}", part])
    os.unlink(part)


def find_wipeseal(args, work):
    """The wipeseal binary for host-side key creation: from the .deb the image was built with."""
    if args.wipeseal_bin:
        return args.wipeseal_bin
    info = os.path.join(os.path.dirname(os.path.abspath(args.iso)), "build-info.json")
    debs = []
    if os.path.exists(info):
        with open(info) as f:
            name = json.load(f).get("deb")
        for d in ("/var/cache/wipeseal-image/deb", os.path.dirname(os.path.abspath(args.iso))):
            if name and os.path.exists(os.path.join(d, name)):
                debs.append(os.path.join(d, name))
    if not debs:
        raise SystemExit("no wipeseal binary: pass --wipeseal-bin (or keep build-info.json and the .deb)")
    x = os.path.join(work, "deb")
    run(["dpkg-deb", "-x", debs[0], x])
    return os.path.join(x, "usr/bin/wipeseal")


# ------------------------------------------------------------------ unattended --
def test_unattended(args, work, checks, log, timings):
    tag = os.urandom(4).hex()
    disks = {}
    for name in ("nvme", "sata", "virtio"):
        p = os.path.join(work, f"{name}.img")
        disks[name] = (p, make_marker_disk(p, tag, name))
        n = count_marker(p, disks[name][1])
        if not checks.check(f"setup: {name}.img has markers and ext4", n >= 20 and blkid_type(p) == "ext4",
                            f"{n} markers"):
            return

    # The data partition's content: office details, keys (no CA key), passphrase.
    ws = find_wipeseal(args, work)
    data = os.path.join(work, "data-src")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(os.path.join(data, "config"))
    keys_tmp = os.path.join(work, "keys-full")
    shutil.rmtree(keys_tmp, ignore_errors=True)
    pp = os.path.join(work, "passphrase")
    with open(pp, "w") as f:
        f.write("vm-test-passphrase-" + tag + "\n")
    run([ws, "--lang", "en", "key", "init", "--key-dir", keys_tmp, "--office", "UBND phường Thử nghiệm",
         "--passphrase-file", pp, "--no-ca-key"])
    os.makedirs(os.path.join(data, "keys"), mode=0o700)
    for fn in ("office-ca.pem", "signer.pem", "signer.key"):
        shutil.copy2(os.path.join(keys_tmp, fn), os.path.join(data, "keys", fn))
    shutil.copy2(pp, os.path.join(data, "keys", "passphrase"))
    os.chmod(os.path.join(data, "keys", "passphrase"), 0o600)
    details = {
        "parent_body": "UBND quận Thử nghiệm",
        "issuing_body": "UBND phường Thử nghiệm",
        "record_symbol": "BB-VP",
        "place": "Hà Nội",
        "reason": "repurpose",
        "secrecy_level": "mat",
        "asset_number": "TS-VM-0001",
        "host_serial": "VM-" + tag,
        "participants": [{"name": "Nguyễn Văn A", "title": "Văn thư", "role": "performer"}],
        "destination": "Tái sử dụng trong cơ quan",
    }
    with open(os.path.join(data, "config", "details.json"), "w", encoding="utf-8") as f:
        json.dump(details, f, ensure_ascii=False, indent=1)

    stick = os.path.join(work, "stick.img")
    shutil.copyfile(args.iso, stick)
    out = run([os.path.join(ISO_DIR, "make-data-partition.sh"), "--image", stick, "--size", "128M",
               "--populate", data]).strip().splitlines()[-1]
    pstart, plen = (int(x) for x in out.split())
    iso_size = os.path.getsize(args.iso)
    stick_size = os.path.getsize(stick)
    checks.check("setup: data partition after the ISO", pstart >= iso_size and pstart + plen <= stick_size,
                 f"ISO {iso_size} B, partition at {pstart}, {plen} B")
    # Everything outside the data partition must stay byte-identical.
    outside_before = (sha256_range(stick, 0, pstart), sha256_range(stick, pstart + plen, stick_size - pstart - plen))
    iso_region_before = sha256_range(stick, 0, iso_size)
    extract_ext4(stick, pstart, plen, os.path.join(work, "data-before"), work)
    before = tree_hashes(os.path.join(work, "data-before"))
    # The stick is the ISO except one 16-byte partition entry in the MBR (446..509).
    with open(stick, "rb") as a, open(args.iso, "rb") as b:
        sector_stick, sector_iso = a.read(512), b.read(512)
    differing = [i for i in range(512) if sector_stick[i] != sector_iso[i]]
    one_entry = bool(differing) and 446 <= differing[0] and differing[-1] < 510 and \
        (differing[0] - 446) // 16 == (differing[-1] - 446) // 16
    checks.check("setup: the ISO region of the stick is the ISO except one MBR partition entry",
                 one_entry and sha256_range(stick, 512, iso_size - 512) == sha256_range(args.iso, 512, iso_size - 512),
                 f"bytes {differing[:4]}..{differing[-1:]} differ in sector 0; {len(before)} files on the data partition")

    vm = VM(work, firmware=args.firmware, log=log)
    vm.add_usb_stick(stick, boot=True)
    vm.add_nvme(disks["nvme"][0])
    vm.add_sata(disks["sata"][0])
    vm.add_virtio(disks["virtio"][0])
    t0 = time.monotonic()
    vm.start()
    try:
        vm.choose_boot_entry("u", timeout=240)
        timings["kernel_s"] = round(vm.elapsed(), 1)
        log(f"kernel started after {timings['kernel_s']} s (unattended entry)")
        m = vm.wait_for(r"WIPESEAL-UNATTENDED-(DONE rc=(\d+)|REFUSED: [^\r\n]*)", args.timeout)
        timings["unattended_done_s"] = round(vm.elapsed(), 1)
        log(f"{m.group(0)} after {timings['unattended_done_s']} s")
        if not checks.check("unattended run finished with rc 0", m.group(2) == "0", m.group(0)):
            vm.screendump(os.path.join(work, "unattended-tty1.png"))
            raise VMError("unattended mode refused or failed; it stays on screen (unattended-tty1.png)")
        try:
            vm.screendump(os.path.join(work, "unattended-tty1.png"))
        except VMError as e:
            log(f"screendump failed: {e}")
        rc = vm.wait_exit(120)
        timings["poweroff_s"] = round(time.monotonic() - t0, 1)
        checks.check("the VM powered itself off", rc == 0, f"QEMU status {rc}")
    finally:
        vm.kill()

    # ---- host-side checks
    for name, (p, mark) in disks.items():
        n = count_marker(p, mark)
        checks.check(f"{name}: no marker left", n == 0, f"{n} marker strings found")
        t = blkid_type(p)
        checks.check(f"{name}: no filesystem signature left", t == "", f"blkid -p: {t or 'nothing'}")
    outside_after = (sha256_range(stick, 0, pstart), sha256_range(stick, pstart + plen, stick_size - pstart - plen))
    checks.check("boot medium: every byte outside the data partition unchanged", outside_before == outside_after)
    checks.check("boot medium: ISO region identical to the ISO file",
                 sha256_range(stick, 0, iso_size) == iso_region_before)
    extract_ext4(stick, pstart, plen, os.path.join(work, "data-after"), work)
    after = tree_hashes(os.path.join(work, "data-after"))
    changed_before = [p for p in before if after.get(p) != before[p]]
    checks.check("data partition: config and keys unchanged", not changed_before, ", ".join(changed_before))
    allowed = re.compile(r"^(certificates/|logs/|state/|register\.sqlite|lost\+found/)")
    unexpected = [p for p in after if p not in before and not allowed.match(p)]
    checks.check("data partition: new files only in certificates/, logs/, state/, register", not unexpected,
                 ", ".join(unexpected))
    certdir = os.path.join(work, "data-after", "certificates")
    p7s = sorted(f for f in os.listdir(certdir) if f.endswith(".p7s")) if os.path.isdir(certdir) else []
    checks.check("one biên bản for the computer (its three disks in one certificate)", len(p7s) == 1, " ".join(p7s))
    ca = os.path.join(work, "data-after", "keys", "office-ca.pem")
    serials_seen = set()
    for f in p7s:
        base = f[:-4]
        content = os.path.join(certdir, base + ".json")
        r = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                            os.path.join(certdir, f), "-content", content, "-CAfile", ca, "-out", "/dev/null"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        checks.check(f"openssl cms -verify {base}", r.returncode == 0, r.stdout.decode().strip()[-200:])
        if os.path.exists(content):
            text = open(content, encoding="utf-8").read()
            for s in ("WSNVME0001", "WSSATA0001", "WSVIRT0001"):
                if s in text:
                    serials_seen.add(s)
            # Each record names the air-gapped image and the boot-time check of its system files.
            envs = {r.get("environment", "") for r in json.loads(text).get("records", [])}
            checks.check(f"{base}: every record names the air-gapped image, its hash verified at boot",
                         len(envs) == 1 and all("air-gapped" in e and ": verified" in e for e in envs),
                         " | ".join(sorted(envs))[:300])
    checks.check("the certificates name the three disks' serials", len(serials_seen) == 3,
                 " ".join(sorted(serials_seen)))
    logs = os.path.join(work, "data-after", "logs")
    sysfiles = sorted(f for f in os.listdir(logs) if f.startswith("system-")) if os.path.isdir(logs) else []
    if checks.check("network evidence written to logs/", len(sysfiles) == 1, " ".join(sysfiles)):
        text = open(os.path.join(logs, sysfiles[0]), encoding="utf-8", errors="replace").read()
        sec = dict(re.findall(r"^## ([^\n]*)\n(.*?)(?=^## |\Z)", text, re.S | re.M))
        up = sec.get("interfaces up other than lo", "?").strip()
        listening = sec.get("listening inet/inet6/packet sockets (ss -H -l -A inet,packet)", "?").strip()
        checks.check("in the guest: no interface up but lo", up == "", up)
        checks.check("in the guest: no listening inet/inet6/packet socket", listening == "", listening)


# ------------------------------------------------------------------ inspect ----
def make_test_iso(iso, work):
    """A copy of the product ISO plus a layer that opens a root shell on ttyS0 (tests only)."""
    layer = os.path.join(work, "testlayer")
    shutil.rmtree(layer, ignore_errors=True)
    unitdir = os.path.join(layer, "etc/systemd/system")
    os.makedirs(os.path.join(unitdir, "multi-user.target.wants"))
    with open(os.path.join(unitdir, "serial-getty@ttyS0.service"), "w") as f:
        f.write("""# TEST LAYER ONLY (iso/vmtest/image_test.py): root shell on ttyS0.
[Unit]
Description=TEST ONLY root shell on ttyS0
After=systemd-user-sessions.service
[Service]
ExecStart=-/sbin/agetty --autologin root --noclear --keep-baud 115200 ttyS0 vt220
Type=idle
Restart=always
UtmpIdentifier=ttyS0
TTYPath=/dev/ttyS0
TTYReset=yes
TTYVHangup=yes
[Install]
WantedBy=multi-user.target
""")
    os.symlink("../serial-getty@ttyS0.service", os.path.join(unitdir, "multi-user.target.wants",
                                                              "serial-getty@ttyS0.service"))
    sq = os.path.join(work, "zz-wipeseal-test.squashfs")
    if os.path.exists(sq):
        os.unlink(sq)
    run(["mksquashfs", layer, sq, "-noappend", "-comp", "zstd", "-quiet", "-no-progress", "-all-root"])
    out = os.path.join(work, "wipeseal-test.iso")
    if os.path.exists(out):
        os.unlink(out)
    run(["xorriso", "-indev", iso, "-outdev", out, "-boot_image", "any", "replay",
         "-map", sq, "/live/zz-wipeseal-test.squashfs", "-commit"])
    return out


def test_inspect(args, work, checks, log, timings):
    tag = os.urandom(4).hex()
    test_iso = make_test_iso(args.iso, work)
    disks = {}
    for name in ("nvme", "sata", "virtio"):
        p = os.path.join(work, f"{name}.img")
        disks[name] = (p, make_marker_disk(p, tag, name))
    # A second USB drive holding only a data partition (no ISO): an ext4 filesystem labelled WIPESEAL-DATA.
    data = os.path.join(work, "data-drive.img")
    with open(data, "wb") as f:
        f.truncate(64 * MIB)
    run(["mke2fs", "-q", "-F", "-t", "ext4", "-L", "WIPESEAL-DATA", data])
    hashes_before = {n: sha256_range(p, 0, os.path.getsize(p)) for n, (p, _m) in disks.items()}

    vm = VM(work, firmware=args.firmware, log=log)
    vm.add_cdrom(test_iso)
    vm.add_usb_stick(data, serial="WSDATA0001", boot=False)
    vm.add_nvme(disks["nvme"][0])
    vm.add_sata(disks["sata"][0])
    vm.add_virtio(disks["virtio"][0])
    vm.start()
    try:
        vm.choose_boot_entry("n", timeout=240)
        timings["kernel_s"] = round(vm.elapsed(), 1)
        log(f"kernel started after {timings['kernel_s']} s")
        vm.wait_for(r"root@[^\r\n]*[#] ", args.timeout)
        timings["shell_s"] = round(vm.elapsed(), 1)
        log(f"root shell on ttyS0 (test layer) after {timings['shell_s']} s")
        vm.shell("stty -echo; dmesg -n 1; export TERM=dumb PAGER=cat SYSTEMD_PAGER=cat", 30)
        # wait until boot finished (or degraded), so that late units cannot change the answers
        rc, out = vm.shell("systemctl is-system-running --wait", 240)
        checks.check("systemd finished booting", out.strip() in ("running", "degraded"), out.strip())
        rc, out = vm.shell("systemctl --failed --no-legend --plain | cat", 30)
        checks.check("no failed unit", out.strip() == "", out.strip())

        rc, out = vm.shell("ip -o link show up | awk -F': ' '$2 != \"lo\"'", 30)
        checks.check("no interface up but lo", rc == 0 and out.strip() == "", out.strip())
        rc, out = vm.shell("ip -o link | awk -F': ' '{print $2}' | tr '\\n' ' '", 30)
        log(f"interfaces present: {out.strip()}")
        rc, out = vm.shell("systemd-analyze; systemd-analyze blame | head -n 12", 60)
        log("systemd-analyze: " + out.strip().replace("\n", " | "))
        rc, out = vm.shell("systemd-analyze critical-chain multi-user.target --no-pager | head -n 15; "
                           "journalctl -b -o short-monotonic --no-pager -u console-setup.service | tail -n 4", 60)
        log("critical chain: " + out.strip().replace("\n", " | "))
        if args.firmware.startswith("uefi"):
            rc, out = vm.shell("od -An -t u1 /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c "
                               "| awk '{print $NF}'; cat /sys/kernel/security/lockdown", 30)
            sb = out.split()
            if args.firmware == "uefi-sb":
                checks.check("Secure Boot is on (SecureBoot=1) and the kernel is locked down",
                             sb[:1] == ["1"] and ("[integrity]" in out or "[confidentiality]" in out), out.strip())
            else:
                log("SecureBoot variable: " + out.strip())
        rc, out = vm.shell("ss -H -l -A inet,packet", 30)
        checks.check("ss -l: no listening inet/inet6/packet socket", rc == 0 and out.strip() == "", out.strip())
        rc, out = vm.shell("ss -H -l | awk '{print $1, $5}' | sort -u | tr '\\n' ';'", 30)
        log(f"all listening sockets (local Unix IPC only expected): {out.strip()}")
        rc, out = vm.shell("ss -H -l | awk '$1 !~ /^(u_str|u_dgr|u_seq|nl)$/'", 30)
        checks.check("ss -l: only local Unix and kernel netlink sockets", rc == 0 and out.strip() == "", out.strip())
        rc, out = vm.shell("for p in network-manager connman ifupdown isc-dhcp-client dhcpcd-base openssh-server "
                           "dropbear telnetd systemd-resolved systemd-timesyncd wpasupplicant; do "
                           "dpkg-query -W -f='${Package} ${Status}\\n' $p 2>/dev/null | grep ' installed'; done; true", 30)
        checks.check("no network manager, DHCP client, SSH/telnet, resolver or time sync package",
                     out.strip() == "", out.strip())
        rc, out = vm.shell("systemctl is-enabled avahi-daemon.service avahi-daemon.socket systemd-networkd.service "
                           "2>&1 | tr '\\n' ' '", 30)
        checks.check("avahi-daemon (a CUPS dependency) and systemd-networkd are masked",
                     out.split() == ["masked"] * 3, out.strip())

        rc, out = vm.shell("cat /run/live/wipeseal-medium; findmnt -n -o SOURCE /run/live/medium", 30)
        checks.check("live-boot used the wipeseal medium (sr0) and recorded it",
                     "/dev/sr0" in out, out.strip().replace("\n", " | "))
        rc, out = vm.shell("findmnt -rn -o SOURCE | grep -E '^/dev/(nvme|sda|vd)' ; "
                           "dmesg | grep -E 'EXT4-fs \\((nvme0n1|sda|vda)\\)' ; true", 30)
        checks.check("no marker disk mounted (not even by live-boot's medium search)", out.strip() == "",
                     out.strip())
        rc, out = vm.shell("findmnt -n -o SOURCE,FSTYPE,OPTIONS /media/wipeseal-data", 30)
        checks.check("the second USB drive's data partition is mounted at /media/wipeseal-data",
                     rc == 0 and "ext4" in out and "noexec" in out, out.strip())
        rc, out = vm.shell("date +%z; cat /etc/timezone", 30)
        checks.check("time zone Asia/Ho_Chi_Minh (+0700)", "+0700" in out and "Asia/Ho_Chi_Minh" in out,
                     out.strip().replace("\n", " "))
        rc, out = vm.shell("cat /run/wipeseal/image.json", 60)
        checks.check("image.json: system files verified against the published squashfs SHA-256",
                     '"squashfs_check": "verified"' in out, out.strip()[-300:])
        rc, out = vm.shell("wipeseal list --json | jq -r '.[] | \"\\(.name) \\(.serial // \"-\") \\(.erasable) "
                           "\\([.refusals[].code] | join(\",\"))\"'", 60)
        log("wipeseal list in the guest: " + out.strip().replace("\n", " | "))
        # By serial, not by name: the order of sda/sdb between AHCI and USB is not fixed.
        rows = [ln.split() for ln in out.strip().splitlines() if len(ln.split()) >= 3 and not ln.startswith("[")]
        by_serial = {r[1]: r for r in rows if r[1] != "-"}
        by_name = {r[0]: r for r in rows}
        checks.check("wipeseal sees the three disks as erasable",
                     all(s in by_serial and by_serial[s][2] == "true"
                         for s in ("WSNVME0001", "WSSATA0001", "WSVIRT0001")), str(rows))
        data_row = by_serial.get("WSDATA0001")
        checks.check("wipeseal lists and refuses the boot medium (sr0) and the data drive, as wipeseal media",
                     "sr0" in by_name and by_name["sr0"][2] == "false" and data_row is not None
                     and data_row[2] == "false" and "wipeseal_medium" in (data_row[3] if len(data_row) > 3 else ""),
                     str(rows))
        rc, out = vm.shell("test -e /usr/bin/wipeseal-gui && echo gui || echo nogui", 30)
        gui = out.split()[:1] == ["gui"]
        if gui:
            # The wizard is in the image: the kiosk must be running it on tty1 (and not be crash-looping).
            time.sleep(10)
            rc, out = vm.shell("systemctl is-active wipeseal-kiosk.service; "
                               "systemctl show -p NRestarts --value wipeseal-kiosk.service; "
                               "systemctl is-active wipeseal-console.service; pidof wipeseal-gui || echo none", 30)
            f = out.split()
            checks.check("tty1: the kiosk runs wipeseal-gui (linuxfb) and has not restarted",
                         len(f) >= 4 and f[0] == "active" and f[1] == "0" and f[2] == "inactive" and f[3] != "none",
                         out.strip().replace("\n", " "))
            rc, out = vm.shell("journalctl -b -u wipeseal-kiosk.service --no-pager | tail -n 8", 30)
            log("kiosk journal: " + out.strip().replace("\n", " | "))
        else:
            rc, out = vm.shell("systemctl is-active wipeseal-console.service", 30)
            checks.check("tty1: the status screen runs (no wizard in this image)", out.strip() == "active", out.strip())
        rc, out = vm.shell("cat /etc/default/keyboard | grep XKBLAYOUT; dpkg-query -W wipeseal; uname -r", 30)
        log("guest: " + out.strip().replace("\n", " | "))
        vm.shell("chvt 1; sleep 8", 30)
        png = os.path.join(work, f"tty1-{args.firmware}.png")
        vm.screendump(png)
        checks.check("QMP screendump of tty1", os.path.getsize(png) > 1000, png)
        timings["checks_done_s"] = round(vm.elapsed(), 1)
        vm.shell("systemctl poweroff", 10) if False else vm._serial_in.sendall(b"systemctl poweroff\n")
        try:
            vm.wait_exit(120)
        except VMError as e:
            log(str(e))
    finally:
        vm.kill()
    for n, (p, mark) in disks.items():
        checks.check(f"{n}: not written by the boot", sha256_range(p, 0, os.path.getsize(p)) == hashes_before[n])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", choices=["unattended", "inspect"])
    ap.add_argument("--iso", default="/var/cache/wipeseal-image/out/wipeseal.iso")
    ap.add_argument("--firmware", choices=["bios", "uefi", "uefi-sb"], default=None)
    ap.add_argument("--work", default=None, help="work folder (kept); default: a new temporary folder, removed on success")
    ap.add_argument("--timeout", type=float, default=900, help="seconds for the guest's main phase")
    ap.add_argument("--wipeseal-bin", default=None, help="host wipeseal for `key init` (default: from the image's .deb)")
    args = ap.parse_args()
    if args.firmware is None:
        args.firmware = "uefi" if args.scenario == "unattended" else "bios"
    args.iso = os.path.abspath(args.iso)
    if not os.path.exists(args.iso):
        raise SystemExit(f"no ISO: {args.iso} (iso/build-image.sh makes it)")
    keep = args.work is not None
    work = os.path.abspath(args.work) if keep else tempfile.mkdtemp(prefix=f"wipeseal-img-{args.scenario}-")
    os.makedirs(work, exist_ok=True)
    t0 = time.monotonic()

    def log(msg):
        print(f"image_test [{time.monotonic() - t0:6.1f}s] {msg}", flush=True)

    checks = Checks(log)
    timings = {}
    log(f"{args.scenario} on {args.firmware}; work {work}")
    error = None
    try:
        if args.scenario == "unattended":
            test_unattended(args, work, checks, log, timings)
        else:
            test_inspect(args, work, checks, log, timings)
    except (VMError, subprocess.CalledProcessError) as e:
        error = str(e)
        if isinstance(e, subprocess.CalledProcessError) and e.stdout:
            error += ": " + e.stdout.decode(errors="replace")[-800:]
        checks.check("test ran to the end", False, error)
        serial = os.path.join(work, "serial.log")
        if os.path.exists(serial):
            print("---- last 40 lines of the serial console ----")
            with open(serial, "rb") as f:
                print("\n".join(f.read().decode("utf-8", "replace").splitlines()[-40:]))
            print("----")
    timings["total_s"] = round(time.monotonic() - t0, 1)
    ok = checks.passed() and bool(checks.items)
    with open(os.path.join(work, "result.json"), "w") as f:
        json.dump({"scenario": args.scenario, "firmware": args.firmware, "iso": args.iso, "passed": ok,
                   "timings": timings, "checks": checks.items}, f, indent=1)
    npass = sum(1 for i in checks.items if i["ok"])
    nfail = len(checks.items) - npass
    log(f"{'PASS' if ok else 'FAIL'}: {args.scenario} ({args.firmware}) in {timings['total_s']} s; "
        f"result {os.path.join(work, 'result.json')}")
    print(f"{npass} passed, {nfail} failed")
    if ok and not keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
