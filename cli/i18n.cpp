#include "cli/i18n.h"

#include <QTranslator>

#include <cstdlib>

namespace wipeseal::cli {
namespace {
std::string g_language = "vi";
}

bool install_language(const std::string& requested) {
  std::string lang = requested;
  if (lang.empty()) {
    const char* env = std::getenv("WIPESEAL_LANG");
    lang = env != nullptr && *env != '\0' ? env : "vi";
  }
  if (lang.rfind("en", 0) == 0) {
    g_language = "en";
    return true;
  }
  static QTranslator translator;
  if (translator.isEmpty() && translator.load(QStringLiteral(":/i18n/wipeseal_vi.qm"))) {
    QCoreApplication::installTranslator(&translator);
  }
  g_language = "vi";
  return lang.rfind("vi", 0) == 0;
}

const std::string& current_language() { return g_language; }

}  // namespace wipeseal::cli
