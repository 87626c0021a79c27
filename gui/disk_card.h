// One disk on the Disks page: its plain name, serial, size and kind, what is on it, and the
// method wipeseal recommends with its one-line reason; greyed, with the reason in plain words,
// if it must not be touched.
#pragma once

#include <QCheckBox>
#include <QFrame>
#include <QLabel>

#include "app/examine.h"

namespace wipeseal::gui {

// "SSD 512 GB — Samsung SSD 870 EVO" in the operator's language.
QString disk_title(const DeviceInfo& d);

class DiskCard : public QFrame {
  Q_OBJECT
 public:
  DiskCard(const app::DiskView& disk, QWidget* parent = nullptr);
  const app::DiskView& disk() const { return disk_; }
  bool eligible() const { return disk_.eligible(); }
  bool selected() const { return check_->isChecked(); }
  void set_selected(bool on);
  QCheckBox* check_box() const { return check_; }
  void retranslate();

 signals:
  void toggled();

 private:
  app::DiskView disk_;
  QCheckBox* check_;
  QLabel* details_;
  QLabel* plan_;
  QLabel* refusal_;
};

}  // namespace wipeseal::gui
