// What several commands print the same way: refusals, the confirmation, plans, results and
// certificates, in the operator's language. Printing only; every decision is the application
// layer's.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include <QString>
#include <nlohmann/json.hpp>

#include "app/examine.h"
#include "app/session.h"
#include "cli/commands.h"

namespace wipeseal::cli {

void say(std::FILE* out, const QString& text);
int fail(const Error& e);  // prints the error, returns its exit code

// Prints why each refused disk may not be touched; returns false if any is refused.
bool report_refusals(const std::vector<app::DiskView>& disks, std::FILE* err);
// Each disk to be destroyed, its content, and what the drive hides (ATA HPA/AMA, DCO) when it was asked.
void describe_for_confirmation(const std::vector<app::DiskView>& disks, std::FILE* out);
// The operator types XOA (or ERASE); anything else, or no input, cancels.
bool confirm(std::FILE* out, std::FILE* err);

void print_plan(const app::DiskView& disk, std::FILE* out);
nlohmann::json plan_json(const app::DiskView& disk);

// The results of an erase or resume: human lines, and the job_finished JSON event when asked
// (after certification, so its exit code is final). Returns the exit code.
int report_results(const app::SessionResults& results, const std::string& ca_path, bool json, std::FILE* out,
                   std::FILE* err);

// Runs a prepared session to its end (Ctrl-C stops every device) with the progress view the
// options ask for, then reports; returns the exit code.
int run_and_report(app::Session& session, bool json_progress);

// Asks for the key's passphrase or the token's PIN: from the named file, else on the terminal.
app::SecretPrompt secret_prompt(const SigningOptions& s);

}  // namespace wipeseal::cli
