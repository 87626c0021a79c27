"""Run the wipeseal image in QEMU (TCG only) and talk to it: serial log, QMP keys and screendumps.

Python standard library only. Used by image_test.py.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time

OVMF_DIR = "/usr/share/OVMF"


class VMError(Exception):
    pass


class VM:
    """One QEMU guest. Disks are image files; no network (-nic none); TCG always."""

    def __init__(self, workdir, firmware="uefi", memory=2048, vga="std", log=print):
        if firmware not in ("bios", "uefi", "uefi-sb"):
            raise ValueError(firmware)
        self.dir = workdir
        self.firmware = firmware
        self.memory = memory
        self.vga = vga
        self.log = log
        self.args = []
        self.proc = None
        self.qmp = None
        self.qmp_file = None
        self.serial_path = os.path.join(workdir, "serial.log")
        self.qmp_path = os.path.join(workdir, "qmp.sock")
        self.serial_sock = os.path.join(workdir, "serial.sock")
        self._serial_in = None
        self.t0 = None
        self._serial_pos = 0
        self._ahci_port = 0

    # ------------------------------------------------------------ devices --
    def add_cdrom(self, iso):
        self._ahci()
        self.args += ["-drive", f"file={iso},if=none,id=cd0,media=cdrom,readonly=on,format=raw",
                      "-device", f"ide-cd,drive=cd0,bus=ahci.{self._next_port()},bootindex=0"]

    def add_usb_stick(self, image, serial="WSSTICK0001", boot=True):
        self.args += ["-device", "qemu-xhci,id=xhci",
                      "-drive", f"file={image},if=none,id=stick,format=raw,cache=unsafe",
                      "-device", "usb-storage,bus=xhci.0,drive=stick,removable=on,serial=" + serial
                      + (",bootindex=0" if boot else "")]

    def add_nvme(self, image, serial="WSNVME0001"):
        self.args += ["-drive", f"file={image},if=none,id=nv0,format=raw",
                      "-device", f"nvme,drive=nv0,serial={serial}"]

    def add_sata(self, image, serial="WSSATA0001"):
        self._ahci()
        self.args += ["-drive", f"file={image},if=none,id=sata0,format=raw",
                      "-device", f"ide-hd,drive=sata0,bus=ahci.{self._next_port()},serial={serial}"]

    def add_virtio(self, image, serial="WSVIRT0001"):
        self.args += ["-drive", f"file={image},if=none,id=vd0,format=raw",
                      "-device", f"virtio-blk-pci,drive=vd0,serial={serial}"]

    def _ahci(self):
        if "ahci,id=ahci" not in self.args:
            self.args += ["-device", "ahci,id=ahci"]

    def _next_port(self):
        p = self._ahci_port
        self._ahci_port += 1
        return p

    # -------------------------------------------------------------- start --
    def command(self):
        cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-smp", "2", "-m", str(self.memory),
               "-display", "none", "-nodefaults", "-vga", self.vga, "-nic", "none", "-no-user-config",
               "-chardev", f"socket,id=ser0,path={self.serial_sock},server=on,wait=off,logfile={self.serial_path}",
               "-serial", "chardev:ser0", "-monitor", "none",
               "-qmp", f"unix:{self.qmp_path},server=on,wait=off"]
        if self.firmware == "bios":
            cmd += ["-machine", "pc"]
        else:
            code = "OVMF_CODE_4M.secboot.fd" if self.firmware == "uefi-sb" else "OVMF_CODE_4M.fd"
            vars_src = "OVMF_VARS_4M.ms.fd" if self.firmware == "uefi-sb" else "OVMF_VARS_4M.fd"
            vars_copy = os.path.join(self.dir, "OVMF_VARS.fd")
            shutil.copyfile(os.path.join(OVMF_DIR, vars_src), vars_copy)
            if self.firmware == "uefi-sb":
                cmd += ["-machine", "q35,smm=on", "-global", "driver=cfi.pflash01,property=secure,value=on"]
            else:
                cmd += ["-machine", "q35"]
            cmd += ["-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={os.path.join(OVMF_DIR, code)}",
                    "-drive", f"if=pflash,format=raw,unit=1,file={vars_copy}"]
        return cmd + self.args

    def start(self):
        cmd = self.command()
        with open(os.path.join(self.dir, "qemu-cmdline.txt"), "w") as f:
            f.write(" ".join(cmd) + "\n")
        open(self.serial_path, "wb").close()
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=open(os.path.join(self.dir, "qemu.log"), "wb"),
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.qmp_path)
                break
            except OSError:
                if self.proc.poll() is not None:
                    raise VMError("QEMU exited at start: " + self.qemu_log())
                if time.monotonic() > deadline:
                    raise VMError("no QMP socket after 30 s")
                time.sleep(0.2)
        s.settimeout(30)
        self.qmp = s
        self.qmp_file = s.makefile("rwb")
        self.qmp_file.readline()  # greeting
        self._qmp_cmd("qmp_capabilities")
        # The serial port: output is logged by QEMU (logfile=); the socket is
        # for typing into the guest. A thread drains what QEMU sends on it.
        ser = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        ser.connect(self.serial_sock)
        self._serial_in = ser

        def drain():
            try:
                while ser.recv(65536):
                    pass
            except OSError:
                pass
        threading.Thread(target=drain, daemon=True).start()

    def elapsed(self):
        return time.monotonic() - self.t0

    def qemu_log(self):
        try:
            with open(os.path.join(self.dir, "qemu.log"), "rb") as f:
                return f.read().decode("utf-8", "replace")[-2000:]
        except OSError:
            return ""

    # ---------------------------------------------------------------- QMP --
    def _qmp_cmd(self, name, **arguments):
        msg = {"execute": name}
        if arguments:
            msg["arguments"] = arguments
        self.qmp_file.write(json.dumps(msg).encode() + b"\n")
        self.qmp_file.flush()
        while True:
            line = self.qmp_file.readline()
            if not line:
                raise VMError("QMP connection closed")
            reply = json.loads(line)
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise VMError(f"QMP {name}: {reply['error']}")
            # events are skipped

    def send_key(self, key):
        self._qmp_cmd("send-key", keys=[{"type": "qcode", "data": key}])

    def screendump(self, path):
        self._qmp_cmd("screendump", filename=path, format="png")
        deadline = time.monotonic() + 10
        while not (os.path.exists(path) and os.path.getsize(path) > 0):
            if time.monotonic() > deadline:
                raise VMError("screendump wrote nothing")
            time.sleep(0.2)

    # ------------------------------------------------------------- serial --
    def serial_text(self):
        with open(self.serial_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_for(self, pattern, timeout, since=None, while_waiting=None):
        """Wait until the serial log matches pattern (regex) after offset `since`; returns the match."""
        rx = re.compile(pattern)
        start = self._serial_pos if since is None else since
        deadline = time.monotonic() + timeout
        while True:
            text = self.serial_text()
            m = rx.search(text, start)
            if m:
                self._serial_pos = m.end()
                return m
            if "KVM internal error" in text:
                raise VMError("KVM internal error (this machine needs -accel tcg)")
            if self.proc.poll() is not None:
                raise VMError(f"QEMU exited (status {self.proc.returncode}) while waiting for {pattern!r}")
            if time.monotonic() > deadline:
                raise VMError(f"timeout after {timeout:.0f} s waiting for {pattern!r}")
            if while_waiting:
                while_waiting()
            time.sleep(0.5)

    def choose_boot_entry(self, hotkey, timeout=180):
        """Pick a boot menu entry by its hotkey (n, s, u, r) and Enter, once the menu shows.

        ISOLINUX (BIOS) and GRUB (UEFI) both mirror their menu on the serial port; keys are
        sent only after the countdown text appears, so an early Enter cannot boot the
        default entry instead. Returns the match of the kernel's first line."""
        menu = r"Automatic boot in|will be executed automatically|Press enter to boot"
        self.wait_for(menu, timeout, since=0)
        for _attempt in range(3):
            time.sleep(0.5)
            self.send_key(hotkey)
            time.sleep(0.5)
            self.send_key("ret")
            try:
                return self.wait_for(r"Linux version \d", 60, since=0)
            except VMError as e:
                if "timeout" not in str(e):
                    raise
        raise VMError(f"the kernel did not start after pressing {hotkey!r} + Enter")

    def shell(self, command, timeout=120):
        """Run a command on the serial root shell (test layer only); returns (rc, output)."""
        tag = "%08x" % (int(time.monotonic() * 1000) & 0xFFFFFFFF)
        start = len(self.serial_text())
        # The quotes keep the echoed command line from matching the markers.
        self._serial_in.sendall(f"echo __B{tag}\"\"__; {command}; echo __E{tag}\"\"_$?__\n".encode())
        m = self.wait_for(rf"__E{tag}_(\d+)__", timeout, since=start)
        text = self.serial_text()
        b = text.rfind(f"__B{tag}__", start, m.start())
        out = text[b:m.start()].split("\n", 1)[1] if b >= 0 else ""
        return int(m.group(1)), out.replace("\r", "")

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise VMError(f"the VM did not power off within {timeout:.0f} s")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            try:
                self._qmp_cmd("quit")
            except Exception:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
