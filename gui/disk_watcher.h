// Watches for disks plugged in or removed (and mounted or unmounted) while the wizard is open,
// and examines them again off the GUI thread: a slow or hung disk never freezes the window.
#pragma once

#include <QObject>
#include <QTimer>

#include <mutex>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "app/examine.h"

namespace wipeseal::gui {

struct DiskFilter {
  std::vector<std::string> extra;  // image files or devices named on the command line, always shown
  // Which of the kernel's disks to show (all, unless a test or demo narrows it).
  std::function<bool(const DeviceInfo&)> show = [](const DeviceInfo&) { return true; };
};

class DiskWatcher : public QObject {
  Q_OBJECT
 public:
  DiskWatcher(DiskFilter filter, std::chrono::milliseconds interval, QObject* parent = nullptr);
  ~DiskWatcher() override;
  // Starts watching (and examines at once); stop() pauses until the next start().
  void start();
  void stop() { timer_.stop(); }
  // Examines again now, whatever changed.
  void refresh();

 signals:
  void examining();
  void disks_changed(const std::vector<wipeseal::app::DiskView>& disks);

 private:
  void poll();
  std::string signature() const;

  DiskFilter filter_;
  QTimer timer_;
  std::string last_;
  std::thread worker_;
  std::mutex mu_;
  bool running_ = false;  // a pass is under way (guarded by mu_)
  bool again_ = false;    // something asked for another pass meanwhile (guarded by mu_)
};

}  // namespace wipeseal::gui
