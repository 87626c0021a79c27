// Errors are values: every fallible call in the engine returns Result<T> or Status.
// An Error names what went wrong in words an operator can act on, and the device and byte
// offset it concerns, so a frontend can show it and a record can keep it.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

namespace wipeseal {

enum class ErrorCode {
  invalid_input,      // the caller asked for something malformed (bad method name, bad path)
  not_found,          // a path, job or record does not exist
  refused,            // the safety policy will not let wipeseal touch this device
  io,                 // the device or a file returned an I/O error
  device_gone,        // the device disappeared (unplugged, detached, controller reset)
  busy,               // someone else holds the device or the job
  permission_denied,  // the process lacks the rights (usually: not root)
  unsupported,        // the device or kernel cannot do what was asked
  corrupt,            // a journal or record is damaged or inconsistent
  cancelled,          // the operator stopped the job
  internal,           // a bug in wipeseal; the message says what invariant broke
};

// A stable, lower-case name for the code ("io", "device_gone"), used in records and JSON.
const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;                 // English; says what happened and, where possible, what to do
  std::string device;                  // device or file path concerned, empty if none
  std::optional<std::uint64_t> offset; // byte offset concerned, if any
  int sys_errno = 0;                   // errno that caused it, 0 if none

  // One line: "<device>: <message> (at byte N): <strerror>".
  std::string describe() const;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

Error make_error(ErrorCode code, std::string message, std::string device = {});

// Builds an Error from an errno value; classifies ENODEV/ENXIO/ENOMEDIUM as device_gone,
// EACCES/EPERM as permission_denied, EBUSY as busy, ENOENT as not_found, the rest as io.
Error errno_error(int err, std::string message, std::string device = {},
                  std::optional<std::uint64_t> offset = std::nullopt);

}  // namespace wipeseal
