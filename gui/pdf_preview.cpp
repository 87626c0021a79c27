#include "gui/pdf_preview.h"

#include <QLabel>
#include <QResizeEvent>

namespace wipeseal::gui {

PdfPreview::PdfPreview(QWidget* parent) : QScrollArea(parent), document_(new QPdfDocument(this)) {
  setWidgetResizable(false);
  setAlignment(Qt::AlignHCenter);
  setFocusPolicy(Qt::StrongFocus);  // arrow keys and Page Up/Down scroll it
  body_ = new QWidget(this);
  layout_ = new QVBoxLayout(body_);
  layout_->setSizeConstraint(QLayout::SetMinAndMaxSize);  // the pages keep their size; the area scrolls
  layout_->addStretch();
  setWidget(body_);
  setStyleSheet(QStringLiteral("QScrollArea { background: #777777; } QScrollArea > QWidget > QWidget { background: #777777; }"));
}

bool PdfPreview::show_file(const QString& path) {
  clear();
  if (document_->load(path) != QPdfDocument::Error::None) return false;
  draw();
  return true;
}

void PdfPreview::clear() {
  document_->close();
  while (layout_->count() > 1) {
    QLayoutItem* item = layout_->takeAt(0);
    delete item->widget();
    delete item;
  }
  pages_ = 0;
}

void PdfPreview::draw() {
  while (layout_->count() > 1) {
    QLayoutItem* item = layout_->takeAt(0);
    delete item->widget();
    delete item;
  }
  pages_ = 0;
  const int width = std::max(200, viewport()->width() - 24);
  drawn_width_ = width;
  for (int i = 0; i < document_->pageCount(); ++i) {
    const QSizeF points = document_->pagePointSize(i);
    const QSize size(width, static_cast<int>(points.height() * width / std::max(1.0, points.width())));
    auto* page = new QLabel(body_);
    page->setPixmap(QPixmap::fromImage(document_->render(i, size)));
    page->setFixedSize(size);
    page->setAlignment(Qt::AlignHCenter);
    layout_->insertWidget(layout_->count() - 1, page);
    page->show();
    ++pages_;
  }
  layout_->activate();
}

void PdfPreview::resizeEvent(QResizeEvent* event) {
  QScrollArea::resizeEvent(event);
  if (document_->pageCount() > 0 && std::abs(viewport()->width() - 24 - drawn_width_) > 40) draw();
}

}  // namespace wipeseal::gui
