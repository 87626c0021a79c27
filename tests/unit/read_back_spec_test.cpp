// --verify as the operator types it (app/read_back.h): plain percentages, full, none; nothing
// a parser happens to accept by accident ("0x10", "1e1", "inf").
#include <gtest/gtest.h>

#include "app/read_back.h"

namespace wipeseal {
namespace {

TEST(ReadBackSpecTest, OnlyPlainPercentagesFullOrNoneAreAccepted) {
  for (const char* good : {"1", "0.5", "0.5%", "100", " 1", "1 ", "full", "  full "}) {
    EXPECT_TRUE(app::ReadBackSpec::parse(good, false)) << good;
  }
  for (const char* bad : {"0x10", "1e1", "inf", "nan", "-1", "0", "101", "", "%", "1.2.3", "1,5", "ful", "none"}) {
    EXPECT_FALSE(app::ReadBackSpec::parse(bad, false)) << bad;
  }
  EXPECT_TRUE(app::ReadBackSpec::parse("none", true));
  EXPECT_EQ(app::ReadBackSpec::parse("12.5%", false)->percent, 12.5);
}

}  // namespace
}  // namespace wipeseal
