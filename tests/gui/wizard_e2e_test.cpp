// The wizard end to end on loop devices the test created (root): keyboard only, it erases two
// disks while a third, mounted, is shown greyed with its reason; the record details are typed
// with Telex; the passphrase goes into the wizard's own dialog; and both disks end with verified,
// signed certificates that `openssl cms -verify` accepts. Also: a disk plugged in while the Disks
// page is open appears.
#include <gtest/gtest.h>

#include <QInputDialog>
#include <QTimer>

#include <filesystem>

#include "tests/gui/wizard_fixture.h"
#include "tests/support/device_content.h"
#include "tests/support/test_loop_device.h"
#include "words/catalogue.h"

namespace wipeseal::gui {
namespace {

namespace fs = std::filesystem;
using namespace test_support;
using wipeseal::test::TestLoopDevice;
constexpr std::uint64_t MiB = 1 << 20;

std::map<std::string, std::string> markers() {
  std::map<std::string, std::string> files;
  for (int i = 0; i < 4; ++i) files["cong-van-" + std::to_string(i) + ".txt"] = "WIPESEAL-MARKER-" + std::to_string(i) + " mật";
  return files;
}

// A wizard that shows only loop devices this test process created (the guard of the harness:
// nothing else can even be offered).
WizardOptions loop_options(const OfficeFolder& office) {
  WizardOptions o = options_for(office, {});
  o.disks.show = [](const DeviceInfo& d) { return TestLoopDevice::is_ours(d.path); };
  o.ask_secret = nullptr;  // the real passphrase dialog
  return o;
}

class WizardEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!wipeseal::test::can_use_loop_devices()) GTEST_SKIP() << "needs root and /dev/loop-control (label: root)";
    words::set_language(words::Lang::vi);
  }
};

TEST_F(WizardEndToEnd, KeyboardOnlyTwoDisksErasedAndCertifiedAMountedOneRefused) {
  OfficeFolder office;
  TestLoopDevice a(16 * MiB), b(16 * MiB), mounted(16 * MiB);
  for (TestLoopDevice* d : {&a, &b, &mounted}) d->make_ext4(d->path(), markers(), "HOSO");
  mounted.mount(mounted.path());
  Wizard w(loop_options(office));
  w.resize(1024, 768);
  show_active(w);

  press(&w, Qt::Key_Return);  // Welcome -> Disks
  ASSERT_EQ(w.step(), Wizard::disks);
  ASSERT_TRUE(wait_until([&] { return w.disks_page()->cards().size() == 3; }));
  int refused = 0;
  for (DiskCard* card : w.disks_page()->cards()) {
    if (card->disk().device.path != mounted.path()) continue;
    ++refused;
    EXPECT_FALSE(card->eligible());
    EXPECT_FALSE(card->check_box()->isEnabled()) << "greyed";
    EXPECT_EQ(card->property("refused").toBool(), true);
    bool says_why = false;
    for (QLabel* label : card->findChildren<QLabel*>()) {
      says_why = says_why || label->text().contains(QString::fromUtf8("Đang được sử dụng"));
    }
    EXPECT_TRUE(says_why) << "the reason is shown in plain words";
  }
  EXPECT_EQ(refused, 1);
  press(&w, Qt::Key_C, Qt::AltModifier);  // "Chọn tất cả ổ được phép"
  EXPECT_EQ(w.state().selected, (std::set<std::string>{a.path(), b.path()}));
  press(&w, Qt::Key_Return);  // -> Details
  ASSERT_EQ(w.step(), Wizard::details);

  // Tab from field to field, typing as a clerk would with Telex.
  const std::vector<QString> keys = {
      QStringLiteral("Sowr Khoa hocj vaf Coong ngheej"),  // issuing body (the first empty field)
      QStringLiteral("BB-KHCN"),                           // record symbol
      QStringLiteral("Hwng Yeen"),                         // place
  };
  for (const QString& k : keys) {
    type(&w, k);
    press(&w, Qt::Key_Tab);
  }
  press(&w, Qt::Key_Tab);  // reason: repurpose (the default)
  press(&w, Qt::Key_Down);  // secrecy level: Tối mật
  press(&w, Qt::Key_Tab);
  type(&w, QStringLiteral("TS-2024-0153"));
  press(&w, Qt::Key_Tab);
  type(&w, QStringLiteral("PC-VP-07"));
  press(&w, Qt::Key_Tab);
  type(&w, QStringLiteral("Nguyeenx Vaawn An"));
  press(&w, Qt::Key_Tab);
  type(&w, QStringLiteral("Chuyeen vieen"));
  for (int i = 0; i < 5; ++i) press(&w, Qt::Key_Tab);  // custodian and head left empty
  type(&w, QStringLiteral("Mays tinhs noooij booj"));
  press(&w, Qt::Key_Return);  // -> Confirm
  ASSERT_EQ(w.step(), Wizard::confirm) << "the form was refused";
  ASSERT_TRUE(w.state().details);
  EXPECT_EQ(w.state().details->issuing_body, "Sở Khoa học và Công nghệ");
  EXPECT_EQ(w.state().details->participants.at(0).name, "Nguyễn Văn An");
  EXPECT_EQ(w.state().details->secrecy_level, certificates::SecrecyLevel::toi_mat);

  press(&w, Qt::Key_Return);
  EXPECT_EQ(w.step(), Wizard::confirm) << "Start needs the typed word";
  type(&w, QStringLiteral("XOA"));
  // The passphrase dialog opens when Start is pressed; it is answered with keys too.
  QTimer::singleShot(300, [] {
    QWidget* dialog = QApplication::activeModalWidget();
    ASSERT_NE(qobject_cast<QInputDialog*>(dialog), nullptr);
    type(dialog, QString::fromLatin1(kPassphrase));
    press(dialog, Qt::Key_Return);
  });
  press(&w, Qt::Key_Return);  // Start
  ASSERT_TRUE(wait_until([&] { return w.step() == Wizard::progress; }, std::chrono::seconds(30)));
  ASSERT_TRUE(wait_until([&] { return w.progress_page()->finished(); }, std::chrono::seconds(180)));
  press(&w, Qt::Key_Return);  // -> Results
  ASSERT_EQ(w.step(), Wizard::result);

  const auto& results = w.state().session->results();
  ASSERT_EQ(results.devices.size(), 2u);
  for (const auto& d : results.devices) {
    EXPECT_EQ(d.classification, app::Classification::erased) << d.record.outcome_detail;
    ASSERT_TRUE(d.record.verification);
    EXPECT_EQ(d.record.verification->outcome, VerificationOutcome::passed);
    ASSERT_TRUE(d.certificate) << (d.certificate_error ? d.certificate_error->describe() : "");
    std::string out;
    EXPECT_EQ(wipeseal::test::run_command({"openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                                           d.certificate->p7s_path, "-content", d.certificate->json_path, "-CAfile",
                                           office.data.keys() + "/office-ca.pem", "-out", "/dev/null"},
                                          &out),
              0)
        << out;
  }
  for (TestLoopDevice* d : {&a, &b}) {
    EXPECT_TRUE(wipeseal::test::find_string(d->path(), d->size(), "WIPESEAL-MARKER-").empty()) << d->path();
  }
  EXPECT_FALSE(wipeseal::test::find_string(mounted.path(), mounted.size(), "WIPESEAL-MARKER-").empty())
      << "the mounted disk was not touched";
  EXPECT_GE(w.result_page()->preview()->pages_shown(), 2);
}

TEST_F(WizardEndToEnd, ADiskPluggedInWhileTheDisksPageIsOpenAppears) {
  OfficeFolder office;
  TestLoopDevice first(8 * MiB);
  Wizard w(loop_options(office));
  show_active(w);
  w.next();
  ASSERT_TRUE(wait_until([&] { return w.disks_page()->cards().size() == 1; }));
  {
    TestLoopDevice second(8 * MiB);
    ASSERT_TRUE(wait_until([&] { return w.disks_page()->cards().size() == 2; }, std::chrono::seconds(20)))
        << "the new disk did not appear";
    w.disks_page()->cards()[1]->check_box()->setChecked(true);
    EXPECT_FALSE(w.state().selected.empty());
  }
  // Unplugged: gone from the page, and no longer selected.
  ASSERT_TRUE(wait_until([&] { return w.disks_page()->cards().size() == 1; }, std::chrono::seconds(20)));
  EXPECT_EQ(w.state().selected.count(first.path()), 0u);
}

}  // namespace
}  // namespace wipeseal::gui
