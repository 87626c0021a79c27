#!/usr/bin/env python3
"""Crash campaign: kill wipeseal (SIGKILL) at random moments of a certified two-disk job, resume,
and check after every run that nothing was lost, doubled or left half-written.

    sudo scripts/crash-campaign.py [--runs N] [--seed S] [--size-mib M] [--wipeseal PATH] [--keep DIR]

Each run fills two loop devices (created here, on image files in a private folder, removed at the
end) with 0x5A, starts `wipeseal erase --method zero --verify full --certify` on both, kills it
after a random delay drawn over the whole length of a job (erasing, reading back, signing, writing
the register and the PDF), then runs `wipeseal resume` until no job is left. It then checks:
  - both devices hold only zeros (fully erased);
  - the job has exactly one biên bản in the register naming both disks' records, and the register
    verifies (`wipeseal register verify --certificates`): chain intact, no number used twice or
    skipped, every certificate file agrees with it;
  - every certificate's .p7s is accepted by `openssl cms -verify` and its PDF by `wipeseal cert verify`;
  - no journal is left unfinished and no temporary or partial file is left in the output folders.
The phase the kill hit is taken from the job's JSON progress (its last event). Prints one line per
run and a table by phase; exits 1 if any run failed a check. Root only; it never touches a device
it did not create.
"""
import argparse
import glob
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PASSPHRASE = "crash-campaign-passphrase"
DETAILS = {
    "issuing_body": "Ủy ban nhân dân phường Thử nghiệm",
    "record_symbol": "BB-CC",
    "place": "Hà Nội",
    "reason": "repurpose",
    "secrecy_level": "mat",
    "asset_number": "TS-CRASH",
    "destination": "Kiểm thử",
    "participants": [{"name": "Nguyễn Văn An", "title": "Kỹ thuật viên", "role": "performer"}],
}


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


class Loop:
    """A loop device on an image file this script made; detached on close."""

    def __init__(self, path, size):
        with open(path, "wb") as f:
            f.truncate(size)
        self.image = path
        self.size = size
        r = run(["losetup", "--show", "-f", path])
        if r.returncode != 0 or not r.stdout.startswith("/dev/loop"):
            raise RuntimeError("losetup failed: " + r.stderr)
        self.dev = r.stdout.strip()

    def ours(self):
        r = run(["losetup", "-n", "-O", "BACK-FILE", self.dev])
        return r.returncode == 0 and os.path.realpath(r.stdout.strip()) == os.path.realpath(self.image)

    def fill(self, byte):
        assert self.ours(), "refusing to write a device this script did not create"
        chunk = bytes([byte]) * (1 << 20)
        with open(self.dev, "r+b") as f:
            for _ in range(self.size >> 20):
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())

    def all_zero(self):
        return self.all_byte(0)

    def all_byte(self, value):
        zero = bytes([value]) * (1 << 20)
        with open(self.dev, "rb") as f:
            os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
            while True:
                b = f.read(1 << 20)
                if not b:
                    return True
                if b != zero[: len(b)]:
                    return False

    def close(self):
        run(["losetup", "-d", self.dev])


def last_phase(progress_file):
    """The phase the job was in when it was killed, from its last JSON progress event."""
    phase = "before the first event"
    try:
        with open(progress_file, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    e = json.loads(line)
                except ValueError:
                    continue
                kind, ph = e.get("event", ""), e.get("phase")
                if kind == "job_finished":
                    phase = "after the job ended"
                elif ph == "signing" or kind.startswith("signing"):
                    phase = "signing (register, PDF)"
                elif kind == "device_finished":
                    phase = "finishing (record, certificate)"
                elif kind == "verify_finished":
                    phase = "read back, before signing"
                elif ph == "verify":
                    phase = "reading back"
                elif ph == "overwrite":
                    phase = "erasing"
    except OSError:
        pass
    return phase


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--size-mib", type=int, default=128)
    ap.add_argument("--wipeseal", default=os.path.join(ROOT, "build", "cli", "wipeseal"))
    ap.add_argument("--keep", default=None, help="keep the work folder here (default: removed)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("crash-campaign: needs root (loop devices)")
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    ws = args.wipeseal
    work = args.keep or tempfile.mkdtemp(prefix="wipeseal-crash-")
    os.makedirs(work, exist_ok=True)
    keys, out, state = (os.path.join(work, d) for d in ("keys", "out", "state"))
    register = os.path.join(work, "register.sqlite")
    with open(os.path.join(work, "passphrase"), "w") as f:
        f.write(PASSPHRASE + "\n")
    with open(os.path.join(work, "details.json"), "w", encoding="utf-8") as f:
        json.dump(DETAILS, f, ensure_ascii=False)
    r = run([ws, "--lang", "en", "key", "init", "--key-dir", keys, "--office", "UBND phường Thử nghiệm",
             "--passphrase-file", os.path.join(work, "passphrase"), "--no-ca-key"])
    if r.returncode != 0:
        sys.exit("crash-campaign: key init failed: " + r.stderr)
    ca = os.path.join(keys, "office-ca.pem")
    sign = ["--key-dir", keys, "--passphrase-file", os.path.join(work, "passphrase")]
    size = args.size_mib << 20
    loops = [Loop(os.path.join(work, f"disk{i}.img"), size) for i in (1, 2)]
    results = []
    try:
        # Uninterrupted jobs first: when the first progress event appears (the key is unlocked and the
        # disks examined by then) and when the job ends, so that kills spread over all of it. Three
        # of them; the quickest sets the scale (the first one warms the caches).
        duration, first_event = None, None
        for c in range(3):
            for lp in loops:
                lp.fill(0x5A)
            calib = os.path.join(work, f"progress-calibration-{c}.jsonl")
            t0 = time.monotonic()
            seen = None
            with open(calib, "w") as pf:
                p = subprocess.Popen([ws, "--lang", "en", "erase", *[lp.dev for lp in loops], "--yes", "--method",
                                      "zero", "--verify", "full", "--certify", "--json-progress", "--chunk-size", "65536",
                                      "--details", os.path.join(work, "details.json"), *sign, "--register", register,
                                      "--out", out, "--state-dir", state], stdout=pf, stderr=subprocess.DEVNULL)
                while p.poll() is None:
                    if seen is None and os.path.getsize(calib) > 0:
                        seen = time.monotonic() - t0
                    time.sleep(0.005)
            took = time.monotonic() - t0
            if p.returncode != 0:
                sys.exit(f"crash-campaign: the calibration job failed (exit {p.returncode})")
            seen = seen if seen is not None else took / 2
            if duration is None or took - seen < duration - first_event:
                duration, first_event = took, seen
        print(f"crash-campaign: seed {seed}, {args.runs} runs, two {args.size_mib} MiB loop devices; "
              f"an uninterrupted job takes {duration:.2f} s, its first event comes at {first_event:.2f} s")
        expected_jobs = 3
        for n in range(1, args.runs + 1):
            for lp in loops:
                lp.fill(0x5A)
            # A fifth of the kills before the job's first event; the rest at a random moment of the
            # job itself (erasing, reading back, signing), timed from this run's own first event.
            before_start = rng.random() < 0.2
            delay = rng.uniform(0.0, first_event) if before_start else rng.uniform(0.0, (duration - first_event) * 1.1)
            journals_before = set(glob.glob(os.path.join(state, "journal", "**", "*.jsonl"), recursive=True))
            progress = os.path.join(work, f"progress-{n}.jsonl")
            with open(progress, "w") as pf, open(os.path.join(work, f"stderr-{n}.txt"), "w") as ef:
                p = subprocess.Popen([ws, "--lang", "en", "erase", *[lp.dev for lp in loops], "--yes", "--method",
                                      "zero", "--verify", "full", "--certify", "--json-progress", "--chunk-size", "65536",
                                      "--details", os.path.join(work, "details.json"), *sign, "--register", register,
                                      "--out", out, "--state-dir", state], stdout=pf, stderr=ef)
                if not before_start:
                    while p.poll() is None and os.path.getsize(progress) == 0:
                        time.sleep(0.005)
                time.sleep(delay)
                killed = p.poll() is None
                if killed:
                    p.send_signal(signal.SIGKILL)
                p.wait()
            phase = last_phase(progress) if killed else "not killed (ended first)"
            expected_jobs += 1
            problems = []
            started = set(glob.glob(os.path.join(state, "journal", "**", "*.jsonl"), recursive=True)) - journals_before
            if not started:
                # Killed before the job began (while the key was unlocked or the disks examined):
                # not a byte may have been written; the operator simply runs it again.
                phase = "before the job began"
                for lp in loops:
                    if not lp.all_byte(0x5A):
                        problems.append(f"{lp.dev} was written before any journal existed")
                rr = run([ws, "--lang", "en", "erase", *[lp.dev for lp in loops], "--yes", "--method", "zero",
                          "--verify", "full", "--certify", "--details", os.path.join(work, "details.json"), *sign,
                          "--register", register, "--out", out, "--state-dir", state])
                if rr.returncode != 0:
                    problems.append(f"the job run again exited {rr.returncode}: {rr.stderr.strip()[-300:]}")
            # Resume until nothing is left (a second resume must find nothing).
            for _ in range(3):
                listing = run([ws, "--lang", "en", "resume", "--list", "--state-dir", state])
                if "No interrupted jobs" in listing.stdout:
                    break
                rr = run([ws, "--lang", "en", "resume", "--yes", "--state-dir", state, *sign])
                if rr.returncode not in (0, 3):
                    problems.append(f"resume exited {rr.returncode}: {(rr.stderr or rr.stdout).strip()[-300:]}")
                    break
            else:
                problems.append("jobs still unfinished after three resumes")
            for lp in loops:
                if not lp.all_zero():
                    problems.append(f"{lp.dev} is not fully erased")
            ver = run([ws, "--lang", "en", "register", "verify", "--register", register, "--ca", ca,
                       "--certificates", out, "--json"])
            if ver.returncode != 0:
                problems.append(f"register verify exited {ver.returncode}: {(ver.stdout + ver.stderr).strip()[-400:]}")
            certs = sorted(glob.glob(os.path.join(out, "*.p7s")))
            if len(certs) != expected_jobs:
                problems.append(f"{len(certs)} certificates for {expected_jobs} jobs (one biên bản per job)")
            seqs = []
            for c in certs:
                body = c[:-4] + ".json"
                ok = run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", c, "-content", body,
                          "-CAfile", ca, "-out", "/dev/null"])
                if ok.returncode != 0:
                    problems.append(f"openssl cms -verify refuses {os.path.basename(c)}")
                    continue
                doc = json.load(open(body, encoding="utf-8"))
                seqs.append(doc.get("sequence"))
                if len(doc.get("records", [])) != 2:
                    problems.append(f"{os.path.basename(body)} covers {len(doc.get('records', []))} disks, not 2")
            if sorted(seqs) != list(range(1, len(seqs) + 1)):
                problems.append(f"certificate numbers {sorted(seqs)} are not 1..{len(seqs)} once each")
            newest = max(glob.glob(os.path.join(out, "*.pdf")), key=os.path.getmtime, default=None)
            if newest is None or run([ws, "--lang", "en", "cert", "verify", newest, "--ca", ca, "--register",
                                      register]).returncode != 0:
                problems.append(f"cert verify refuses the newest PDF {newest}")
            stray = [f for f in os.listdir(out) if not f.endswith((".json", ".p7s", ".pdf"))]
            stray += [f for f in glob.glob(os.path.join(state, "journal", "*")) if os.path.isfile(f)]
            if stray:
                problems.append("files left behind: " + ", ".join(stray[:5]))
            results.append((phase, problems))
            status = "ok" if not problems else "FAILED: " + "; ".join(problems)
            when = f"{delay:5.2f} s after start" if before_start else f"{delay:5.2f} s after its first event"
            print(f"run {n:3d}: killed {when} ({phase}): {status}", flush=True)
            if problems:
                # Later runs would only repeat this run's damage; stop here with the evidence kept.
                args.keep = work
                break
    finally:
        for lp in loops:
            lp.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    phases = {}
    for phase, problems in results:
        ok, bad = phases.get(phase, (0, 0))
        phases[phase] = (ok + (not problems), bad + bool(problems))
    print("\nphase the kill hit              runs  passed  failed")
    for phase, (ok, bad) in sorted(phases.items()):
        print(f"{phase:32s} {ok + bad:4d}  {ok:6d}  {bad:6d}")
    failed = sum(1 for _, p in results if p)
    print(f"\ncrash-campaign: {len(results)} runs, {failed} failed (seed {seed})"
          + (f"; evidence kept in {work}" if failed else ""))
    return 1 if failed or len(results) < args.runs else 0


if __name__ == "__main__":
    sys.exit(main())
