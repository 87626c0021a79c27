#include "certificates/pdf.h"

#include <qrencode.h>

#include <QPagedPaintDevice>
#include <QPainter>

#include <algorithm>

#include <fmt/format.h>

#include "certificates/layout.h"
#include "wipe/device_info.h"
#include "words/catalogue.h"

namespace wipeseal::certificates {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// A time in Vietnam (UTC+7, no daylight saving) from an RFC 3339 UTC timestamp.
struct LocalTime {
  int year, month, day, hour, minute;
};

LocalTime vietnam_time(const std::string& rfc3339) {
  struct tm tm {};
  strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  time_t t = timegm(&tm) + 7 * 3600;
  struct tm local {};
  gmtime_r(&t, &local);
  return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min};
}

std::string vi_date(const LocalTime& t) { return fmt::format("ngày {:02} tháng {:02} năm {}", t.day, t.month, t.year); }
std::string vi_clock(const LocalTime& t) { return fmt::format("{:02} giờ {:02}", t.hour, t.minute); }

std::string vi(const QString& text) { return text.toStdString(); }
std::string role_vi(Role r) { return vi(words::participant_role(role_code(r), words::Lang::vi)); }
std::string role_en(Role r) { return vi(words::participant_role(role_code(r), words::Lang::en)); }
std::string reason_text(const OfficeDetails& o, words::Lang l) { return vi(words::office_reason(reason_code(o.reason), l)); }
std::string level_text(const OfficeDetails& o, words::Lang l) { return vi(words::secrecy_level(secrecy_code(o.secrecy_level), l)); }

// A number written with a Vietnamese decimal comma: "4,57 MB".
std::string vi_decimal(std::string s) {
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

// "1,0" (a Vietnamese decimal comma).
std::string percent(double fraction) { return vi_decimal(fmt::format("{:.1f}", fraction * 100)); }

std::string model_of(const DeviceInfo& d) {
  const std::string model = d.model.empty() ? d.name : (d.vendor.empty() || d.model.starts_with(d.vendor) ? "" : d.vendor + " ") + d.model;
  return model.empty() ? d.path : model;
}

// The read-back in a few words, for the device table.
std::string read_back_vi(const JobRecord& r) {
  if (!r.verification) return "Không kiểm tra";
  const VerificationRecord& v = *r.verification;
  const std::string how = v.mode == VerificationMode::full          ? "Đọc lại toàn bộ"
                          : v.mode == VerificationMode::fingerprint ? "Đọc lại mẫu sau lệnh xóa của ổ"
                                                                    : "Đọc lại ngẫu nhiên " + percent(v.coverage) + " %";
  const char* result = v.outcome == VerificationOutcome::passed                     ? "đạt"
                       : v.outcome == VerificationOutcome::passed_except_unwritable ? "đạt, trừ vùng không ghi được"
                                                                                    : "không đạt";
  return how + ": " + result;
}

// The catalogue's label names the NIST SP 800-88 category already ("... (NIST SP 800-88 Clear)").
std::string method_en(const JobRecord& r) { return vi(words::method_label(r.method.name, words::Lang::en)); }

std::uint64_t unwritable_bytes(const JobRecord& r) {
  std::uint64_t n = 0;
  for (const auto& p : r.passes) {
    for (const auto& e : p.errors) n += e.range.length;
  }
  return n;
}

void draw_qr(QPainter& p, const std::string& text, QRectF where) {
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == nullptr) return;
  const int n = code->width;
  const double module = std::min(where.width(), where.height()) / (n + 8);  // 4-module quiet zone
  p.fillRect(QRectF(where.topLeft(), QSizeF(module * (n + 8), module * (n + 8))), Qt::white);
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      if (code->data[y * n + x] & 1) {
        p.fillRect(QRectF(where.left() + (x + 4) * module, where.top() + (y + 4) * module, module, module), Qt::black);
      }
    }
  }
  QRcode_free(code);
}

void header(QPainter& painter, PageFlow& f, const Certificate& cert) {
  const OfficeDetails& o = cert.office;
  // The body on the left, Quốc hiệu and Tiêu ngữ on the right (Decree 30/2020, Phụ lục I).
  const double col = f.width() * 0.42, gap = f.width() * 0.01, right_x = f.left() + col + gap;
  const double right_w = f.width() - col - gap;
  double ly = f.y(), ry = f.y();
  if (!o.parent_body.empty()) ly += f.box(q(o.parent_body).toUpper(), f.font(12), f.left(), ly, col);
  ly += f.box(q(o.issuing_body).toUpper(), f.font(12, true), f.left(), ly, col);
  painter.setPen(QPen(Qt::black, f.mm(0.25)));
  painter.drawLine(QPointF(f.left() + col * 0.35, ly + f.mm(0.8)), QPointF(f.left() + col * 0.65, ly + f.mm(0.8)));
  ly += f.mm(3);
  ly += f.box(q("Số: " + cert.number), f.font(13), f.left(), ly, col);
  ry += f.box(QStringLiteral("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), f.font(12, true), right_x, ry, right_w);
  ry += f.box(QStringLiteral("Độc lập - Tự do - Hạnh phúc"), f.font(13, true), right_x, ry, right_w);
  painter.drawLine(QPointF(right_x + right_w * 0.2, ry + f.mm(0.8)), QPointF(right_x + right_w * 0.8, ry + f.mm(0.8)));
  ry += f.mm(3);
  ry += f.box(q(o.place + ", " + vi_date(vietnam_time(cert.issued_at))), f.font(13, false, true), right_x, ry, right_w);
  f.move_to(std::max(ly, ry) + f.mm(6));
}

void devices(PageFlow& f, const Certificate& cert) {
  const OfficeDetails& o = cert.office;
  const QFont body = f.font(13);
  f.ensure(f.mm(40));
  f.paragraph(QStringLiteral("I. MÁY TÍNH VÀ CÁC THIẾT BỊ LƯU TRỮ ĐÃ XÓA"), f.font(13, true), Qt::AlignLeft, 0, 1);
  f.paragraph(q(fmt::format("- Máy tính: mã tài sản {}{}.", o.asset_number,
                            o.host_serial.empty() ? "" : ", số sê-ri " + o.host_serial)),
              body, Qt::AlignLeft, 3, 0.5);
  f.paragraph(q("- Độ mật cao nhất các thiết bị từng lưu giữ (theo khai báo): " + level_text(o, words::Lang::vi) + "."), body,
              Qt::AlignLeft, 3, 1);
  std::vector<std::vector<QString>> rows = {{QStringLiteral("STT"), QStringLiteral("Thiết bị (giao tiếp)"),
                                             QStringLiteral("Số sê-ri"), QStringLiteral("Dung lượng"),
                                             QStringLiteral("Phương pháp xóa"), QStringLiteral("Kiểm tra lại"),
                                             QStringLiteral("Kết quả")}};
  for (std::size_t i = 0; i < cert.records.size(); ++i) {
    const JobRecord& r = cert.records[i];
    rows.push_back({QString::number(i + 1), printable(model_of(r.device)) + q(fmt::format(" ({})", transport_name(r.device.transport))),
                    r.device.serial.empty() ? QStringLiteral("—") : printable(r.device.serial),
                    q(vi_decimal(format_size(r.device.size_bytes))), words::method_label(r.method.name, words::Lang::vi),
                    q(read_back_vi(r)), q(judge(r, o.secrecy_level).vi)});
  }
  // The serial column fits 20 characters, so a serial number without separators stays whole.
  f.table({0.065, 0.175, 0.23, 0.1, 0.16, 0.14, 0.13}, rows, 10);
}

void method(PageFlow& f, const Certificate& cert) {
  const QFont body = f.font(13);
  f.ensure(f.mm(30));
  f.paragraph(QStringLiteral("II. PHƯƠNG PHÁP XÓA VÀ KIỂM TRA LẠI"), f.font(13, true), Qt::AlignLeft, 0, 1);
  const bool several = cert.records.size() > 1;
  for (std::size_t i = 0; i < cert.records.size(); ++i) {
    const JobRecord& r = cert.records[i];
    const LocalTime from = vietnam_time(r.started_at), to = vietnam_time(r.finished_at);
    std::string text = several ? fmt::format("- Thiết bị {}: ", i + 1) : std::string("- ");
    text += fmt::format("{}; số lượt ghi: {}; từ {} {} đến {} {}.", vi(words::method_label(r.method.name, words::Lang::vi)),
                        r.passes.size(), vi_clock(from), vi_date(from), vi_clock(to), vi_date(to));
    // fmt, not " " + std::string: GCC 12 at -O3 with _FORTIFY_SOURCE warns (-Wrestrict) on the latter.
    if (r.verification) text += fmt::format(" {}.", vi(words::verification_text(*r.verification, words::Lang::vi)));
    if (const std::uint64_t n = unwritable_bytes(r); n > 0) {
      text += fmt::format(" Có {} byte không ghi được (chi tiết trong hồ sơ điện tử kèm theo).", n);
    }
    if (!r.interruptions.empty()) {
      text += fmt::format(" Quá trình xóa bị gián đoạn {} lần và đã được tiếp tục đến hết.", r.interruptions.size());
    }
    f.paragraph(q(text), body, Qt::AlignLeft, 3, 0.5);
  }
  f.paragraph(q("- Công cụ: phần mềm wipeseal " + (cert.records.empty() ? std::string() : cert.records.front().tool_version) + "."),
              body, Qt::AlignLeft, 3, 1);
  // On the live image: that it is the air-gapped image, its build and the SHA-256 of its files.
  if (!cert.records.empty() && !cert.records.front().environment.empty()) {
    f.paragraph(q("- Môi trường chạy (thông tin kỹ thuật): " + cert.records.front().environment + "."), body,
                Qt::AlignLeft, 3, 1);
  }
}

void outcome(PageFlow& f, const Certificate& cert) {
  const OfficeDetails& o = cert.office;
  const QFont body = f.font(13);
  const Verdict all = judge_all(cert.records, o.secrecy_level);
  f.ensure(f.mm(25));
  f.paragraph(q("III. KẾT QUẢ: " + all.vi), f.font(13, true), Qt::AlignLeft, 0, 1);
  for (std::size_t i = 0; i < cert.records.size(); ++i) {
    const Verdict v = judge(cert.records[i], o.secrecy_level);
    if (!v.destroy) continue;
    const std::string who = cert.records.size() > 1 ? fmt::format("Thiết bị {}", i + 1) : std::string("Thiết bị");
    f.paragraph(q(fmt::format("- {}: kiến nghị {}", who, v.destroy_reason_vi)), f.font(13, true), Qt::AlignLeft, 3, 0.5);
  }
  f.paragraph(q("- Nơi chuyển máy tính đến sau khi xóa: " + o.destination + "."), body, Qt::AlignLeft, 3, 0.5);
  if (!o.notes.empty()) f.paragraph(q("- Ghi chú: " + o.notes), body, Qt::AlignLeft, 3, 0.5);
  f.paragraph(q(disclaimer_vi()), f.font(12, false, true), Qt::AlignLeft, 0, 1.5);
}

// The closing paragraph, the signature blocks, and nơi nhận with the QR code: kept on one page
// when they fit on one, and the closing paragraph never leaves the signatures.
void closing(QPainter& painter, PageFlow& f, const Certificate& cert, const std::string& json_sha256) {
  const OfficeDetails& o = cert.office;
  const QFont body = f.font(13);
  const LocalTime end = vietnam_time(cert.records.empty() ? cert.issued_at : cert.records.back().finished_at);
  const QString close = q(fmt::format(
      "Biên bản kết thúc vào hồi {} {}, được lập thành {:02} bản có giá trị như nhau. Bản điện tử kèm theo (mã QR) có "
      "chữ ký điện tử của phần mềm wipeseal, bảo đảm toàn vẹn nội dung; đây không phải là chữ ký số theo quy định của "
      "pháp luật. Những người tham gia cùng ký tên dưới đây.",
      vi_clock(end), vi_date(end), o.copies));
  const double bw = f.width() / 3;
  const Role roles[] = {Role::performer, Role::custodian, Role::head};
  const QString headings[] = {QStringLiteral("NGƯỜI THỰC HIỆN"), QStringLiteral("NGƯỜI QUẢN LÝ THIẾT BỊ"),
                              QStringLiteral("THỦ TRƯỞNG ĐƠN VỊ")};
  double heading_h = 0;
  for (const QString& h : headings) heading_h = std::max(heading_h, f.height(h, f.font(12, true), bw));
  const double name_gap = f.mm(24);
  const double signatures_h = heading_h + f.line_height(f.font(12)) + name_gap + f.line_height(f.font(13)) * 2 + f.mm(4);
  const double close_h = f.height(close, body, f.width()) + f.mm(3);
  std::vector<std::string> recipients = o.recipients.empty() ? default_recipients() : o.recipients;
  const double qr_size = f.mm(27);
  double recipients_h = f.line_height(f.font(12)) + f.mm(2);
  for (const std::string& r : recipients) recipients_h += f.height(q("- " + r + ";"), f.font(11), f.width() * 0.55);
  const double tail_h = std::max(recipients_h, qr_size + f.mm(6));
  f.ensure(close_h + signatures_h + tail_h <= f.body_height() ? close_h + signatures_h + tail_h : close_h + signatures_h);
  f.paragraph(close, body, Qt::AlignLeft, 0, 3);

  const double top = f.y();
  for (int i = 0; i < 3; ++i) {
    const double x = f.left() + i * bw;
    double y = top + f.box(headings[i], f.font(12, true), x, top, bw);
    f.box(QStringLiteral("(Ký, ghi rõ họ tên)"), f.font(12, false, true), x, y, bw);
    for (const Participant& p : o.participants) {
      if (p.role == roles[i]) {
        f.box(q(p.name), f.font(13, true), x, top + heading_h + f.line_height(f.font(12)) + name_gap, bw);
        break;
      }
    }
  }
  f.move_to(top + signatures_h);

  f.ensure(tail_h);
  const double at = f.y();
  double y = at + f.box(QStringLiteral("Nơi nhận:"), f.font(12, true, true), f.left(), at, f.width() * 0.55, Qt::AlignLeft);
  for (std::size_t i = 0; i < recipients.size(); ++i) {
    const bool last = i + 1 == recipients.size();
    y += f.box(q("- " + recipients[i] + (last ? "." : ";")), f.font(11), f.left(), y, f.width() * 0.55, Qt::AlignLeft);
  }
  draw_qr(painter, qr_payload(cert, json_sha256), QRectF(f.right() - qr_size, at, qr_size, qr_size));
  f.box(q("Mã biên bản / Certificate id: " + cert.id), f.font(8), f.right() - f.mm(62), at + qr_size, f.mm(62), Qt::AlignRight);
  f.move_to(std::max(y, at + qr_size + f.mm(5)));
}

void annex(PageFlow& f, const Certificate& cert, const std::string& json_sha256) {
  const OfficeDetails& o = cert.office;
  const Verdict all = judge_all(cert.records, o.secrecy_level);
  f.new_page();
  f.paragraph(QStringLiteral("PHỤ LỤC: DIỄN GIẢI TIẾNG ANH / ANNEX: ENGLISH GLOSSES"), f.font(13, true), Qt::AlignHCenter, 0, 4);
  std::vector<std::vector<QString>> rows = {
      {QStringLiteral("Tiếng Việt"), QStringLiteral("English")},
      {QStringLiteral("BIÊN BẢN Xóa dữ liệu, loại bỏ bí mật nhà nước trên thiết bị lưu trữ"),
       QStringLiteral("RECORD of data erasure and removal of state secrets from storage devices")},
      {q("Số: " + cert.number), q("Record number " + cert.number + ", certificate id " + cert.id)},
      {q(o.issuing_body), QStringLiteral("Issuing body")},
      {q("Lý do: " + reason_text(o, words::Lang::vi)), q("Reason: " + reason_text(o, words::Lang::en))},
      {q("Máy tính: mã tài sản " + o.asset_number), q("Computer: asset number " + o.asset_number +
                                                       (o.host_serial.empty() ? "" : ", serial number " + o.host_serial))},
      {q("Độ mật cao nhất (theo khai báo): " + level_text(o, words::Lang::vi)),
       q("Highest secrecy level held (declared): " + level_text(o, words::Lang::en))},
  };
  for (std::size_t i = 0; i < cert.records.size(); ++i) {
    const JobRecord& r = cert.records[i];
    const Verdict v = judge(r, o.secrecy_level);
    QString en = printable(model_of(r.device)) + (r.device.serial.empty() ? QString() : QStringLiteral(", serial ") + printable(r.device.serial));
    en += q(fmt::format(", {}. Method: {}. ", format_size(r.device.size_bytes), method_en(r)));
    en += r.verification ? words::verification_text(*r.verification, words::Lang::en) : QStringLiteral("Not verified");
    en += q(". Outcome: " + v.en + (v.destroy ? ". Recommendation: " + v.destroy_reason_en : std::string()));
    rows.push_back({q(fmt::format("Thiết bị {} (STT {}): {}", i + 1, i + 1, v.vi)), en});
  }
  rows.push_back({q("Kết quả: " + all.vi), q("Outcome (the worst of the devices): " + all.en)});
  rows.push_back({q("Nơi chuyển máy tính đến: " + o.destination), QStringLiteral("Where the computer goes next")});
  for (const Participant& p : o.participants) rows.push_back({q(p.name + " — " + role_vi(p.role)), q(role_en(p.role))});
  rows.push_back({QStringLiteral("(Ký, ghi rõ họ tên)"), QStringLiteral("(Signature and full name)")});
  rows.push_back({QStringLiteral("Nơi nhận"), QStringLiteral("Distribution")});
  rows.push_back({q(fmt::format("Lập thành {:02} bản", o.copies)), q(fmt::format("Made in {} copies of equal value", o.copies))});
  rows.push_back({QStringLiteral("Chữ ký điện tử của phần mềm, bảo đảm toàn vẹn"),
                  QStringLiteral("The software's electronic signature protects the integrity of this record (the PDF "
                                 "signature and the attached signed JSON); it is not a digital signature (chữ ký số) "
                                 "under Vietnamese law. The signatures in ink give the record its force.")});
  rows.push_back({q(disclaimer_vi()), q(disclaimer_en())});
  f.table({0.42, 0.58}, rows, 10, Qt::AlignLeft);
  const QFont small = f.font(10);
  const LocalTime issued = vietnam_time(cert.issued_at);
  f.paragraph(q(fmt::format("Signed on {} at {} (UTC+7) by the issuing computer's clock: there is no time-stamp "
                            "authority on an air-gapped machine.",
                            fmt::format("{:04}-{:02}-{:02}", issued.year, issued.month, issued.day),
                            fmt::format("{:02}:{:02}", issued.hour, issued.minute))),
              small, Qt::AlignLeft, 0, 0.5);
  f.paragraph(QStringLiteral("Signed JSON SHA-256: ") + grouped_hex(json_sha256), small, Qt::AlignLeft, 0, 0.5);
  f.paragraph(QStringLiteral("Signer: ") + printable(cert.signer.subject) + QStringLiteral("; SHA-256 fingerprint ") +
                  grouped_hex(cert.signer.fingerprint_sha256),
              small, Qt::AlignLeft, 0, 0.5);
  f.paragraph(q(fmt::format("Check with OpenSSL alone: openssl cms -verify -binary -inform DER -in {0}.p7s -content "
                            "{0}.json -CAfile office-ca.pem -out /dev/null (both files are attached to this PDF; "
                            "pdfdetach -saveall extracts them). The PDF itself carries a PAdES signature (pdfsig).",
                            cert.id)),
              small);
}

}  // namespace

std::string qr_payload(const Certificate& cert, const std::string& json_sha256) {
  return fmt::format("WIPESEAL-CERT:{};SHA256:{};SIGNER:{}", cert.id, json_sha256, cert.signer.fingerprint_sha256);
}

Status draw_certificate(QPainter& painter, QPagedPaintDevice& device, const Certificate& cert,
                        const std::string& json_sha256) {
  auto family = serif_family();
  if (!family) return std::unexpected(family.error());
  const OfficeDetails& o = cert.office;
  PageFlow f(painter, device, *family);
  header(painter, f, cert);
  f.paragraph(QStringLiteral("BIÊN BẢN"), f.font(14, true), Qt::AlignHCenter, 0, 0.5);
  f.paragraph(QStringLiteral("Xóa dữ liệu, loại bỏ bí mật nhà nước trên thiết bị lưu trữ"), f.font(14, true),
              Qt::AlignHCenter, 0, 4);
  const QFont body = f.font(13);
  for (const std::string& line : basis_lines(o)) f.paragraph(q(line), f.font(13, false, true), Qt::AlignLeft, 0, 0.5);
  const LocalTime started = vietnam_time(cert.records.empty() ? cert.issued_at : cert.records.front().started_at);
  f.paragraph(q(fmt::format("Hôm nay, hồi {} {}, tại {}, {}, chúng tôi gồm:", vi_clock(started), vi_date(started),
                            o.issuing_body, o.place)),
              body, Qt::AlignLeft, 0, 0.5);
  int n = 1;
  for (const Participant& p : o.participants) {
    f.paragraph(q(fmt::format("{}. {}{} — {}", n++, p.name, p.title.empty() ? "" : ", " + p.title, role_vi(p.role))), body,
                Qt::AlignLeft, 8, 0.5);
  }
  f.paragraph(q(fmt::format("đã tiến hành xóa dữ liệu, loại bỏ bí mật nhà nước trên {} của máy tính dưới đây. Lý do: {}.",
                            cert.records.size() > 1 ? fmt::format("{} thiết bị lưu trữ", cert.records.size())
                                                    : std::string("thiết bị lưu trữ"),
                            reason_text(o, words::Lang::vi))),
              body, Qt::AlignLeft, 0, 2);
  devices(f, cert);
  method(f, cert);
  outcome(f, cert);
  closing(painter, f, cert, json_sha256);
  annex(f, cert, json_sha256);
  return {};
}

}  // namespace wipeseal::certificates
