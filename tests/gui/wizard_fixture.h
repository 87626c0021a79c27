// What the wizard's tests share: an office data folder with keys, disks made of image files or
// loop devices the test created, and helpers that drive the wizard as an operator would (key
// events) while the Qt event loop runs.
#pragma once

#include <QApplication>
#include <QTest>

#include <functional>
#include <string>
#include <vector>

#include "gui/wizard.h"
#include "tests/support/temp_dir.h"

namespace wipeseal::gui::test_support {

inline constexpr const char* kPassphrase = "mat-khau-van-phong-1";

// Runs the event loop until `done` holds or `timeout` passes; returns `done()`.
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Shows the window and makes it the active one, so that key events go to its focus widget.
void show_active(QWidget& window);

// Types `text` into whatever has the focus, key by key.
void type(QWidget* target, const QString& text);
// Presses a key (with modifiers) on the focused widget, or on `target` if nothing has focus.
void press(QWidget* target, Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);

struct OfficeFolder {
  wipeseal::test::TempDir dir;
  app::DataFolder data;
  OfficeFolder();  // with an office CA and signing key under the passphrase above
};

// Options for a wizard that shows only `disks` and answers the passphrase itself.
WizardOptions options_for(const OfficeFolder& office, std::vector<std::string> disks);

}  // namespace wipeseal::gui::test_support
