#include "certificates/pdf.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFEFStreamObjectHelper.hh>
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFFileSpecObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <qrencode.h>

#include <QBuffer>
#include <QFile>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "certificates/signing.h"
#include "wipe/device_info.h"
#include "words/catalogue.h"

namespace wipeseal::certificates {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// Liberation Serif is metric-compatible with Times New Roman, which Decree 30/2020 prescribes,
// and covers Vietnamese. It is embedded (subset) in the PDF by Qt.
Result<QString> serif_family() {
  static QString family;
  if (!family.isEmpty()) return family;
  const char* dirs[] = {"/usr/share/fonts/truetype/liberation2/", "/usr/share/fonts/truetype/liberation/"};
  for (const char* dir : dirs) {
    int regular = -1;
    for (const char* face : {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
                             "LiberationSerif-BoldItalic.ttf"}) {
      const int id = QFontDatabase::addApplicationFont(QString::fromLatin1(dir) + QString::fromLatin1(face));
      if (regular < 0) regular = id;
    }
    if (regular >= 0) {
      const QStringList families = QFontDatabase::applicationFontFamilies(regular);
      if (!families.isEmpty()) family = families.front();
      return family;
    }
  }
  return std::unexpected(make_error(ErrorCode::unsupported,
                                    "the Liberation Serif font is not installed (Debian package fonts-liberation2)"));
}

// "21/11/2026" style date and "14 giờ 05" style time in Vietnam's time zone (UTC+7).
struct LocalTime {
  int year, month, day, hour, minute;
};

LocalTime vietnam_time(const std::string& rfc3339) {
  struct tm tm {};
  strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  time_t t = timegm(&tm) + 7 * 3600;  // Indochina Time, no daylight saving
  struct tm local {};
  gmtime_r(&t, &local);
  return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min};
}

std::string vi_date(const LocalTime& t) {
  return fmt::format("ngày {:02} tháng {:02} năm {}", t.day, t.month, t.year);
}

std::string upper(const std::string& s) { return q(s).toUpper().toStdString(); }

// The catalogue's words as the PDF's UTF-8 strings.
std::string vi(const QString& text) { return text.toStdString(); }
std::string role_vi(Role r) { return vi(words::participant_role(role_code(r), words::Lang::vi)); }
std::string role_en(Role r) { return vi(words::participant_role(role_code(r), words::Lang::en)); }
std::string method_vi(const JobRecord& r) { return vi(words::method_label(r.method.name, words::Lang::vi)); }

// Draws text top-down across pages with the margins of Decree 30/2020 (Phụ lục I: top and
// bottom 20-25 mm, left 30-35 mm, right 15-20 mm).
class Flow {
 public:
  Flow(QPainter& p, QPagedPaintDevice& dev, QString family)
      : p_(p), dev_(dev), family_(std::move(family)), dpi_(dev.logicalDpiX()) {
    left_ = mm(30);
    right_ = dev.width() - mm(15);
    top_ = mm(20);
    bottom_ = dev.height() - mm(20);
    y_ = top_;
  }

  double mm(double v) const { return v * dpi_ / 25.4; }
  double y() const { return y_; }
  double left() const { return left_; }
  double right() const { return right_; }
  double width() const { return right_ - left_; }
  void skip(double millimetres) { y_ += mm(millimetres); }

  QFont font(double points, bool bold = false, bool italic = false) const {
    QFont f(family_);
    f.setPointSizeF(points);
    f.setBold(bold);
    f.setItalic(italic);
    return f;
  }

  double height_of(const QString& text, const QFont& f, double w, int flags = Qt::AlignLeft) {
    p_.setFont(f);
    return p_.boundingRect(QRectF(0, 0, w, 1e6), flags | Qt::TextWordWrap, text).height();
  }

  // A paragraph at full width (or from `indent`), moving to a new page if it does not fit.
  void paragraph(const std::string& text, const QFont& f, int align = Qt::AlignLeft, double indent_mm = 0,
                 double after_mm = 1.5) {
    const double x = left_ + mm(indent_mm), w = right_ - x;
    const QString t = q(text);
    const double h = height_of(t, f, w, align);
    ensure(h);
    p_.setFont(f);
    p_.drawText(QRectF(x, y_, w, h), align | Qt::TextWordWrap, t);
    y_ += h + mm(after_mm);
  }

  // Text in a box at a given place, not moving the flow.
  double box(const std::string& text, const QFont& f, double x, double y, double w, int align = Qt::AlignHCenter) {
    const QString t = q(text);
    const double h = height_of(t, f, w, align);
    p_.setFont(f);
    p_.drawText(QRectF(x, y, w, h), align | Qt::TextWordWrap, t);
    return h;
  }

  // A table with column widths as fractions of the text width; header row bold.
  void table(const std::vector<double>& widths, const std::vector<std::vector<std::string>>& rows, double points) {
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const QFont f = font(points, r == 0);
      double h = 0;
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        h = std::max(h, height_of(q(rows[r][c]), f, widths[c] * width() - mm(2),
                                  Qt::AlignHCenter | wrap_mode(rows[r][c], f, widths[c] * width() - mm(2))));
      }
      h += mm(2);
      ensure(h);
      double x = left_;
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        const double w = widths[c] * width();
        p_.setPen(QPen(Qt::black, mm(0.2)));
        p_.drawRect(QRectF(x, y_, w, h));
        box(rows[r][c], f, x + mm(1), y_ + mm(1), w - mm(2), Qt::AlignHCenter | wrap_mode(rows[r][c], f, w - mm(2)));
        x += w;
      }
      y_ += h;
    }
    y_ += mm(2);
  }

  // Words wrap between words, unless one word alone is wider than the cell (a long asset
  // number or serial): then anywhere, rather than spilling over the border.
  int wrap_mode(const std::string& text, const QFont& f, double w) {
    p_.setFont(f);
    const QFontMetricsF metrics(f, p_.device());
    for (const QString& word : q(text).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
      if (metrics.horizontalAdvance(word) > w) return Qt::TextWrapAnywhere;
    }
    return Qt::TextWordWrap;
  }

  void ensure(double h) {
    if (y_ + h <= bottom_) return;
    dev_.newPage();
    ++page_;
    // Decree 30/2020, Phụ lục I: pages are numbered from the second, centred at the top.
    p_.setFont(font(13));
    p_.drawText(QRectF(left_, mm(8), width(), mm(7)), Qt::AlignHCenter, QStringLiteral("%1").arg(page_));
    y_ = top_;
  }

  void new_page() { ensure(1e9); }

 private:
  QPainter& p_;
  QPagedPaintDevice& dev_;
  QString family_;
  double dpi_;
  double left_ = 0, right_ = 0, top_ = 0, bottom_ = 0, y_ = 0;
  int page_ = 1;
};

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

}  // namespace

std::string qr_payload(const Certificate& cert, const std::string& json_sha256) {
  return fmt::format("WIPESEAL-CERT:{};SHA256:{};SIGNER:{}", cert.id, json_sha256, cert.signer.fingerprint_sha256);
}

Status draw_certificate(QPainter& painter, QPagedPaintDevice& device, const Certificate& cert,
                        const std::string& json_sha256) {
  auto family = serif_family();
  if (!family) return std::unexpected(family.error());
  const OfficeDetails& o = cert.office;
  const JobRecord& r = cert.record;
  const Verdict verdict = judge(r, o.secrecy_level);
  const LocalTime issued = vietnam_time(cert.issued_at);
  const LocalTime started = vietnam_time(r.started_at);
  const LocalTime finished = vietnam_time(r.finished_at);
  Flow f(painter, device, *family);

  // Header: the body on the left, Quốc hiệu and Tiêu ngữ on the right (Decree 30/2020, Phụ lục I).
  const double col = f.width() * 0.46, gap = f.width() * 0.01, right_x = f.left() + col + gap;
  const double right_w = f.width() - col - gap;
  double ly = f.y(), ry = f.y();
  if (!o.parent_body.empty()) ly += f.box(upper(o.parent_body), f.font(11.5), f.left(), ly, col);
  ly += f.box(upper(o.issuing_body), f.font(11.5, true), f.left(), ly, col);
  painter.setPen(QPen(Qt::black, f.mm(0.25)));
  painter.drawLine(QPointF(f.left() + col * 0.35, ly + f.mm(0.8)), QPointF(f.left() + col * 0.65, ly + f.mm(0.8)));
  ly += f.mm(3);
  ly += f.box("Số: " + cert.number, f.font(13), f.left(), ly, col);
  ry += f.box("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f.font(11.5, true), right_x, ry, right_w);
  ry += f.box("Độc lập - Tự do - Hạnh phúc", f.font(13, true), right_x, ry, right_w);
  painter.drawLine(QPointF(right_x + right_w * 0.2, ry + f.mm(0.8)), QPointF(right_x + right_w * 0.8, ry + f.mm(0.8)));
  ry += f.mm(3);
  ry += f.box(o.place + ", " + vi_date(issued), f.font(13, false, true), right_x, ry, right_w);
  f.skip((std::max(ly, ry) - f.y()) / f.mm(1) + 6);

  f.paragraph("BIÊN BẢN", f.font(14, true), Qt::AlignHCenter, 0, 0.5);
  f.paragraph("Xóa dữ liệu, loại bỏ bí mật nhà nước trên thiết bị lưu trữ", f.font(14, true), Qt::AlignHCenter, 0, 4);

  const QFont body = f.font(13);
  f.paragraph(o.basis.empty() ? "Căn cứ Luật Bảo vệ bí mật nhà nước và quy định về bảo vệ bí mật nhà nước của cơ "
                                "quan, đơn vị;"
                              : o.basis,
              body, Qt::AlignLeft, 0, 0.5);
  f.paragraph(fmt::format("Hôm nay, hồi {:02} giờ {:02} {}, tại {}, {}, chúng tôi gồm:", started.hour, started.minute,
                          vi_date(started), o.issuing_body, o.place),
              body, Qt::AlignLeft, 0, 0.5);
  int n = 1;
  for (const Participant& p : o.participants) {
    f.paragraph(fmt::format("{}. {}{} — {}", n++, p.name, p.title.empty() ? "" : ", " + p.title, role_vi(p.role)), body,
                Qt::AlignLeft, 8, 0.5);
  }
  f.paragraph(fmt::format("đã tiến hành xóa dữ liệu, loại bỏ bí mật nhà nước trên thiết bị lưu trữ dưới đây. Lý do: {}.",
                          vi(words::office_reason(reason_code(o.reason), words::Lang::vi))),
              body, Qt::AlignLeft, 0, 1);

  f.paragraph("I. THIẾT BỊ", f.font(13, true), Qt::AlignLeft, 0, 1);
  const std::string model = r.device.model.empty() ? r.device.name : (r.device.vendor.empty() ? "" : r.device.vendor + " ") + r.device.model;
  f.table({0.06, 0.22, 0.2, 0.11, 0.15, 0.13, 0.13},
          {{"STT", "Thiết bị", "Số sê-ri", "Dung lượng", "Mã tài sản", "Máy tính", "Độ mật cao nhất"},
           {"1", model + " (" + transport_name(r.device.transport) + ")", r.device.serial.empty() ? "—" : r.device.serial,
            format_size(r.device.size_bytes), o.asset_number, o.host_serial.empty() ? "—" : o.host_serial,
            vi(words::secrecy_level(secrecy_code(o.secrecy_level), words::Lang::vi))}},
          11);

  f.paragraph("II. PHƯƠNG PHÁP XÓA", f.font(13, true), Qt::AlignLeft, 0, 1);
  f.paragraph("- " + method_vi(r) + fmt::format("; số lượt ghi: {}.", r.passes.size()), body, Qt::AlignLeft, 3, 0.5);
  f.paragraph(fmt::format("- Thời gian: từ {:02} giờ {:02} {} đến {:02} giờ {:02} {}; công cụ: wipeseal {}.",
                          started.hour, started.minute, vi_date(started), finished.hour, finished.minute,
                          vi_date(finished), r.tool_version),
              body, Qt::AlignLeft, 3, 0.5);
  std::uint64_t unwritable = 0;
  for (const auto& p : r.passes) {
    for (const auto& e : p.errors) unwritable += e.range.length;
  }
  if (unwritable > 0) {
    f.paragraph(fmt::format("- Có {} byte không ghi được (chi tiết trong hồ sơ điện tử kèm theo).", unwritable), body,
                Qt::AlignLeft, 3, 0.5);
  }
  if (!r.interruptions.empty()) {
    f.paragraph(fmt::format("- Quá trình xóa bị gián đoạn {} lần và đã được tiếp tục đến hết.", r.interruptions.size()),
                body, Qt::AlignLeft, 3, 0.5);
  }

  f.paragraph("III. KIỂM TRA LẠI", f.font(13, true), Qt::AlignLeft, 0, 1);
  f.paragraph("- " + (r.verification ? vi(words::verification_text(*r.verification, words::Lang::vi)) + "." : std::string("Không kiểm tra lại.")), body,
              Qt::AlignLeft, 3, 0.5);

  f.paragraph("IV. KẾT QUẢ: " + verdict.vi, f.font(13, true), Qt::AlignLeft, 0, 1);
  if (verdict.destroy) f.paragraph("- Kiến nghị: " + verdict.destroy_reason_vi, f.font(13, true), Qt::AlignLeft, 3, 0.5);
  f.paragraph("- Nơi chuyển thiết bị đến sau khi xóa: " + o.destination + ".", body, Qt::AlignLeft, 3, 0.5);
  if (!o.notes.empty()) f.paragraph("- Ghi chú: " + o.notes, body, Qt::AlignLeft, 3, 0.5);
  f.paragraph(disclaimer_vi(), f.font(11, false, true), Qt::AlignLeft, 0, 1);
  f.paragraph(fmt::format("Biên bản kết thúc vào hồi {:02} giờ {:02} {}; bản điện tử có chữ ký số của cơ quan được lưu "
                          "kèm theo (mã QR).",
                          finished.hour, finished.minute, vi_date(finished)),
              body, Qt::AlignLeft, 0, 3);

  // Signature blocks: performer, custodian, head of unit, each "(Ký, ghi rõ họ tên)".
  const double block_h = f.mm(34);
  f.ensure(block_h);
  const double bw = f.width() / 3;
  const Role roles[] = {Role::performer, Role::custodian, Role::head};
  const char* headings[] = {"NGƯỜI THỰC HIỆN", "NGƯỜI QUẢN LÝ THIẾT BỊ", "THỦ TRƯỞNG ĐƠN VỊ"};
  for (int i = 0; i < 3; ++i) {
    const double x = f.left() + i * bw;
    double y = f.y();
    y += f.box(headings[i], f.font(12, true), x, y, bw);
    f.box("(Ký, ghi rõ họ tên)", f.font(12, false, true), x, y, bw);
    for (const Participant& p : o.participants) {
      if (p.role == roles[i]) {
        f.box(p.name, f.font(13, true), x, f.y() + f.mm(26), bw);
        break;
      }
    }
  }
  f.skip(block_h / f.mm(1));

  // Nơi nhận on the left, the QR code on the right.
  const double qr_size = f.mm(27);
  f.ensure(qr_size + f.mm(6));
  const double top = f.y();
  double y = top;
  y += f.box("Nơi nhận:", f.font(12, true, true), f.left(), y, f.width() * 0.5, Qt::AlignLeft);
  for (const std::string& rcpt : o.recipients) y += f.box("- " + rcpt + ";", f.font(11), f.left(), y, f.width() * 0.5, Qt::AlignLeft);
  draw_qr(painter, qr_payload(cert, json_sha256), QRectF(f.right() - qr_size, top, qr_size, qr_size));
  f.box("Mã biên bản / Certificate id: " + cert.id, f.font(8), f.right() - f.mm(60), top + qr_size, f.mm(60),
        Qt::AlignRight);

  // Annex: English glosses.
  f.new_page();
  f.paragraph("PHỤ LỤC: DIỄN GIẢI TIẾNG ANH / ANNEX: ENGLISH GLOSSES", f.font(13, true), Qt::AlignHCenter, 0, 4);
  const QFont small = f.font(11);
  std::vector<std::vector<std::string>> rows = {
      {"Tiếng Việt", "English"},
      {"BIÊN BẢN Xóa dữ liệu, loại bỏ bí mật nhà nước trên thiết bị lưu trữ",
       "RECORD of data erasure and removal of state secrets from a storage device"},
      {"Số: " + cert.number, "Record number " + cert.number + ", certificate id " + cert.id},
      {o.issuing_body, "Issuing body"},
      {"Lý do: " + vi(words::office_reason(reason_code(o.reason), words::Lang::vi)), "Reason: " + vi(words::office_reason(reason_code(o.reason), words::Lang::en))},
      {"Độ mật cao nhất: " + vi(words::secrecy_level(secrecy_code(o.secrecy_level), words::Lang::vi)), "Highest secrecy level held (declared): " + vi(words::secrecy_level(secrecy_code(o.secrecy_level), words::Lang::en))},
      {"Phương pháp: " + method_vi(r), "Method: " + vi(words::method_label(r.method.name, words::Lang::en)) + " (" + r.method.name + ", " + category_name(r.method.category) + ")"},
      {"Kiểm tra lại", r.verification ? vi(words::verification_text(*r.verification, words::Lang::en)) : "Not verified"},
      {"Kết quả: " + verdict.vi, "Outcome: " + verdict.en},
  };
  if (verdict.destroy) rows.push_back({"Kiến nghị: " + verdict.destroy_reason_vi, "Recommendation: " + verdict.destroy_reason_en});
  for (const Participant& p : o.participants) rows.push_back({p.name + " — " + role_vi(p.role), role_en(p.role)});
  rows.push_back({"(Ký, ghi rõ họ tên)", "(Signature and full name)"});
  rows.push_back({"Nơi nhận", "Distribution"});
  rows.push_back({disclaimer_vi(), disclaimer_en()});
  f.table({0.5, 0.5}, rows, 10.5);
  f.paragraph(fmt::format("Signed JSON SHA-256: {}", json_sha256), small, Qt::AlignLeft, 0, 0.5);
  f.paragraph(fmt::format("Signer: {} (SHA-256 fingerprint {})", cert.signer.subject, cert.signer.fingerprint_sha256),
              small, Qt::AlignLeft, 0, 0.5);
  f.paragraph(fmt::format("Check with OpenSSL alone: openssl cms -verify -binary -inform DER -in {0}.p7s -content "
                          "{0}.json -CAfile office-ca.pem -out /dev/null (the files are attached to this PDF).",
                          cert.id),
              small);
  return {};
}

Result<std::string> render_certificate_pdf(const Certificate& cert, const std::string& canonical_json,
                                           const std::string& p7s) {
  const std::string sha = sha256_hex(canonical_json);
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(300);
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setTitle(QStringLiteral("Biên bản xóa dữ liệu %1").arg(q(cert.number)));
    writer.setCreator(QStringLiteral("wipeseal %1").arg(q(cert.record.tool_version)));
    QPainter painter(&writer);
    if (auto s = draw_certificate(painter, writer, cert, sha); !s) return std::unexpected(s.error());
  }
  const QByteArray drawn = buffer.data();
  try {
    QPDF pdf;
    pdf.processMemoryFile("certificate.pdf", drawn.constData(), static_cast<size_t>(drawn.size()));
    QPDFEmbeddedFileDocumentHelper files(pdf);
    auto attach = [&](const std::string& name, const std::string& data, const char* mime, const char* what) {
      auto stream = QPDFEFStreamObjectHelper::createEFStream(pdf, data);
      stream.setSubtype(mime);
      auto spec = QPDFFileSpecObjectHelper::createFileSpec(pdf, name, stream);
      spec.setDescription(what);
      files.replaceEmbeddedFile(name, spec);
    };
    attach(cert.id + ".json", canonical_json, "application/json", "Signed certificate (RFC 8785 canonical JSON)");
    attach(cert.id + ".p7s", p7s, "application/pkcs7-signature", "Detached CMS signature of the JSON");
    QPDFObjectHandle trailer = pdf.getTrailer();
    QPDFObjectHandle info = trailer.getKey("/Info");
    if (!info.isDictionary()) {
      info = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
      trailer.replaceKey("/Info", info);
    }
    info.replaceKey("/WipesealCertificate", QPDFObjectHandle::newString(cert.id));
    info.replaceKey("/WipesealSHA256", QPDFObjectHandle::newString(sha));
    QPDFWriter writer(pdf);
    writer.setOutputMemory();
    writer.setStaticID(false);
    writer.write();
    auto out = writer.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char*>(out->getBuffer()), out->getSize());
  } catch (const std::exception& e) {
    return std::unexpected(make_error(ErrorCode::internal, fmt::format("cannot attach the files to the PDF: {}", e.what())));
  }
}

Result<PdfContents> read_certificate_pdf(const std::string& path) {
  try {
    QPDF pdf;
    pdf.processFile(path.c_str());
    PdfContents out;
    QPDFObjectHandle info = pdf.getTrailer().getKey("/Info");
    if (info.isDictionary()) {
      if (info.hasKey("/WipesealCertificate")) out.id = info.getKey("/WipesealCertificate").getUTF8Value();
      if (info.hasKey("/WipesealSHA256")) out.declared_sha256 = info.getKey("/WipesealSHA256").getUTF8Value();
    }
    QPDFEmbeddedFileDocumentHelper files(pdf);
    for (auto& [name, spec] : files.getEmbeddedFiles()) {
      auto data = spec->getEmbeddedFileStream().getStreamData();
      std::string bytes(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
      if (name == out.id + ".json") out.json = std::move(bytes);
      if (name == out.id + ".p7s") out.p7s = std::move(bytes);
    }
    if (out.id.empty() || out.json.empty() || out.p7s.empty()) {
      return std::unexpected(make_error(ErrorCode::corrupt,
                                        "this PDF does not carry a wipeseal certificate (its JSON and signature are "
                                        "not attached)",
                                        path));
    }
    return out;
  } catch (const std::exception& e) {
    return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("the PDF cannot be read: {}", e.what()), path));
  }
}

}  // namespace wipeseal::certificates
