#include "cli/progress_view.h"

#include <unistd.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/i18n.h"
#include "wipe/job_record.h"
#include "wipe/text.h"
#include "words/catalogue.h"

namespace wipeseal::cli {
namespace {

using Clock = std::chrono::steady_clock;

QString percent_text(const ProgressEvent& e) {
  if (e.pass_bytes_total == 0) return QStringLiteral("100%");
  const double pct = 100.0 * static_cast<double>(e.pass_bytes_done) / static_cast<double>(e.pass_bytes_total);
  return QStringLiteral("%1%").arg(pct, 5, 'f', 1);
}

QString rate_text(double bytes_per_second) {
  return QStringLiteral("%1 MB/s").arg(bytes_per_second / 1e6, 7, 'f', 1);
}

QString status_line(const ProgressEvent& e) {
  switch (e.kind) {
    case ProgressEvent::Kind::device_finished:
      return Cli::tr("%1  finished: %2")
          .arg(q(e.device), words::outcome_label(outcome_from_name(e.outcome).value_or(Outcome::failed)));
    case ProgressEvent::Kind::signing_started:
    case ProgressEvent::Kind::signing_finished:
      return Cli::tr("%1  signing the certificate").arg(q(e.device));
    case ProgressEvent::Kind::device_started:
      return Cli::tr("%1  starting").arg(q(e.device));
    default:
      if (e.phase == ProgressPhase::purge) {
        return Cli::tr("%1  firmware purge  %2 (the drive's own progress report)").arg(q(e.device), percent_text(e));
      }
      if (e.phase == ProgressPhase::verify) {
        return Cli::tr("%1  reading back  %2  %3  remaining %4")
            .arg(q(e.device), percent_text(e), rate_text(e.rate_bytes_per_second), words::duration_text(e.eta_seconds));
      }
      return Cli::tr("%1  pass %2/%3  %4  %5  remaining %6")
          .arg(q(e.device))
          .arg(e.pass)
          .arg(e.pass_count)
          .arg(percent_text(e), rate_text(e.rate_bytes_per_second), words::duration_text(e.eta_seconds));
  }
}

// Lines worth keeping in a log even on a terminal: pass boundaries, errors, the end.
std::string note_for(const ProgressEvent& e) {
  switch (e.kind) {
    case ProgressEvent::Kind::pass_started:
      if (e.pass_bytes_done > 0) {
        return u8(Cli::tr("%1: continuing pass %2/%3 from byte %4")
                      .arg(q(e.device))
                      .arg(e.pass)
                      .arg(e.pass_count)
                      .arg(e.pass_bytes_done));
      }
      return u8(Cli::tr("%1: pass %2/%3 started").arg(q(e.device)).arg(e.pass).arg(e.pass_count));
    case ProgressEvent::Kind::pass_finished:
      return u8(Cli::tr("%1: pass %2/%3 finished and flushed").arg(q(e.device)).arg(e.pass).arg(e.pass_count));
    case ProgressEvent::Kind::write_error:
      return u8(Cli::tr("%1: WRITE ERROR: %2").arg(q(e.device), q(e.message)));
    case ProgressEvent::Kind::verify_started:
      return u8(Cli::tr("%1: reading back to verify the erasure").arg(q(e.device)));
    case ProgressEvent::Kind::verify_finished: {
      const auto outcome = verification_outcome_from_name(e.outcome).value_or(VerificationOutcome::failed);
      return u8(QStringLiteral("%1: %2").arg(q(e.device), words::verification_outcome(outcome)) +
                (outcome == VerificationOutcome::failed ? QStringLiteral(": ") + q(e.message) : QString()));
    }
    case ProgressEvent::Kind::signing_finished:
      return e.outcome == "issued" ? u8(Cli::tr("%1: certificate no. %2 issued").arg(q(e.device), q(e.message)))
                                   : u8(Cli::tr("%1: NO CERTIFICATE: %2").arg(q(e.device), q(e.message)));
    case ProgressEvent::Kind::device_finished:
      return u8(status_line(e));
    default:
      return {};
  }
}

class TerminalView final : public ProgressSink {
 public:
  explicit TerminalView(std::FILE* out) : out_(out) {}
  void on_event(const ProgressEvent& e) override {
    std::lock_guard lock(mu_);
    if (!lines_.contains(e.device)) order_.push_back(e.device);
    lines_[e.device] = u8(status_line(e));
    const std::string note = note_for(e);
    const auto now = Clock::now();
    if (note.empty() && e.kind == ProgressEvent::Kind::progress && now - last_draw_ < std::chrono::milliseconds(200)) return;
    erase_block();
    if (!note.empty()) std::fprintf(out_, "%s\n", note.c_str());
    draw_block();
    last_draw_ = now;
  }

 private:
  void erase_block() {
    for (std::size_t i = 0; i < drawn_; ++i) std::fputs("\x1b[1A\x1b[2K", out_);
    drawn_ = 0;
  }
  void draw_block() {
    for (const auto& dev : order_) std::fprintf(out_, "\x1b[2K%s\n", lines_[dev].c_str());
    drawn_ = order_.size();
    std::fflush(out_);
  }

  std::FILE* out_;
  std::mutex mu_;
  std::vector<std::string> order_;
  std::map<std::string, std::string> lines_;
  std::size_t drawn_ = 0;
  Clock::time_point last_draw_{};
};

class PlainView final : public ProgressSink {
 public:
  explicit PlainView(std::FILE* out) : out_(out) {}
  void on_event(const ProgressEvent& e) override {
    std::lock_guard lock(mu_);
    std::string line = note_for(e);
    const auto now = Clock::now();
    if (line.empty() && e.kind == ProgressEvent::Kind::progress) {
      auto& last = last_[e.device];
      if (now - last < std::chrono::seconds(10)) return;
      last = now;
      line = u8(status_line(e));
    }
    if (line.empty()) return;
    std::fprintf(out_, "%s\n", line.c_str());
    std::fflush(out_);
  }

 private:
  std::FILE* out_;
  std::mutex mu_;
  std::map<std::string, Clock::time_point> last_;
};

class JsonView final : public ProgressSink {
 public:
  explicit JsonView(std::FILE* out) : out_(out) {}
  void on_event(const ProgressEvent& e) override {
    std::lock_guard lock(mu_);
    const auto now = Clock::now();
    if (e.kind == ProgressEvent::Kind::progress) {
      auto& last = last_[e.device];
      if (now - last < std::chrono::seconds(1)) return;
      last = now;
    }
    nlohmann::json j = {{"event", progress_kind_name(e.kind)},
                        {"phase", progress_phase_name(e.phase)},
                        {"record_id", e.record_id},
                        {"device", e.device},
                        {"pass", e.pass},
                        {"pass_count", e.pass_count},
                        {"bytes_done", e.pass_bytes_done},
                        {"bytes_total", e.pass_bytes_total},
                        {"rate_bytes_per_second", e.rate_bytes_per_second},
                        {"eta_seconds", e.eta_seconds}};
    if (!e.message.empty()) j["message"] = e.message;
    if (!e.outcome.empty()) j["outcome"] = e.outcome;
    std::fprintf(out_, "%s\n", dump_json(j).c_str());
    std::fflush(out_);
  }

 private:
  std::FILE* out_;
  std::mutex mu_;
  std::map<std::string, Clock::time_point> last_;
};

}  // namespace

ProgressStyle choose_progress_style(bool json_requested, std::FILE* out) {
  if (json_requested) return ProgressStyle::json;
  return ::isatty(::fileno(out)) != 0 ? ProgressStyle::terminal : ProgressStyle::plain;
}

std::unique_ptr<ProgressSink> make_progress_view(ProgressStyle style, std::FILE* out) {
  switch (style) {
    case ProgressStyle::terminal: return std::make_unique<TerminalView>(out);
    case ProgressStyle::plain: return std::make_unique<PlainView>(out);
    case ProgressStyle::json: return std::make_unique<JsonView>(out);
  }
  return std::make_unique<PlainView>(out);
}

}  // namespace wipeseal::cli
