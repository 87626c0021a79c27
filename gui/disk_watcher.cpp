#include "gui/disk_watcher.h"

#include <QMetaObject>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace wipeseal::gui {
namespace fs = std::filesystem;

DiskWatcher::DiskWatcher(DiskFilter filter, std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent), filter_(std::move(filter)) {
  timer_.setInterval(static_cast<int>(interval.count()));
  connect(&timer_, &QTimer::timeout, this, &DiskWatcher::poll);
}

DiskWatcher::~DiskWatcher() {
  timer_.stop();
  if (worker_.joinable()) worker_.join();
}

void DiskWatcher::start() {
  timer_.start();
  refresh();
}

// What can change a disk's card: the block devices with their sizes, and what is mounted.
std::string DiskWatcher::signature() const {
  std::ostringstream s;
  std::error_code ec;
  for (fs::directory_iterator it("/sys/block", ec), end; !ec && it != end; it.increment(ec)) {
    std::ifstream size(it->path() / "size");
    std::string n;
    size >> n;
    s << it->path().filename().string() << '=' << n << ';';
  }
  std::ifstream mounts("/proc/self/mountinfo");
  s << mounts.rdbuf();
  for (const auto& e : filter_.extra) s << e << ':' << fs::file_size(e, ec) << ';';
  return s.str();
}

void DiskWatcher::poll() {
  const std::string now = signature();
  if (now == last_) return;
  last_ = now;
  refresh();
}

void DiskWatcher::refresh() {
  {
    std::lock_guard lock(mu_);
    if (running_) {
      again_ = true;  // one more pass once the current one ends
      return;
    }
    running_ = true;
    again_ = false;
  }
  if (worker_.joinable()) worker_.join();  // the previous pass has ended
  emit examining();
  worker_ = std::thread([this] {
    for (;;) {
      std::vector<app::DiskView> disks;
      for (app::DiskView& d : app::examine_all(true)) {
        if (filter_.show(d.device)) disks.push_back(std::move(d));
      }
      for (const std::string& path : filter_.extra) {
        auto named = app::examine({path}, "auto");
        if (!named) continue;  // the file or device went away
        bool listed = false;
        for (const auto& d : disks) listed = listed || d.device.path == (*named)[0].device.path;
        if (!listed) disks.push_back(std::move((*named)[0]));
      }
      QMetaObject::invokeMethod(this, [this, disks] { emit disks_changed(disks); }, Qt::QueuedConnection);
      std::lock_guard lock(mu_);
      if (!again_) {
        running_ = false;
        return;
      }
      again_ = false;
    }
  });
}

}  // namespace wipeseal::gui
