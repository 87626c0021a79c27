#include "cli/i18n.h"

#include <cstdlib>

#include "words/catalogue.h"

namespace wipeseal::cli {

bool install_language(const std::string& requested) {
  std::string code = requested;
  if (code.empty()) {
    const char* env = std::getenv("WIPESEAL_LANG");
    code = env != nullptr && *env != '\0' ? env : "vi";
  }
  const auto lang = words::parse_language(code);
  words::set_language(lang.value_or(words::Lang::vi));
  return lang.has_value();
}

std::string current_language() { return words::language_code(words::language()); }

QString q(const std::string& s) { return words::shown(s); }

}  // namespace wipeseal::cli
