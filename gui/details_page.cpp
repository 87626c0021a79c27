#include "gui/details_page.h"

#include <QStyle>
#include <QVBoxLayout>

#include "words/catalogue.h"

namespace wipeseal::gui {
namespace {

constexpr const char* kReasons[] = {"repurpose", "repair", "network", "disposal", "transfer"};
constexpr const char* kLevels[] = {"mat", "toi_mat", "tuyet_mat"};
constexpr const char* kRoles[] = {"performer", "custodian", "head"};

// The per-field text fields in form order; true where Vietnamese is typed (codes and serial
// numbers are typed as they are).
const std::vector<std::pair<std::string, bool>>& text_fields() {
  static const std::vector<std::pair<std::string, bool>> fields = {
      {"parent_body", true},
      {"issuing_body", true},
      {"record_symbol", false},
      {"place", true},
      {"asset_number", false},
      {"host_serial", false},
      {"participants.performer.name", true},
      {"participants.performer.title", true},
      {"participants.custodian.name", true},
      {"participants.custodian.title", true},
      {"participants.head.name", true},
      {"participants.head.title", true},
      {"destination", true},
      {"notes", true},
  };
  return fields;
}

std::string text_of(const QLineEdit* e) { return e->text().trimmed().toStdString(); }

}  // namespace

DetailsPage::DetailsPage(WizardState& state, QWidget* parent) : Page(state, parent) {
  auto* outer = new QVBoxLayout(this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  auto* body = new QWidget(scroll);
  form_ = new QFormLayout(body);
  form_->setRowWrapPolicy(QFormLayout::WrapLongRows);
  scroll->setWidget(body);
  required_note_ = new QLabel(this);
  required_note_->setWordWrap(true);
  outer->addWidget(required_note_);
  // A problem in a value this page has no field for (recipients or basis from office.json).
  other_error_ = new QLabel(this);
  other_error_->setObjectName(QStringLiteral("error"));
  other_error_->setWordWrap(true);
  other_error_->hide();
  outer->addWidget(other_error_);
  outer->addWidget(scroll, 1);

  typing_label_ = new QLabel(body);
  typing_ = new QComboBox(body);
  typing_->addItems({QStringLiteral("Telex"), QStringLiteral("VNI"), QString()});
  typing_label_->setBuddy(typing_);
  form_->addRow(typing_label_, typing_);
  connect(typing_, &QComboBox::currentIndexChanged, this, &DetailsPage::set_typing);

  auto add_combo = [&](const std::string& key, QComboBox*& combo, const auto& codes) {
    combo = new QComboBox(body);
    for (const char* code : codes) combo->addItem(QString(), QString::fromLatin1(code));
    auto* label = new QLabel(body);
    label->setBuddy(combo);
    auto* error = new QLabel(body);
    error->setObjectName(QStringLiteral("error"));
    error->hide();
    form_->addRow(label, combo);
    form_->addRow(QString(), error);
    labels_[key] = label;
    errors_[key] = error;
  };
  for (const auto& [key, vietnamese] : text_fields()) {
    add_field(key, vietnamese);
    if (key == "place") {
      add_combo("reason", reason_, kReasons);
      add_combo("secrecy_level", level_, kLevels);
    }
  }
  retranslate();
}

VietnameseLineEdit* DetailsPage::add_field(const std::string& key, bool vietnamese) {
  QWidget* body = form_->parentWidget();
  auto* edit = new VietnameseLineEdit(body);
  edit->set_typing_mode(vietnamese ? TypingMode::telex : TypingMode::off);
  edit->setProperty("vietnamese", vietnamese);
  edit->setMaxLength(200);
  auto* label = new QLabel(body);
  label->setWordWrap(true);
  label->setBuddy(edit);
  auto* error = new QLabel(body);
  error->setObjectName(QStringLiteral("error"));
  error->hide();
  form_->addRow(label, edit);
  form_->addRow(QString(), error);
  fields_[key] = edit;
  labels_[key] = label;
  errors_[key] = error;
  order_.push_back(key);
  connect(edit, &QLineEdit::textEdited, this, [this, key] {
    if (!errors_[key]->isVisible()) return;
    show_problems(certificates::detail_problems(to_json()));  // recheck once a problem was shown
  });
  return edit;
}

void DetailsPage::set_typing(int index) {
  const TypingMode mode = index == 0 ? TypingMode::telex : index == 1 ? TypingMode::vni : TypingMode::off;
  for (auto& [key, edit] : fields_) {
    if (edit->property("vietnamese").toBool()) edit->set_typing_mode(mode);
  }
}

void DetailsPage::enter() {
  if (!filled_) {
    filled_ = true;
    if (state_.setup.details) fill(*state_.setup.details);
    // Typing Vietnamese is on by default in Vietnamese, off in English.
    typing_->setCurrentIndex(words::language() == words::Lang::vi ? 0 : 2);
  }
  // The first field to fill in gets the keyboard.
  for (const std::string& key : order_) {
    if (fields_[key]->text().isEmpty() && key != "parent_body") {
      fields_[key]->setFocus();
      return;
    }
  }
  fields_[order_.front()]->setFocus();
}

void DetailsPage::fill(const certificates::OfficeDetails& d) {
  fields_["parent_body"]->setText(QString::fromStdString(d.parent_body));
  fields_["issuing_body"]->setText(QString::fromStdString(d.issuing_body));
  fields_["record_symbol"]->setText(QString::fromStdString(d.record_symbol));
  fields_["place"]->setText(QString::fromStdString(d.place));
  fields_["asset_number"]->setText(QString::fromStdString(d.asset_number));
  fields_["host_serial"]->setText(QString::fromStdString(d.host_serial));
  fields_["destination"]->setText(QString::fromStdString(d.destination));
  fields_["notes"]->setText(QString::fromStdString(d.notes));
  reason_->setCurrentIndex(reason_->findData(QString::fromLatin1(certificates::reason_code(d.reason))));
  level_->setCurrentIndex(level_->findData(QString::fromLatin1(certificates::secrecy_code(d.secrecy_level))));
  for (const auto& p : d.participants) {
    const std::string role = certificates::role_code(p.role);
    fields_["participants." + role + ".name"]->setText(QString::fromStdString(p.name));
    fields_["participants." + role + ".title"]->setText(QString::fromStdString(p.title));
  }
}

nlohmann::json DetailsPage::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const char* key : {"parent_body", "issuing_body", "record_symbol", "place", "asset_number", "host_serial",
                          "destination", "notes"}) {
    j[key] = text_of(fields_.at(key));
  }
  j["reason"] = reason_->currentData().toString().toStdString();
  j["secrecy_level"] = level_->currentData().toString().toStdString();
  nlohmann::json people = nlohmann::json::array();
  for (const char* role : kRoles) {
    const std::string name = text_of(fields_.at(std::string("participants.") + role + ".name"));
    const std::string title = text_of(fields_.at(std::string("participants.") + role + ".title"));
    // The performer is always listed (the record needs one); the others when named.
    if (!name.empty() || std::string(role) == "performer") people.push_back({{"name", name}, {"title", title}, {"role", role}});
  }
  j["participants"] = people;
  if (state_.setup.details) j["recipients"] = state_.setup.details->recipients;
  return j;
}

QString DetailsPage::problem_text(const std::string& code) {
  if (code == "missing") return tr("Required: please fill this in.");
  if (code == "too_long") return tr("Too long: please shorten it.");
  if (code == "control_character") return tr("Contains a control character (such as a tab): please remove it.");
  if (code == "unprintable_character") {
    return tr("Contains a character the certificate cannot print (such as an emoji): please use letters, digits and "
              "punctuation.");
  }
  if (code == "not_a_recipient") return tr("'Như trên' has no meaning in a biên bản: please name the recipients.");
  return tr("Please choose one of the options.");
}

void DetailsPage::show_problems(const std::vector<certificates::DetailProblem>& problems) {
  other_error_->hide();
  for (auto& [key, error] : errors_) {
    error->hide();
    if (fields_.contains(key)) {
      fields_[key]->setProperty("invalid", false);
      fields_[key]->style()->polish(fields_[key]);
    }
  }
  for (const auto& p : problems) {
    // "participants.performer" concerns the name field of that person.
    const std::string key = p.field.starts_with("participants.") ? p.field + ".name" : p.field;
    auto it = errors_.find(key);
    if (it == errors_.end()) {
      other_error_->setText(tr("The office setup saved on the stick has a problem in \"%1\" that this page cannot edit: "
                               "%2. Ask IT staff to correct office.json.")
                                .arg(QString::fromStdString(p.field), problem_text(p.code)));
      other_error_->show();
      continue;
    }
    it->second->setText(problem_text(p.code));
    it->second->show();
    if (fields_.contains(key)) {
      fields_[key]->setProperty("invalid", true);
      fields_[key]->style()->polish(fields_[key]);
    }
  }
}

bool DetailsPage::accept() {
  const nlohmann::json j = to_json();
  const auto problems = certificates::detail_problems(j);
  show_problems(problems);
  if (!problems.empty()) {
    for (const std::string& key : order_) {
      if (errors_[key]->isVisible()) {
        fields_[key]->setFocus();
        break;
      }
    }
    return false;
  }
  auto details = certificates::details_from_json(j);
  if (!details) return false;
  state_.details = *details;
  state_.setup.details = *details;
  // Remembered for the next computer. If the stick cannot take them, the job can still go on;
  // the Welcome page says they were not saved.
  if (auto saved = app::save_office_setup(state_.options.data, state_.setup); !saved) state_.setup_error = saved.error();
  return true;
}

void DetailsPage::next_computer() {
  fields_["asset_number"]->clear();
  fields_["host_serial"]->clear();
}

void DetailsPage::retranslate() {
  required_note_->setText(tr("Fields marked * are required. Type Vietnamese with Telex (aa = â, dd = đ, s f r x j = "
                             "tones) or VNI (a6 = â, d9 = đ, 1-5 = tones); choose below."));
  typing_label_->setText(tr("Vietnamese &typing:"));
  typing_->setItemText(2, tr("Off"));
  const std::map<std::string, QString> names = {
      {"parent_body", tr("Governing body")},
      {"issuing_body", tr("Office or unit making the record *")},
      {"record_symbol", tr("Record symbol (e.g. BB-VP) *")},
      {"place", tr("Place (province or city) *")},
      {"reason", tr("Reason *")},
      {"secrecy_level", tr("Highest secrecy level the disks ever held *")},
      {"asset_number", tr("Asset number of this computer *")},
      {"host_serial", tr("Serial number of this computer")},
      {"participants.performer.name", tr("Person erasing: full name *")},
      {"participants.performer.title", tr("Person erasing: position")},
      {"participants.custodian.name", tr("Custodian of the computer: full name")},
      {"participants.custodian.title", tr("Custodian: position")},
      {"participants.head.name", tr("Head of unit: full name")},
      {"participants.head.title", tr("Head of unit: position")},
      {"destination", tr("Where the computer goes next *")},
      {"notes", tr("Notes")},
  };
  for (const auto& [key, text] : names) labels_[key]->setText(text);
  for (int i = 0; i < reason_->count(); ++i) {
    reason_->setItemText(i, words::office_reason(reason_->itemData(i).toString().toStdString()));
  }
  for (int i = 0; i < level_->count(); ++i) {
    level_->setItemText(i, words::secrecy_level(level_->itemData(i).toString().toStdString()));
  }
}

}  // namespace wipeseal::gui
