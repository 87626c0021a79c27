// What the wizard's pages share: where the office's things are, what it remembered, the disks
// found and chosen, the record details, and the running session.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/data_folder.h"
#include "app/session.h"
#include "gui/disk_watcher.h"

namespace wipeseal::gui {

struct WizardOptions {
  app::DataFolder data = app::find_data_folder();
  DiskFilter disks;
  std::chrono::milliseconds disk_poll{1500};
  app::EngineSettings engine;
  // Asks for the key's passphrase (or the token's PIN); the default shows a dialog.
  std::function<std::optional<std::string>(app::SecretKind)> ask_secret;
};

struct WizardState {
  WizardOptions options;
  app::OfficeSetup setup;
  std::optional<Error> setup_error;      // the office settings could not be read
  std::vector<app::DiskView> disks;      // as last examined
  std::set<std::string> selected;        // device paths the operator chose
  std::optional<certificates::OfficeDetails> details;  // from the Record page
  std::unique_ptr<app::Session> session;
  bool resuming = false;                 // the session continues interrupted jobs

  std::vector<app::DiskView> chosen() const {
    std::vector<app::DiskView> out;
    for (const auto& d : disks) {
      if (selected.contains(d.device.path)) out.push_back(d);
    }
    return out;
  }
};

}  // namespace wipeseal::gui
