#include "wipe/content_probe.h"

#include <blkid/blkid.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "wipe/hex.h"
#include "wipe/text.h"

namespace wipeseal {
namespace {

struct ProbeDeleter {
  void operator()(blkid_struct_probe* p) const { blkid_free_probe(p); }
};
using ProbePtr = std::unique_ptr<blkid_struct_probe, ProbeDeleter>;

std::string lookup(blkid_probe pr, const char* name) {
  const char* value = nullptr;
  std::size_t len = 0;
  if (blkid_probe_lookup_value(pr, name, &value, &len) != 0 || value == nullptr) return {};
  return std::string(value, strnlen(value, len));
}

std::optional<std::uint64_t> lookup_number(blkid_probe pr, const char* name) {
  const std::string text = lookup(pr, name);
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (end == text.c_str()) return std::nullopt;
  return v;
}

// Walks every probing function of the enabled chains (as wipefs does): blkid_do_probe returns one
// signature per call, so a disk holding both a partition table and a stale filesystem shows both.
void collect_signatures(blkid_probe pr, std::uint64_t base, const std::string& partition, ContentSummary& out) {
  while (blkid_do_probe(pr) == 0) {
    ContentSignature sig;
    sig.offset = base;
    sig.partition = partition;
    if (std::string pttype = lookup(pr, "PTTYPE"); !pttype.empty()) {
      sig.kind = "partition_table";
      sig.type = pttype;
      sig.uuid = lookup(pr, "PTUUID");
      sig.magic_offset = base + lookup_number(pr, "PTMAGIC_OFFSET").value_or(0);
    } else if (std::string type = lookup(pr, "TYPE"); !type.empty()) {
      sig.kind = "filesystem";
      sig.type = type;
      sig.label = lookup(pr, "LABEL");
      // Labels written in legacy Vietnamese encodings (TCVN3, VNI) are not UTF-8.
      if (!is_valid_utf8(sig.label)) {
        sig.label_hex = to_hex(sig.label);
        sig.label = escape_invalid_utf8(sig.label);
      }
      sig.uuid = lookup(pr, "UUID");
      sig.usage = lookup(pr, "USAGE");
      sig.magic_offset = base + lookup_number(pr, "SBMAGIC_OFFSET").value_or(0);
    } else {
      continue;
    }
    // libblkid formats these itself, but they come from the disk: never let one break a record.
    for (std::string* text : {&sig.type, &sig.uuid, &sig.usage}) *text = escape_invalid_utf8(*text);
    out.signatures.push_back(std::move(sig));
  }
}

ProbePtr new_probe(int fd, std::uint64_t offset, std::uint64_t size) {
  ProbePtr pr(blkid_new_probe());
  if (!pr) return nullptr;
  if (blkid_probe_set_device(pr.get(), fd, static_cast<blkid_loff_t>(offset), static_cast<blkid_loff_t>(size)) != 0) {
    return nullptr;
  }
  return pr;
}

}  // namespace

ContentSummary probe_content(const std::string& path) {
  ContentSummary out;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    out.probe_error = fmt::format("cannot open for probing: {}", std::strerror(errno));
    return out;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};

  // Pass 1: every signature on the whole device (partition tables and superblocks).
  ProbePtr whole = new_probe(fd, 0, 0);
  if (!whole) {
    out.probe_error = "libblkid cannot probe this device";
    return out;
  }
  blkid_probe_enable_superblocks(whole.get(), 1);
  blkid_probe_set_superblocks_flags(whole.get(), BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID |
                                                     BLKID_SUBLKS_USAGE | BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_BADCSUM);
  blkid_probe_enable_partitions(whole.get(), 1);
  blkid_probe_set_partitions_flags(whole.get(), BLKID_PARTS_MAGIC | BLKID_PARTS_ENTRY_DETAILS);
  const auto disk_size = static_cast<std::uint64_t>(blkid_probe_get_size(whole.get()));
  collect_signatures(whole.get(), 0, {}, out);
  out.probed = true;

  // Pass 2: the partition list, then the signatures inside each partition.
  ProbePtr parts_probe = new_probe(fd, 0, 0);
  if (!parts_probe) return out;
  blkid_probe_enable_superblocks(parts_probe.get(), 0);
  blkid_probe_enable_partitions(parts_probe.get(), 1);
  blkid_partlist list = blkid_probe_get_partitions(parts_probe.get());
  if (list == nullptr) return out;
  if (blkid_parttable table = blkid_partlist_get_table(list); table != nullptr) {
    if (const char* t = blkid_parttable_get_type(table)) out.partition_table = escape_invalid_utf8(t);
  }
  const int count = blkid_partlist_numof_partitions(list);
  for (int i = 0; i < count; ++i) {
    blkid_partition part = blkid_partlist_get_partition(list, i);
    if (part == nullptr) continue;
    PartitionEntry entry;
    entry.number = blkid_partition_get_partno(part);
    entry.start_bytes = static_cast<std::uint64_t>(blkid_partition_get_start(part)) * 512;
    entry.size_bytes = static_cast<std::uint64_t>(blkid_partition_get_size(part)) * 512;
    if (const char* t = blkid_partition_get_type_string(part)) {
      entry.type = escape_invalid_utf8(t);
    } else {
      entry.type = fmt::format("0x{:02x}", blkid_partition_get_type(part));
    }
    out.partitions.push_back(entry);
    if (entry.size_bytes == 0 || (disk_size != 0 && entry.start_bytes >= disk_size)) continue;
    const std::uint64_t size = disk_size != 0 ? std::min(entry.size_bytes, disk_size - entry.start_bytes) : entry.size_bytes;
    ProbePtr inner = new_probe(fd, entry.start_bytes, size);
    if (!inner) continue;
    blkid_probe_enable_superblocks(inner.get(), 1);
    blkid_probe_set_superblocks_flags(inner.get(), BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID |
                                                       BLKID_SUBLKS_USAGE | BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_BADCSUM);
    blkid_probe_enable_partitions(inner.get(), 0);
    collect_signatures(inner.get(), entry.start_bytes, fmt::format("partition {}", entry.number), out);
  }
  return out;
}

}  // namespace wipeseal
