// The wizard's tests run on Qt's offscreen platform: real widgets, no display.
#include <gtest/gtest.h>

#include <QApplication>

#include <cstdlib>

#include "gui/style.h"

int main(int argc, char** argv) {
  setenv("QT_QPA_PLATFORM", "offscreen", 1);
  QApplication app(argc, argv);
  wipeseal::gui::apply_style(app);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
