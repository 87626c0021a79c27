#include "gui/vietnamese_line_edit.h"

#include <QKeyEvent>

namespace wipeseal::gui {

VietnameseLineEdit::VietnameseLineEdit(QWidget* parent) : QLineEdit(parent) {}

void VietnameseLineEdit::keyPressEvent(QKeyEvent* event) {
  const QString typed = event->text();
  const bool plain = (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) == 0;
  if (mode_ == TypingMode::off || !plain || typed.size() != 1 || hasSelectedText() || isReadOnly()) {
    QLineEdit::keyPressEvent(event);
    return;
  }
  const QString current = text();
  const int cursor = cursorPosition();
  const int start = word_start(current, cursor);
  const auto word = type_key(current.mid(start, cursor - start), typed[0], mode_);
  if (!word) {
    QLineEdit::keyPressEvent(event);
    return;
  }
  if (maxLength() > 0 && current.size() - (cursor - start) + word->size() > maxLength()) return;
  QString updated = current;
  updated.replace(start, cursor - start, *word);
  setText(updated);
  setCursorPosition(start + static_cast<int>(word->size()));
  event->accept();
}

}  // namespace wipeseal::gui
