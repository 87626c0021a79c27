#include "gui/disks_page.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QMessageBox>

#include "app/unfreeze.h"
#include "words/catalogue.h"

namespace wipeseal::gui {

DisksPage::DisksPage(WizardState& state, QWidget* parent)
    : Page(state, parent), watcher_(state.options.disks, state.options.disk_poll, this) {
  auto* layout = new QVBoxLayout(this);
  hint_ = new QLabel(this);
  hint_->setWordWrap(true);
  layout->addWidget(hint_);
  auto* row = new QHBoxLayout();
  select_all_ = new QPushButton(this);
  status_ = new QLabel(this);
  row->addWidget(select_all_);
  row->addWidget(status_, 1);
  layout->addLayout(row);
  frozen_ = new QLabel(this);
  frozen_->setObjectName(QStringLiteral("warning"));
  frozen_->setWordWrap(true);
  unfreeze_ = new QPushButton(this);
  layout->addWidget(frozen_);
  layout->addWidget(unfreeze_, 0, Qt::AlignLeft);
  frozen_->hide();
  unfreeze_->hide();
  connect(unfreeze_, &QPushButton::clicked, this, &DisksPage::unfreeze);
  scroll_ = new QScrollArea(this);
  scroll_->setWidgetResizable(true);
  list_ = new QWidget(scroll_);
  list_layout_ = new QVBoxLayout(list_);
  list_layout_->addStretch();
  scroll_->setWidget(list_);
  layout->addWidget(scroll_, 1);
  connect(select_all_, &QPushButton::clicked, this, &DisksPage::select_all);
  connect(&watcher_, &DiskWatcher::examining, this, [this] { status_->setText(tr("Looking at the disks…")); });
  connect(&watcher_, &DiskWatcher::disks_changed, this, &DisksPage::show_disks);
  retranslate();
}

void DisksPage::enter() {
  select_all_->setFocus();
  watcher_.start();
}

void DisksPage::leave() { watcher_.stop(); }

bool DisksPage::can_go_next() const { return !state_.selected.empty(); }

namespace {

// What a card shows; the cards are rebuilt only when this changes, so the focus stays put.
std::string summary(const std::vector<app::DiskView>& disks) {
  std::string s;
  for (const auto& d : disks) {
    s += d.device.path + '|' + std::to_string(d.device.size_bytes) + '|' + (d.eligible() ? "1" : "0") + '|' +
         std::to_string(d.safety.refusals.size()) + '|' + std::to_string(d.device.content.signatures.size()) + ';';
  }
  return s;
}

}  // namespace

void DisksPage::show_disks(const std::vector<app::DiskView>& disks) {
  if (!cards_.empty() && summary(disks) == summary(state_.disks)) {
    status_->setText(status_text_);
    return;
  }
  QString focused;
  for (DiskCard* card : cards_) {
    if (card->check_box()->hasFocus()) focused = QString::fromStdString(card->disk().device.path);
  }
  state_.disks = disks;
  // A selected disk that went away, or became unusable, is no longer selected.
  std::set<std::string> still;
  for (const auto& d : disks) {
    if (d.eligible() && state_.selected.contains(d.device.path)) still.insert(d.device.path);
  }
  state_.selected = std::move(still);
  for (DiskCard* card : cards_) card->deleteLater();
  cards_.clear();
  QWidget* previous = select_all_;
  for (const auto& d : disks) {
    auto* card = new DiskCard(d, list_);
    card->set_selected(state_.selected.contains(d.device.path));
    connect(card, &DiskCard::toggled, this, &DisksPage::remember_selection);
    list_layout_->insertWidget(list_layout_->count() - 1, card);
    setTabOrder(previous, card->check_box());
    previous = card->check_box();
    cards_.push_back(card);
  }
  std::size_t eligible = 0;
  for (const auto& d : disks) eligible += d.eligible();
  status_text_ = tr("%n disk(s) found, %1 may be erased.", nullptr, static_cast<int>(disks.size())).arg(eligible);
  status_->setText(status_text_);
  select_all_->setEnabled(eligible > 0);
  frozen_->setVisible(app::any_frozen(disks));
  unfreeze_->setVisible(app::any_frozen(disks));
  for (DiskCard* card : cards_) {
    if (QString::fromStdString(card->disk().device.path) == focused) card->check_box()->setFocus();
  }
  emit changed();
}

void DisksPage::select_all() {
  for (DiskCard* card : cards_) card->set_selected(true);
  remember_selection();
}

void DisksPage::remember_selection() {
  state_.selected.clear();
  for (DiskCard* card : cards_) {
    // Only a disk that may be erased can be chosen, whatever state its box is in.
    if (card->selected() && card->eligible()) state_.selected.insert(card->disk().device.path);
  }
  emit changed();
}

void DisksPage::unfreeze() {
  const auto answer = QMessageBox::question(
      this, tr("Put the computer to sleep?"),
      tr("The computer will sleep for a few seconds and wake up by itself; that takes the BIOS's lock off the "
         "drives. If it does not wake up, press its power button briefly."),
      QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
  if (answer != QMessageBox::Yes) return;
  status_->setText(tr("Sleeping, then looking at the disks again…"));
  QCoreApplication::processEvents();
  if (auto slept = app::suspend_and_resume(std::chrono::seconds(5)); !slept) {
    QMessageBox::warning(this, tr("Could not sleep"), words::error_text(slept.error()));
  }
  watcher_.refresh();
}

void DisksPage::retranslate() {
  frozen_->setText(tr("A drive's firmware erase is locked by the BIOS (frozen). A short sleep of the computer "
                      "unlocks it; until then that drive can only be overwritten."));
  unfreeze_->setText(tr("&Unlock by sleeping 5 seconds"));
  hint_->setText(tr("Tick each disk of this computer to erase. Disks that must not be touched are greyed out with "
                    "the reason. The wipeseal stick itself is never offered."));
  select_all_->setText(tr("Select &all disks that may be erased"));
  for (DiskCard* card : cards_) card->retranslate();
}

}  // namespace wipeseal::gui
