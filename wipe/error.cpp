#include "wipe/error.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace wipeseal {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input: return "invalid_input";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::refused: return "refused";
    case ErrorCode::io: return "io";
    case ErrorCode::device_gone: return "device_gone";
    case ErrorCode::busy: return "busy";
    case ErrorCode::permission_denied: return "permission_denied";
    case ErrorCode::unsupported: return "unsupported";
    case ErrorCode::corrupt: return "corrupt";
    case ErrorCode::cancelled: return "cancelled";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

std::string Error::describe() const {
  std::string out;
  if (!device.empty()) out = device + ": ";
  out += message;
  if (offset) out += fmt::format(" (at byte {})", *offset);
  if (sys_errno != 0) out += fmt::format(": {}", std::strerror(sys_errno));
  return out;
}

Error make_error(ErrorCode code, std::string message, std::string device) {
  return Error{code, std::move(message), std::move(device), std::nullopt, 0};
}

namespace {

ErrorCode classify_errno(int err) {
  switch (err) {
    case ENODEV:
    case ENXIO:
    case ENOMEDIUM:
    case ESHUTDOWN:
      return ErrorCode::device_gone;
    case EACCES:
    case EPERM:
      return ErrorCode::permission_denied;
    case EBUSY:
      return ErrorCode::busy;
    case ENOENT:
      return ErrorCode::not_found;
    case EOPNOTSUPP:
      return ErrorCode::unsupported;
    default:
      return ErrorCode::io;
  }
}

}  // namespace

Error errno_error(int err, std::string message, std::string device,
                  std::optional<std::uint64_t> offset) {
  return Error{classify_errno(err), std::move(message), std::move(device), offset, err};
}

}  // namespace wipeseal
