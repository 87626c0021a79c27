// What the certificate tests share: an office with keys and details, real (image-file) erasures
// to certify, and the standard tools an inspector uses (openssl, pdfsig, pdftotext, sqlite).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/session.h"
#include "certificates/certificate.h"
#include "certificates/issuer.h"
#include "certificates/register.h"
#include "certificates/signing.h"
#include "certificates/verifier.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"
#include "verify/read_back.h"
#include "wipe/discovery.h"
#include "wipe/job.h"
#include "wipe/random_source.h"

namespace wipeseal::certificates::testing {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_command;
using test::TempDir;

inline constexpr const char* kPassphrase = "mat-khau-van-phong-1";
inline constexpr const char* kCaPassphrase = "mat-khau-rieng-cua-CA-2";

inline json sample_details() {
  return json::parse(R"({
    "parent_body": "Ủy ban nhân dân tỉnh Hưng Yên",
    "issuing_body": "Sở Khoa học và Công nghệ",
    "record_symbol": "BB-KHCN",
    "place": "Hưng Yên",
    "reason": "repurpose",
    "secrecy_level": "toi_mat",
    "asset_number": "TS-2024-0153",
    "host_serial": "PC-VP-07",
    "participants": [
      {"name": "Nguyễn Văn An", "title": "Chuyên viên", "role": "performer"},
      {"name": "Trần Thị Bình", "title": "Văn thư", "role": "custodian"},
      {"name": "Lê Quang Cường", "title": "Giám đốc", "role": "head"}
    ],
    "destination": "Máy tính kết nối Internet của Văn phòng"
  })");
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void spit(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Changes a register behind wipeseal's back, as the sqlite3 command would.
inline void sql(const std::string& db, const std::string& statement) {
  ASSERT_EQ(run_command({"sqlite3", db, statement}), 0) << statement;
}

inline std::string pdf_text(const std::string& pdf, int page = 0) {
  std::string text;
  std::vector<std::string> args = {"pdftotext"};
  if (page > 0) args.insert(args.end(), {"-f", std::to_string(page), "-l", std::to_string(page)});
  args.insert(args.end(), {pdf, "-"});
  EXPECT_EQ(run_command(args, &text), 0) << pdf;
  return text;
}

// The number after the last (or first) `key` in `text` (the tools' outputs, a PDF's trailer);
// -1 if there is none. std::regex is avoided: GCC 12 warns inside it under the sanitizers.
inline long long number_after(const std::string& text, const std::string& key, bool last = true) {
  const std::size_t at = last ? text.rfind(key) : text.find(key);
  if (at == std::string::npos) return -1;
  std::size_t i = at + key.size();
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r')) ++i;
  return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0 ? std::stoll(text.substr(i, 20)) : -1;
}

// The object number of the object whose dictionary starts with the line holding `marker`.
inline int object_holding(const std::string& pdf, const std::string& marker) {
  const std::size_t at = pdf.rfind(marker);
  if (at == std::string::npos) return -1;
  const std::size_t line = pdf.rfind('\n', at);
  const std::size_t header = pdf.rfind('\n', line - 1);
  return static_cast<int>(number_after(pdf.substr(header, line - header), "\n", false));
}

inline int pdf_pages(const std::string& pdf) {
  std::string info;
  run_command({"pdfinfo", pdf}, &info);
  return static_cast<int>(number_after(info, "Pages:"));
}

// pdfsig's report; its exit code is 0 only when every signature is valid.
struct PdfSig {
  int code = -1;
  std::string out;
  bool valid() const { return code == 0 && out.find("Signature is Valid") != std::string::npos; }
  bool whole() const { return out.find("Total document signed") != std::string::npos; }
};
inline PdfSig pdfsig(const std::string& pdf) {
  PdfSig r;
  r.code = run_command({"pdfsig", pdf}, &r.out);
  return r;
}

inline bool openssl_accepts(const std::string& json_path, const std::string& p7s_path, const std::string& ca) {
  std::string out;
  return run_command({"openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s_path, "-content", json_path,
                      "-CAfile", ca, "-out", "/dev/null"},
                     &out) == 0;
}

// Appends an incremental update to `pdf` that replaces object `number` with `body` (a
// dictionary, or a dictionary followed by a stream): how a page is edited without touching the
// signed bytes.
inline std::string append_update(const std::string& pdf, int number, const std::string& body) {
  const std::string size = std::to_string(number_after(pdf, "/Size "));
  const std::string root = std::to_string(number_after(pdf, "/Root ")) + " 0 R";
  const std::string prev = std::to_string(number_after(pdf, "startxref"));
  std::string out = pdf;
  const std::size_t at = out.size();
  out += std::to_string(number) + " 0 obj\n" + body + "\nendobj\n";
  const std::size_t xref = out.size();
  char entry[32];
  std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", at);
  out += "xref\n" + std::to_string(number) + " 1\n" + entry;
  out += "trailer\n<< /Size " + size + " /Root " + root + " /Prev " + prev + " >>\nstartxref\n" + std::to_string(xref) +
         "\n%%EOF\n";
  return out;
}

// The object number of the first page's content stream, by qpdf.
inline int first_content_object(const std::string& pdf) {
  std::string out;
  run_command({"qpdf", "--show-pages", pdf}, &out);
  return static_cast<int>(number_after(out, "content:", false));
}

// What the head of unit's signing software does to counter-sign (ISO 32000-1, 12.8): an
// incremental update adding a second signature field (an approval signature, no DocMDP) to the
// form and the first page, its CMS over the whole file as it then is.
inline std::string countersign(const std::string& pdf, const Signer& head) {
  // The objects the office's signature wrote: the first page (with its widget) and the form.
  const int page = object_holding(pdf, "/Annots [ "), form = object_holding(pdf, "<< /Fields [ ");
  EXPECT_GT(page, 0);
  EXPECT_GT(form, 0);
  const std::size_t annots = pdf.rfind("/Annots [ ");
  std::string page_dict = pdf.substr(pdf.rfind('\n', annots) + 1, pdf.find('\n', annots) - pdf.rfind('\n', annots) - 1);
  const long long first_field = number_after(pdf, "<< /Fields [ ");
  const int sig = static_cast<int>(number_after(pdf, "/Size ")), field = sig + 1;
  page_dict.replace(page_dict.find("/Annots [ "), 10, "/Annots [ " + std::to_string(field) + " 0 R ");
  std::string out = pdf;
  std::vector<std::pair<int, std::size_t>> at;
  const auto object = [&](int n, const std::string& body) {
    at.emplace_back(n, out.size());
    out += std::to_string(n) + " 0 obj\n" + body + "\nendobj\n";
  };
  object(page, page_dict);
  object(form, "<< /Fields [ " + std::to_string(first_field) + " 0 R " + std::to_string(field) + " 0 R ] /SigFlags 3 >>");
  const std::string placeholder = "/ByteRange [0 0000000000 0000000000 0000000000]";
  const std::size_t sig_at = out.size();
  object(sig, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached " + placeholder + " /Contents <" +
                  std::string(16384, '0') + "> /M (D:20261204090000+07'00') /Reason (Phe duyet) >>");
  object(field, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Thu truong) /V " + std::to_string(sig) +
                    " 0 R /F 132 /Rect [ 0 0 0 0 ] /P " + std::to_string(page) + " 0 R >>");
  std::sort(at.begin(), at.end());
  const std::size_t xref = out.size();
  out += "xref\n";
  for (const auto& [n, offset] : at) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    out += std::to_string(n) + " 1\n" + entry;
  }
  out += "trailer\n<< /Size " + std::to_string(field + 1) + " /Root " + std::to_string(number_after(pdf, "/Root ")) +
         " 0 R /Prev " + std::to_string(number_after(pdf, "startxref")) + " >>\nstartxref\n" + std::to_string(xref) +
         "\n%%EOF\n";
  const std::size_t begin = out.find("/Contents <", sig_at) + 10, end = begin + 16384 + 2;
  std::string range = "/ByteRange [0 " + std::to_string(begin) + " " + std::to_string(end) + " " +
                      std::to_string(out.size() - end) + "]";
  range.resize(placeholder.size(), ' ');
  out.replace(out.find(placeholder, sig_at), placeholder.size(), range);
  auto cms = head.sign_pdf(out.substr(0, begin) + out.substr(end));
  EXPECT_TRUE(cms);
  const std::string hex = to_hex(*cms);
  out.replace(begin + 1, hex.size(), hex);
  return out;
}

class Office : public ::testing::Test {
 protected:
  void SetUp() override {
    keys_ = dir_.file("keys");
    ASSERT_TRUE(create_office_keys(keys_, "Sở Khoa học và Công nghệ Hưng Yên", kPassphrase,
                                   CaKeyPlacement{dir_.file("ca-key"), kCaPassphrase}));
    ca_ = keys_ + "/office-ca.pem";
    auto signer = Signer::from_key_files(keys_ + "/signer.pem", keys_ + "/signer.key", kPassphrase);
    ASSERT_TRUE(signer) << signer.error().describe();
    signer_.emplace(std::move(*signer));
    auto reg = Register::open(dir_.file("register.sqlite"));
    ASSERT_TRUE(reg) << reg.error().describe();
    register_.emplace(std::move(*reg));
    details_ = *details_from_json(sample_details());
  }

  // A real erasure of an image file, read back in full, presented as an office's disk would be.
  JobRecord erased_record(const std::string& name, const std::string& serial = "S6PNNS0T123456") {
    const std::string img = dir_.file(name);
    test::make_filled_file(img, 4 << 20, 0x5A);
    auto d = describe_device(img);
    EXPECT_TRUE(d);
    JobOptions options;
    options.records_dir = dir_.file("records");
    options.state_dir = dir_.file("state");
    options.verify = [](BlockDevice& dev, const JobRecord& r, const auto& progress, const std::atomic<bool>& cancel) {
      return verify::verify_overwrite(dev, r, verify::ReadBackOptions{.coverage = 1.0}, secure_random(), progress, cancel);
    };
    NullProgressSink none;
    std::atomic<bool> cancel{false};
    auto r = run_erase_job({*d}, options, none, cancel);
    EXPECT_TRUE(r) << r.error().describe();
    JobRecord record = (*r)[0].record;
    record.device.model = "Samsung SSD 870 EVO";
    record.device.serial = serial;
    return record;
  }

  IssuedCertificate issue(const std::vector<JobRecord>& records) {
    auto issued = issue_certificate(records, details_, *signer_, *register_, dir_.file("out"));
    EXPECT_TRUE(issued) << issued.error().describe();
    return *issued;
  }
  IssuedCertificate issue(const JobRecord& record) { return issue(std::vector<JobRecord>{record}); }

  CertificateCheck check(const std::string& path, const std::string& reg = {}) { return check_certificate(path, ca_, reg); }

  // An erasure of `devices` with a biên bản, as both frontends ask for it: the office's keys,
  // the details in details.json, the register, records and journals in this test's folder.
  app::EraseRequest certified_erase(std::vector<std::string> devices) {
    app::EraseRequest r;
    r.devices = std::move(devices);
    r.records_dir = dir_.file("records");
    r.state_dir = dir_.file("state");
    app::CertificationRequest c;
    c.details_file = dir_.file("details.json");
    c.register_path = dir_.file("app-register.sqlite");
    c.signing.key_dir = keys_;
    r.certify = c;
    return r;
  }

  TempDir dir_;
  std::string keys_, ca_;
  std::optional<Signer> signer_;
  std::optional<Register> register_;
  OfficeDetails details_;
};

}  // namespace wipeseal::certificates::testing
