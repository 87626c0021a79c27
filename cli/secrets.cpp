#include "cli/secrets.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include <openssl/crypto.h>

namespace wipeseal::cli {
namespace {

Result<std::string> ask(int fd, const std::string& prompt) {
  (void)!::write(fd, prompt.data(), prompt.size());
  termios old {};
  const bool tty = ::tcgetattr(fd, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::string line;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  if (tty) ::tcsetattr(fd, TCSAFLUSH, &old);
  (void)!::write(fd, "\n", 1);
  return line;
}

}  // namespace

Result<std::string> read_secret(const std::string& file, const std::string& prompt, bool confirm) {
  if (!file.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
      return std::unexpected(make_error(ErrorCode::invalid_input,
                                        "this is a folder; name the file whose first line is the passphrase or PIN", file));
    }
    std::ifstream in(file);
    if (!in) return std::unexpected(errno_error(errno, "cannot read the passphrase file", file));
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      return std::unexpected(make_error(ErrorCode::invalid_input,
                                        "the first line of this file is empty; it must hold the passphrase or PIN", file));
    }
    return line;
  }
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      "a passphrase or PIN is needed and there is no terminal to ask on; give it in a "
                                      "file (--passphrase-file / --pin-file)"));
  }
  auto first = ask(fd, prompt);
  if (first && confirm) {
    auto again = ask(fd, "(again) " + prompt);
    if (again && *again != *first) {
      OPENSSL_cleanse(again->data(), again->size());
      OPENSSL_cleanse(first->data(), first->size());
      ::close(fd);
      return std::unexpected(make_error(ErrorCode::invalid_input, "the two entries differ"));
    }
  }
  ::close(fd);
  return first;
}

}  // namespace wipeseal::cli
