// Step 4: exactly what will be destroyed — each disk, what is on it, the method — and the typed
// confirmation word (XOA or ERASE) without which Start stays disabled.
#pragma once

#include <QLabel>
#include <QLineEdit>

#include "gui/page.h"

namespace wipeseal::gui {

// The words that confirm: XOA (with or without its accent) or ERASE, any case, spaces around.
bool is_confirmation(const QString& typed);

class ConfirmPage : public Page {
  Q_OBJECT
 public:
  ConfirmPage(WizardState& state, QWidget* parent);
  QString title() const override { return tr("Check, then confirm"); }
  bool can_go_next() const override;
  QString next_label() const override { return tr("&Start erasing"); }
  void enter() override;
  void retranslate() override;
  QLineEdit* confirmation() const { return confirm_; }
  // Shown when the job could not start (a refused disk, a wrong passphrase...).
  void show_error(const QString& text);

 private:
  QLabel* summary_;
  QLabel* warning_;
  QLabel* prompt_;
  QLineEdit* confirm_;
  QLabel* error_;
};

}  // namespace wipeseal::gui
