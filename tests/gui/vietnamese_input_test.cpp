// Telex and VNI typing (gui/vietnamese_input.h): the words a clerk types every day, tone
// placement by the traditional rules, the undo of a doubled key, and words left alone.
#include <gtest/gtest.h>

#include "gui/vietnamese_input.h"

namespace wipeseal::gui {
namespace {

std::string telex(const char* keys) { return type_text(QString::fromUtf8(keys), TypingMode::telex).toStdString(); }
std::string vni(const char* keys) { return type_text(QString::fromUtf8(keys), TypingMode::vni).toStdString(); }

TEST(VietnameseInput, TelexTypesNamesAndTheWordsOfARecord) {
  EXPECT_EQ(telex("Nguyeenx"), "Nguyễn");
  EXPECT_EQ(telex("Nguyeenx Vaawn An"), "Nguyễn Văn An");
  EXPECT_EQ(telex("Traanf Thij Binhf"), "Trần Thị Bình");
  EXPECT_EQ(telex("Leee"), "Lee");  // the third e undoes the circumflex
  EXPECT_EQ(telex("Truwowngf"), "Trường");
  EXPECT_EQ(telex("Truowngf"), "Trường");
  EXPECT_EQ(telex("Ddaij hocj"), "Đại học");
  EXPECT_EQ(telex("Sowr Khoa hocj vaf Coong ngheej"), "Sở Khoa học và Công nghệ");
  EXPECT_EQ(telex("Vaawn thuw"), "Văn thư");
  EXPECT_EQ(telex("UBND phuwowngf Maaux"), "UBND phường Mẫu");
  EXPECT_EQ(telex("Thur truwowngr ddown vij"), "Thủ trưởng đơn vị");
  EXPECT_EQ(telex("Hwng Yeen"), "Hưng Yên");
}

TEST(VietnameseInput, TonesFollowTheTraditionalRules) {
  EXPECT_EQ(telex("hoaf"), "hòa");
  EXPECT_EQ(telex("hoanf"), "hoàn");
  EXPECT_EQ(telex("hoafn"), "hoàn") << "the tone moves when the final consonant comes after it";
  EXPECT_EQ(telex("thuyr"), "thủy");
  EXPECT_EQ(telex("muaf"), "mùa");
  EXPECT_EQ(telex("quaf"), "quà") << "u after q is part of the consonant";
  EXPECT_EQ(telex("giuwx"), "giữ") << "i after g is part of the consonant";
  EXPECT_EQ(telex("gif"), "gì");
  EXPECT_EQ(telex("nguowif"), "người");
  EXPECT_EQ(telex("khuyur"), "khuỷu") << "the middle of three vowels";
  EXPECT_EQ(telex("ngoaif"), "ngoài");
  EXPECT_EQ(telex("tieengs"), "tiếng");
}

TEST(VietnameseInput, ADoubledToneKeyUndoesItAndZRemovesIt) {
  EXPECT_EQ(telex("ass"), "as");
  EXPECT_EQ(telex("asz"), "a");
  EXPECT_EQ(telex("ddd"), "dd");
  EXPECT_EQ(telex("aww"), "aw");
}

TEST(VietnameseInput, WordsThatCannotBeVietnameseAreLeftAsTyped) {
  EXPECT_EQ(telex("Internet"), "Internet");
  EXPECT_EQ(telex("TS-2024-0153"), "TS-2024-0153");
  EXPECT_EQ(telex("PC-VP-07"), "PC-VP-07");
  EXPECT_EQ(telex("Windows"), "Windows");
}

TEST(VietnameseInput, CapitalsKeepTheirCase) {
  EXPECT_EQ(telex("NGUYEENX"), "NGUYỄN");
  EXPECT_EQ(telex("DDOONGF"), "ĐỒNG");
}

TEST(VietnameseInput, VniUsesDigitsAfterLetters) {
  EXPECT_EQ(vni("Nguye6n4"), "Nguyễn");
  EXPECT_EQ(vni("Tra6n2 Thi5 Bi2nh"), "Trần Thị Bình");
  EXPECT_EQ(vni("Tru7o7ng2"), "Trường");
  EXPECT_EQ(vni("d9a5i ho5c"), "đại học");
  EXPECT_EQ(vni("Va8n thu7"), "Văn thư");
  EXPECT_EQ(vni("TS-2024-0153"), "TS-2024-0153") << "digits on their own stay digits";
  EXPECT_EQ(vni("a11"), "a1");
}

TEST(VietnameseInput, OffTypesExactlyTheKeys) {
  EXPECT_EQ(type_text(QStringLiteral("Nguyeenx"), TypingMode::off).toStdString(), "Nguyeenx");
}

TEST(VietnameseInput, EditingInTheMiddleOfAWordUsesOnlyTheLettersBeforeTheCursor) {
  const QString text = QStringLiteral("Ha Noi");
  EXPECT_EQ(word_start(text, 2), 0);
  EXPECT_EQ(word_start(text, 6), 3);
  EXPECT_EQ(type_key(QStringLiteral("No"), QChar('o'), TypingMode::telex)->toStdString(), "Nô");
  EXPECT_FALSE(type_key(QStringLiteral("Noi"), QChar(' '), TypingMode::telex));
}

}  // namespace
}  // namespace wipeseal::gui
