// One step of the wizard. Pages read and write the shared WizardState; the wizard moves between
// them and asks each whether the operator may go on.
#pragma once

#include <QEvent>
#include <QWidget>

#include "gui/wizard_state.h"

namespace wipeseal::gui {

class Page : public QWidget {
  Q_OBJECT
 public:
  Page(WizardState& state, QWidget* parent) : QWidget(parent), state_(state) {}
  virtual QString title() const = 0;
  virtual bool can_go_next() const { return true; }
  virtual bool can_go_back() const { return true; }
  // The Next button's text on this page (with its mnemonic).
  virtual QString next_label() const { return tr("&Next"); }
  // Called each time the page is shown, and when another page takes its place.
  virtual void enter() {}
  virtual void leave() {}
  // Called when the operator presses Next: false keeps them on the page (it says why).
  virtual bool accept() { return true; }
  virtual void retranslate() = 0;

 signals:
  void changed();  // can_go_next() may have changed

 protected:
  void changeEvent(QEvent* event) override {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
  }
  WizardState& state_;
};

}  // namespace wipeseal::gui
