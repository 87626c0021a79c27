#include "certificates/layout.h"

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QTextBoundaryFinder>

#include <algorithm>
#include <cmath>

#include "certificates/details.h"

namespace wipeseal::certificates {

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

QString printable(const std::string& untrusted) {
  QString out;
  for (const char32_t c : QString::fromUtf8(untrusted.data(), static_cast<qsizetype>(untrusted.size())).toUcs4()) {
    if (printable_code_point(c)) {
      out += QString::fromUcs4(&c, 1);
    } else {
      out += QStringLiteral("<U+%1>").arg(QString::number(static_cast<unsigned>(c), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    }
  }
  return out;
}

QString grouped_hex(const std::string& hex, int group) {
  QString out;
  for (std::size_t i = 0; i < hex.size(); i += static_cast<std::size_t>(group)) {
    if (!out.isEmpty()) out += QLatin1Char(' ');
    out += QString::fromStdString(hex.substr(i, static_cast<std::size_t>(group)));
  }
  return out;
}

namespace {

bool separator(QChar c) {
  return c == QLatin1Char('-') || c == QLatin1Char('/') || c == QLatin1Char('_') || c == QLatin1Char('.') ||
         c == QLatin1Char(':') || c == QLatin1Char(',') || c == QLatin1Char(';');
}

// A word wider than `width`, cut into pieces that fit: after the last separator that fits, else
// at the last character (grapheme) boundary that fits.
std::vector<QString> split_word(QString rest, const QFontMetricsF& fm, double width) {
  std::vector<QString> pieces;
  while (fm.horizontalAdvance(rest) > width && rest.size() > 1) {
    qsizetype low = 1, high = rest.size() - 1;  // the longest prefix that fits, by bisection
    while (low < high) {
      const qsizetype mid = (low + high + 1) / 2;
      if (fm.horizontalAdvance(rest.left(mid)) <= width) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    qsizetype cut = 0;
    for (qsizetype i = low - 1; i > 0; --i) {
      if (separator(rest[i])) {
        cut = i + 1;
        break;
      }
    }
    if (cut == 0) {
      QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, rest);
      graphemes.setPosition(low);
      cut = graphemes.isAtBoundary() ? low : graphemes.toPreviousBoundary();
      if (cut <= 0) {
        graphemes.setPosition(0);
        cut = graphemes.toNextBoundary();  // one character wider than the column: alone on its line
      }
    }
    pieces.push_back(rest.left(cut));
    rest = rest.mid(cut);
  }
  pieces.push_back(rest);
  return pieces;
}

}  // namespace

PageFlow::PageFlow(QPainter& p, QPagedPaintDevice& dev, QString family)
    : p_(p), dev_(dev), family_(std::move(family)), dpi_(dev.logicalDpiX()) {
  left_ = mm(30);
  right_ = dev.width() - mm(15);
  top_ = mm(20);
  bottom_ = dev.height() - mm(20);
  y_ = top_;
}

QFont PageFlow::font(double points, bool bold, bool italic) const {
  QFont f(family_);
  f.setPointSizeF(points);
  f.setBold(bold);
  f.setItalic(italic);
  // Every character was checked against this font (details.h): no other font is pulled in.
  f.setStyleStrategy(QFont::NoFontMerging);
  f.setHintingPreference(QFont::PreferNoHinting);
  return f;
}

double PageFlow::line_height(const QFont& f) const { return QFontMetricsF(f, &dev_).lineSpacing(); }

std::vector<QString> PageFlow::lines(const QString& text, const QFont& f, double width) const {
  const QFontMetricsF fm(f, &dev_);
  const auto fits = [&](const QString& s) { return fm.horizontalAdvance(s) <= width; };
  std::vector<QString> out;
  for (const QString& para : text.split(QLatin1Char('\n'))) {
    QString line;
    for (const QString& word : para.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
      const QString candidate = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (!line.isEmpty()) out.push_back(line);
      line.clear();
      std::vector<QString> pieces = split_word(word, fm, width);
      for (std::size_t i = 0; i + 1 < pieces.size(); ++i) out.push_back(pieces[i]);
      line = pieces.back();
    }
    out.push_back(line);
  }
  return out;
}

double PageFlow::height(const QString& text, const QFont& f, double width) const {
  return static_cast<double>(lines(text, f, width).size()) * line_height(f);
}

void PageFlow::draw_lines(const std::vector<QString>& lines, const QFont& f, double x, double y, double w,
                          Qt::Alignment align) {
  const QFontMetricsF fm(f, &dev_);
  p_.setFont(f);
  for (const QString& line : lines) {
    const double advance = fm.horizontalAdvance(line);
    const double dx = (align & Qt::AlignHCenter) ? (w - advance) / 2 : (align & Qt::AlignRight) ? w - advance : 0;
    p_.drawText(QPointF(x + dx, y + fm.ascent()), line);
    y += fm.lineSpacing();
  }
}

double PageFlow::box(const QString& text, const QFont& f, double x, double y, double w, Qt::Alignment align) {
  const std::vector<QString> l = lines(text, f, w);
  draw_lines(l, f, x, y, w, align);
  return static_cast<double>(l.size()) * line_height(f);
}

void PageFlow::paragraph(const QString& text, const QFont& f, Qt::Alignment align, double indent_mm, double after_mm) {
  const double x = left_ + mm(indent_mm), w = right_ - x, lh = line_height(f);
  for (const QString& line : lines(text, f, w)) {
    if (y_ + lh > bottom_) new_page();
    draw_lines({line}, f, x, y_, w, align);
    y_ += lh;
  }
  y_ += mm(after_mm);
}

void PageFlow::ensure(double h) {
  if (y_ + h > bottom_) new_page();
}

void PageFlow::new_page() {
  dev_.newPage();
  ++page_;
  // Decree 30/2020, Phụ lục I: pages are numbered from the second, centred at the top.
  draw_lines({QString::number(page_)}, font(13), left_, mm(8), width(), Qt::AlignHCenter);
  y_ = top_;
  if (header_ != nullptr) {
    const QFont f = font(header_points_, true);
    std::vector<std::vector<QString>> cells;
    for (std::size_t c = 0; c < header_->size(); ++c) cells.push_back(lines((*header_)[c], f, (*header_widths_)[c] * width() - mm(2)));
    const double lh = line_height(f), h = row_height(cells, lh);
    draw_row(*header_widths_, cells, f, h);
    y_ += h;
  }
}

double PageFlow::row_height(const std::vector<std::vector<QString>>& cells, double lh) const {
  std::size_t most = 1;
  for (const auto& c : cells) most = std::max(most, c.size());
  return static_cast<double>(most) * lh + mm(2);
}

void PageFlow::draw_row(const std::vector<double>& widths, const std::vector<std::vector<QString>>& cells, const QFont& f,
                        double height, Qt::Alignment align) {
  double x = left_;
  p_.setPen(QPen(Qt::black, mm(0.2)));
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const double w = widths[c] * width();
    p_.drawRect(QRectF(x, y_, w, height));
    draw_lines(cells[c], f, x + mm(1), y_ + mm(1), w - mm(2), align);
    x += w;
  }
}

void PageFlow::table(const std::vector<double>& widths, const std::vector<std::vector<QString>>& rows, double points,
                     Qt::Alignment align) {
  if (rows.empty()) return;
  header_points_ = points;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const QFont f = font(points, r == 0);
    const Qt::Alignment cell_align = r == 0 ? Qt::AlignHCenter : align;
    const double lh = line_height(f);
    std::vector<std::vector<QString>> cells;
    for (std::size_t c = 0; c < rows[r].size(); ++c) cells.push_back(lines(rows[r][c], f, widths[c] * width() - mm(2)));
    double fresh = top_;  // where a row starts on a new page (below the repeated header)
    if (r > 0) {
      std::vector<std::vector<QString>> head;
      for (std::size_t c = 0; c < rows[0].size(); ++c) head.push_back(lines(rows[0][c], font(points, true), widths[c] * width() - mm(2)));
      fresh += row_height(head, line_height(font(points, true)));
    }
    for (;;) {
      const double h = row_height(cells, lh);
      if (y_ + h <= bottom_) {
        draw_row(widths, cells, f, h, cell_align);
        y_ += h;
        break;
      }
      const bool at_page_top = y_ <= fresh + 0.5;
      if (!at_page_top && fresh + h <= bottom_) {
        new_page();
        continue;
      }
      // Taller than what is left of an empty page: as many lines as fit here, the rest below.
      const auto fit = static_cast<std::size_t>(std::floor((bottom_ - y_ - mm(2)) / lh));
      if (fit < 1) {
        new_page();
        continue;
      }
      std::vector<std::vector<QString>> here, rest;
      for (const auto& c : cells) {
        const std::size_t n = std::min(fit, c.size());
        here.emplace_back(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(n));
        rest.emplace_back(c.begin() + static_cast<std::ptrdiff_t>(n), c.end());
      }
      const double part = static_cast<double>(fit) * lh + mm(2);
      draw_row(widths, here, f, part, cell_align);
      y_ += part;
      cells = std::move(rest);
      new_page();
    }
    if (r == 0) {
      header_ = &rows[0];
      header_widths_ = &widths;
    }
  }
  header_ = nullptr;
  header_widths_ = nullptr;
  y_ += mm(2);
}

}  // namespace wipeseal::certificates
