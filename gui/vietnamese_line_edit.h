// A text field that types Vietnamese itself (Telex or VNI, gui/vietnamese_input.h), for machines
// without an input method.
#pragma once

#include <QLineEdit>

#include "gui/vietnamese_input.h"

namespace wipeseal::gui {

class VietnameseLineEdit : public QLineEdit {
  Q_OBJECT
 public:
  explicit VietnameseLineEdit(QWidget* parent = nullptr);
  void set_typing_mode(TypingMode mode) { mode_ = mode; }
  TypingMode typing_mode() const { return mode_; }

 protected:
  void keyPressEvent(QKeyEvent* event) override;

 private:
  TypingMode mode_ = TypingMode::telex;
};

}  // namespace wipeseal::gui
