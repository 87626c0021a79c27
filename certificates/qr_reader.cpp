#include "certificates/qr_reader.h"

#include <zbar.h>

#include <QImage>
#include <QPainter>
#include <QPdfDocument>

#include <cstring>
#include <memory>

namespace wipeseal::certificates {
namespace {

// zbar.h puts its C interface in namespace zbar when compiled as C++.
using namespace zbar;

// 150 dpi: a 27 mm code of about 40 modules gets 4 pixels per module.
constexpr double kDpi = 150;

template <class T, void (*F)(T*)>
struct Free {
  void operator()(T* p) const { F(p); }
};

std::vector<std::string> scan(const QImage& page) {
  const QImage gray = page.convertToFormat(QImage::Format_Grayscale8);
  const auto w = static_cast<unsigned>(gray.width()), h = static_cast<unsigned>(gray.height());
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h);
  for (unsigned y = 0; y < h; ++y) {
    std::memcpy(pixels.data() + static_cast<std::size_t>(y) * w, gray.constScanLine(static_cast<int>(y)), w);
  }
  std::unique_ptr<zbar_image_scanner_t, Free<zbar_image_scanner_t, zbar_image_scanner_destroy>> scanner(
      zbar_image_scanner_create());
  zbar_image_scanner_set_config(scanner.get(), ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config(scanner.get(), ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  std::unique_ptr<zbar_image_t, Free<zbar_image_t, zbar_image_destroy>> image(zbar_image_create());
  zbar_image_set_format(image.get(), zbar_fourcc('Y', '8', '0', '0'));
  zbar_image_set_size(image.get(), w, h);
  zbar_image_set_data(image.get(), pixels.data(), pixels.size(), nullptr);
  std::vector<std::string> found;
  if (zbar_scan_image(scanner.get(), image.get()) > 0) {
    for (const zbar_symbol_t* s = zbar_image_first_symbol(image.get()); s != nullptr; s = zbar_symbol_next(s)) {
      found.emplace_back(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
    }
  }
  return found;
}

}  // namespace

Result<std::vector<std::string>> read_qr_codes(const std::string& pdf_path) {
  QPdfDocument document;
  if (document.load(QString::fromStdString(pdf_path)) != QPdfDocument::Error::None) {
    return std::unexpected(make_error(ErrorCode::corrupt, "the PDF cannot be opened to read its QR code", pdf_path));
  }
  std::vector<std::string> codes;
  for (int page = 0; page < document.pageCount(); ++page) {
    const QSizeF points = document.pagePointSize(page);
    const QSize pixels((points * kDpi / 72).toSize());
    QImage image = document.render(page, pixels);
    if (image.isNull()) continue;
    // Transparent where nothing is drawn: put the page on white paper first.
    QImage paper(image.size(), QImage::Format_RGB32);
    paper.fill(Qt::white);
    {
      QPainter p(&paper);
      p.drawImage(0, 0, image);
    }
    for (std::string& c : scan(paper)) codes.push_back(std::move(c));
  }
  return codes;
}

}  // namespace wipeseal::certificates
