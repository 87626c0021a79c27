// Text on A4 pages for the printed documents (the biên bản, the sổ đăng ký), drawn with QPainter
// top-down with the margins of Decree 30/2020 (Phụ lục I: top and bottom 20-25 mm, left 30-35
// mm, right 15-20 mm) and its page numbers (from the second page, centred at the top).
// Lines are broken here, not by Qt: at spaces; a word too wide for its column at its own
// separators (- / _ . : , ;), and only a word with none of those (a long serial) inside itself.
// Nothing is ever cut: paragraphs and table rows continue on the next page.
#pragma once

#include <QFont>
#include <QString>

#include <vector>

#include "wipe/error.h"

class QPainter;
class QPagedPaintDevice;

namespace wipeseal::certificates {

// Liberation Serif (metric-compatible with Times New Roman, which Decree 30/2020 prescribes; full
// Vietnamese), registered with Qt from fonts-liberation2. Needs a QGuiApplication.
Result<QString> serif_family();

// Text from a device or a file made printable in the document's font: a character the font
// lacks (or a control character) is shown as <U+XXXX>, never dropped.
QString printable(const std::string& untrusted);
// Hex in groups of `group` characters separated by spaces, so that it breaks between groups.
QString grouped_hex(const std::string& hex, int group = 16);

class PageFlow {
 public:
  PageFlow(QPainter& painter, QPagedPaintDevice& device, QString family);

  double mm(double v) const { return v * dpi_ / 25.4; }
  double y() const { return y_; }
  double left() const { return left_; }
  double right() const { return right_; }
  double width() const { return right_ - left_; }
  double body_height() const { return bottom_ - top_; }
  void skip(double millimetres) { y_ += mm(millimetres); }
  void move_to(double y) { y_ = y; }

  // Liberation Serif at `points`; no fallback to another font (every character is checked first).
  QFont font(double points, bool bold = false, bool italic = false) const;
  double line_height(const QFont& f) const;
  // The lines `text` breaks into at `width` ('\n' starts a new line).
  std::vector<QString> lines(const QString& text, const QFont& f, double width) const;
  double height(const QString& text, const QFont& f, double width) const;

  // Draws `text` in a box at (x, y), `w` wide, without moving the flow; returns its height.
  double box(const QString& text, const QFont& f, double x, double y, double w, Qt::Alignment align = Qt::AlignHCenter);
  // A paragraph across the text width (from `indent_mm`); its lines continue on the next page.
  void paragraph(const QString& text, const QFont& f, Qt::Alignment align = Qt::AlignLeft, double indent_mm = 0,
                 double after_mm = 1.5);
  // A table: column widths as fractions of the text width, the first row is the header (bold,
  // repeated on each new page). A row moves to the next page whole if it fits on one; a row
  // taller than a page continues on the next. Body cells are aligned as `align` says.
  void table(const std::vector<double>& widths, const std::vector<std::vector<QString>>& rows, double points,
             Qt::Alignment align = Qt::AlignHCenter);

  // Moves to a new page unless `h` fits below.
  void ensure(double h);
  void new_page();
  int page() const { return page_; }

 private:
  void draw_lines(const std::vector<QString>& lines, const QFont& f, double x, double y, double w, Qt::Alignment align);
  double row_height(const std::vector<std::vector<QString>>& cells, double lh) const;
  void draw_row(const std::vector<double>& widths, const std::vector<std::vector<QString>>& cells, const QFont& f,
                double height, Qt::Alignment align = Qt::AlignHCenter);

  QPainter& p_;
  QPagedPaintDevice& dev_;
  QString family_;
  double dpi_;
  double left_ = 0, right_ = 0, top_ = 0, bottom_ = 0, y_ = 0;
  int page_ = 1;
  const std::vector<QString>* header_ = nullptr;  // the table header to repeat on a new page
  const std::vector<double>* header_widths_ = nullptr;
  double header_points_ = 0;
};

}  // namespace wipeseal::certificates
