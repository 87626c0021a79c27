#include "gui/progress_page.h"

#include <QGridLayout>
#include <QMessageBox>
#include <QVBoxLayout>

#include "gui/disk_card.h"
#include "gui/style.h"
#include "words/catalogue.h"

namespace wipeseal::gui {

ProgressPage::ProgressPage(WizardState& state, QWidget* parent) : Page(state, parent) {
  auto* layout = new QVBoxLayout(this);
  hint_ = new QLabel(this);
  hint_->setWordWrap(true);
  layout->addWidget(hint_);
  rows_widget_ = new QWidget(this);
  layout->addWidget(rows_widget_);
  stop_all_ = new QPushButton(this);
  stop_all_->setObjectName(QStringLiteral("danger"));
  layout->addWidget(stop_all_, 0, Qt::AlignLeft);
  layout->addStretch();
  connect(stop_all_, &QPushButton::clicked, this, &ProgressPage::stop_all);
  connect(&bridge_, &SessionBridge::progressed, this, &ProgressPage::on_event);
  poll_.setInterval(200);
  connect(&poll_, &QTimer::timeout, this, &ProgressPage::poll);
  retranslate();
}

void ProgressPage::enter() {
  finished_ = false;
  delete rows_widget_->layout();
  for (auto& [path, row] : rows_) {
    delete row.title;
    delete row.phase;
    delete row.bar;
    delete row.numbers;
    delete row.stop;
  }
  rows_.clear();
  auto* grid = new QGridLayout(rows_widget_);
  int r = 0;
  for (const auto& d : state_.session->disks()) {
    Row row;
    row.title = new QLabel(disk_title(d.device) + QStringLiteral("  (") + words::shown(d.device.path) + QStringLiteral(")"),
                           rows_widget_);
    row.title->setFont(scaled_font(font(), 1.1, true));
    row.title->setWordWrap(true);
    row.phase = new QLabel(tr("Waiting to start"), rows_widget_);
    row.phase->setWordWrap(true);
    row.bar = new QProgressBar(rows_widget_);
    row.bar->setRange(0, 1000);
    row.numbers = new QLabel(rows_widget_);
    row.stop = new QPushButton(tr("Stop this disk"), rows_widget_);
    const std::string path = d.device.path;
    connect(row.stop, &QPushButton::clicked, this, [this, path] { stop_one(path); });
    grid->addWidget(row.title, r, 0, 1, 3);
    grid->addWidget(row.phase, r + 1, 0);
    grid->addWidget(row.bar, r + 2, 0, 1, 2);
    grid->addWidget(row.stop, r + 2, 2);
    grid->addWidget(row.numbers, r + 3, 0, 1, 3);
    r += 4;
    rows_[path] = row;
  }
  stop_all_->setEnabled(true);
  poll_.start();
  emit changed();
}

void ProgressPage::on_event(const ProgressEvent& e) {
  auto it = rows_.find(e.device);
  if (it == rows_.end()) return;
  Row& row = it->second;
  const double fraction = e.pass_bytes_total == 0 ? 0 : static_cast<double>(e.pass_bytes_done) /
                                                            static_cast<double>(e.pass_bytes_total);
  switch (e.kind) {
    case ProgressEvent::Kind::device_started:
      row.phase_text = tr("Starting");
      break;
    case ProgressEvent::Kind::verify_started:
      row.phase_text = e.phase == ProgressPhase::fingerprint ? tr("Reading a sample before the drive erases itself")
                                                             : tr("Reading back to check the erasure");
      break;
    case ProgressEvent::Kind::signing_started:
      row.phase_text = tr("Signing the record (biên bản)");
      break;
    case ProgressEvent::Kind::signing_finished:
      row.phase_text = e.outcome == "issued" ? tr("Record no. %1 signed").arg(words::shown(e.message))
                                             : tr("NO RECORD COULD BE SIGNED: %1").arg(words::shown(e.message));
      break;
    case ProgressEvent::Kind::device_finished:
      row.phase_text = words::outcome_label(outcome_from_name(e.outcome).value_or(Outcome::failed));
      row.stop->setEnabled(false);
      row.bar->setValue(1000);
      row.numbers->clear();
      break;
    case ProgressEvent::Kind::pass_started:
    case ProgressEvent::Kind::progress:
      if (e.phase == ProgressPhase::purge) {
        row.phase_text = tr("The drive is erasing itself (its own progress report)");
      } else if (e.phase == ProgressPhase::verify) {
        row.phase_text = tr("Reading back to check the erasure");
      } else if (e.phase == ProgressPhase::overwrite) {
        row.phase_text = tr("Erasing: pass %1 of %2").arg(e.pass).arg(e.pass_count);
      }
      row.bar->setValue(static_cast<int>(fraction * 1000));
      if (e.rate_bytes_per_second > 0) {
        row.numbers->setText(tr("%1 MB/s, about %2 left")
                                 .arg(e.rate_bytes_per_second / 1e6, 0, 'f', 0)
                                 .arg(words::duration_text(e.eta_seconds)));
      }
      break;
    default:
      break;
  }
  row.phase->setText(row.phase_text);
}

void ProgressPage::poll() {
  if (!state_.session || !state_.session->wait_for(std::chrono::milliseconds(0))) return;
  poll_.stop();
  finished_ = true;
  stop_all_->setEnabled(false);
  for (auto& [path, row] : rows_) row.stop->setEnabled(false);
  hint_->setText(tr("Finished. See the results and the records."));
  emit changed();
  emit session_finished();
}

void ProgressPage::stop_one(const std::string& path) {
  const auto answer = QMessageBox::question(
      this, tr("Stop this disk?"),
      tr("Stop erasing %1? The disk will be only partly erased. The wizard, on its next start, or `wipeseal resume` "
         "can finish it.")
          .arg(words::shown(path)),
      QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
  if (answer == QMessageBox::Yes && state_.session) state_.session->cancel(path);
}

void ProgressPage::stop_all() {
  const auto answer = QMessageBox::question(
      this, tr("Stop every disk?"),
      tr("Stop erasing every disk? They will be only partly erased. The wizard, on its next start, or `wipeseal "
         "resume` can finish them."),
      QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
  if (answer == QMessageBox::Yes && state_.session) state_.session->cancel_all();
}

void ProgressPage::retranslate() {
  hint_->setText(finished_ ? tr("Finished. See the results and the records.")
                           : tr("Keep this computer switched on until every disk is finished. The window stays "
                                "usable; each disk can be stopped on its own."));
  stop_all_->setText(tr("Stop &all disks"));
}

}  // namespace wipeseal::gui
