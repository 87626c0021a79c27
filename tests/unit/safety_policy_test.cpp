#include <gtest/gtest.h>
#include <sys/sysmacros.h>

#include "wipe/safety_policy.h"
#include "words/catalogue.h"

namespace wipeseal {
namespace {

std::string remedy(const Refusal& r) { return words::refusal_remedy(r, words::Lang::en).toStdString(); }

DeviceInfo disk() {
  DeviceInfo d;
  d.path = "/dev/sdb";
  d.name = "sdb";
  d.devno = makedev(8, 16);
  d.transport = Transport::sata;
  d.size_bytes = 500'000'000'000ULL;
  d.partition_names = {"sdb1", "sdb2"};
  d.partition_devnos = {makedev(8, 17), makedev(8, 18)};
  return d;
}

std::vector<RefusalCode> codes(const SafetyDecision& d) {
  std::vector<RefusalCode> out;
  for (const auto& r : d.refusals) out.push_back(r.code);
  return out;
}

TEST(SafetyPolicyTest, AnIdleDiskMayBeErased) {
  EXPECT_TRUE(assess_safety(disk(), SystemState{}).allowed());
}

TEST(SafetyPolicyTest, AMountedPartitionRefusesTheWholeDiskAndSaysWhere) {
  SystemState s;
  s.mounts.push_back({makedev(8, 18), "/dev/sdb2", "/media/hoso"});
  const auto d = assess_safety(disk(), s);
  ASSERT_EQ(codes(d), std::vector{RefusalCode::mounted});
  EXPECT_EQ(d.refusals[0].subject, "sdb2");
  EXPECT_EQ(d.refusals[0].detail, "/media/hoso");
  EXPECT_NE(remedy(d.refusals[0]).find("umount /media/hoso"), std::string::npos);
}

TEST(SafetyPolicyTest, AMountedWholeDiskIsRefused) {
  SystemState s;
  s.mounts.push_back({makedev(8, 16), "/dev/sdb", "/mnt"});
  EXPECT_EQ(codes(assess_safety(disk(), s)), std::vector{RefusalCode::mounted});
}

TEST(SafetyPolicyTest, MountsOfOtherDisksDoNotMatter) {
  SystemState s;
  s.mounts.push_back({makedev(8, 1), "/dev/sda1", "/"});
  s.swaps.push_back({makedev(8, 2), "/dev/sda2"});
  s.boot.push_back({makedev(8, 0), "/", "/dev/sda1"});
  EXPECT_TRUE(assess_safety(disk(), s).allowed());
}

TEST(SafetyPolicyTest, TheBootDiskIsRefusedWithItsOwnReason) {
  SystemState s;
  s.boot.push_back({makedev(8, 16), "/run/live/medium", "/dev/sdb1"});
  const auto d = assess_safety(disk(), s);
  ASSERT_EQ(codes(d), std::vector{RefusalCode::boot_medium});
  EXPECT_EQ(d.refusals[0].detail, "/run/live/medium");
}

TEST(SafetyPolicyTest, SwapIsRefused) {
  SystemState s;
  s.swaps.push_back({makedev(8, 17), "/dev/sdb1"});
  const auto d = assess_safety(disk(), s);
  ASSERT_EQ(codes(d), std::vector{RefusalCode::swap});
  EXPECT_NE(remedy(d.refusals[0]).find("swapoff /dev/sdb1"), std::string::npos);
}

TEST(SafetyPolicyTest, HoldersAreRefused) {
  DeviceInfo d = disk();
  d.holders = {"dm-0"};
  const auto r = assess_safety(d, SystemState{});
  ASSERT_EQ(codes(r), std::vector{RefusalCode::holders});
  EXPECT_EQ(r.refusals[0].detail, "dm-0");
}

TEST(SafetyPolicyTest, ReadOnlyPartitionVirtualAndEmptyAreRefused) {
  DeviceInfo ro = disk();
  ro.read_only = true;
  EXPECT_EQ(codes(assess_safety(ro, {})), std::vector{RefusalCode::read_only});

  DeviceInfo part = disk();
  part.is_partition = true;
  part.name = "sdb1";
  part.parent_disk = "/dev/sdb";
  const auto p = assess_safety(part, {});
  ASSERT_EQ(codes(p), std::vector{RefusalCode::partition});
  EXPECT_NE(remedy(p.refusals[0]).find("/dev/sdb"), std::string::npos);

  DeviceInfo dm = disk();
  dm.name = "dm-3";
  dm.is_virtual = true;
  EXPECT_EQ(codes(assess_safety(dm, {})), std::vector{RefusalCode::virtual_device});

  DeviceInfo empty = disk();
  empty.size_bytes = 0;
  EXPECT_EQ(codes(assess_safety(empty, {})), std::vector{RefusalCode::no_medium});

  // Held exclusively by another program (another wipeseal job), with no mount to explain it.
  DeviceInfo held = disk();
  held.in_use = true;
  EXPECT_EQ(codes(assess_safety(held, {})), std::vector{RefusalCode::in_use});
}

TEST(SafetyPolicyTest, EveryReasonIsListedNotJustTheFirst) {
  DeviceInfo d = disk();
  d.read_only = true;
  d.holders = {"md127"};
  SystemState s;
  s.mounts.push_back({makedev(8, 17), "/dev/sdb1", "/a"});
  s.mounts.push_back({makedev(8, 18), "/dev/sdb2", "/b"});
  s.boot.push_back({makedev(8, 16), "/boot", "/dev/sdb1"});
  const auto r = assess_safety(d, s);
  EXPECT_EQ(codes(r), (std::vector{RefusalCode::boot_medium, RefusalCode::mounted, RefusalCode::mounted,
                                   RefusalCode::holders, RefusalCode::read_only}));
  for (const auto& refusal : r.refusals) {
    EXPECT_FALSE(words::refusal_reason(refusal, words::Lang::en).isEmpty());
    EXPECT_FALSE(words::refusal_remedy(refusal, words::Lang::en).isEmpty());
  }
}

TEST(SafetyPolicyTest, ImageFilesAreAllowedUnlessAttachedToALoopDevice) {
  DeviceInfo img;
  img.path = "/tmp/demo.img";
  img.transport = Transport::image_file;
  img.size_bytes = 1 << 20;
  EXPECT_TRUE(assess_safety(img, {}).allowed());
  img.holders = {"/dev/loop7"};
  const auto r = assess_safety(img, {});
  ASSERT_EQ(codes(r), std::vector{RefusalCode::image_attached});
  EXPECT_NE(remedy(r.refusals[0]).find("losetup -d /dev/loop7"), std::string::npos);
}

TEST(SafetyPolicyTest, TheWipesealStickAndTheDataDriveAreRefusedEvenWhenNotMounted) {
  DeviceInfo stick = disk();
  stick.transport = Transport::usb;
  stick.content.signatures.push_back({"filesystem", "iso9660", "WIPESEAL", "", "", "filesystem", 0, 32769, ""});
  const SafetyDecision s = assess_safety(stick, SystemState{});
  ASSERT_EQ(codes(s), std::vector<RefusalCode>{RefusalCode::wipeseal_medium});
  EXPECT_EQ(s.refusals[0].detail, "WIPESEAL");
  EXPECT_EQ(words::refusal_short(s.refusals[0], words::Lang::vi).toStdString(), "Đây là USB khởi động wipeseal");

  DeviceInfo data = disk();
  data.content.signatures.push_back({"filesystem", "ext4", "WIPESEAL-DATA", "", "", "filesystem", 0, 1080, "partition 3"});
  EXPECT_EQ(codes(assess_safety(data, SystemState{})), std::vector<RefusalCode>{RefusalCode::wipeseal_medium});

  DeviceInfo other = disk();
  other.content.signatures.push_back({"filesystem", "iso9660", "Debian 12", "", "", "filesystem", 0, 32769, ""});
  EXPECT_TRUE(assess_safety(other, SystemState{}).allowed()) << "another live stick is an ordinary disk";
}

}  // namespace
}  // namespace wipeseal
