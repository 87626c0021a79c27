// The wizard on image files (no root): the confirmation gate, form validation in place, Telex
// typing in the fields, and a screenshot of every page in Vietnamese and English at 1024x768
// (docs/screenshots/, refreshed by every run of this test when WIPESEAL_SCREENSHOTS_DIR points
// there; otherwise into the build folder).
#include <gtest/gtest.h>

#include <QCheckBox>
#include <QComboBox>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gui/confirm_page.h"
#include "tests/gui/wizard_fixture.h"
#include "tests/support/device_content.h"
#include "tests/support/faulty_block_device.h"
#include "tests/support/test_loop_device.h"
#include "words/catalogue.h"

namespace wipeseal::gui {
namespace {

namespace fs = std::filesystem;
using namespace test_support;
constexpr std::uint64_t MiB = 1 << 20;

std::string image(const wipeseal::test::TempDir& dir, const std::string& name, std::uint64_t size, const std::string& label = {}) {
  const std::string path = dir.file(name);
  wipeseal::test::make_filled_file(path, size, 0);
  if (!label.empty()) {
    const std::string docs = dir.file(name + ".docs");
    fs::create_directories(docs);
    for (int i = 0; i < 3; ++i) std::ofstream(docs + "/cong-van-mat-" + std::to_string(i) + ".txt") << "TÀI LIỆU MẬT " << i;
    EXPECT_EQ(wipeseal::test::run_command({"mke2fs", "-q", "-F", "-t", "ext4", "-L", label, "-d", docs, path}), 0);
  }
  return fs::canonical(path).string();
}

std::string screenshots_dir() {
  const char* env = std::getenv("WIPESEAL_SCREENSHOTS_DIR");
  const std::string dir = env != nullptr && *env != '\0' ? env : WIPESEAL_BUILD_SCREENSHOTS;
  fs::create_directories(dir);
  return dir;
}

void shoot(Wizard& w, const std::string& name) {
  QCoreApplication::processEvents();
  const QString path = QString::fromStdString(screenshots_dir() + "/" + name + ".png");
  ASSERT_TRUE(w.grab().save(path)) << path.toStdString();
}

// Fills the record details as an operator would: key by key, Vietnamese through Telex.
void fill_details(Wizard& w) {
  DetailsPage* p = w.details_page();
  p->typing()->setCurrentIndex(0);  // Telex, whatever the language
  auto fill = [&](const char* key, const char* keys) {
    p->field(key)->setFocus();
    p->field(key)->clear();
    type(p->field(key), QString::fromUtf8(keys));
  };
  fill("parent_body", "UBND tinhr Hwng Yeen");
  fill("issuing_body", "Sowr Khoa hocj vaf Coong ngheej");
  fill("record_symbol", "BB-KHCN");
  fill("place", "Hwng Yeen");
  fill("asset_number", "TS-2024-0153");
  fill("host_serial", "PC-VP-07");
  fill("participants.performer.name", "Nguyeenx Vaawn An");
  fill("participants.performer.title", "Chuyeen vieen");
  fill("participants.custodian.name", "Traanf Thij Binhf");
  fill("participants.custodian.title", "Vaawn thuw");
  fill("participants.head.name", "Lee Quang Cuwowngf");
  fill("participants.head.title", "Giams ddoocs");
  fill("destination", "Mays tinhs keets nooi Internet cuar Vaawn phongf");
}

class WizardTest : public ::testing::Test {
 protected:
  void SetUp() override { words::set_language(words::Lang::vi); }
  void TearDown() override { words::set_language(words::Lang::vi); }
  OfficeFolder office_;
  wipeseal::test::TempDir disks_;
};

TEST_F(WizardTest, StartStaysDisabledUntilTheWordIsTypedAndNothingSelectedCannotGoOn) {
  const std::string a = image(disks_, "a.img", 8 * MiB);
  Wizard w(options_for(office_, {a}));
  show_active(w);
  w.next();
  ASSERT_EQ(w.step(), Wizard::disks);
  ASSERT_TRUE(wait_until([&] { return w.disks_page()->cards().size() == 1; }));
  EXPECT_FALSE(w.next_button()->isEnabled()) << "nothing is pre-selected, so there is nothing to go on with";
  EXPECT_FALSE(w.disks_page()->cards()[0]->selected());
  w.disks_page()->cards()[0]->check_box()->setChecked(true);
  EXPECT_TRUE(w.next_button()->isEnabled());
  w.next();
  fill_details(w);
  w.next();
  ASSERT_EQ(w.step(), Wizard::confirm);
  EXPECT_FALSE(w.next_button()->isEnabled());
  QLineEdit* word = w.confirm_page()->confirmation();
  word->setFocus();
  type(word, QStringLiteral("XO"));
  EXPECT_FALSE(w.next_button()->isEnabled());
  type(word, QStringLiteral("X"));
  EXPECT_FALSE(w.next_button()->isEnabled()) << "XOX";
  word->clear();
  type(word, QStringLiteral("xoa"));
  EXPECT_TRUE(w.next_button()->isEnabled());
  word->clear();
  type(word, QStringLiteral("ERASE"));
  EXPECT_TRUE(w.next_button()->isEnabled());
  EXPECT_TRUE(is_confirmation(QString::fromUtf8(" XÓA ")));
  EXPECT_FALSE(is_confirmation(QStringLiteral("yes")));
  EXPECT_EQ(wipeseal::test::read_bytes(a, 0, 16), std::string(16, '\0')) << "nothing written before Start";
}

TEST_F(WizardTest, RequiredFieldsAreCheckedInPlaceAndTelexTypesVietnamese) {
  const std::string a = image(disks_, "a.img", 8 * MiB);
  Wizard w(options_for(office_, {a}));
  show_active(w);
  w.go_to(Wizard::details);
  DetailsPage* p = w.details_page();
  EXPECT_FALSE(p->accept()) << "an empty form cannot go on";
  EXPECT_TRUE(p->field("issuing_body")->property("invalid").toBool());
  EXPECT_TRUE(p->field("participants.performer.name")->property("invalid").toBool());
  EXPECT_FALSE(p->field("parent_body")->property("invalid").toBool()) << "optional";
  EXPECT_EQ(QApplication::focusWidget(), p->field("issuing_body")) << "the first field to fix gets the focus";
  fill_details(w);
  EXPECT_EQ(p->field("participants.performer.name")->text().toStdString(), "Nguyễn Văn An");
  EXPECT_EQ(p->field("issuing_body")->text().toStdString(), "Sở Khoa học và Công nghệ");
  EXPECT_EQ(p->field("asset_number")->text().toStdString(), "TS-2024-0153") << "codes are typed as they are";
  EXPECT_TRUE(p->accept());
  ASSERT_TRUE(w.state().details);
  EXPECT_EQ(w.state().details->participants.size(), 3u);
  // Remembered for the next computer, without this computer's asset number.
  auto setup = app::load_office_setup(office_.data);
  ASSERT_TRUE(setup && setup->details);
  EXPECT_EQ(setup->details->issuing_body, "Sở Khoa học và Công nghệ");
  EXPECT_TRUE(setup->details->asset_number.empty());
  p->typing()->setCurrentIndex(1);  // VNI
  p->field("notes")->setFocus();
  type(p->field("notes"), QStringLiteral("Ghi chu1"));
  EXPECT_EQ(p->field("notes")->text().toStdString(), "Ghi chú");
}

TEST_F(WizardTest, ScreenshotsOfEveryPageInBothLanguages) {
  for (const words::Lang lang : {words::Lang::vi, words::Lang::en}) {
    const std::string code = words::language_code(lang);
    OfficeFolder office;
    wipeseal::test::TempDir dir;
    words::set_language(lang);
    const std::string hdd = image(dir, "may-tinh-van-phong.img", 64 * MiB, "HOSO-MAT");
    const std::string usb = image(dir, "usb.img", 16 * MiB, "USB-MAT");
    const std::string empty = image(dir, "empty.img", 0);
    WizardOptions options = options_for(office, {hdd, usb, empty});
    // Slow writes, so that the progress page is caught half-way.
    wipeseal::test::FaultPlan slow;
    slow.write_delay = std::chrono::milliseconds(40);
    options.engine.tuning.chunk_bytes = 1 * MiB;
    options.engine.open_device = [slow](const DeviceInfo& info) -> Result<std::unique_ptr<BlockDevice>> {
      auto real = open_block_device(info.path, OpenOptions{});
      if (!real) return std::unexpected(real.error());
      return std::make_unique<wipeseal::test::FaultyBlockDevice>(std::move(*real), slow);
    };
    Wizard w(std::move(options));
    w.resize(1024, 768);
    show_active(w);
    shoot(w, code + "-1-welcome");
    w.next();
    ASSERT_TRUE(wait_until([&] { return w.disks_page()->cards().size() == 3; }));
    std::size_t eligible = 0;
    for (DiskCard* card : w.disks_page()->cards()) eligible += card->eligible();
    EXPECT_EQ(eligible, 2u) << "the empty image is refused";
    w.disks_page()->cards()[0]->check_box()->setChecked(true);
    w.disks_page()->cards()[1]->check_box()->setChecked(true);
    EXPECT_FALSE(w.disks_page()->cards()[2]->check_box()->isEnabled()) << "a refused disk cannot be ticked";
    shoot(w, code + "-2-disks");
    w.next();
    fill_details(w);
    shoot(w, code + "-3-details");
    w.next();
    ASSERT_EQ(w.step(), Wizard::confirm);
    w.confirm_page()->confirmation()->setFocus();
    type(w.confirm_page()->confirmation(), QStringLiteral("XOA"));
    shoot(w, code + "-4-confirm");
    w.next();
    ASSERT_TRUE(wait_until([&] { return w.step() == Wizard::progress; }));
    QTest::qWait(300);
    shoot(w, code + "-5-progress");
    ASSERT_TRUE(wait_until([&] { return w.progress_page()->finished(); }, std::chrono::seconds(120)));
    w.next();
    ASSERT_EQ(w.step(), Wizard::result);
    EXPECT_GE(w.result_page()->preview()->pages_shown(), 2) << "the biên bản is on screen as the PDF renders it";
    shoot(w, code + "-6-result");
    const auto& results = w.state().session->results();
    ASSERT_EQ(results.devices.size(), 2u);
    for (const auto& d : results.devices) {
      EXPECT_EQ(d.classification, app::Classification::erased) << d.record.outcome_detail;
      ASSERT_TRUE(d.certificate) << (d.certificate_error ? d.certificate_error->describe() : "");
      EXPECT_TRUE(fs::exists(d.certificate->pdf_path));
    }
  }
}

}  // namespace
}  // namespace wipeseal::gui
