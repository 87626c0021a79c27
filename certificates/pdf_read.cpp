// Reading a PDF that came from outside (`wipeseal cert verify`): its signatures and the bytes each
// covers, what was appended after a signed revision, and the certificate it carries. Everything
// here parses hostile bytes; it is fuzzed on its own (tests/fuzz/fuzz_pdf.cpp), which is why it
// is apart from the writing (pdf_file.cpp, pdf_signature.cpp).
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFEFStreamObjectHelper.hh>
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFFileSpecObjectHelper.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <map>
#include <set>

#include <fmt/format.h>

#include "certificates/pdf_file.h"
#include "certificates/pdf_signature.h"

namespace wipeseal::certificates {
namespace {

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
      // Compared without sums: the numbers are the file's, and may be chosen to overflow.
      if (br[0] != 0 || br[1] <= 0 || br[1] >= total || br[2] <= br[1] || br[2] - br[1] < 2 || br[2] > total ||
          br[3] < 0 || br[3] > total - br[2]) {
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

Result<PdfAttachments> read_attachments(const std::string& pdf_bytes) {
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);  // damage is judged here, not printed on the operator's terminal
    pdf.processMemoryFile("certificate.pdf", pdf_bytes.data(), pdf_bytes.size());
    QPDFEmbeddedFileDocumentHelper files(pdf);
    PdfAttachments out;
    std::map<std::string, std::string> by_name;
    for (auto& [name, spec] : files.getEmbeddedFiles()) {
      auto data = spec->getEmbeddedFileStream().getStreamData();
      by_name[name] = std::string(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
    }
    for (const auto& [name, bytes] : by_name) {
      if (name.size() != 41 || !name.ends_with(".json") || !is_certificate_id(name.substr(0, 36))) continue;
      if (!out.id.empty()) {
        return std::unexpected(make_error(ErrorCode::corrupt, "the PDF carries more than one certificate"));
      }
      out.id = name.substr(0, 36);
      out.json = bytes;
    }
    if (out.id.empty()) {
      return std::unexpected(make_error(ErrorCode::corrupt,
                                        "this PDF does not carry a wipeseal certificate (no <id>.json attachment)"));
    }
    const auto sig = by_name.find(out.id + ".p7s");
    if (sig == by_name.end()) {
      return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("the PDF lacks the signature {}.p7s", out.id)));
    }
    out.p7s = sig->second;
    return out;
  } catch (const std::exception& e) {
    return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("the PDF cannot be read: {}", e.what())));
  }
}

}  // namespace wipeseal::certificates
