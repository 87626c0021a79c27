#include "gui/confirm_page.h"

#include <QVBoxLayout>

#include "gui/disk_card.h"
#include "gui/style.h"
#include "words/catalogue.h"

namespace wipeseal::gui {

bool is_confirmation(const QString& typed) {
  const QString word = typed.trimmed().toUpper();
  return word == QStringLiteral("XOA") || word == QStringLiteral("XÓA") || word == QStringLiteral("ERASE");
}

ConfirmPage::ConfirmPage(WizardState& state, QWidget* parent) : Page(state, parent) {
  auto* layout = new QVBoxLayout(this);
  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  summary_->setTextFormat(Qt::PlainText);
  warning_ = new QLabel(this);
  warning_->setObjectName(QStringLiteral("warning"));
  warning_->setWordWrap(true);
  warning_->setFont(scaled_font(font(), 1.15, true));
  prompt_ = new QLabel(this);
  prompt_->setWordWrap(true);
  confirm_ = new QLineEdit(this);
  confirm_->setMaxLength(20);
  prompt_->setBuddy(confirm_);
  error_ = new QLabel(this);
  error_->setObjectName(QStringLiteral("error"));
  error_->setWordWrap(true);
  error_->hide();
  layout->addWidget(warning_);
  layout->addWidget(summary_);
  layout->addWidget(prompt_);
  layout->addWidget(confirm_);
  layout->addWidget(error_);
  layout->addStretch();
  connect(confirm_, &QLineEdit::textChanged, this, &ConfirmPage::changed);
  retranslate();
}

bool ConfirmPage::can_go_next() const { return is_confirmation(confirm_->text()) && !state_.selected.empty(); }

void ConfirmPage::enter() {
  confirm_->clear();
  error_->hide();
  retranslate();
  confirm_->setFocus();
}

void ConfirmPage::show_error(const QString& text) {
  error_->setText(text);
  error_->show();
}

void ConfirmPage::retranslate() {
  warning_->setText(tr("ALL DATA on these disks will be destroyed permanently. It cannot be undone."));
  QStringList lines;
  for (const auto& d : state_.chosen()) {
    lines << QStringLiteral("• %1   (%2)").arg(disk_title(d.device), words::shown(d.device.path));
    lines << QStringLiteral("    ") + tr("Holds: %1").arg(words::content_text(d.device.content));
    if (d.plan) {
      lines << QStringLiteral("    ") + tr("Method: %1").arg(words::method_label(d.plan->recommendation.method));
      if (d.plan->recommendation.destroy_if_top_secret) {
        lines << QStringLiteral("    ") + tr("If it ever held Tuyệt mật information, destroy it physically after erasing.");
      }
    }
  }
  if (state_.details) {
    lines << QString();
    lines << tr("Record: %1, asset number %2, reason: %3, highest level held: %4.")
                 .arg(words::shown(state_.details->issuing_body), words::shown(state_.details->asset_number),
                      words::office_reason(certificates::reason_code(state_.details->reason)),
                      words::secrecy_level(certificates::secrecy_code(state_.details->secrecy_level)));
  }
  summary_->setText(lines.join(QStringLiteral("\n")));
  prompt_->setText(tr("To confirm, type &XOA (or ERASE) here; then Start erasing becomes available:"));
}

}  // namespace wipeseal::gui
