#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"
#include "wipe/byte_range.h"
#include "wipe/content_probe.h"
#include "wipe/discovery.h"
#include "wipe/system_state.h"

namespace wipeseal {
namespace {

TEST(DiscoveryTest, TransportFromSysfsPath) {
  EXPECT_EQ(classify_transport("/sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda"),
            Transport::sata);
  EXPECT_EQ(classify_transport(
                "/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb"),
            Transport::usb);
  EXPECT_EQ(classify_transport("/sys/devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1"),
            Transport::nvme);
  EXPECT_EQ(classify_transport("/sys/devices/virtual/nvme-subsystem/nvme-subsys0/nvme0n1"), Transport::nvme);
  EXPECT_EQ(classify_transport("/sys/devices/pci0000:00/0000:00:1e.6/mmc_host/mmc0/mmc0:0001/block/mmcblk0"),
            Transport::mmc);
  EXPECT_EQ(classify_transport("/sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda"), Transport::virtio);
  EXPECT_EQ(classify_transport("/sys/devices/virtual/block/loop0"), Transport::loop);
  EXPECT_EQ(classify_transport("/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/host0/port-0:0/end_device-0:0/"
                               "target0:0:0/0:0:0:0/block/sdc"),
            Transport::sas);
  EXPECT_EQ(classify_transport("/sys/devices/pci0000:00/0000:00:05.0/virtio2/host2/target2:0:0/2:0:0:0/block/sda"),
            Transport::scsi);
}

TEST(DiscoveryTest, VpdUnitSerialNumberPage) {
  const std::string page("\x00\x80\x00\x0c  WD-WCC4N1234\x00", 17);
  EXPECT_EQ(parse_vpd_unit_serial(page), "WD-WCC4N12");
  EXPECT_EQ(parse_vpd_unit_serial(std::string("\x00\x80\x00\x05" "ABCDE", 9)), "ABCDE");
  EXPECT_EQ(parse_vpd_unit_serial(""), "");
}

TEST(DiscoveryTest, MountinfoParsing) {
  const std::string text =
      "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
      "98 22 7:3 / /mnt/h\\040so rw - ext4 /dev/loop3 rw\n"
      "99 22 0:45 / /data rw shared:9 master:2 - btrfs /dev/sdb2 rw\n";
  const auto m = parse_mountinfo(text);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].devno, makedev(254, 0));
  EXPECT_EQ(m[1].mount_point, "/mnt/h so");
  EXPECT_EQ(m[1].source, "/dev/loop3");
  EXPECT_EQ(m[2].source, "/dev/sdb2");
}

TEST(DiscoveryTest, MissingPathIsNotFoundAndNonDisksAreRefused) {
  auto missing = describe_device("/nonexistent/disk");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);

  test::TempDir dir;
  auto directory = describe_device(dir.path().string());
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().code, ErrorCode::refused);
  EXPECT_NE(directory.error().message.find("directory"), std::string::npos);

  if (::geteuid() == 0) {
    const std::string node = dir.file("chardev");
    ASSERT_EQ(::mknod(node.c_str(), S_IFCHR | 0600, makedev(1, 3)), 0);
    auto chr = describe_device(node);
    ASSERT_FALSE(chr);
    EXPECT_EQ(chr.error().code, ErrorCode::refused);
    EXPECT_NE(chr.error().message.find("character device"), std::string::npos);
  }
}

TEST(DiscoveryTest, ImageFileWithFilesystemIsDescribed) {
  test::TempDir dir;
  const std::string img = dir.file("disk.img");
  test::make_filled_file(img, 16 << 20, 0);
  ASSERT_EQ(test::run_command({"mkfs.ext4", "-q", "-F", "-L", "HOSO", img}), 0);
  auto d = describe_device(img);
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_EQ(d->transport, Transport::image_file);
  EXPECT_EQ(d->size_bytes, 16u << 20);
  ASSERT_TRUE(d->content.probed);
  ASSERT_EQ(d->content.signatures.size(), 1u);
  EXPECT_EQ(d->content.signatures[0].type, "ext4");
  EXPECT_EQ(d->content.signatures[0].label, "HOSO");
  EXPECT_EQ(d->content.signatures[0].magic_offset, 1080u);  // ext4 superblock at 1024 + s_magic at 0x38
}

TEST(DiscoveryTest, PartitionTableAndFilesystemsInsidePartitionsAreFound) {
  test::TempDir dir;
  const std::string img = dir.file("disk.img");
  test::make_filled_file(img, 64 << 20, 0);
  std::string out;
  // GPT with one partition from 1 MiB, then ext4 written at that offset, all without root.
  ASSERT_EQ(test::run_command({"sh", "-c", "echo 'start=2048, size=61440, type=L' | sfdisk -q -X gpt " + img}, &out), 0)
      << out;
  ASSERT_EQ(test::run_command({"mkfs.ext4", "-q", "-F", "-L", "TAILIEU", "-E", "offset=1048576", img, "30M"}, &out), 0)
      << out;
  const ContentSummary c = probe_content(img);
  ASSERT_TRUE(c.probed) << c.probe_error;
  EXPECT_EQ(c.partition_table, "gpt");
  ASSERT_EQ(c.partitions.size(), 1u);
  EXPECT_EQ(c.partitions[0].start_bytes, 1048576u);
  bool found_gpt = false, found_ext4 = false;
  for (const auto& s : c.signatures) {
    if (s.kind == "partition_table" && s.type == "gpt") found_gpt = true;
    if (s.type == "ext4" && s.label == "TAILIEU") {
      found_ext4 = true;
      EXPECT_EQ(s.magic_offset, 1048576u + 1080u);
      EXPECT_EQ(s.partition, "partition 1");
    }
  }
  EXPECT_TRUE(found_gpt);
  EXPECT_TRUE(found_ext4);
}

TEST(ByteRangeTest, MergeSortsAndJoinsTouchingRanges) {
  const auto merged = merge_ranges({{4096, 512}, {0, 512}, {512, 512}, {4608, 0}, {4600, 100}});
  EXPECT_EQ(merged, (std::vector<ByteRange>{{0, 1024}, {4096, 604}}));
}

}  // namespace
}  // namespace wipeseal
