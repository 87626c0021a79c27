// The wizard an office clerk follows alone: Welcome, Disks, Record details, Confirm, Progress,
// Result. It drives the application layer (app/) and nothing below it, so it behaves exactly like
// the command line. Keyboard-only use works end to end (tab order, mnemonics, Enter for Next,
// Escape for Back where going back is allowed).
#pragma once

#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QWidget>

#include <functional>
#include <thread>

#include "gui/confirm_page.h"
#include "gui/details_page.h"
#include "gui/disks_page.h"
#include "gui/progress_page.h"
#include "gui/result_page.h"
#include "gui/welcome_page.h"
#include "gui/wizard_state.h"

namespace wipeseal::gui {

class Wizard : public QWidget {
  Q_OBJECT
 public:
  enum Step { welcome, disks, details, confirm, progress, result };

  explicit Wizard(WizardOptions options, QWidget* parent = nullptr);
  ~Wizard() override;

  Step step() const { return static_cast<Step>(stack_->currentIndex()); }
  void go_to(Step step);
  void next();
  void back();

  WizardState& state() { return state_; }
  WelcomePage* welcome_page() const { return welcome_; }
  DisksPage* disks_page() const { return disks_; }
  DetailsPage* details_page() const { return details_; }
  ConfirmPage* confirm_page() const { return confirm_; }
  ProgressPage* progress_page() const { return progress_; }
  ResultPage* result_page() const { return result_; }
  QPushButton* next_button() const { return next_; }
  QPushButton* back_button() const { return back_; }

 protected:
  void changeEvent(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void start_session();
  void start_resume();
  // Prepares a session off the GUI thread (it examines disks and folders), then starts it.
  void prepare_then_run(std::function<Result<std::unique_ptr<app::Session>>()> prepare);
  void run(Result<std::unique_ptr<app::Session>> session);
  std::optional<std::string> secret_for(app::SecretKind kind);
  void update_buttons();
  void retranslate();

  WizardState state_;
  QLabel* title_;
  QLabel* step_label_;
  QStackedWidget* stack_;
  QPushButton* back_;
  QPushButton* next_;
  WelcomePage* welcome_;
  DisksPage* disks_;
  DetailsPage* details_;
  ConfirmPage* confirm_;
  ProgressPage* progress_;
  ResultPage* result_;
  std::thread preparing_;
  bool busy_ = false;  // a session is being prepared
};

}  // namespace wipeseal::gui
