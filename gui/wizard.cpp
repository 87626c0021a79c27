#include "gui/wizard.h"

#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QMessageBox>
#include <QVBoxLayout>

#include "gui/style.h"
#include "words/catalogue.h"

namespace wipeseal::gui {

Wizard::Wizard(WizardOptions options, QWidget* parent) : QWidget(parent) {
  state_.options = std::move(options);
  setWindowTitle(QStringLiteral("wipeseal"));
  auto* layout = new QVBoxLayout(this);
  auto* header = new QHBoxLayout();
  title_ = new QLabel(this);
  title_->setObjectName(QStringLiteral("title"));
  step_label_ = new QLabel(this);
  step_label_->setObjectName(QStringLiteral("step"));
  header->addWidget(title_, 1);
  header->addWidget(step_label_);
  layout->addLayout(header);

  stack_ = new QStackedWidget(this);
  welcome_ = new WelcomePage(state_, stack_);
  disks_ = new DisksPage(state_, stack_);
  details_ = new DetailsPage(state_, stack_);
  confirm_ = new ConfirmPage(state_, stack_);
  progress_ = new ProgressPage(state_, stack_);
  result_ = new ResultPage(state_, stack_);
  for (Page* page : std::initializer_list<Page*>{welcome_, disks_, details_, confirm_, progress_, result_}) {
    stack_->addWidget(page);
    connect(page, &Page::changed, this, &Wizard::update_buttons);
  }
  layout->addWidget(stack_, 1);

  auto* footer = new QHBoxLayout();
  back_ = new QPushButton(this);
  next_ = new QPushButton(this);
  next_->setObjectName(QStringLiteral("primary"));
  footer->addWidget(back_);
  footer->addStretch();
  footer->addWidget(next_);
  layout->addLayout(footer);
  connect(back_, &QPushButton::clicked, this, &Wizard::back);
  connect(next_, &QPushButton::clicked, this, &Wizard::next);
  connect(welcome_, &WelcomePage::resume_requested, this, &Wizard::start_resume);
  connect(progress_, &ProgressPage::session_finished, this, &Wizard::update_buttons);
  go_to(welcome);
}

Wizard::~Wizard() {
  if (preparing_.joinable()) preparing_.join();
}

void Wizard::go_to(Step step) {
  if (stack_->currentIndex() != step) static_cast<Page*>(stack_->currentWidget())->leave();
  stack_->setCurrentIndex(step);
  static_cast<Page*>(stack_->currentWidget())->enter();
  retranslate();
}

void Wizard::next() {
  auto* page = static_cast<Page*>(stack_->currentWidget());
  if (!page->can_go_next() || !page->accept()) return;
  switch (step()) {
    case welcome: go_to(disks); break;
    case disks: go_to(details); break;
    case details: go_to(confirm); break;
    case confirm: start_session(); break;
    case progress: go_to(result); break;
    case result:
      // Next computer: the office's details stay; what belonged to this one goes.
      state_.session.reset();
      state_.selected.clear();
      state_.resuming = false;
      details_->next_computer();
      go_to(disks);
      break;
  }
}

void Wizard::back() {
  auto* page = static_cast<Page*>(stack_->currentWidget());
  if (!page->can_go_back() || step() == welcome) return;
  go_to(static_cast<Step>(step() - 1));
}

std::optional<std::string> Wizard::secret_for(app::SecretKind kind) {
  if (state_.options.ask_secret) return state_.options.ask_secret(kind);
  bool ok = false;
  const QString text = QInputDialog::getText(
      this, tr("Signing key"),
      kind == app::SecretKind::token_pin ? tr("PIN of the signing token:") : tr("Passphrase of the office's signing key:"),
      QLineEdit::Password, QString(), &ok);
  if (!ok) return std::nullopt;
  return text.toStdString();
}

void Wizard::start_session() {
  if (!state_.details) return;
  app::EraseRequest request;
  for (const auto& d : state_.chosen()) request.devices.push_back(d.device.path);
  request.method = "auto";
  const app::DataFolder& folder = state_.options.data;
  request.records_dir = folder.records();
  request.state_dir = folder.state();
  request.engine = state_.options.engine;
  app::CertificationRequest certify;
  certify.details = *state_.details;
  certify.register_path = folder.register_path();
  certify.signing.key_dir = folder.keys();
  certify.signing.pkcs11_uri = state_.setup.pkcs11_uri;
  certify.signing.pkcs11_module = state_.setup.pkcs11_module;
  certify.signing.cert = state_.setup.token_cert;
  request.certify = certify;
  // The secret is asked here, on the GUI thread, before anything else is checked.
  const auto kind = state_.setup.pkcs11_uri.empty() ? app::SecretKind::key_passphrase : app::SecretKind::token_pin;
  std::optional<std::string> secret;
  if (app::has_signing_key(folder, state_.setup)) {
    secret = secret_for(kind);
    if (!secret) return;  // the operator cancelled: stay on the Confirm page
  }
  const app::SecretPrompt prompt = [secret](app::SecretKind) -> Result<std::string> {
    if (!secret) return std::unexpected(make_error(ErrorCode::not_found, "no signing key was found on the data folder"));
    return *secret;
  };
  state_.resuming = false;
  prepare_then_run([request = std::move(request), prompt]() mutable { return app::Session::prepare(std::move(request), prompt); });
}

void Wizard::prepare_then_run(std::function<Result<std::unique_ptr<app::Session>>()> prepare) {
  if (busy_) return;
  busy_ = true;
  update_buttons();
  confirm_->show_error(tr("Checking the disks, the folders and the key before anything is written…"));
  if (preparing_.joinable()) preparing_.join();
  preparing_ = std::thread([this, prepare = std::move(prepare)] {
    auto session = std::make_shared<Result<std::unique_ptr<app::Session>>>(prepare());
    QMetaObject::invokeMethod(this, [this, session] {
      busy_ = false;
      run(std::move(*session));
    }, Qt::QueuedConnection);
  });
}

void Wizard::start_resume() {
  app::ResumeRequest request;
  request.state_dir = state_.options.data.state();
  request.engine = state_.options.engine;
  std::optional<std::string> secret;
  const app::SecretPrompt prompt = [this, &secret](app::SecretKind kind) -> Result<std::string> {
    if (!secret) secret = secret_for(kind);
    if (!secret) return std::unexpected(make_error(ErrorCode::cancelled, "the passphrase was not given"));
    return *secret;
  };
  state_.resuming = true;
  auto session = app::Session::prepare_resume(std::move(request), prompt);
  if (!session) {
    QMessageBox::warning(this, tr("Cannot continue"), words::error_text(session.error()));
    return;
  }
  run(std::move(session));
}

void Wizard::run(Result<std::unique_ptr<app::Session>> session) {
  if (!session) {
    confirm_->show_error(tr("Nothing was erased: %1").arg(words::error_text(session.error())));
    return;
  }
  state_.session = std::move(*session);
  state_.session->start(progress_->bridge());
  go_to(progress);
}

void Wizard::update_buttons() {
  auto* page = static_cast<Page*>(stack_->currentWidget());
  next_->setText(page->next_label());
  next_->setEnabled(page->can_go_next() && !busy_);
  back_->setEnabled(page->can_go_back() && step() != welcome);
  back_->setVisible(step() != progress && step() != result);
  next_->setObjectName(step() == confirm ? QStringLiteral("danger") : QStringLiteral("primary"));
  next_->style()->unpolish(next_);
  next_->style()->polish(next_);
}

void Wizard::retranslate() {
  auto* page = static_cast<Page*>(stack_->currentWidget());
  title_->setText(page->title());
  step_label_->setText(tr("Step %1 of %2").arg(stack_->currentIndex() + 1).arg(stack_->count()));
  back_->setText(tr("&Back"));
  update_buttons();
}

void Wizard::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void Wizard::keyPressEvent(QKeyEvent* event) {
  if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && next_->isEnabled()) {
    next();
    return;
  }
  if (event->key() == Qt::Key_Escape && back_->isEnabled() && back_->isVisible()) {
    back();
    return;
  }
  QWidget::keyPressEvent(event);
}

void Wizard::closeEvent(QCloseEvent* event) {
  if (state_.session && !state_.session->wait_for(std::chrono::milliseconds(0))) {
    // Closing stops every disk (each keeps an honest record and can be resumed); ask first.
    const auto answer = QMessageBox::question(this, tr("Stop erasing?"),
                                              tr("Disks are still being erased. Closing stops them; they can be "
                                                 "finished later. Close anyway?"),
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
    state_.session->cancel_all();
    state_.session->wait();
  }
  event->accept();
}

}  // namespace wipeseal::gui
