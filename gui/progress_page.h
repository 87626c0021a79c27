// Step 5: each disk's phase (erasing, the drive's own purge, reading back, signing), percent,
// speed and time left, updated from the engine's events without ever blocking the window. A disk,
// or all of them, can be stopped (after a second question); a stopped disk is left with an honest
// record that the wizard (on its next start) or `wipeseal resume` continues.
#pragma once

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

#include <map>

#include "gui/page.h"
#include "gui/session_bridge.h"

namespace wipeseal::gui {

class ProgressPage : public Page {
  Q_OBJECT
 public:
  ProgressPage(WizardState& state, QWidget* parent);
  QString title() const override { return tr("Erasing"); }
  bool can_go_next() const override { return finished_; }
  bool can_go_back() const override { return false; }
  QString next_label() const override { return tr("See the &results"); }
  void enter() override;
  void retranslate() override;
  bool finished() const { return finished_; }
  SessionBridge& bridge() { return bridge_; }
  QPushButton* stop_all_button() const { return stop_all_; }

 signals:
  void session_finished();

 private:
  struct Row {
    QLabel* title;
    QLabel* phase;
    QProgressBar* bar;
    QLabel* numbers;
    QPushButton* stop;
    QString phase_text;
  };
  void on_event(const ProgressEvent& e);
  void poll();
  void stop_one(const std::string& path);
  void stop_all();

  SessionBridge bridge_;
  QTimer poll_;
  QLabel* hint_;
  QWidget* rows_widget_;
  QPushButton* stop_all_;
  std::map<std::string, Row> rows_;
  bool finished_ = false;
};

}  // namespace wipeseal::gui
