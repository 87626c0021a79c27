// The biên bản on screen exactly as the PDF renders it: each page drawn by Qt PDF into an image
// that fits the width, one under the other, scrollable with the keyboard.
#pragma once

#include <QPdfDocument>
#include <QScrollArea>
#include <QVBoxLayout>

namespace wipeseal::gui {

class PdfPreview : public QScrollArea {
  Q_OBJECT
 public:
  explicit PdfPreview(QWidget* parent = nullptr);
  // Loads and draws the PDF; false (with nothing shown) if it cannot be read.
  bool show_file(const QString& path);
  void clear();
  QPdfDocument* document() const { return document_; }
  int pages_shown() const { return pages_; }

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void draw();
  QPdfDocument* document_;
  QWidget* body_;
  QVBoxLayout* layout_;
  int pages_ = 0;
  int drawn_width_ = 0;
};

}  // namespace wipeseal::gui
