#include "gui/style.h"

#include <QFontDatabase>
#include <QStringList>

// QtGui's switch for Alt+letter mnemonics. Platforms without a desktop theme (linuxfb on the
// wipeseal stick, offscreen in tests) leave them off; a keyboard-only wizard needs them on.
void qt_set_sequence_auto_mnemonic(bool enabled);

namespace wipeseal::gui {

void apply_style(QApplication& app) {
  qt_set_sequence_auto_mnemonic(true);
  // Families with full Vietnamese coverage, in order of preference (all in Debian).
  const QStringList families = QFontDatabase::families();
  QFont font = app.font();
  for (const char* name : {"Noto Sans", "DejaVu Sans", "Liberation Sans"}) {
    if (families.contains(QLatin1String(name))) {
      font.setFamily(QLatin1String(name));
      break;
    }
  }
  font.setPointSizeF(12.5);
  app.setFont(font);
  app.setStyleSheet(QStringLiteral(R"(
    QWidget { color: #111111; background: #ffffff; }
    QLabel#title { font-size: 20pt; font-weight: bold; color: #0b3d91; }
    QLabel#step { color: #333333; }
    QLabel#clock { font-size: 26pt; font-weight: bold; }
    QLabel#error { color: #b00020; font-weight: bold; }
    QLabel#warning { color: #8a4b00; font-weight: bold; }
    QLabel#verdictPassed { color: #0a6e2a; font-size: 18pt; font-weight: bold; }
    QLabel#verdictExceptions { color: #8a4b00; font-size: 18pt; font-weight: bold; }
    QLabel#verdictFailed { color: #b00020; font-size: 18pt; font-weight: bold; }
    QFrame#card { border: 2px solid #555555; border-radius: 6px; background: #ffffff; }
    QFrame#card[refused="true"] { border: 2px dashed #999999; background: #f0f0f0; }
    QFrame#card[refused="true"] QLabel { color: #555555; background: #f0f0f0; }
    QPushButton { padding: 8px 18px; border: 2px solid #0b3d91; border-radius: 4px; background: #e8eefb; }
    QPushButton:disabled { border-color: #aaaaaa; color: #777777; background: #f2f2f2; }
    QPushButton#primary { background: #0b3d91; color: #ffffff; font-weight: bold; }
    QPushButton#primary:disabled { background: #9aa8c2; color: #ffffff; }
    QPushButton#danger { background: #b00020; color: #ffffff; font-weight: bold; border-color: #700014; }
    QPushButton#danger:disabled { background: #d9a0a9; color: #ffffff; }
    QPushButton:focus, QCheckBox:focus, QRadioButton:focus, QLineEdit:focus, QComboBox:focus,
    QDateTimeEdit:focus, QListWidget:focus { border: 3px solid #ff8c00; }
    QLineEdit, QComboBox, QDateTimeEdit { padding: 4px; border: 2px solid #555555; border-radius: 3px; }
    QLineEdit[invalid="true"] { border: 3px solid #b00020; }
    QProgressBar { border: 2px solid #555555; border-radius: 3px; text-align: center; height: 26px; }
    QProgressBar::chunk { background: #2a7de1; }
  )"));
}

QFont scaled_font(const QFont& base, double scale, bool bold) {
  QFont f = base;
  f.setPointSizeF(base.pointSizeF() * scale);
  f.setBold(bold);
  return f;
}

}  // namespace wipeseal::gui
