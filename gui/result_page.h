// Step 6: for each disk ĐẠT / ĐẠT CÓ NGOẠI LỆ / KHÔNG ĐẠT with the reason in plain words, the
// physical-destruction recommendation where it applies, the biên bản as the PDF renders it,
// Print, Save to a USB drive, and Next computer.
#pragma once

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>

#include "gui/page.h"
#include "gui/pdf_preview.h"

namespace wipeseal::gui {

class ResultPage : public Page {
  Q_OBJECT
 public:
  ResultPage(WizardState& state, QWidget* parent);
  ~ResultPage() override;
  QString title() const override { return tr("Results"); }
  bool can_go_back() const override { return false; }
  QString next_label() const override { return tr("Next &computer"); }
  void enter() override;
  void retranslate() override;
  QListWidget* list() const { return list_; }
  QLabel* verdict() const { return verdict_; }
  PdfPreview* preview() const { return preview_; }

 private:
  void show_result(int row);
  void print();
  void save_to_usb();
  void refresh_targets();

  QListWidget* list_;
  QLabel* verdict_;
  QLabel* explanation_;
  QLabel* status_;
  PdfPreview* preview_;
  QPushButton* print_;
  QComboBox* targets_;
  QPushButton* refresh_;
  QPushButton* save_;
};

}  // namespace wipeseal::gui
