#include "certificates/pdf_file.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFEFStreamObjectHelper.hh>
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFFileSpecObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <QBuffer>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <fmt/format.h>

#include "certificates/pdf.h"
#include "wipe/hex.h"

namespace wipeseal::certificates {
namespace {

// "D:20261121081502Z" from "2026-11-21T08:15:02.123Z".
std::string pdf_date(const std::string& rfc3339) {
  std::string digits;
  for (char c : rfc3339.substr(0, 19)) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return "D:" + digits + "Z";
}

// Qt writes PDF/A-1b (its XMP says pdfaid:part 1); what follows is PDF/A-3b.
std::string as_part_3(std::string xmp) {
  for (const auto& [from, to] : {std::pair{"<pdfaid:part>1</pdfaid:part>", "<pdfaid:part>3</pdfaid:part>"},
                                 std::pair{"pdfaid:part=\"1\"", "pdfaid:part=\"3\""},
                                 std::pair{"pdfaid:part='1'", "pdfaid:part='3'"}}) {
    if (const auto at = xmp.find(from); at != std::string::npos) xmp.replace(at, std::string(from).size(), to);
  }
  return xmp;
}

}  // namespace

Result<std::string> render_unsigned_pdf(const Certificate& cert, const std::string& canonical_json, const std::string& p7s) {
  const std::string sha = sha256_hex(canonical_json);
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter writer(&buffer);
    writer.setPdfVersion(QPagedPaintDevice::PdfVersion_A1b);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(300);
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setTitle(QStringLiteral("Biên bản xóa dữ liệu số %1").arg(QString::fromStdString(cert.number)));
    writer.setCreator(QStringLiteral("wipeseal %1").arg(QString::fromStdString(cert.records.empty() ? "" : cert.records.front().tool_version)));
    QPainter painter(&writer);
    if (auto s = draw_certificate(painter, writer, cert, sha); !s) return std::unexpected(s.error());
  }
  const QByteArray drawn = buffer.data();
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);  // damage is judged here, not printed on the operator's terminal
    pdf.processMemoryFile("certificate.pdf", drawn.constData(), static_cast<size_t>(drawn.size()));
    QPDFObjectHandle root = pdf.getRoot();
    QPDFObjectHandle metadata = root.getKey("/Metadata");
    if (!metadata.isStream()) {
      return std::unexpected(make_error(ErrorCode::internal, "Qt wrote no XMP metadata for the PDF/A document"));
    }
    const auto xmp = metadata.getStreamData(qpdf_dl_all);
    const std::string part3 = as_part_3(std::string(reinterpret_cast<const char*>(xmp->getBuffer()), xmp->getSize()));
    if (part3.find("<pdfaid:part>3</pdfaid:part>") == std::string::npos && part3.find("pdfaid:part=\"3\"") == std::string::npos &&
        part3.find("pdfaid:part='3'") == std::string::npos) {
      return std::unexpected(make_error(ErrorCode::internal, "the PDF's XMP metadata does not name its PDF/A part"));
    }
    metadata.replaceStreamData(part3, QPDFObjectHandle::newNull(), QPDFObjectHandle::newNull());

    // PDF/A-3 (ISO 19005-3, 6.8): each embedded file has a MIME type, a modification date and a
    // relationship to the document, and is listed in the catalogue's /AF.
    QPDFEmbeddedFileDocumentHelper files(pdf);
    QPDFObjectHandle associated = QPDFObjectHandle::newArray();
    auto attach = [&](const std::string& name, const std::string& data, const char* mime, const char* what,
                      const char* relationship) {
      auto stream = QPDFEFStreamObjectHelper::createEFStream(pdf, data);
      stream.setSubtype(mime);
      stream.setModDate(pdf_date(cert.issued_at));
      auto spec = QPDFFileSpecObjectHelper::createFileSpec(pdf, name, stream);
      spec.setDescription(what);
      spec.getObjectHandle().replaceKey("/AFRelationship", QPDFObjectHandle::newName(relationship));
      files.replaceEmbeddedFile(name, spec);
      associated.appendItem(spec.getObjectHandle());
    };
    attach(cert.id + ".json", canonical_json, "application/json", "Signed certificate (RFC 8785 canonical JSON)", "/Source");
    attach(cert.id + ".p7s", p7s, "application/pkcs7-signature", "Detached CMS signature of the JSON", "/Supplement");
    root.replaceKey("/AF", associated);

    QPDFWriter writer(pdf);
    writer.setOutputMemory();
    writer.setStaticID(false);
    writer.setObjectStreamMode(qpdf_o_disable);
    writer.setMinimumPDFVersion("1.7");
    writer.write();
    auto out = writer.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char*>(out->getBuffer()), out->getSize());
  } catch (const std::exception& e) {
    return std::unexpected(make_error(ErrorCode::internal, fmt::format("cannot finish the PDF: {}", e.what())));
  }
}

}  // namespace wipeseal::certificates
