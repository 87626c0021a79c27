// Where wipeseal keeps things when the operator does not say: job journals and keys under the
// state folder, records in the current folder.
#pragma once

#include <string>

namespace wipeseal::app {

// $WIPESEAL_STATE_DIR, else /var/lib/wipeseal for root, else $XDG_STATE_HOME/wipeseal
// (~/.local/state/wipeseal).
std::string default_state_dir();
// $WIPESEAL_RECORDS_DIR, else ./wipeseal-records.
std::string default_records_dir();
// <state dir>/keys and <state dir>/register.sqlite.
std::string default_key_dir();
std::string default_register_path();
// The office CA beside the signing key: <key dir>/office-ca.pem.
std::string ca_path_in(const std::string& key_dir);

// An absolute, normalised form of `path` (journals outlive the current folder).
std::string absolute_path(const std::string& path);

}  // namespace wipeseal::app
