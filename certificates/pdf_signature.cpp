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

// The length of the DER object at the start of `bytes` (the signature's hex string is padded).
std::size_t der_size(const std::string& bytes) {
  if (bytes.size() < 2 || static_cast<unsigned char>(bytes[0]) != 0x30) return 0;
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  if (b(1) < 0x80) return 2 + b(1);
  const std::size_t n = b(1) & 0x7F;
  if (n == 0 || n > 4 || bytes.size() < 2 + n) return 0;
  std::size_t len = 0;
  for (std::size_t i = 0; i < n; ++i) len = (len << 8) | b(2 + i);
  return 2 + n + len <= bytes.size() ? 2 + n + len : 0;
}

bool same_object(QPDFObjectHandle a, QPDFObjectHandle b) {
  if (a.isStream() != b.isStream()) return false;
  if (!a.isStream()) return a.unparseResolved() == b.unparseResolved();
  if (a.getDict().unparseResolved() != b.getDict().unparseResolved()) return false;
  const auto x = a.getRawStreamData(), y = b.getRawStreamData();
  return x->getSize() == y->getSize() && std::memcmp(x->getBuffer(), y->getBuffer(), x->getSize()) == 0;
}

// The first key outside `allowed` whose value differs between two dictionaries, or "".
std::string changed_key(QPDFObjectHandle a, QPDFObjectHandle b, const std::set<std::string>& allowed) {
  std::set<std::string> keys = a.getKeys();
  for (const auto& k : b.getKeys()) keys.insert(k);
  for (const std::string& k : keys) {
    if (allowed.contains(k)) continue;
    if (a.hasKey(k) != b.hasKey(k) || a.getKey(k).unparse() != b.getKey(k).unparse()) return k;
  }
  return {};
}

bool is_signature_widget(QPDFObjectHandle annot) {
  if (!annot.isDictionary() || !annot.getKey("/Subtype").isNameAndEquals("/Widget")) return false;
  if (annot.getKey("/FT").isNameAndEquals("/Sig")) return true;
  QPDFObjectHandle parent = annot.getKey("/Parent");
  return parent.isDictionary() && parent.getKey("/FT").isNameAndEquals("/Sig");
}

// A signature widget whose field holds a signature (/V). An empty one may carry any appearance
// and draw over the page (the "sneaky signature" attack); a counter-signature is always signed.
bool is_signed_signature_widget(QPDFObjectHandle annot) {
  if (!is_signature_widget(annot)) return false;
  if (annot.getKey("/V").isDictionary()) return true;
  QPDFObjectHandle parent = annot.getKey("/Parent");
  return parent.isDictionary() && parent.getKey("/V").isDictionary();
}

std::vector<QPDFObjectHandle> annotations(QPDFObjectHandle page) {
  QPDFObjectHandle a = page.getKey("/Annots");
  return a.isArray() ? a.getArrayAsVector() : std::vector<QPDFObjectHandle>();
}

void signature_fields(QPDFObjectHandle fields, std::vector<QPDFObjectHandle>& out, int depth = 0) {
  if (!fields.isArray() || depth > 8) return;
  for (int i = 0; i < fields.getArrayNItems(); ++i) {
    QPDFObjectHandle f = fields.getArrayItem(i);
    if (!f.isDictionary()) continue;
    if (f.getKey("/FT").isNameAndEquals("/Sig") && f.getKey("/V").isDictionary()) out.push_back(f);
    signature_fields(f.getKey("/Kids"), out, depth + 1);
  }
}

}  // namespace

std::optional<std::time_t> pdf_time(const std::string& m) {
  struct tm tm {};
  const std::string s = m.starts_with("D:") ? m.substr(2) : m;
  if (s.size() < 14 || strptime(s.substr(0, 14).c_str(), "%Y%m%d%H%M%S", &tm) == nullptr) return std::nullopt;
  std::time_t t = timegm(&tm);
  if (s.size() >= 17 && (s[14] == '+' || s[14] == '-')) {
    const int hours = std::atoi(s.substr(15, 2).c_str());
    const int minutes = s.size() >= 20 ? std::atoi(s.substr(18, 2).c_str()) : 0;
    const std::time_t offset = (hours * 60 + minutes) * 60;
    t = s[14] == '+' ? t - offset : t + offset;
  }
  return t;
}

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

Result<std::vector<PdfSignature>> find_signatures(const std::string& bytes) {
  std::vector<PdfSignature> out;
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);  // damage is judged here, not printed on the operator's terminal
    pdf.processMemoryFile("certificate.pdf", bytes.data(), bytes.size());
    QPDFObjectHandle root = pdf.getRoot();
    QPDFObjectHandle form = root.getKey("/AcroForm");
    if (!form.isDictionary()) return out;
    std::vector<QPDFObjectHandle> fields;
    signature_fields(form.getKey("/Fields"), fields);
    QPDFObjectHandle docmdp = root.getKey("/Perms").isDictionary() ? root.getKey("/Perms").getKey("/DocMDP") : QPDFObjectHandle();
    for (QPDFObjectHandle& f : fields) {
      QPDFObjectHandle v = f.getKey("/V");
      QPDFObjectHandle range = v.getKey("/ByteRange");
      if (!range.isArray() || range.getArrayNItems() != 4 || !v.getKey("/Contents").isString()) {
        return std::unexpected(make_error(ErrorCode::corrupt, "a signature of the PDF has no valid /ByteRange or /Contents"));
      }
      PdfSignature s;
      for (int i = 0; i < 4; ++i) {
        QPDFObjectHandle n = range.getArrayItem(i);
        s.byte_range[i] = n.isInteger() ? n.getIntValue() : -1;
      }
      const auto* br = s.byte_range;
      const auto total = static_cast<std::int64_t>(bytes.size());
      if (br[0] != 0 || br[1] <= 0 || br[2] <= br[1] + 1 || br[3] < 0 || br[2] + br[3] > total) {
        return std::unexpected(make_error(ErrorCode::corrupt, "a signature's /ByteRange does not fit the file"));
      }
      const auto a = static_cast<std::size_t>(br[1]), b = static_cast<std::size_t>(br[2]);
      const bool hex_only = bytes[a] == '<' && bytes[b - 1] == '>' &&
                            std::all_of(bytes.begin() + static_cast<std::ptrdiff_t>(a) + 1,
                                        bytes.begin() + static_cast<std::ptrdiff_t>(b) - 1,
                                        [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
      if (!hex_only) {
        return std::unexpected(make_error(ErrorCode::corrupt,
                                          "a signature's /ByteRange leaves out more than its own /Contents: part of the "
                                          "file would not be signed"));
      }
      const std::string contents = v.getKey("/Contents").getStringValue();
      s.cms = contents.substr(0, der_size(contents));
      s.signed_bytes = bytes.substr(0, a) + bytes.substr(b, static_cast<std::size_t>(br[3]));
      s.revision_end = static_cast<std::size_t>(br[2] + br[3]);
      s.sub_filter = v.getKey("/SubFilter").isName() ? v.getKey("/SubFilter").getName() : std::string();
      s.signed_at = v.getKey("/M").isString() ? v.getKey("/M").getUTF8Value() : std::string();
      s.certifies = docmdp.isDictionary() && docmdp.isSameObjectAs(v);
      out.push_back(std::move(s));
    }
  } catch (const std::exception& e) {
    return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("the PDF cannot be read: {}", e.what())));
  }
  std::sort(out.begin(), out.end(), [](const PdfSignature& x, const PdfSignature& y) { return x.revision_end < y.revision_end; });
  return out;
}

Result<std::string> disallowed_changes(const std::string& bytes, std::size_t revision_end) {
  if (revision_end >= bytes.size()) return std::string();
  try {
    QPDF before, after;
    before.setSuppressWarnings(true);
    after.setSuppressWarnings(true);
    before.processMemoryFile("signed revision", bytes.data(), revision_end);
    after.processMemoryFile("whole file", bytes.data(), bytes.size());
    QPDFObjectHandle root_before = before.getRoot(), root_after = after.getRoot();
    if (root_before.getObjGen() != root_after.getObjGen()) return std::string("the document's catalogue was replaced");
    std::vector<QPDFObjGen> pages_before, pages_after;
    for (auto& p : QPDFPageDocumentHelper(before).getAllPages()) pages_before.push_back(p.getObjectHandle().getObjGen());
    for (auto& p : QPDFPageDocumentHelper(after).getAllPages()) pages_after.push_back(p.getObjectHandle().getObjGen());
    if (pages_before != pages_after) return std::string("pages were added, removed or replaced");
    const std::set<QPDFObjGen> pages(pages_before.begin(), pages_before.end());
    QPDFObjectHandle form = root_before.getKey("/AcroForm");
    const QPDFObjGen form_og = form.isIndirect() ? form.getObjGen() : QPDFObjGen();
    const QPDFObjGen info_og = before.getTrailer().getKey("/Info").isIndirect() ? before.getTrailer().getKey("/Info").getObjGen() : QPDFObjGen();
    const QPDFObjGen xmp_og = root_before.getKey("/Metadata").isIndirect() ? root_before.getKey("/Metadata").getObjGen() : QPDFObjGen();
    for (QPDFObjectHandle old : before.getAllObjects()) {
      const QPDFObjGen og = old.getObjGen();
      QPDFObjectHandle now = after.getObject(og);
      if (same_object(old, now)) continue;
      if (og == root_before.getObjGen()) {
        if (auto k = changed_key(old, now, {"/AcroForm", "/DSS", "/Extensions", "/Metadata"}); !k.empty()) {
          return fmt::format("the document's catalogue changed its {} entry", k);
        }
      } else if (pages.contains(og)) {
        if (auto k = changed_key(old, now, {"/Annots"}); !k.empty()) return fmt::format("a page changed its {} entry", k);
        std::set<QPDFObjGen> had, has;
        for (auto& a : annotations(old)) had.insert(a.getObjGen());
        for (auto& a : annotations(now)) {
          has.insert(a.getObjGen());
          if (!had.contains(a.getObjGen()) && !is_signed_signature_widget(a)) {
            return std::string("an annotation other than a signed signature was added to a page");
          }
        }
        for (const QPDFObjGen& a : had) {
          if (!has.contains(a)) return std::string("an annotation was removed from a page");
        }
      } else if (og == form_og) {
        if (auto k = changed_key(old, now, {"/Fields", "/SigFlags", "/DR", "/DA"}); !k.empty()) {
          return fmt::format("the form changed its {} entry", k);
        }
      } else if (og != info_og && og != xmp_og) {
        return fmt::format("object {} {} was changed after the document was signed", og.getObj(), og.getGen());
      }
    }
    return std::string();
  } catch (const std::exception& e) {
    return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("the PDF's later revisions cannot be read: {}", e.what())));
  }
}

}  // namespace wipeseal::certificates
