#!/usr/bin/env python3
"""Generate synthetic ATA IDENTIFY DEVICE blocks for parser tests.

Each profile becomes ``<name>.identify`` in the directory of this script
(or the directory given with ``-o``).  The file is in the exact text format
that ``hdparm --Istdin`` reads and ``hdparm --Istdout`` writes:

    32 lines, 8 words per line, each word the 16-bit *value* of IDENTIFY
    word N (i.e. already converted from the little-endian wire order) as
    4 lower-case hex digits, separated by one space, newline-terminated.

    (hdparm-9.65 hdparm.c:1187-1205 dump_sectors(id, 1, raw=1, 512) for
    --Istdout; hdparm.c:2932-2965 identify_from_stdin() for --Istdin.)

The 512-byte binary block (256 little-endian words, ACS-3 layout) is also
available from ``build_block()``/``to_bytes()`` and, with ``--bin``, is
written as ``<name>.bin`` (not done by default).

Python 3 standard library only.  Run:  python3 make_identify.py [-o DIR] [--bin]
"""

import argparse
import os
import struct
import sys

NWORDS = 256


def bit(n):
    return 1 << n


def ata_string(text, nwords):
    """ATA string: 2 chars per word, first char in the HIGH byte, space padded."""
    raw = text.encode("ascii")
    if len(raw) > 2 * nwords:
        raise ValueError("string %r longer than %d chars" % (text, 2 * nwords))
    raw = raw.ljust(2 * nwords, b" ")
    return [(raw[2 * i] << 8) | raw[2 * i + 1] for i in range(nwords)]


def put_string(w, first, nwords, text):
    w[first:first + nwords] = ata_string(text, nwords)


def finalize_integrity(w):
    """Word 255: low byte A5h signature, high byte checksum such that the sum
    of all 512 bytes is 0 mod 256 (ACS-3 7.12.7.91)."""
    w[255] = 0x00A5
    s = 0
    for i in range(255):
        s += (w[i] & 0xFF) + (w[i] >> 8)
    s += 0xA5
    csum = (-s) & 0xFF
    w[255] = (csum << 8) | 0xA5
    assert sum(to_bytes(w)) % 256 == 0
    return w


def to_bytes(w):
    return struct.pack("<256H", *w)


def to_hdparm_text(w):
    """hdparm --Istdout format (hdparm.c:1193-1195)."""
    lines = []
    for i in range(0, NWORDS, 8):
        lines.append(" ".join("%04x" % x for x in w[i:i + 8]))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Common skeleton of a modern SATA device
# ---------------------------------------------------------------------------

def base_sata(model, serial, fw, sectors, ssd=False, lba48=True):
    w = [0] * NWORDS
    w[0] = 0x0040                     # ATA device (bit15=0), fixed, not removable
    w[1] = 16383                      # obsolete CHS geometry (typical values)
    w[3] = 16
    w[6] = 63
    put_string(w, 10, 10, serial)     # words 10-19 serial
    put_string(w, 23, 4, fw)          # words 23-26 firmware revision
    put_string(w, 27, 20, model)      # words 27-46 model
    w[47] = 0x8010                    # 80h + max 16 sectors READ/WRITE MULTIPLE
    w[49] = 0x2F00                    # STD standby, IORDY sup/disable, LBA, DMA
    w[50] = 0x4000                    # capabilities word valid
    w[53] = 0x0007                    # words 54-58, 64-70, 88 valid
    w[54], w[55], w[56] = 16383, 16, 63
    chs = 16383 * 16 * 63
    w[57], w[58] = chs & 0xFFFF, chs >> 16
    w[59] = 0x0110                    # multiple sector setting valid, current 16
    lba28 = min(sectors, 0x0FFFFFFF)
    w[60], w[61] = lba28 & 0xFFFF, lba28 >> 16
    w[63] = 0x0007                    # mdma0-2 supported
    w[64] = 0x0003                    # pio3-4
    w[65] = w[66] = w[67] = w[68] = 120
    w[75] = 31                        # queue depth 32
    w[76] = 0x010E                    # NCQ, Gen1/2/3
    w[78] = 0x0040                    # software settings preservation
    w[79] = 0x0040
    w[80] = 0x07F0                    # ATA/ATAPI-4 .. ACS-3
    w[81] = 0x0000                    # minor version not reported
    # 82..87: command sets supported / enabled
    w[82] = bit(0) | bit(3) | bit(5) | bit(6) | bit(12) | bit(13) | bit(14)
    w[83] = 0x4000 | bit(12) | bit(13)
    w[84] = 0x4000 | bit(0) | bit(1) | bit(5)
    w[85] = bit(0) | bit(3) | bit(5) | bit(6) | bit(12) | bit(13) | bit(14)
    w[86] = bit(12) | bit(13) | bit(15)   # bit15: words 119-120 valid (ACS-3)
    w[87] = 0x4000 | bit(0) | bit(1) | bit(5)
    if lba48:
        w[83] |= bit(10)
        w[86] |= bit(10)
        w[100] = sectors & 0xFFFF
        w[101] = (sectors >> 16) & 0xFFFF
        w[102] = (sectors >> 32) & 0xFFFF
        w[103] = (sectors >> 48) & 0xFFFF
    w[88] = 0x407F                    # udma0-6 supported, udma6 selected
    w[106] = 0x4000                   # word valid, 1 logical per physical, 512 B
    w[119] = 0x4000 | bit(2) | bit(3) | bit(4)  # WRITE UNC, DMA_EXT_GPL, seg. DL
    w[120] = 0x4000 | bit(2) | bit(3) | bit(4)
    w[222] = 0x103F                   # Serial ATA, ATA8-AST .. SATA 3.0
    if ssd:
        w[217] = 0x0001               # non-rotating
        w[168] = 0x0003               # 2.5"
        w[169] = 0x0001               # TRIM
        w[105] = 8
    else:
        w[217] = 7200
        w[168] = 0x0002               # 3.5"
    return w


def set_security(w, word128, erase=0, enh_erase=0, master_rev=0, supported=True):
    if supported:
        w[82] |= bit(1)
    else:
        w[82] &= ~bit(1)
    # word 85 bit 1 = Security feature set enabled (mirrors word 128 bit 1)
    if word128 & bit(1):
        w[85] |= bit(1)
    else:
        w[85] &= ~bit(1)
    w[89] = erase
    w[90] = enh_erase
    w[92] = master_rev
    w[128] = word128


# ---------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------

def p_hdd_security():
    w = base_sata("WIPESEAL TEST HDD 2TB", "WSHDD0000001", "HD01", 3907029168)
    w[82] |= bit(10)                  # HPA supported ...
    w[85] &= ~bit(10)                 # ... not enabled
    # supported(0) + enhanced erase supported(5); not enabled/locked/frozen
    set_security(w, 0x0021, erase=0x004A, enh_erase=0x0050, master_rev=0xFFFE)
    return w


def p_ssd_sanitize_frozen():
    w = base_sata("WIPESEAL TEST SSD 512GB", "WSSSD0000002", "SS02",
                  1000215216, ssd=True)
    # sanitize: block erase(15) + crypto(13) + feature set(12) + antifreeze(10)
    # + bit 8 / bits 7:0 = multiple sector setting (valid, 16)
    w[59] = bit(15) | bit(13) | bit(12) | bit(10) | 0x0110
    # supported(0) + frozen(3) + enhanced erase(5)
    set_security(w, 0x0029, erase=0x8002, enh_erase=0x8002, master_rev=0xFFFE)
    w[119] |= bit(8)                  # Accessible Max Address Configuration
    w[69] = bit(14) | bit(5)          # deterministic read zeroes after TRIM
    return w


def p_locked():
    w = base_sata("WIPESEAL TEST LOCKED 1TB", "WSLCK0000003", "LK03", 1953525168)
    # supported(0) enabled(1) locked(2) enhanced(5) level maximum(8)
    set_security(w, 0x0127, erase=0x0064, enh_erase=0x0064, master_rev=0xFFFE)
    return w


def p_count_expired():
    w = base_sata("WIPESEAL TEST EXPIRED 1TB", "WSEXP0000004", "EX04", 1953525168)
    # supported(0) enabled(1) locked(2) count expired(4) enhanced(5); level high
    set_security(w, 0x0037, erase=0x0064, enh_erase=0x0064, master_rev=0x0001)
    return w


def p_hpa_dco():
    w = base_sata("WIPESEAL TEST HPA DCO 500GB", "WSHPA0000005", "HP05", 976773168)
    w[82] |= bit(10)                  # HPA supported
    w[85] |= bit(10)                  # HPA enabled
    w[83] |= bit(11)                  # DCO supported
    w[86] |= bit(11)                  # DCO "enabled" (mirror)
    w[82] &= ~bit(1)                  # no Security feature set
    w[85] &= ~bit(1)
    w[128] = 0
    return w


def p_legacy_lba28():
    sectors = 78165360                # 40 GB
    w = base_sata("WIPESEAL TEST LEGACY 40GB", "WSLEG0000006", "LG06",
                  sectors, lba48=False)
    w[47] = 0x8010
    w[76] = w[78] = w[79] = 0        # parallel ATA, no SATA words
    w[222] = 0
    w[80] = 0x003E                    # ATA-1 .. ATA/ATAPI-5
    w[81] = 0x0000
    w[82] = bit(0) | bit(3) | bit(5) | bit(6) | bit(12) | bit(13) | bit(14)
    w[85] = w[82]
    w[83] = 0x4000 | bit(12)          # valid, mandatory FLUSH CACHE; NO 48-bit
    w[86] = bit(12)                   # no bit 15 -> words 119/120 not valid
    w[84] = 0x4000 | bit(0) | bit(1)
    w[87] = 0x4000 | bit(0) | bit(1)
    w[88] = 0x203F                    # udma0-5, udma5 selected
    w[168] = 0                        # form factor not reported (pre-ATA8)
    w[217] = 0                        # rotation rate not reported (pre-ATA8)
    w[93] = 0x604B                    # hw reset result (PATA, master, CBLID)
    w[100] = w[101] = w[102] = w[103] = 0
    w[106] = 0                        # word 106 not used
    w[119] = w[120] = 0
    w[59] = 0x0110
    w[128] = 0
    w[89] = w[90] = w[92] = 0
    return w


def p_sanitize_all():
    # 4Kn: 3.84 TB in 4096-byte logical sectors
    sectors = 937684566
    w = base_sata("WIPESEAL TEST 4KN SANITIZE", "WSSAN0000007", "SA07",
                  sectors, ssd=True)
    # block erase(15) overwrite(14) crypto(13) feature set(12); no antifreeze
    w[59] = bit(15) | bit(14) | bit(13) | bit(12) | 0x0110
    set_security(w, 0x0001, erase=0, enh_erase=0, master_rev=0xFFFE)
    # word 106: valid(14) + bit 12 "logical sector > 256 words" -> words 117-118
    w[106] = 0x4000 | bit(12)
    lss_words = 4096 // 2
    w[117] = lss_words & 0xFFFF
    w[118] = lss_words >> 16
    return w


def p_erase_time_limits():
    w = base_sata("WIPESEAL TEST ERASE LIMITS", "WSLIM0000008", "EL08", 1953525168)
    # old form 0x00FF -> "more than 508"; extended form 0xFFFF (0x7FFF) ->
    # "more than 65532"
    set_security(w, 0x0021, erase=0x00FF, enh_erase=0xFFFF, master_rev=0xFFFE)
    return w


def p_erase_time_mixed():
    w = base_sata("WIPESEAL TEST ERASE MIXED", "WSMIX0000009", "EM09", 1953525168)
    # normal: old form (bit 15 clear) with junk in bits 14:8 and 0 in bits 7:0
    #   -> masked to 0 -> "not reported", hdparm prints nothing for it;
    # enhanced: extended form 0x8000 | 600 -> 1200 min.
    set_security(w, 0x0021, erase=0x7F00, enh_erase=0x8258, master_rev=0x0000)
    return w


def p_unreported_words():
    # Words that hold FFFFh: "not reported" to openSeaChest (is_ATA_Identify_Word_Valid()),
    # everything at once to a parser that reads the bits. hdparm 9.65 reads the bits.
    w = base_sata("WIPESEAL TEST UNREPORTED", "WSUNR0000010", "UR10", 1953525168)
    w[59] = 0xFFFF                    # sanitize: every command, if taken at face value
    w[82] = 0xFFFF                    # command sets supported, incl. Security (1) and HPA (10)
    w[85] = 0xFFFF                    # ... and enabled
    w[128] = 0xFFFF                   # security: supported, enabled, locked, frozen, expired ...
    return w


PROFILES = {
    "hdd-security": p_hdd_security,
    "ssd-sanitize-frozen": p_ssd_sanitize_frozen,
    "locked": p_locked,
    "count-expired": p_count_expired,
    "hpa-dco": p_hpa_dco,
    "legacy-lba28": p_legacy_lba28,
    "sanitize-all": p_sanitize_all,
    "erase-time-limits": p_erase_time_limits,
    "erase-time-mixed": p_erase_time_mixed,
    "unreported-words": p_unreported_words,
}


def build_block(name):
    w = PROFILES[name]()
    assert len(w) == NWORDS and all(0 <= x <= 0xFFFF for x in w)
    return finalize_integrity(w)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--outdir",
                    default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--bin", action="store_true",
                    help="also write raw 512-byte little-endian <name>.bin")
    ap.add_argument("profiles", nargs="*", help="subset of profiles (default all)")
    args = ap.parse_args(argv)
    names = args.profiles or list(PROFILES)
    for name in names:
        w = build_block(name)
        path = os.path.join(args.outdir, name + ".identify")
        with open(path, "w", newline="\n") as f:
            f.write(to_hdparm_text(w))
        if args.bin:
            with open(os.path.join(args.outdir, name + ".bin"), "wb") as f:
                f.write(to_bytes(w))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
