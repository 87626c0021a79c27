// Step 1: what the tool does, the language, the office details and key found on the stick, the
// date and time (large, with a way to correct it), and jobs left unfinished last time.
#pragma once

#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QTimer>

#include "gui/page.h"

namespace wipeseal::gui {

class WelcomePage : public Page {
  Q_OBJECT
 public:
  WelcomePage(WizardState& state, QWidget* parent);
  QString title() const override { return tr("Erase the disks of this computer"); }
  void enter() override;
  void retranslate() override;

 signals:
  void resume_requested();

 private:
  void show_time();
  void correct_time();
  void refresh_setup();

  QLabel* intro_;
  QLabel* language_label_;
  QRadioButton* vietnamese_;
  QRadioButton* english_;
  QLabel* setup_;
  QLabel* clock_title_;
  QLabel* clock_;
  QLabel* clock_note_;
  QPushButton* correct_;
  QLabel* unfinished_;
  QPushButton* resume_;
  QTimer ticker_;
  std::size_t unfinished_jobs_ = 0;
};

}  // namespace wipeseal::gui
