// What wipeseal knows about a disk before it touches it: identity, geometry, how it is attached,
// what it holds, and the facts the safety policy needs (partitions, holders, read-only flag).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wipeseal {

enum class Transport { sata, sas, nvme, usb, mmc, virtio, loop, scsi, image_file, unknown };
const char* transport_name(Transport t);

// One signature libblkid recognised: a partition table or a filesystem/RAID/swap superblock.
struct ContentSignature {
  std::string kind;                 // "partition_table" or "filesystem" (libblkid's superblock probe)
  std::string type;                 // "gpt", "dos", "ext4", "vfat", "swap", "crypto_LUKS", ...
  std::string label;                // invalid UTF-8 bytes escaped as "\xNN" (wipe/text.h)
  std::string label_hex;            // the label's raw bytes in hex when they were not valid UTF-8
  std::string uuid;
  std::string usage;                // libblkid USAGE: filesystem, raid, crypto, other
  std::uint64_t offset = 0;         // where the container starts on the disk (0 or a partition start)
  std::uint64_t magic_offset = 0;   // absolute byte offset of the signature's magic on the disk
  std::string partition;            // partition name ("sdb1") if found inside one
  friend bool operator==(const ContentSignature&, const ContentSignature&) = default;
};

struct PartitionEntry {
  int number = 0;
  std::uint64_t start_bytes = 0;
  std::uint64_t size_bytes = 0;
  std::string type;                 // partition type GUID or MBR type code
  friend bool operator==(const PartitionEntry&, const PartitionEntry&) = default;
};

// ContentSummary::probe_error when the content was not read because another program holds the
// disk exclusively (DeviceInfo::in_use); the frontends say it in the user's language.
inline constexpr const char* kContentNotReadInUse = "not read: another program has the disk open exclusively";

struct ContentSummary {
  bool probed = false;              // false if libblkid could not read the device
  std::string probe_error;          // why, if not probed
  std::string partition_table;      // "gpt", "dos", or empty
  std::vector<PartitionEntry> partitions;
  std::vector<ContentSignature> signatures;
  bool empty() const { return partition_table.empty() && signatures.empty(); }
  friend bool operator==(const ContentSummary&, const ContentSummary&) = default;
};

struct DeviceInfo {
  std::string path;                 // what the user named, resolved: /dev/sdb or /abs/path/disk.img
  std::string name;                 // kernel name: "sdb", "nvme0n1", "loop3"; file name for images
  dev_t devno = 0;                  // 0 for image files
  std::string vendor;
  std::string model;
  std::string serial;
  std::string firmware;
  std::string wwn;
  Transport transport = Transport::unknown;
  bool rotational = false;
  bool removable = false;
  bool read_only = false;
  bool is_partition = false;        // the path names a partition, not a whole disk
  bool is_virtual = false;          // dm-*, md*, zram*: built from other devices, not a disk
  std::string parent_disk;          // for a partition: its whole disk
  std::uint32_t logical_sector_size = 512;
  std::uint32_t physical_sector_size = 512;
  std::uint64_t size_bytes = 0;
  std::string loop_backing_file;    // for loop devices
  std::vector<std::string> partition_names;  // kernel names of its partitions ("sdb1")
  std::vector<dev_t> partition_devnos;
  std::vector<std::string> holders;          // dm/md devices stacked on the disk or its partitions
  // Another program had the whole disk open exclusively when it was examined (O_EXCL answered
  // EBUSY) and no mount, swap or stacked volume explains it: another wipeseal job, or a tool
  // writing it. Its content is then not probed: reads queue behind the other program's writes.
  bool in_use = false;
  ContentSummary content;
  // Identity strings (vendor, model, serial, firmware, wwn) are kept valid UTF-8: bytes that were
  // not are escaped as "\xNN" in the field, and the raw bytes are kept here in hex by field name.
  std::map<std::string, std::string> raw_hex;

  bool is_image_file() const { return transport == Transport::image_file; }
  // "Samsung SSD 870 (S/N ABC123), 500 GB, sata" style one-liner for logs.
  std::string one_line() const;
};

// Decimal, as drive vendors count: "512 GB", "4.29 GB", "1 MB".
std::string format_size(std::uint64_t bytes);

}  // namespace wipeseal
