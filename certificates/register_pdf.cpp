#include "certificates/register_pdf.h"

#include <QBuffer>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "certificates/certificate.h"
#include "certificates/layout.h"
#include "certificates/openssl_util.h"

namespace wipeseal::certificates {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// "21/11/2026 15:05" in Vietnam time (UTC+7).
std::string vietnam_date_time(const std::string& rfc3339) {
  const auto t = ossl::parse_rfc3339(rfc3339);
  std::time_t local = (t ? *t : 0) + 7 * 3600;
  struct tm tm {};
  gmtime_r(&local, &tm);
  return fmt::format("{:02}/{:02}/{:04} {:02}:{:02}", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

void draw(QPainter& painter, QPdfWriter& writer, const QString& family, const std::vector<RegisterEntry>& entries,
          const std::vector<StoredHead>& heads, const std::string& register_path, const std::string& printed_at) {
  PageFlow f(painter, writer, family);
  std::map<std::string, std::vector<const RegisterEntry*>> by_signer;
  for (const RegisterEntry& e : entries) by_signer[e.signer].push_back(&e);
  std::string office;
  for (const RegisterEntry& e : entries) {
    auto cert = certificate_from_json(nlohmann::json::parse(e.json, nullptr, false));
    if (cert) office = cert->office.issuing_body;
  }
  if (!office.empty()) f.paragraph(q(office).toUpper(), f.font(12, true), Qt::AlignLeft, 0, 3);
  f.paragraph(QStringLiteral("SỔ ĐĂNG KÝ BIÊN BẢN XÓA DỮ LIỆU, LOẠI BỎ BÍ MẬT NHÀ NƯỚC TRÊN THIẾT BỊ LƯU TRỮ"),
              f.font(14, true), Qt::AlignHCenter, 0, 1);
  f.paragraph(q(fmt::format("In ngày {} từ sổ điện tử {} ({} biên bản)", vietnam_date_time(printed_at),
                            printable(register_path).toStdString(), entries.size())),
              f.font(11, false, true), Qt::AlignHCenter, 0, 4);
  for (const auto& [signer, chain] : by_signer) {
    std::string subject;
    if (auto cert = certificate_from_json(nlohmann::json::parse(chain.front()->json, nullptr, false))) subject = cert->signer.subject;
    f.ensure(f.mm(30));
    f.paragraph(QStringLiteral("Khóa ký: ") + printable(subject), f.font(12, true), Qt::AlignLeft, 0, 0.5);
    f.paragraph(QStringLiteral("Dấu vân tay SHA-256 của chứng thư ký: ") + grouped_hex(signer), f.font(11), Qt::AlignLeft, 0, 0.5);
    for (const StoredHead& h : heads) {
      if (h.problem.empty() && h.head.signer == signer) {
        f.paragraph(q(fmt::format("Đầu sổ đã ký: {} biên bản, biên bản cuối {}", h.head.count, h.head.last_id)), f.font(11),
                    Qt::AlignLeft, 0, 0.5);
      }
    }
    std::vector<std::vector<QString>> rows = {{QStringLiteral("Số"), QStringLiteral("Ngày lập"), QStringLiteral("Thiết bị"),
                                               QStringLiteral("Kết quả"), QStringLiteral("Mã biên bản"),
                                               QStringLiteral("SHA-256 của biên bản điện tử"),
                                               QStringLiteral("SHA-256 của biên bản trước")}};
    for (const RegisterEntry* e : chain) {
      auto cert = certificate_from_json(nlohmann::json::parse(e->json, nullptr, false));
      const auto problems = row_problems(*e);
      QString verdict = cert ? q(judge_all(cert->records, cert->office.secrecy_level).vi) : QStringLiteral("—");
      if (!problems.empty()) verdict += QStringLiteral(" — CẢNH BÁO: dòng này không khớp với biên bản đã ký");
      rows.push_back({cert ? q(cert->number) : QString::number(e->sequence),
                      q(vietnam_date_time(cert ? cert->issued_at : e->issued_at)),
                      printable(cert ? devices_summary(*cert) : e->device), verdict, printable(e->id),
                      grouped_hex(e->sha256), e->previous_sha256.empty() ? QStringLiteral("—") : grouped_hex(e->previous_sha256)});
    }
    f.table({0.09, 0.1, 0.19, 0.1, 0.16, 0.18, 0.18}, rows, 9.5);
  }
  f.ensure(f.mm(45));
  f.paragraph(QStringLiteral("Sổ này được in để lưu hồ sơ: đối chiếu với sổ điện tử bằng lệnh wipeseal register verify."),
              f.font(11, false, true), Qt::AlignLeft, 0, 6);
  const double half = f.width() / 2, top = f.y();
  f.box(QStringLiteral("NGƯỜI IN SỔ"), f.font(12, true), f.left(), top, half);
  f.box(QStringLiteral("THỦ TRƯỞNG ĐƠN VỊ"), f.font(12, true), f.left() + half, top, half);
  const double y = top + f.line_height(f.font(12, true));
  f.box(QStringLiteral("(Ký, ghi rõ họ tên)"), f.font(12, false, true), f.left(), y, half);
  f.box(QStringLiteral("(Ký, ghi rõ họ tên, đóng dấu)"), f.font(12, false, true), f.left() + half, y, half);
}

}  // namespace

Result<std::string> render_register_pdf(const std::vector<RegisterEntry>& entries, const std::vector<StoredHead>& heads,
                                        const std::string& register_path, const std::string& printed_at) {
  auto family = serif_family();
  if (!family) return std::unexpected(family.error());
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter writer(&buffer);
    writer.setPdfVersion(QPagedPaintDevice::PdfVersion_A1b);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(0, 0, 0, 0)));
    writer.setResolution(300);
    writer.setTitle(QStringLiteral("Sổ đăng ký biên bản xóa dữ liệu"));
    writer.setCreator(QStringLiteral("wipeseal"));
    QPainter painter(&writer);
    draw(painter, writer, *family, entries, heads, register_path, printed_at);
  }
  return std::string(buffer.data().constData(), static_cast<std::size_t>(buffer.size()));
}

}  // namespace wipeseal::certificates
