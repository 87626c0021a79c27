#include "certificates/pdf_signature.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

#include <QString>

#include <algorithm>
#include <cstring>
#include <set>

#include <fmt/format.h>

#include "certificates/openssl_util.h"
#include "wipe/hex.h"

namespace wipeseal::certificates {
namespace {

// Room for the CMS (the signer's chain included); a token's RSA-4096 chain needs about 5 KiB.
constexpr std::size_t kContentsBytes = 8192;

// A PDF text string (ISO 32000-1, 7.9.2.2): UTF-16BE with its byte order mark, in hex.
std::string pdf_text(const std::string& utf8) {
  std::string out = "<FEFF";
  for (const char16_t unit : QString::fromStdString(utf8).toStdU16String()) out += fmt::format("{:04X}", static_cast<unsigned>(unit));
  return out + ">";
}

// /M in Vietnam time (UTC+7): "D:20261121151502+07'00'".
std::string pdf_date_vietnam(const std::string& rfc3339) {
  const auto t = ossl::parse_rfc3339(rfc3339);
  std::time_t local = (t ? *t : 0) + 7 * 3600;
  struct tm tm {};
  gmtime_r(&local, &tm);
  return fmt::format("D:{:04}{:02}{:02}{:02}{:02}{:02}+07'00'", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

std::size_t startxref(const std::string& pdf) {
  const std::size_t at = pdf.rfind("startxref");
  if (at == std::string::npos) return 0;
  return static_cast<std::size_t>(std::strtoull(pdf.c_str() + at + 9, nullptr, 10));
}

// The dictionary `dict` (from unparseResolved) with `extra` keys added before its closing ">>".
Result<std::string> with_keys(const std::string& dict, const std::string& extra) {
  const std::size_t end = dict.rfind(">>");
  if (end == std::string::npos) return std::unexpected(make_error(ErrorCode::internal, "unexpected PDF dictionary"));
  return dict.substr(0, end) + extra + " >>";
}

std::vector<QPDFObjectHandle> annotations(QPDFObjectHandle page) {
  QPDFObjectHandle a = page.getKey("/Annots");
  return a.isArray() ? a.getArrayAsVector() : std::vector<QPDFObjectHandle>();
}

}  // namespace

Result<std::string> sign_pdf(const std::string& unsigned_pdf, const Signer& signer, const PdfSigningInfo& info) {
  std::string out = unsigned_pdf;
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);  // damage is judged here, not printed on the operator's terminal
    pdf.processMemoryFile("certificate.pdf", unsigned_pdf.data(), unsigned_pdf.size());
    QPDFObjectHandle trailer = pdf.getTrailer();
    QPDFObjectHandle root = pdf.getRoot();
    auto pages = QPDFPageDocumentHelper(pdf).getAllPages();
    if (pages.empty() || root.hasKey("/AcroForm") || root.hasKey("/Perms")) {
      return std::unexpected(make_error(ErrorCode::internal, "only a fresh, unsigned certificate PDF can be signed"));
    }
    QPDFObjectHandle page = pages.front().getObjectHandle();
    // The widget joins the page's annotations (Qt writes an empty /Annots array).
    std::string annots;
    for (QPDFObjectHandle& a : annotations(page)) annots += a.unparse() + " ";
    page.removeKey("/Annots");
    const int size = static_cast<int>(trailer.getKey("/Size").getIntValue());
    const int sig = size, field = size + 1, form = size + 2;
    auto catalog = with_keys(root.unparseResolved(), fmt::format(" /AcroForm {} 0 R /Perms << /DocMDP {} 0 R >>", form, sig));
    auto page_dict = with_keys(page.unparseResolved(), fmt::format(" /Annots [ {}{} 0 R ]", annots, field));
    if (!catalog || !page_dict) return std::unexpected(make_error(ErrorCode::internal, "unexpected PDF structure"));

    struct Entry {
      int num, gen;
      std::size_t offset;
    };
    std::vector<Entry> entries;
    if (out.back() != '\n') out += '\n';
    const auto object = [&](int num, int gen, const std::string& body) {
      entries.push_back({num, gen, out.size()});
      out += fmt::format("{} {} obj\n{}\nendobj\n", num, gen, body);
    };
    const std::string range_placeholder = "/ByteRange [0 0000000000 0000000000 0000000000]";
    object(root.getObjectID(), root.getGeneration(), *catalog);
    object(page.getObjectID(), page.getGeneration(), *page_dict);
    const std::size_t sig_at = out.size();
    object(sig, 0,
           fmt::format("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached {} /Contents <{}> /M ({}) "
                       "/Name {} /Reason {} /Location {} /Reference [ << /Type /SigRef /TransformMethod /DocMDP "
                       "/TransformParams << /Type /TransformParams /P 2 /V /1.2 >> >> ] /Prop_Build << /App << /Name "
                       "/wipeseal >> >> >>",
                       range_placeholder, std::string(2 * kContentsBytes, '0'), pdf_date_vietnam(info.signed_at),
                       pdf_text(signer.identity().subject), pdf_text(info.reason), pdf_text(info.location)));
    object(field, 0,
           fmt::format("<< /Type /Annot /Subtype /Widget /FT /Sig /T (wipeseal) /V {} 0 R /F 132 /Rect [ 0 0 0 0 ] /P {} "
                       "{} R >>",
                       sig, page.getObjectID(), page.getGeneration()));
    object(form, 0, fmt::format("<< /Fields [ {} 0 R ] /SigFlags 3 >>", field));

    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.num < b.num; });
    const std::size_t xref_at = out.size();
    out += "xref\n";
    for (std::size_t i = 0; i < entries.size();) {
      std::size_t j = i + 1;
      while (j < entries.size() && entries[j].num == entries[j - 1].num + 1) ++j;
      out += fmt::format("{} {}\n", entries[i].num, j - i);
      for (std::size_t k = i; k < j; ++k) out += fmt::format("{:010} {:05} n \n", entries[k].offset, entries[k].gen);
      i = j;
    }
    out += fmt::format("trailer\n<< /Size {} /Root {} {} R{}{} /Prev {} >>\nstartxref\n{}\n%%EOF\n", size + 3,
                       root.getObjectID(), root.getGeneration(),
                       trailer.hasKey("/Info") ? " /Info " + trailer.getKey("/Info").unparse() : std::string(),
                       trailer.hasKey("/ID") ? " /ID " + trailer.getKey("/ID").unparse() : std::string(),
                       startxref(unsigned_pdf), xref_at);

    const std::size_t range_at = out.find(range_placeholder, sig_at);
    const std::size_t contents_at = out.find("/Contents <", sig_at) + std::strlen("/Contents ");
    const std::size_t contents_end = contents_at + 2 * kContentsBytes + 2;
    std::string range = fmt::format("/ByteRange [0 {} {} {}]", contents_at, contents_end, out.size() - contents_end);
    range.resize(range_placeholder.size(), ' ');
    out.replace(range_at, range.size(), range);
    auto cms = signer.sign_pdf(out.substr(0, contents_at) + out.substr(contents_end));
    if (!cms) return std::unexpected(cms.error());
    const std::string hex = to_hex(*cms);
    if (hex.size() > 2 * kContentsBytes) {
      return std::unexpected(make_error(ErrorCode::internal, "the PDF signature is larger than the room kept for it"));
    }
    out.replace(contents_at + 1, hex.size(), hex);
    return out;
  } catch (const std::exception& e) {
    return std::unexpected(make_error(ErrorCode::internal, fmt::format("cannot sign the PDF: {}", e.what())));
  }
}

}  // namespace wipeseal::certificates
