// Step 3: what the record (biên bản) says: the office, the reason, the highest secrecy level the
// disks ever held, the computer, the people present, where the computer goes. Required fields are
// checked in place. Vietnamese is typed by Telex or VNI in the fields themselves. Values are
// remembered for the next computer (except the asset number and the computer's serial).
#pragma once

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QScrollArea>

#include <map>

#include "gui/page.h"
#include "gui/vietnamese_line_edit.h"

namespace wipeseal::gui {

class DetailsPage : public Page {
  Q_OBJECT
 public:
  DetailsPage(WizardState& state, QWidget* parent);
  QString title() const override { return tr("What the record says"); }
  void enter() override;
  bool accept() override;
  void retranslate() override;
  // Clears what belongs to one computer (asset number, serial), for the next one.
  void next_computer();
  // The field for a JSON key of the details ("issuing_body", "participants.performer.name"...).
  VietnameseLineEdit* field(const std::string& key) const { return fields_.at(key); }
  QComboBox* typing() const { return typing_; }

 private:
  VietnameseLineEdit* add_field(const std::string& key, bool vietnamese);
  nlohmann::json to_json() const;
  void fill(const certificates::OfficeDetails& d);
  void show_problems(const std::vector<certificates::DetailProblem>& problems);
  static QString problem_text(const std::string& code);
  void set_typing(int index);

  QFormLayout* form_;
  QComboBox* typing_;
  QLabel* other_error_ = nullptr;
  QComboBox* reason_;
  QComboBox* level_;
  QLabel* typing_label_;
  QLabel* required_note_;
  std::map<std::string, VietnameseLineEdit*> fields_;
  std::map<std::string, QLabel*> labels_;
  std::map<std::string, QLabel*> errors_;
  std::vector<std::string> order_;
  bool filled_ = false;
};

}  // namespace wipeseal::gui
