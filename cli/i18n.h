// User-visible text of the CLI goes through Qt's translation system: English source strings,
// Vietnamese as the primary locale (i18n/wipeseal_vi.ts). lupdate finds every Cli::tr() call; the
// words for the core's codes come from the catalogue (words/catalogue.h).
#pragma once

#include <QCoreApplication>
#include <QString>

#include <string>

namespace wipeseal::cli {

class Cli {
  Q_DECLARE_TR_FUNCTIONS(Cli)
};

// Chooses the language: `requested` ("vi" or "en") if given, else $WIPESEAL_LANG, else Vietnamese.
// Returns false, with the language left at Vietnamese, if `requested` is not a known language.
bool install_language(const std::string& requested);
// "vi" or "en".
std::string current_language();

inline std::string u8(const QString& s) { return s.toStdString(); }
// For showing: control characters and bytes that are not UTF-8 are escaped, so that a label or a
// path never moves the cursor or colours the operator's terminal.
QString q(const std::string& s);

}  // namespace wipeseal::cli
