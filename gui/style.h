// The wizard's look: large type, high contrast, a focus frame keyboard users can see, and a font
// with every Vietnamese letter.
#pragma once

#include <QApplication>
#include <QFont>

namespace wipeseal::gui {

void apply_style(QApplication& app);
// A font `scale` times the base size, bold if asked.
QFont scaled_font(const QFont& base, double scale, bool bold = false);

}  // namespace wipeseal::gui
