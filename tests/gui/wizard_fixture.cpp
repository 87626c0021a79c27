#include "tests/gui/wizard_fixture.h"

#include <QElapsedTimer>

#include "certificates/signing.h"

namespace wipeseal::gui::test_support {

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  QElapsedTimer timer;
  timer.start();
  while (!done()) {
    if (timer.elapsed() > timeout.count()) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    QTest::qWait(10);
  }
  return true;
}

void show_active(QWidget& window) {
  window.show();
  window.activateWindow();
  QApplication::setActiveWindow(&window);
  (void)QTest::qWaitForWindowActive(&window);
}

void type(QWidget* target, const QString& text) {
  for (QChar c : text) {
    QWidget* w = QApplication::focusWidget() != nullptr ? QApplication::focusWidget() : target;
    QTest::keyClick(w, c.toLatin1() != 0 ? c.toLatin1() : ' ');
  }
}

void press(QWidget* target, Qt::Key key, Qt::KeyboardModifiers modifiers) {
  QWidget* w = QApplication::focusWidget() != nullptr ? QApplication::focusWidget() : target;
  QTest::keyClick(w, key, modifiers);
  // A mnemonic "animates" the button's click: it lands about 100 ms later.
  if (modifiers & Qt::AltModifier) QTest::qWait(250);
}

OfficeFolder::OfficeFolder() {
  data.root = dir.path().string();
  data.source = app::DataFolder::Source::environment;
  if (!certificates::create_office_keys(data.keys(), "Sở Khoa học và Công nghệ Hưng Yên", kPassphrase)) std::abort();
}

WizardOptions options_for(const OfficeFolder& office, std::vector<std::string> disks) {
  WizardOptions o;
  o.data = office.data;
  o.disks.extra = std::move(disks);
  o.disks.show = [](const DeviceInfo&) { return false; };
  o.disk_poll = std::chrono::milliseconds(300);
  o.engine.tuning.checkpoint_interval = std::chrono::milliseconds(50);
  o.ask_secret = [](app::SecretKind) -> std::optional<std::string> { return std::string(kPassphrase); };
  return o;
}

}  // namespace wipeseal::gui::test_support
