#!/usr/bin/env python3
"""Writes small hand-made PDF seeds for the fuzz_pdf target into tests/fuzz/corpus/pdf/.

A real signed biên bản (about 80 KB) is also in the corpus; these small ones let the fuzzer reach
every branch of the signature and revision checks quickly: a one-page PDF with a signature field
whose /ByteRange is exact, the same with a DocMDP signature and an appended update (a widget
added, then the page's content replaced), and one with an embedded file (made by the qpdf
command). The CMS inside is not valid: the fuzz target does not check signatures (fuzz_p7s does).
"""
import os
import subprocess
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "pdf")


def pdf_with(objects, root=1, prev=None, base=b""):
    """`base` plus objects {number: body} and a cross-reference section for them."""
    out = bytearray(base if base else b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (n, objects[n])
    xref = len(out)
    out += b"xref\n"
    if not base:
        out += b"0 1\n0000000000 65535 f \n"
    for n in sorted(objects):
        out += b"%d 1\n%010d 00000 n \n" % (n, offsets[n])
    size = max(objects) + 1
    if prev is not None:
        size = max(size, prev[1])
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (size, root)
    if prev is not None:
        out += b" /Prev %d" % prev[0]
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def with_signature(docmdp):
    placeholder = b"/ByteRange [0 0000000000 0000000000 0000000000]"
    contents = b"<" + b"30" * 64 + b">"
    perms = b" /Perms << /DocMDP 5 0 R >>" if docmdp else b""
    ref = b" /Reference [ << /Type /SigRef /TransformMethod /DocMDP /TransformParams << /P 2 /V /1.2 >> >> ]" if docmdp else b""
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [ 6 0 R ] /SigFlags 3 >>" + perms + b" >>",
        2: b"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 200 200 ] /Contents 4 0 R /Annots [ 6 0 R ] >>",
        4: b"<< /Length 8 >>\nstream\n0 0 m S\n\nendstream",
        5: b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached " + placeholder +
           b" /Contents " + contents + b" /M (D:20261203120000+07'00')" + ref + b" >>",
        6: b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (wipeseal) /V 5 0 R /F 132 /Rect [ 0 0 0 0 ] /P 3 0 R >>",
    }
    pdf = pdf_with(objs)
    begin = pdf.index(b"/Contents <") + 10
    end = begin + len(contents)
    rng = b"/ByteRange [0 %d %d %d]" % (begin, end, len(pdf) - end)
    return pdf.replace(placeholder, rng.ljust(len(placeholder)))


def main():
    os.makedirs(OUT, exist_ok=True)
    signed = with_signature(False)
    certified = with_signature(True)
    startxref = int(certified.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    # An approval signature's widget appended (allowed by P=2), then the page content replaced (not).
    widget = pdf_with({7: b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (head) /F 132 /Rect [ 0 0 0 0 ] /P 3 0 R >>",
                       3: b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 200 200 ] /Contents 4 0 R /Annots [ 6 0 R 7 0 R ] >>"},
                      prev=(startxref, 8), base=certified)
    startxref2 = int(widget.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    edited = pdf_with({4: b"<< /Length 8 >>\nstream\n1 1 m S\n\nendstream"}, prev=(startxref2, 8), base=widget)
    seeds = {"signed.pdf": signed, "certified.pdf": certified, "certified-widget.pdf": widget,
             "certified-edited.pdf": edited}
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    # An embedded file, as the biên bản carries its JSON.
    attachment = os.path.join(OUT, "x.json")
    with open(attachment, "w") as f:
        f.write('{"schema":"wipeseal.certificate/2"}')
    subprocess.run(["qpdf", os.path.join(OUT, "signed.pdf"), "--add-attachment", attachment,
                    "--key=00000000-0000-4000-8000-000000000000.json", "--", os.path.join(OUT, "attached.pdf")],
                   check=True)
    os.remove(attachment)
    print("\n".join(sorted(os.listdir(OUT))))


if __name__ == "__main__":
    sys.exit(main())
