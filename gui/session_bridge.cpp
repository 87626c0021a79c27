#include "gui/session_bridge.h"

#include <QMetaObject>

namespace wipeseal::gui {

void SessionBridge::on_event(const ProgressEvent& event) {
  QMetaObject::invokeMethod(this, [this, event] { emit progressed(event); }, Qt::QueuedConnection);
}

}  // namespace wipeseal::gui
