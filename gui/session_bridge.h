// Progress events come from the engine's device threads; the wizard's widgets live on the GUI
// thread. The bridge queues each event to the GUI thread as a signal.
#pragma once

#include <QObject>

#include "wipe/progress.h"

namespace wipeseal::gui {

class SessionBridge : public QObject, public ProgressSink {
  Q_OBJECT
 public:
  explicit SessionBridge(QObject* parent = nullptr) : QObject(parent) {}
  void on_event(const ProgressEvent& event) override;

 signals:
  void progressed(const wipeseal::ProgressEvent& event);
};

}  // namespace wipeseal::gui
