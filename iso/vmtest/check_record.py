#!/usr/bin/env python3
"""Check a wipeseal job record written inside the NVMe VM test.

    check_record.py RECORD.json [--expect-firmware] [--serial S] [--list LIST.json]

Always asserts: outcome "erased", device.transport "nvme", a verification
with outcome "passed", the ext4 seen before the erase and nothing after it.

--expect-firmware (for --method auto on QEMU's NVMe controller) also asserts
that the record shows the firmware path: a Format NVM command (opcode 0x80)
that succeeded, the nvme-sanitize-* candidates declined as not supported,
method category "purge" and verification mode "fingerprint".

Exit status 0 when every check passed, 1 otherwise. Standard library only.
"""

import argparse
import json
import sys


class Checker:
    def __init__(self):
        self.passed = []
        self.failed = []

    def check(self, ok, what, detail=""):
        (self.passed if ok else self.failed).append(what + (f" ({detail})" if detail else ""))
        return ok


def get(obj, *path, default=None):
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return default
        obj = obj[key]
    return obj


def check_record(rec, c, expect_firmware, serial):
    c.check(rec.get("outcome") == "erased", 'outcome == "erased"', f"got {rec.get('outcome')!r}")
    c.check(get(rec, "device", "transport") == "nvme", 'device.transport == "nvme"',
            f"got {get(rec, 'device', 'transport')!r}")
    c.check(get(rec, "device", "path") == "/dev/nvme0n1", 'device.path == "/dev/nvme0n1"',
            f"got {get(rec, 'device', 'path')!r}")
    if serial:
        c.check(get(rec, "device", "serial", default="").strip() == serial,
                f'device.serial == "{serial}"', f"got {get(rec, 'device', 'serial')!r}")

    before = [s.get("type") for s in get(rec, "device", "content_before", "signatures", default=[]) or []]
    after = get(rec, "device", "content_after", "signatures", default=None)
    c.check("ext4" in before, "ext4 found on the device before the erase", f"signatures before: {before}")
    c.check(after == [], "no signature found on the device after the erase", f"signatures after: {after}")

    # "a verification with outcome passed": the record has one verification
    # object; accept a list too, should the schema grow one.
    ver = rec.get("verification")
    vers = ver if isinstance(ver, list) else [ver] if isinstance(ver, dict) else []
    passed = [v for v in vers if isinstance(v, dict) and v.get("outcome") == "passed"]
    c.check(bool(passed), 'a verification with outcome "passed"',
            f"outcomes: {[v.get('outcome') for v in vers if isinstance(v, dict)]}")

    if not expect_firmware:
        return

    fw = rec.get("firmware")
    if not c.check(isinstance(fw, dict), "record has a firmware section", f"got {type(fw).__name__}"):
        return
    commands = fw.get("commands") or []
    fmt = [x for x in commands if isinstance(x, dict) and str(x.get("opcode", "")).lower() == "0x80"]
    c.check(any(x.get("ok") is True for x in fmt), 'firmware.commands has Format NVM (opcode "0x80") with ok == true',
            f"opcode 0x80 entries: {fmt}" if fmt else f"opcodes: {[x.get('opcode') for x in commands if isinstance(x, dict)]}")

    candidates = [x for x in fw.get("candidates") or [] if isinstance(x, dict)]
    sanitize = [x for x in candidates if str(x.get("method", "")).startswith("nvme-sanitize-")]
    c.check(bool(sanitize) and all(x.get("decision") == "not_supported" for x in sanitize),
            'firmware.candidates nvme-sanitize-* all have decision "not_supported"',
            "; ".join(f"{x.get('method')}: {x.get('decision')}" for x in sanitize) or
            f"no nvme-sanitize-* candidate among {[x.get('method') for x in candidates]}")

    c.check(get(rec, "method", "category") == "purge", 'method.category == "purge"',
            f"got {get(rec, 'method', 'category')!r}")
    c.check(get(rec, "verification", "mode") == "fingerprint", 'verification.mode == "fingerprint"',
            f"got {get(rec, 'verification', 'mode')!r}")


def check_list(devices, c, serial):
    nvme = [d for d in devices if isinstance(d, dict) and d.get("path") == "/dev/nvme0n1"]
    if not c.check(len(nvme) == 1, "wipeseal list shows /dev/nvme0n1",
                   f"listed: {[d.get('path') for d in devices if isinstance(d, dict)]}"):
        return
    d = nvme[0]
    c.check(d.get("transport") == "nvme", 'list: /dev/nvme0n1 transport == "nvme"', f"got {d.get('transport')!r}")
    c.check(d.get("erasable") is True, "list: /dev/nvme0n1 may be erased", f"refusals: {d.get('refusals')}")
    if serial:
        c.check((d.get("serial") or "").strip() == serial, f'list: /dev/nvme0n1 serial == "{serial}"',
                f"got {d.get('serial')!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("record")
    ap.add_argument("--expect-firmware", action="store_true",
                    help="also require the NVMe Format NVM purge path (method auto)")
    ap.add_argument("--serial", help="expected NVMe serial number")
    ap.add_argument("--list", dest="list_json", help="output of wipeseal list --json from the same guest")
    args = ap.parse_args()

    c = Checker()
    try:
        with open(args.record, encoding="utf-8") as f:
            rec = json.load(f)
    except (OSError, ValueError) as e:
        print(f"check_record: cannot read {args.record}: {e}", file=sys.stderr)
        return 1
    check_record(rec, c, args.expect_firmware, args.serial)

    if args.list_json:
        try:
            with open(args.list_json, encoding="utf-8") as f:
                devices = json.load(f)
        except (OSError, ValueError) as e:
            c.check(False, f"wipeseal list --json output is valid JSON", str(e))
        else:
            check_list(devices if isinstance(devices, list) else [], c, args.serial)

    print(f"check_record: {args.record}")
    print(f"  method {get(rec, 'method', 'name')!r} ({get(rec, 'method', 'category')}), "
          f"verification {get(rec, 'verification', 'mode')!r} "
          f"{get(rec, 'verification', 'outcome')!r}, outcome {rec.get('outcome')!r}")
    for line in c.passed:
        print(f"  ok    {line}")
    for line in c.failed:
        print(f"  FAIL  {line}")
    print(f"check_record: {len(c.passed)} passed, {len(c.failed)} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
