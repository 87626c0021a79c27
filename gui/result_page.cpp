#include "gui/result_page.h"

#include <QHBoxLayout>
#include <QImage>
#include <QPainter>
#include <QScrollArea>
#include <QPrintDialog>
#include <QPrinter>
#include <QSplitter>
#include <QVBoxLayout>

#include "app/save_targets.h"
#include "gui/disk_card.h"
#include "gui/style.h"
#include "words/catalogue.h"

namespace wipeseal::gui {
namespace {

// The verdict a disk's record earns: its row of the certificate when there is one, else from the
// classification (a job that could not be certified did not pass).
std::string verdict_code(const app::DeviceResult& d) {
  if (d.certificate) return certificates::judge(d.record, d.certificate->cert.office.secrecy_level).code;
  switch (d.classification) {
    case app::Classification::erased: return "passed";
    case app::Classification::erased_with_exceptions: return "passed_with_exceptions";
    default: return "failed";
  }
}

}  // namespace

ResultPage::ResultPage(WizardState& state, QWidget* parent) : Page(state, parent) {
  auto* layout = new QHBoxLayout(this);
  auto* left = new QVBoxLayout();
  list_ = new QListWidget(this);
  list_->setMaximumHeight(130);
  list_->setWordWrap(true);
  verdict_ = new QLabel(this);
  verdict_->setWordWrap(true);
  explanation_ = new QLabel(this);
  explanation_->setWordWrap(true);
  explanation_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  auto* text = new QScrollArea(this);
  text->setWidgetResizable(true);
  text->setFrameShape(QFrame::NoFrame);
  auto* text_body = new QWidget(text);
  auto* text_layout = new QVBoxLayout(text_body);
  text_layout->setContentsMargins(0, 0, 0, 0);
  text_layout->addWidget(verdict_);
  text_layout->addWidget(explanation_);
  text_layout->addStretch();
  text->setWidget(text_body);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  print_ = new QPushButton(this);
  targets_ = new QComboBox(this);
  targets_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  targets_->setMinimumContentsLength(18);
  refresh_ = new QPushButton(this);
  save_ = new QPushButton(this);
  auto* usb = new QHBoxLayout();
  usb->addWidget(targets_, 1);
  usb->addWidget(refresh_);
  left->addWidget(list_);
  left->addWidget(text, 1);
  left->addWidget(print_);
  left->addLayout(usb);
  left->addWidget(save_);
  left->addWidget(status_);
  layout->addLayout(left, 5);
  preview_ = new PdfPreview(this);
  layout->addWidget(preview_, 6);
  connect(list_, &QListWidget::currentRowChanged, this, &ResultPage::show_result);
  connect(print_, &QPushButton::clicked, this, &ResultPage::print);
  connect(save_, &QPushButton::clicked, this, &ResultPage::save_to_usb);
  connect(refresh_, &QPushButton::clicked, this, &ResultPage::refresh_targets);
  retranslate();
}

ResultPage::~ResultPage() = default;

void ResultPage::enter() {
  list_->clear();
  status_->clear();
  const auto& results = state_.session->results();
  if (results.error) {
    status_->setText(tr("The job could not start: %1. Nothing was written.").arg(words::error_text(*results.error)));
  }
  for (const auto& d : results.devices) {
    const QString label = words::verdict_label(verdict_code(d));
    list_->addItem(QStringLiteral("%1 — %2").arg(label, disk_title(d.record.device)));
  }
  refresh_targets();
  if (list_->count() > 0) {
    list_->setCurrentRow(0);
    list_->setFocus();
  }
}

void ResultPage::show_result(int row) {
  const auto& devices = state_.session->results().devices;
  if (row < 0 || row >= static_cast<int>(devices.size())) return;
  const app::DeviceResult& d = devices[static_cast<std::size_t>(row)];
  const std::string code = verdict_code(d);
  verdict_->setObjectName(code == "passed" ? QStringLiteral("verdictPassed")
                          : code == "passed_with_exceptions" ? QStringLiteral("verdictExceptions")
                                                             : QStringLiteral("verdictFailed"));
  verdict_->setText(words::verdict_label(code) + QStringLiteral("  ") + disk_title(d.record.device));
  verdict_->style()->unpolish(verdict_);
  verdict_->style()->polish(verdict_);
  QStringList lines;
  lines << words::outcome_label(d.record.outcome) + QStringLiteral(": ") + words::outcome_explanation(d.record);
  if (d.record.verification) lines << words::verification_text(*d.record.verification);
  bool destroy = false;
  std::string why;
  if (d.certificate) {
    const auto v = certificates::judge(d.record, d.certificate->cert.office.secrecy_level);
    destroy = v.destroy;
    why = v.destroy_why;
  } else {
    destroy = code != "passed";
    why = code == "passed_with_exceptions" ? "exceptions" : "failed";
  }
  if (destroy) lines << tr("Recommendation: %1").arg(words::destruction_reason(why));
  if (d.record_error) lines << tr("THE RECORD COULD NOT BE WRITTEN: %1").arg(words::error_text(*d.record_error));
  if (d.certificate_error) lines << tr("No certificate: %1").arg(words::error_text(*d.certificate_error));
  if (d.certificate) {
    lines << tr("Certificate no. %1: %2").arg(words::shown(d.certificate->cert.number), words::shown(d.certificate->pdf_path));
    // One biên bản per computer: every disk of this computer is a row of the same record.
    lines << tr("The record covers %n disk(s) of this computer.", nullptr,
                static_cast<int>(d.certificate->cert.records.size()));
  }
  explanation_->setText(lines.join(QStringLiteral("\n")));
  preview_->clear();
  if (d.certificate) preview_->show_file(QString::fromStdString(d.certificate->pdf_path));
  print_->setEnabled(preview_->pages_shown() > 0);
}

void ResultPage::print() {
  const int row = list_->currentRow();
  const auto& devices = state_.session->results().devices;
  QPdfDocument* document = preview_->document();
  if (row < 0 || row >= static_cast<int>(devices.size()) || document->pageCount() == 0) return;
  QPrinter printer(QPrinter::HighResolution);
  printer.setPageSize(QPageSize(QPageSize::A4));
  QPrintDialog dialog(&printer, this);
  if (dialog.exec() != QDialog::Accepted) return;
  QPainter painter(&printer);
  for (int page = 0; page < document->pageCount(); ++page) {
    if (page > 0) printer.newPage();
    const QRect target = painter.viewport();
    const QImage image = document->render(page, target.size());
    painter.drawImage(target, image);
  }
  painter.end();
  status_->setText(tr("Sent to the printer."));
}

void ResultPage::refresh_targets() {
  std::vector<std::string> wiped;
  for (const auto& d : state_.session->results().devices) wiped.push_back(d.record.device.path);
  targets_->clear();
  for (const auto& t : app::usb_save_targets(wiped, state_.options.data.root)) {
    targets_->addItem(QStringLiteral("%1 (%2)").arg(words::shown(t.mount_point), disk_title(t.disk)),
                      QString::fromStdString(t.mount_point));
  }
  save_->setEnabled(targets_->count() > 0);
  if (targets_->count() == 0) targets_->addItem(tr("No USB drive found: plug one in and press Look again"));
}

void ResultPage::save_to_usb() {
  const QString folder = targets_->currentData().toString();
  if (folder.isEmpty()) return;
  int saved = 0;
  for (const certificates::IssuedCertificate* c : state_.session->results().certificates()) {
    auto copied = app::save_certificate_copies(*c, folder.toStdString());
    if (!copied) {
      status_->setText(tr("Could not save to %1: %2").arg(folder, words::error_text(copied.error())));
      return;
    }
    ++saved;
  }
  status_->setText(tr("%n record(s) saved to %1.", nullptr, saved).arg(folder + QStringLiteral("/wipeseal-bien-ban")));
}

void ResultPage::retranslate() {
  print_->setText(tr("&Print the record…"));
  refresh_->setText(tr("&Look again"));
  save_->setText(tr("&Save the records to this USB drive"));
  if (state_.session && state_.session->wait_for(std::chrono::milliseconds(0))) enter();
}

}  // namespace wipeseal::gui
