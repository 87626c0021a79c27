#include "gui/welcome_page.h"

#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include "gui/style.h"
#include "wipe/clock.h"
#include "words/catalogue.h"

namespace wipeseal::gui {
namespace {

QDateTime corrected_local_now() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(corrected_now().time_since_epoch()).count();
  return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime();
}

}  // namespace

WelcomePage::WelcomePage(WizardState& state, QWidget* parent) : Page(state, parent) {
  auto* layout = new QVBoxLayout(this);
  intro_ = new QLabel(this);
  intro_->setWordWrap(true);
  intro_->setFont(scaled_font(font(), 1.15));
  layout->addWidget(intro_);

  auto* lang = new QHBoxLayout();
  language_label_ = new QLabel(this);
  vietnamese_ = new QRadioButton(QString::fromUtf8("Tiếng &Việt"), this);
  english_ = new QRadioButton(QStringLiteral("&English"), this);
  (words::language() == words::Lang::vi ? vietnamese_ : english_)->setChecked(true);
  lang->addWidget(language_label_);
  lang->addWidget(vietnamese_);
  lang->addWidget(english_);
  lang->addStretch();
  layout->addLayout(lang);
  connect(vietnamese_, &QRadioButton::toggled, this, [](bool on) {
    if (on) words::set_language(words::Lang::vi);
  });
  connect(english_, &QRadioButton::toggled, this, [](bool on) {
    if (on) words::set_language(words::Lang::en);
  });

  setup_ = new QLabel(this);
  setup_->setWordWrap(true);
  setup_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(setup_);

  clock_title_ = new QLabel(this);
  clock_ = new QLabel(this);
  clock_->setObjectName(QStringLiteral("clock"));
  clock_note_ = new QLabel(this);
  clock_note_->setWordWrap(true);
  correct_ = new QPushButton(this);
  auto* clock_row = new QHBoxLayout();
  clock_row->addWidget(clock_);
  clock_row->addSpacing(20);
  clock_row->addWidget(correct_);
  clock_row->addStretch();
  layout->addWidget(clock_title_);
  layout->addLayout(clock_row);
  layout->addWidget(clock_note_);
  connect(correct_, &QPushButton::clicked, this, &WelcomePage::correct_time);

  unfinished_ = new QLabel(this);
  unfinished_->setObjectName(QStringLiteral("warning"));
  unfinished_->setWordWrap(true);
  resume_ = new QPushButton(this);
  layout->addWidget(unfinished_);
  layout->addWidget(resume_, 0, Qt::AlignLeft);
  connect(resume_, &QPushButton::clicked, this, &WelcomePage::resume_requested);
  layout->addStretch();

  ticker_.setInterval(1000);
  connect(&ticker_, &QTimer::timeout, this, &WelcomePage::show_time);
  ticker_.start();
  retranslate();
}

void WelcomePage::enter() {
  // A data drive plugged in after the wizard started is found here (unless a folder was named).
  if (state_.options.data.source != app::DataFolder::Source::environment) state_.options.data = app::find_data_folder();
  refresh_setup();
  auto list = app::list_unfinished(state_.options.data.state());
  unfinished_jobs_ = list ? list->jobs.size() : 0;
  retranslate();
}

void WelcomePage::refresh_setup() {
  auto setup = app::load_office_setup(state_.options.data);
  if (setup) {
    state_.setup = std::move(*setup);
    state_.setup_error.reset();
  } else {
    state_.setup_error = setup.error();
  }
}

void WelcomePage::show_time() {
  const QDateTime now = corrected_local_now();
  clock_->setText(QLocale(words::language() == words::Lang::vi ? QLocale::Vietnamese : QLocale::English)
                      .toString(now, QStringLiteral("dd/MM/yyyy  HH:mm:ss")) +
                  QStringLiteral("  ") + now.timeZoneAbbreviation());
  const auto correction = clock_correction();
  if (correction) {
    const double minutes = static_cast<double>(correction->offset.count()) / 60000.0;
    clock_note_->setText(tr("Corrected by the operator (this computer's clock was %1 minutes off); the records say so.")
                             .arg(std::abs(minutes), 0, 'f', 0));
  } else {
    clock_note_->setText(tr("The certificate's date comes from this clock. Retired computers often keep a wrong one: "
                            "check it against your watch or phone."));
  }
}

void WelcomePage::correct_time() {
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Correct the date and time"));
  auto* layout = new QVBoxLayout(&dialog);
  auto* label = new QLabel(tr("The real date and time now (day/month/year hour:minute):"), &dialog);
  auto* edit = new QDateTimeEdit(corrected_local_now(), &dialog);
  edit->setDisplayFormat(QStringLiteral("dd/MM/yyyy HH:mm"));
  edit->setCalendarPopup(false);
  label->setBuddy(edit);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  layout->addWidget(label);
  layout->addWidget(edit);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  edit->setFocus();
  if (dialog.exec() != QDialog::Accepted) return;
  const auto ms = edit->dateTime().toMSecsSinceEpoch();
  set_clock_correction(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
  show_time();
}

void WelcomePage::retranslate() {
  intro_->setText(tr("wipeseal erases every disk of this computer so that the state secrets it held cannot be "
                     "recovered, and proves it by reading the disks back.\nAt the end it issues a signed record "
                     "(biên bản) for the office to print and file."));
  language_label_->setText(tr("Language:"));
  QString setup;
  const auto& folder = state_.options.data;
  const QString where = words::shown(folder.root);
  if (folder.source == app::DataFolder::Source::state_folder && app::running_on_live_image()) {
    setup = tr("No data drive was found: plug in the wipeseal stick with its data partition, or a USB drive "
               "labelled WIPESEAL-DATA, then go back to this page. Without it the records and certificates would "
               "be kept only in memory and lost when the computer is switched off.");
  } else if (state_.setup_error) {
    setup = tr("The office settings could not be read: %1").arg(words::error_text(*state_.setup_error));
  } else if (!app::has_signing_key(folder, state_.setup)) {
    setup = tr("No signing key was found in %1. Without it no certificate can be issued. To set one up, on any "
               "computer with wipeseal: wipeseal key init --office \"Your office\" --key-dir %2")
                .arg(where, words::shown(folder.keys()));
  } else if (state_.setup.details) {
    setup = tr("Office: %1. Signing key and settings found in %2.")
                .arg(words::shown(state_.setup.details->issuing_body), where);
  } else {
    setup = tr("Signing key found in %1. The office's details are filled in on step 3 and remembered.").arg(where);
  }
  setup_->setText(setup);
  clock_title_->setText(tr("Date and time on this computer:"));
  correct_->setText(tr("C&orrect the date and time…"));
  if (unfinished_jobs_ > 0) {
    unfinished_->setText(tr("%n erasure(s) were stopped before the end last time. Finish them before starting "
                            "new ones.",
                            nullptr, static_cast<int>(unfinished_jobs_)));
    resume_->setText(tr("&Finish the stopped erasures"));
  }
  unfinished_->setVisible(unfinished_jobs_ > 0);
  resume_->setVisible(unfinished_jobs_ > 0);
  show_time();
}

}  // namespace wipeseal::gui
