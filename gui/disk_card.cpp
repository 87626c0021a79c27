#include "gui/disk_card.h"

#include <QVBoxLayout>

#include "words/catalogue.h"

namespace wipeseal::gui {

QString disk_title(const DeviceInfo& d) {
  QString kind = words::device_kind(d);
  if (!kind.isEmpty()) kind[0] = kind[0].toUpper();
  QString who = d.model.empty() ? words::shown(d.name) : words::shown(d.vendor.empty() ? d.model : d.vendor + " " + d.model);
  return QStringLiteral("%1 %2 — %3").arg(kind, QString::fromStdString(format_size(d.size_bytes)), who);
}

DiskCard::DiskCard(const app::DiskView& disk, QWidget* parent) : QFrame(parent), disk_(disk) {
  setObjectName(QStringLiteral("card"));
  setProperty("refused", !disk_.eligible());
  auto* layout = new QVBoxLayout(this);
  check_ = new QCheckBox(this);
  check_->setFont(QFont(font().family(), static_cast<int>(font().pointSizeF() * 1.25), QFont::Bold));
  check_->setEnabled(disk_.eligible());
  details_ = new QLabel(this);
  details_->setWordWrap(true);
  plan_ = new QLabel(this);
  plan_->setWordWrap(true);
  refusal_ = new QLabel(this);
  refusal_->setWordWrap(true);
  refusal_->setObjectName(QStringLiteral("warning"));
  layout->addWidget(check_);
  layout->addWidget(details_);
  layout->addWidget(plan_);
  layout->addWidget(refusal_);
  connect(check_, &QCheckBox::toggled, this, &DiskCard::toggled);
  retranslate();
}

void DiskCard::set_selected(bool on) {
  if (disk_.eligible()) check_->setChecked(on);
}

void DiskCard::retranslate() {
  const DeviceInfo& d = disk_.device;
  check_->setText(disk_title(d));
  check_->setAccessibleName(disk_title(d) + QStringLiteral(" ") + words::shown(d.path));
  QStringList facts;
  facts << tr("Device: %1").arg(words::shown(d.path));
  if (!d.serial.empty()) facts << tr("Serial number: %1").arg(words::shown(d.serial));
  facts << tr("Holds: %1").arg(words::content_text(d.content));
  details_->setText(facts.join(QStringLiteral("\n")));
  if (disk_.plan && disk_.safety.allowed()) {
    const Recommendation& r = disk_.plan->recommendation;
    plan_->setText(tr("Method: %1\nWhy: %2").arg(words::method_label(r.method), words::plan_reason(r)));
    plan_->setVisible(true);
  } else {
    plan_->setVisible(false);
  }
  QStringList why;
  for (const Refusal& r : disk_.safety.refusals) {
    QString remedy = words::refusal_remedy(r);
    if (!remedy.isEmpty()) remedy[0] = remedy[0].toUpper();
    why << tr("Cannot be erased: %1 (%2). %3").arg(words::refusal_short(r), words::refusal_reason(r), remedy);
  }
  if (disk_.method_refused) why << words::shown(*disk_.method_refused);
  if (disk_.plan_error) why << tr("The drive could not be asked what it supports: %1").arg(words::error_text(*disk_.plan_error));
  refusal_->setText(why.join(QStringLiteral("\n")));
  refusal_->setVisible(!why.isEmpty());
}

}  // namespace wipeseal::gui
