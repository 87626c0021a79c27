// Step 2: every disk as a card; those that must not be touched greyed with the reason. Nothing is
// pre-selected. Disks plugged in or removed while the page is open appear and disappear.
#pragma once

#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <vector>

#include "gui/disk_card.h"
#include "gui/disk_watcher.h"
#include "gui/page.h"

namespace wipeseal::gui {

class DisksPage : public Page {
  Q_OBJECT
 public:
  DisksPage(WizardState& state, QWidget* parent);
  QString title() const override { return tr("Choose the disks to erase"); }
  bool can_go_next() const override;
  void enter() override;
  // Off this page the disks are not watched: nothing probes them while they are being erased.
  void leave() override;
  void retranslate() override;
  const std::vector<DiskCard*>& cards() const { return cards_; }
  DiskWatcher& watcher() { return watcher_; }
  QPushButton* unfreeze_button() const { return unfreeze_; }

 private:
  void show_disks(const std::vector<app::DiskView>& disks);
  void select_all();
  void unfreeze();
  void remember_selection();

  DiskWatcher watcher_;
  QLabel* hint_;
  QLabel* status_;
  QPushButton* select_all_;
  QPushButton* unfreeze_;
  QLabel* frozen_;
  QWidget* list_;
  QVBoxLayout* list_layout_;
  QScrollArea* scroll_;
  std::vector<DiskCard*> cards_;
  QString status_text_;
};

}  // namespace wipeseal::gui
