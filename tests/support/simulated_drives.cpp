#include "tests/support/simulated_drives.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

namespace wipeseal::test {

namespace {

void write_range(const std::string& path, std::uint64_t from, std::uint64_t to,
                 const std::function<void(std::uint64_t, std::span<std::uint8_t>)>& gen) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("simulated media: cannot open " + path);
  std::vector<std::uint8_t> buf(1 << 20);
  for (std::uint64_t off = from; off < to;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), to - off));
    gen(off, std::span(buf.data(), n));
    if (::pwrite(fd, buf.data(), n, static_cast<off_t>(off)) != static_cast<ssize_t>(n)) {
      ::close(fd);
      throw std::runtime_error("simulated media: write failed");
    }
    off += n;
  }
  ::fsync(fd);
  ::close(fd);
}

void put_string(std::array<std::uint8_t, 512>& b, unsigned word, unsigned words, const std::string& s) {
  std::string padded = s;
  padded.resize(words * 2, ' ');
  for (unsigned i = 0; i < words; ++i) {  // ACS-3 3.4.9: first character in the high byte
    b[2 * (word + i) + 1] = static_cast<std::uint8_t>(padded[2 * i]);
    b[2 * (word + i)] = static_cast<std::uint8_t>(padded[2 * i + 1]);
  }
}

void put_word(std::array<std::uint8_t, 512>& b, unsigned word, std::uint16_t v) {
  b[2 * word] = static_cast<std::uint8_t>(v);
  b[2 * word + 1] = static_cast<std::uint8_t>(v >> 8);
}

// A BlockDevice over the media file that exposes only `size()` bytes and refuses I/O when told.
// Sectors above `split` (an ATA Host Protected Area) live in a second file, so that the main image
// file is exactly what the host sees before the HPA is restored.
class GatedDevice final : public BlockDevice {
 public:
  GatedDevice(std::unique_ptr<BlockDevice> inner, std::function<std::uint64_t()> size, std::function<bool()> blocked,
              std::unique_ptr<BlockDevice> tail = nullptr, std::uint64_t split = 0)
      : inner_(std::move(inner)), size_(std::move(size)), blocked_(std::move(blocked)), tail_(std::move(tail)), split_(split) {}
  const std::string& path() const override { return inner_->path(); }
  std::uint64_t size_bytes() const override { return size_(); }
  std::uint32_t logical_block_size() const override { return inner_->logical_block_size(); }
  std::size_t buffer_alignment() const override { return inner_->buffer_alignment(); }
  bool direct_io() const override { return inner_->direct_io(); }
  Status write_at(std::uint64_t offset, std::span<const std::byte> data) override {
    if (auto s = check(offset, data.size()); !s) return s;
    if (!tail_ || offset + data.size() <= split_) return inner_->write_at(offset, data);
    if (offset >= split_) return tail_->write_at(offset - split_, data);
    const std::size_t head = static_cast<std::size_t>(split_ - offset);
    if (auto s = inner_->write_at(offset, data.first(head)); !s) return s;
    return tail_->write_at(0, data.subspan(head));
  }
  Status read_at(std::uint64_t offset, std::span<std::byte> out) override {
    if (auto s = check(offset, out.size()); !s) return s;
    if (!tail_ || offset + out.size() <= split_) return inner_->read_at(offset, out);
    if (offset >= split_) return tail_->read_at(offset - split_, out);
    const std::size_t head = static_cast<std::size_t>(split_ - offset);
    if (auto s = inner_->read_at(offset, out.first(head)); !s) return s;
    return tail_->read_at(0, out.subspan(head));
  }
  Status flush() override {
    if (tail_) {
      if (auto s = tail_->flush(); !s) return s;
    }
    return inner_->flush();
  }

 private:
  Status check(std::uint64_t offset, std::size_t len) const {
    if (blocked_()) return std::unexpected(errno_error(EIO, "the simulated drive aborted the command (locked)", path(), offset));
    if (offset + len > size_()) return std::unexpected(errno_error(EIO, "beyond the accessible maximum", path(), offset));
    return {};
  }
  std::unique_ptr<BlockDevice> inner_;
  std::function<std::uint64_t()> size_;
  std::function<bool()> blocked_;
  std::unique_ptr<BlockDevice> tail_;
  std::uint64_t split_ = 0;
};

std::unique_ptr<BlockDevice> open_media(const std::string& path) {
  auto dev = open_block_device(path, OpenOptions{true, false, true});
  if (!dev) throw std::runtime_error("simulated media: " + dev.error().describe());
  return std::move(*dev);
}

}  // namespace

// `total_bytes` 0 keeps the file as the test made it (e.g. with mke2fs).
SimulatedMedia::SimulatedMedia(std::string path, std::uint64_t total_bytes) : path_(std::move(path)), total_(total_bytes) {
  const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path_);
  struct stat st{};
  ::fstat(fd, &st);
  if (total_ != 0 && static_cast<std::uint64_t>(st.st_size) != total_ && ::ftruncate(fd, static_cast<off_t>(total_)) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot size " + path_);
  }
  if (total_ == 0) total_ = static_cast<std::uint64_t>(st.st_size);
  ::close(fd);
}

void SimulatedMedia::fill_zero(std::uint64_t from, std::uint64_t to) {
  write_range(path_, from, to, [](std::uint64_t, std::span<std::uint8_t> b) { std::fill(b.begin(), b.end(), 0); });
}

void SimulatedMedia::fill_pattern(std::uint64_t from, std::uint64_t to, std::uint32_t pattern) {
  write_range(path_, from, to, [pattern](std::uint64_t off, std::span<std::uint8_t> b) {
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(pattern >> (8 * ((off + i) % 4)));
  });
}

void SimulatedMedia::fill_random(std::uint64_t from, std::uint64_t to, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  write_range(path_, from, to, [&rng](std::uint64_t, std::span<std::uint8_t> b) {
    for (std::size_t i = 0; i + 8 <= b.size(); i += 8) {
      const std::uint64_t v = rng();
      std::memcpy(b.data() + i, &v, 8);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// ATA. Security states follow ACS-3 4.19.11 (Table 13, SEC1-SEC6); SANITIZE follows ACS-3 4.17
// (the Sanitize Device state machine: SD0 idle, SD2 operation in progress, SD3 failed, SD4
// succeeded) with status reported by SANITIZE STATUS EXT (7.36.8).

SimulatedAtaDrive::SimulatedAtaDrive(std::string image_path, AtaProfile profile)
    : media_(std::move(image_path), profile.sectors * 512), p_(std::move(profile)) {
  accessible_ = amax_accessible_ = p_.sectors;
  native_ = std::max(p_.native_sectors, p_.sectors);
  frozen_ = p_.frozen;
  sanitize_frozen_ = p_.sanitize_frozen;
  d_sense_ = p_.satl.sense == SenseFormat::descriptor;
  if (native_ > accessible_) hpa_.emplace(hpa_path(), (native_ - accessible_) * 512);
}

const char* sense_format_name(SenseFormat f) {
  switch (f) {
    case SenseFormat::linux_default: return "LinuxDefault";
    case SenseFormat::fixed: return "Fixed";
    case SenseFormat::descriptor: return "Descriptor";
  }
  return "?";
}

namespace {
class SimulatedSgIo final : public SgIo {
 public:
  explicit SimulatedSgIo(SimulatedAtaDrive& d) : d_(d) {}
  SgAnswer send(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data, SgDirection,
                std::chrono::seconds) override {
    return d_.scsi_command(cdb, data);
  }

 private:
  SimulatedAtaDrive& d_;
};
}  // namespace

std::unique_ptr<AtaTransport> SimulatedAtaDrive::transport() {
  return make_sat_ata_transport(std::make_unique<SimulatedSgIo>(*this), media_.path());
}

std::unique_ptr<BlockDevice> SimulatedAtaDrive::block_device() {
  return std::make_unique<GatedDevice>(
      open_media(media_.path()),
      [this] {
        std::lock_guard lock(mu_);
        return accessible_ * 512;
      },
      [this] {
        std::lock_guard lock(mu_);
        return locked_ || powered_off_;  // ACS-3 4.19.11 SEC4: media access commands are aborted
      },
      hpa_ ? open_media(hpa_->path()) : nullptr, p_.sectors * 512);
}

void SimulatedAtaDrive::power_cycle() {
  std::lock_guard lock(mu_);
  powered_off_ = false;
  locked_ = enabled_;
  frozen_ = p_.frozen;
  sanitize_frozen_ = p_.sanitize_frozen;
  prepared_ = false;
  native_read_ = false;
  attempts_left_ = 5;
  // A volatile SET MAX is lost at power-off; SET ACCESSIBLE MAX ADDRESS is not (ACS-3 7.4.3).
  accessible_ = p_.amax ? amax_accessible_ : p_.sectors;
}

ata::Registers SimulatedAtaDrive::ok() const {
  ata::Registers r;
  r.status = 0x50;
  return r;
}

ata::Registers SimulatedAtaDrive::abort_cmd(std::uint8_t reason) const {
  ata::Registers r;
  r.status = 0x51;
  r.error = 0x04;
  r.lba = reason;  // the sanitize commands' error reason (ACS-3 7.36), 0 for the others
  return r;
}

std::array<std::uint8_t, 512> SimulatedAtaDrive::identify() const {
  std::array<std::uint8_t, 512> b{};
  put_word(b, 0, 0x0040);
  put_string(b, 10, 10, p_.serial);
  put_string(b, 23, 4, "SIM1");
  put_string(b, 27, 20, p_.model);
  put_word(b, 49, 0x0200);
  std::uint16_t w59 = 0;
  if (p_.sanitize) {
    w59 = 0x1000 | (p_.sanitize_crypto ? 0x2000 : 0) | (p_.sanitize_overwrite ? 0x4000 : 0) |
          (p_.sanitize_block ? 0x8000 : 0);
  }
  put_word(b, 59, w59);
  const std::uint64_t lba28 = std::min<std::uint64_t>(accessible_, 0x0FFFFFFF);
  put_word(b, 60, static_cast<std::uint16_t>(lba28));
  put_word(b, 61, static_cast<std::uint16_t>(lba28 >> 16));
  const bool hpa = p_.native_sectors > p_.sectors;
  put_word(b, 82, static_cast<std::uint16_t>((p_.security ? 0x0002 : 0) | 0x0400));
  put_word(b, 83, 0x4400);
  put_word(b, 84, 0x4000);
  put_word(b, 85, static_cast<std::uint16_t>((enabled_ ? 0x0002 : 0) | (hpa ? 0x0400 : 0)));
  put_word(b, 86, 0x0400);
  put_word(b, 87, 0x4000);
  put_word(b, 89, 0x0001);
  put_word(b, 90, 0x0001);
  for (unsigned i = 0; i < 4; ++i) put_word(b, 100 + i, static_cast<std::uint16_t>(accessible_ >> (16 * i)));
  put_word(b, 119, static_cast<std::uint16_t>(0x4000 | (p_.amax ? 0x0100 : 0)));  // bits 15:14 = 01b: valid
  if (p_.security) {
    put_word(b, 128, static_cast<std::uint16_t>(0x0001 | (enabled_ ? 0x0002 : 0) | (locked_ ? 0x0004 : 0) |
                                                (frozen_ ? 0x0008 : 0) | (attempts_left_ == 0 ? 0x0010 : 0) |
                                                (p_.enhanced_erase ? 0x0020 : 0) | (level_max_ ? 0x0100 : 0)));
  }
  put_word(b, 217, 1);
  b[510] = 0xA5;
  unsigned sum = 0;
  for (std::size_t i = 0; i < 511; ++i) sum += b[i];
  b[511] = static_cast<std::uint8_t>(-sum);
  return b;
}

Result<ata::Registers> SimulatedAtaDrive::execute(const ata::Command& c, std::span<std::uint8_t> data) {
  std::unique_lock lock(mu_);
  log.push_back(c.name);
  if (powered_off_) return std::unexpected(errno_error(ENODEV, "the simulated drive has no power", path()));
  const bool was_prepared = prepared_;
  prepared_ = false;  // ERASE PREPARE must immediately precede ERASE UNIT (ACS-3 7.46.1)
  const bool was_native_read = native_read_;
  native_read_ = false;  // likewise READ NATIVE MAX before SET MAX (ACS-3 7.40.1)
  auto password_matches = [&] {
    return data.size() >= 34 && std::equal(user_password_.begin(), user_password_.end(), data.begin() + 2);
  };
  switch (c.command) {
    case 0xEC: {
      const auto id = identify();
      std::copy(id.begin(), id.end(), data.begin());
      return ok();
    }
    case 0xF1:  // SET PASSWORD: allowed in SEC1 and SEC5 (Table 13)
      if (!p_.security || frozen_ || locked_) return abort_cmd();
      if ((data[0] & 1) == 0) {
        std::copy(data.begin() + 2, data.begin() + 34, user_password_.begin());
        passwords_set.push_back(user_password_);
        level_max_ = (data[1] & 1) != 0;
        enabled_ = true;
      }
      return ok();
    case 0xF2:  // UNLOCK: SEC4 -> SEC5; a wrong password decrements the attempt counter
      if (!p_.security || frozen_ || attempts_left_ == 0) return abort_cmd();
      if (!enabled_ || !password_matches()) {
        if (attempts_left_ > 0) --attempts_left_;
        return abort_cmd();
      }
      locked_ = false;
      return ok();
    case 0xF3:  // ERASE PREPARE
      if (!p_.security || frozen_) return abort_cmd();
      prepared_ = true;
      return ok();
    case 0xF4: {  // ERASE UNIT: allowed in SEC4/SEC5 right after PREPARE, with the right password
      if (!p_.security || frozen_ || !was_prepared || !enabled_ || attempts_left_ == 0) return abort_cmd();
      if (!password_matches()) {
        if (attempts_left_ > 0) --attempts_left_;
        return abort_cmd();
      }
      const bool enhanced = (data[0] & 0x02) != 0;
      if ((enhanced && !p_.enhanced_erase) || p_.erase_unit_aborts) return abort_cmd();
      if (p_.erase_interrupted) {
        p_.erase_interrupted = false;  // power lost half-way: security stays enabled, data half erased
        media_.fill_zero(0, native_ * 512 / 2);
        powered_off_ = true;
        return std::unexpected(errno_error(ENODEV, "the simulated drive lost power during SECURITY ERASE UNIT", path()));
      }
      // ACS-3 7.47.4: normal erase writes zeros to all user data; enhanced writes a vendor
      // pattern; afterwards security is disabled (SEC1) and the user password cleared.
      if (enhanced) {
        media_.fill_random(0, native_ * 512, 0xE7);
      } else {
        media_.fill_zero(0, native_ * 512);
      }
      enabled_ = false;
      locked_ = false;
      user_password_.fill(0);
      return ok();
    }
    case 0xF6:  // DISABLE PASSWORD: SEC5 -> SEC1
      if (!p_.security || frozen_ || locked_ || !enabled_ || !password_matches()) return abort_cmd();
      enabled_ = false;
      user_password_.fill(0);
      return ok();
    case 0xF5:
      frozen_ = true;
      return ok();
    case 0xB4:
      return sanitize_command(c);
    case 0x27:
    case 0xF8:
    case 0x78: {
      if (c.command == 0x78 && c.feature != 0x0000) {
        if (c.feature == 0x0001 && p_.amax) {  // SET ACCESSIBLE MAX ADDRESS EXT: not volatile
          accessible_ = amax_accessible_ = std::min<std::uint64_t>(c.lba + 1, native_);
          return ok();
        }
        return abort_cmd();
      }
      if (c.command == 0x78 && !p_.amax) return abort_cmd();
      ata::Registers r = ok();
      r.lba = native_ - 1;
      native_read_ = true;
      return r;
    }
    case 0x37:
    case 0xF9:
      if (!was_native_read || c.lba + 1 > native_) return abort_cmd();
      accessible_ = c.lba + 1;
      return ok();
    case 0xB1:  // DCO: not implemented by this model
    default:
      return abort_cmd();
  }
}

// SANITIZE DEVICE (ACS-3 7.36); called with mu_ held.
ata::Registers SimulatedAtaDrive::sanitize_command(const ata::Command& c) {
  if (!p_.sanitize) return abort_cmd();
  if (c.feature == 0x0000) {  // SANITIZE STATUS EXT
    ata::Registers r = ok();
    if (sanitize_op_ != 0 && !sanitize_done_) {
      if (sanitize_polls_left_ > 0) --sanitize_polls_left_;
      const unsigned total = std::max(1u, p_.sanitize_polls);
      r.lba = static_cast<std::uint64_t>(65536.0 * (total - sanitize_polls_left_) / (total + 1));
      if (p_.sanitize_fails && sanitize_polls_left_ <= total / 2) {
        media_.fill_zero(0, native_ * 512 / 3);
        sanitize_failed_ = true;
        sanitize_done_ = true;
      } else if (sanitize_polls_left_ == 0) {
        const std::uint64_t end = native_ * 512;
        if (sanitize_op_ == 0x11) media_.fill_random(0, end, 0xC7);
        if (sanitize_op_ == 0x12) media_.fill_zero(0, end);
        if (sanitize_op_ == 0x14) media_.fill_pattern(0, end, 0);
        sanitize_done_ = true;
      } else {
        r.count = 0x4000;
        return r;
      }
    }
    if (sanitize_failed_) {
      // Failure mode (SD3): ERR, reason 1 "sanitize operation unsuccessful" in LBA 7:0.
      r = abort_cmd(1);
      if ((c.count & 1) != 0) sanitize_failed_ = false;  // Clear Sanitize Operation Failed
      return r;
    }
    r.count = static_cast<std::uint16_t>((sanitize_done_ ? 0x8000 : 0) | (sanitize_frozen_ ? 0x2000 : 0));
    return r;
  }
  if (locked_) return abort_cmd();
  // ACS-3 4.17: while a sanitize operation is in progress, other sanitize commands are aborted.
  if (sanitize_op_ != 0 && !sanitize_done_) return abort_cmd(1);
  if (sanitize_frozen_) return abort_cmd(ata::kSanitizeReasonFrozen);  // SD1: Sanitize Frozen
  const bool supported = (c.feature == 0x11 && p_.sanitize_crypto && c.lba == 0x43727970) ||
                         (c.feature == 0x12 && p_.sanitize_block && c.lba == 0x426B4572) ||
                         (c.feature == 0x14 && p_.sanitize_overwrite && (c.lba >> 32) == 0x4F57);
  if (!supported) return abort_cmd(2);  // unsupported sanitize device command
  sanitize_op_ = c.feature;
  sanitize_polls_left_ = p_.sanitize_polls;
  sanitize_done_ = false;
  sanitize_failed_ = false;
  return ok();
}

// ---------------------------------------------------------------------------------------------
// The SCSI/ATA translation in front of the ATA drive, as Linux's libata answers SG_IO
// (drivers/ata/libata-scsi.c): ATA PASS-THROUGH(16)/(12) decoded into a taskfile (SAT-4 12.2.2),
// results returned in sense data built as ata_gen_passthru_sense() and
// ata_scsi_set_passthru_sense_fields() build it, and MODE SENSE/SELECT of the Control mode page
// for D_SENSE (ata_msense_control(), ata_mselect_control()).

namespace {

const char* ata_command_name(std::uint8_t command, std::uint16_t feature) {
  switch (command) {
    case 0xEC: return "IDENTIFY DEVICE";
    case 0xF1: return "SECURITY SET PASSWORD";
    case 0xF2: return "SECURITY UNLOCK";
    case 0xF3: return "SECURITY ERASE PREPARE";
    case 0xF4: return "SECURITY ERASE UNIT";
    case 0xF5: return "SECURITY FREEZE LOCK";
    case 0xF6: return "SECURITY DISABLE PASSWORD";
    case 0x27: return "READ NATIVE MAX ADDRESS EXT";
    case 0xF8: return "READ NATIVE MAX ADDRESS";
    case 0x37: return "SET MAX ADDRESS EXT";
    case 0xF9: return "SET MAX ADDRESS";
    case 0x78: return feature == 0 ? "GET NATIVE MAX ADDRESS EXT" : "SET ACCESSIBLE MAX ADDRESS EXT";
    case 0xB1: return "DEVICE CONFIGURATION IDENTIFY";
    case 0xB4:
      switch (feature) {
        case 0x0000: return "SANITIZE STATUS EXT";
        case 0x0011: return "SANITIZE CRYPTO SCRAMBLE EXT";
        case 0x0012: return "SANITIZE BLOCK ERASE EXT";
        case 0x0014: return "SANITIZE OVERWRITE EXT";
        default: return "SANITIZE (other)";
      }
    default: return "ATA command";
  }
}

// Sense data in the layout the kernel writes: scsi_build_sense() for the header, then the ATA
// registers as ata_scsi_set_passthru_sense_fields() places them (SAT-4 12.2.2.6, 12.2.2.7).
std::vector<std::uint8_t> build_sense(bool descriptor, std::uint8_t key, std::uint8_t asc, std::uint8_t ascq,
                                      const ata::Registers* r, bool extended) {
  std::vector<std::uint8_t> sb(32, 0);
  if (descriptor) {
    sb[0] = 0x72;
    sb[1] = key;
    sb[2] = asc;
    sb[3] = ascq;
    if (r == nullptr) return sb;
    sb[7] = 14;
    std::uint8_t* d = sb.data() + 8;
    d[0] = 0x09;
    d[1] = 0x0C;
    d[2] = extended ? 0x01 : 0x00;
    d[3] = r->error;
    d[5] = static_cast<std::uint8_t>(r->count);
    d[7] = static_cast<std::uint8_t>(r->lba);
    d[9] = static_cast<std::uint8_t>(r->lba >> 8);
    d[11] = static_cast<std::uint8_t>(r->lba >> 16);
    d[12] = r->device;
    d[13] = r->status;
    if (extended) {
      d[4] = static_cast<std::uint8_t>(r->count >> 8);
      d[6] = static_cast<std::uint8_t>(r->lba >> 24);
      d[8] = static_cast<std::uint8_t>(r->lba >> 32);
      d[10] = static_cast<std::uint8_t>(r->lba >> 40);
    }
    return sb;
  }
  sb[0] = 0x70;
  sb[2] = key;
  sb[7] = 0x0A;
  sb[12] = asc;
  sb[13] = ascq;
  if (r == nullptr) return sb;
  sb[0] |= 0x80;  // VALID: the INFORMATION field holds the registers
  sb[3] = r->error;
  sb[4] = r->status;
  sb[5] = r->device;
  sb[6] = static_cast<std::uint8_t>(r->count);
  if (extended) {
    sb[8] = static_cast<std::uint8_t>(0x80 | ((r->count >> 8) != 0 ? 0x40 : 0) | ((r->lba >> 24) != 0 ? 0x20 : 0));
  }
  sb[9] = static_cast<std::uint8_t>(r->lba);
  sb[10] = static_cast<std::uint8_t>(r->lba >> 8);
  sb[11] = static_cast<std::uint8_t>(r->lba >> 16);
  return sb;
}

std::array<std::uint8_t, 12> control_mode_page(bool d_sense) {
  // libata's def_control_mpage: GLTSD set, D_SENSE as the device has it.
  return {0x0A, 0x0A, static_cast<std::uint8_t>(0x02 | (d_sense ? 0x04 : 0)), 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 30};
}

}  // namespace

SgAnswer SimulatedAtaDrive::check_condition(std::uint8_t key, std::uint8_t asc, std::uint8_t ascq) const {
  SgAnswer a;
  a.status = 0x02;
  a.sense = build_sense(d_sense_, key, asc, ascq, nullptr, false);
  return a;
}

SgAnswer SimulatedAtaDrive::scsi_command(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data) {
  switch (cdb[0]) {
    case 0x85:
    case 0xA1: return pass_through(cdb, data);
    case 0x5A: return mode_sense(cdb, data);
    case 0x55: return mode_select(cdb, data);
    default: {
      std::lock_guard lock(mu_);
      return check_condition(0x05, 0x20, 0x00);  // INVALID COMMAND OPERATION CODE
    }
  }
}

SgAnswer SimulatedAtaDrive::pass_through(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data) {
  const bool sixteen = cdb[0] == 0x85;
  {
    std::lock_guard lock(mu_);
    if (sixteen && !p_.satl.pass_through_16) return check_condition(0x05, 0x20, 0x00);
  }
  // SAT-4 Tables 160 and 163: the taskfile in the CDB.
  ata::Command c;
  c.protocol = static_cast<ata::Protocol>((cdb[1] >> 1) & 0x0F);
  c.extended = sixteen && (cdb[1] & 0x01) != 0;
  const bool ck_cond = (cdb[2] & 0x20) != 0;
  if (sixteen) {
    c.feature = static_cast<std::uint16_t>((c.extended ? cdb[3] << 8 : 0) | cdb[4]);
    c.count = static_cast<std::uint16_t>((c.extended ? cdb[5] << 8 : 0) | cdb[6]);
    c.lba = static_cast<std::uint64_t>(cdb[8]) | static_cast<std::uint64_t>(cdb[10]) << 8 |
            static_cast<std::uint64_t>(cdb[12]) << 16;
    if (c.extended) {
      c.lba |= static_cast<std::uint64_t>(cdb[7]) << 24 | static_cast<std::uint64_t>(cdb[9]) << 32 |
               static_cast<std::uint64_t>(cdb[11]) << 40;
    }
    c.device = cdb[13];
    c.command = cdb[14];
  } else {
    c.feature = cdb[3];
    c.count = cdb[4];
    c.lba = static_cast<std::uint64_t>(cdb[5]) | static_cast<std::uint64_t>(cdb[6]) << 8 |
            static_cast<std::uint64_t>(cdb[7]) << 16;
    c.device = cdb[8];
    c.command = cdb[9];
  }
  if (!c.extended) c.lba |= static_cast<std::uint64_t>(c.device & 0x0F) << 24;
  if (c.protocol != ata::Protocol::non_data) c.data_blocks = c.count;
  c.name = ata_command_name(c.command, c.feature);

  auto result = execute(c, data);
  std::lock_guard lock(mu_);
  if (!result) {
    SgAnswer gone;
    gone.sys_errno = result.error().sys_errno != 0 ? result.error().sys_errno : EIO;
    return gone;
  }
  ata::Registers r = *result;
  if (!c.extended) {
    r.device = static_cast<std::uint8_t>((r.device & 0xF0) | ((r.lba >> 24) & 0x0F));
  } else if (p_.satl.drops_upper_lba) {
    r.lba &= 0xFFFFFF;
  }
  const bool error = (r.status & 0x21) != 0;  // ERR or DF
  if (error && p_.satl.abort_as_invalid_field) return check_condition(0x05, 0x24, 0x00);
  if (!error && !ck_cond) return SgAnswer{};  // GOOD, no sense data
  SgAnswer a;
  a.status = 0x02;  // CHECK CONDITION: an error, or CK_COND asked for the registers
  if (error) {
    // ata_to_sense_error(): a device fault is HARDWARE ERROR / INTERNAL TARGET FAILURE; an abort
    // (error register ABRT alone) matches no entry and becomes ABORTED COMMAND, 00h/00h. The
    // format follows D_SENSE (ata_scsi_set_sense()).
    const bool fault = (r.status & 0x20) != 0;
    a.sense = build_sense(d_sense_, fault ? 0x04 : 0x0B, fault ? 0x44 : 0x00, 0x00, &r, c.extended);
  } else {
    // RECOVERED ERROR, ATA PASS-THROUGH INFORMATION AVAILABLE: descriptor format unless the
    // kernel honours D_SENSE 0 here too.
    const bool descriptor = d_sense_ || p_.satl.sense != SenseFormat::fixed;
    a.sense = build_sense(descriptor, 0x01, 0x00, 0x1D, &r, c.extended);
  }
  return a;
}

SgAnswer SimulatedAtaDrive::mode_sense(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data) const {
  std::lock_guard lock(mu_);
  if ((cdb[2] & 0x3F) != 0x0A || (cdb[2] & 0xC0) != 0 || (cdb[1] & 0x08) == 0) return check_condition(0x05, 0x24, 0x00);
  std::array<std::uint8_t, 20> reply{};  // header (no block descriptor) + the page
  reply[1] = 18;
  const auto page = control_mode_page(d_sense_);
  std::copy(page.begin(), page.end(), reply.begin() + 8);
  std::copy_n(reply.begin(), std::min(reply.size(), data.size()), data.begin());
  return SgAnswer{};
}

SgAnswer SimulatedAtaDrive::mode_select(std::span<const std::uint8_t> cdb, std::span<const std::uint8_t> data) {
  std::lock_guard lock(mu_);
  if ((cdb[1] & 0x11) != 0x10) return check_condition(0x05, 0x24, 0x00);  // PF set, SP clear
  const auto current = control_mode_page(d_sense_);
  const bool page_ok = data.size() >= 20 && data[6] == 0 && data[7] == 0 && (data[8] & 0x3F) == 0x0A &&
                       data[9] == 0x0A && std::equal(current.begin() + 3, current.end(), data.begin() + 11);
  // INVALID FIELD IN PARAMETER LIST: a changed read-only byte, or a bridge that allows no change.
  if (!page_ok || !p_.satl.mode_select) return check_condition(0x05, 0x26, 0x00);
  d_sense_ = (data[10] & 0x04) != 0;
  return SgAnswer{};
}

// ---------------------------------------------------------------------------------------------
// NVMe. Sanitize follows NVMe Base 2.0 8.21 (the Sanitize Operation state machine: Idle ->
// Sanitizing -> Sanitized / Sanitize Failure mode, reported in the Sanitize Status log, 5.16.1.25);
// Format NVM follows 5.23 (SES 2 requires FNA bit 2, otherwise Invalid Field in Command).

SimulatedNvmeController::SimulatedNvmeController(std::string image_path, NvmeProfile profile)
    : media_(std::move(image_path), 0), p_(std::move(profile)) {
  metadata_ = {p_.extended_lba, p_.pi_type, p_.pi_first};
}

nvme::MetadataSettings SimulatedNvmeController::metadata_settings() const {
  std::lock_guard lock(mu_);
  return metadata_;
}

namespace {
class NvmeForward final : public NvmeTransport {
 public:
  explicit NvmeForward(SimulatedNvmeController& c) : c_(c) {}
  Result<nvme::Completion> admin(const nvme::AdminCommand& c, std::span<std::uint8_t> data) override { return c_.admin(c, data); }
  std::optional<std::uint32_t> namespace_id() const override {
    if (!c_.profile().namespace_id_readable) return std::nullopt;
    return 1;
  }

 private:
  SimulatedNvmeController& c_;
};
nvme::Completion status(std::uint8_t sct, std::uint8_t sc) { return {static_cast<std::uint16_t>(sct << 8 | sc), 0}; }
std::uint64_t file_size(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}
}  // namespace

std::unique_ptr<NvmeTransport> SimulatedNvmeController::transport() { return std::make_unique<NvmeForward>(*this); }

std::unique_ptr<BlockDevice> SimulatedNvmeController::block_device() {
  const std::string path = media_.path();
  return std::make_unique<GatedDevice>(
      open_media(path), [path] { return file_size(path); },
      [this] {
        std::lock_guard lock(mu_);
        return in_progress_ || failure_mode_;  // 8.21: I/O is aborted while sanitizing or failed
      });
}

Result<nvme::Completion> SimulatedNvmeController::admin(const nvme::AdminCommand& c, std::span<std::uint8_t> data) {
  std::lock_guard lock(mu_);
  log.push_back(c.name);
  const std::uint64_t size = file_size(media_.path());
  switch (c.opcode) {
    case 0x06: {
      std::fill(data.begin(), data.end(), 0);
      if ((c.cdw10 & 0xFF) == 0x01) {
        auto put = [&](std::size_t off, std::size_t len, const std::string& s) {
          for (std::size_t i = 0; i < len; ++i) data[off + i] = static_cast<std::uint8_t>(i < s.size() ? s[i] : ' ');
        };
        put(4, 20, p_.serial);
        put(24, 40, p_.model);
        put(64, 8, "SIM1");
        data[256] = p_.format ? 0x02 : 0x00;
        for (std::size_t i = 0; i < 4; ++i) data[328 + i] = static_cast<std::uint8_t>(p_.sanicap >> (8 * i));
        data[524] = p_.fna;
        return status(0, 0);
      }
      if ((c.cdw10 & 0xFF) == 0x00) {
        const std::uint64_t blocks = size / 512;
        for (std::size_t i = 0; i < 8; ++i) data[i] = static_cast<std::uint8_t>(blocks >> (8 * i));
        data[26] = metadata_.mset ? 0x10 : 0x00;  // FLBAS: format 0, metadata at the end of the LBA
        data[29] = static_cast<std::uint8_t>(metadata_.pi | (metadata_.pil ? 0x08 : 0));  // DPS
        data[128] = static_cast<std::uint8_t>(p_.metadata_bytes);  // LBAF0: MS
        data[128 + 1] = static_cast<std::uint8_t>(p_.metadata_bytes >> 8);
        data[128 + 2] = 9;  // LBADS = 9 (512 bytes)
        return status(0, 0);
      }
      return status(0, 0x02);
    }
    case 0x02: {
      if ((c.cdw10 & 0xFF) != 0x81 || !p_.sanitize_log) return status(0, 0x02);
      if (in_progress_) {
        if (polls_left_ > 0) --polls_left_;
        const unsigned total = std::max(1u, p_.sanitize_polls);
        if (p_.sanitize_fails && polls_left_ <= total / 2) {
          media_.fill_zero(0, size / 3);
          in_progress_ = false;
          failure_mode_ = true;
          sstat_ = 3;
        } else if (polls_left_ == 0) {
          const unsigned action = scdw10_ & 7;
          if (action == 2) media_.fill_zero(0, size);
          if (action == 3) media_.fill_pattern(0, size, 0);
          if (action == 4) media_.fill_random(0, size, 0x5A);
          in_progress_ = false;
          sstat_ = 0x0101;  // success, Global Data Erased
        }
      }
      std::fill(data.begin(), data.end(), 0);
      std::uint16_t sprog = 0xFFFF;
      if (in_progress_) sprog = static_cast<std::uint16_t>(65536u * (p_.sanitize_polls - polls_left_) / (p_.sanitize_polls + 1));
      std::uint16_t sstat = sstat_;
      if (in_progress_) sstat = 2;
      data[0] = static_cast<std::uint8_t>(sprog);
      data[1] = static_cast<std::uint8_t>(sprog >> 8);
      data[2] = static_cast<std::uint8_t>(sstat);
      data[3] = static_cast<std::uint8_t>(sstat >> 8);
      for (std::size_t i = 0; i < 4; ++i) data[4 + i] = static_cast<std::uint8_t>(scdw10_ >> (8 * i));
      for (int i = 8; i < 20; ++i) data[static_cast<std::size_t>(i)] = 0xFF;  // estimates not reported
      return status(0, 0);
    }
    case 0x84: {
      if (p_.sanicap == 0) return status(0, 0x01);  // no Sanitize at all: Invalid Command Opcode
      const unsigned action = c.cdw10 & 7;
      if (in_progress_) return status(0, 0x1D);
      if (p_.reject_sanitize) return status(0, 0x02);
      const bool ok = (action == 2 && (p_.sanicap & 2)) || (action == 3 && (p_.sanicap & 4)) ||
                      (action == 4 && (p_.sanicap & 1));
      if (!ok) return status(0, 0x02);
      in_progress_ = true;
      failure_mode_ = false;
      polls_left_ = p_.sanitize_polls;
      scdw10_ = c.cdw10;
      return status(0, 0);
    }
    case 0x80: {
      if (!p_.format) return status(0, 0x01);
      if (in_progress_) return status(0, 0x1D);
      if (failure_mode_) return status(0, 0x1C);  // Sanitize Failed: only a new sanitize may run
      const unsigned ses = (c.cdw10 >> 9) & 7;
      if (ses > 2 || (ses == 2 && (p_.fna & 4) == 0)) return status(0, 0x02);
      if ((c.cdw10 & 0xF) != 0) return status(1, 0x0A);  // Invalid Format: only LBAF 0 exists
      const nvme::MetadataSettings sent{(c.cdw10 >> 4 & 1) != 0, c.cdw10 >> 5 & 7, (c.cdw10 >> 8 & 1) != 0};
      if (sent.pi != 0 && p_.metadata_bytes < 8) return status(1, 0x0A);  // PI needs 8 bytes of metadata
      metadata_ = sent;  // 5.23: the namespace takes the settings it is formatted with
      if (p_.format_fails) {
        media_.fill_zero(0, size / 4);
        return status(0, 0x06);  // Internal Error
      }
      if (ses == 2) {
        media_.fill_random(0, size, 0x77);
      } else {
        media_.fill_zero(0, size);
      }
      return status(0, 0);
    }
    default:
      return status(0, 0x01);
  }
}

// ---------------------------------------------------------------------------------------------
// SCSI. SANITIZE with IMMED (SBC-4 5.30): the device is NOT READY / SANITIZE IN PROGRESS
// (04h/1Bh) with a progress indication in the sense-key-specific field until it finishes.

SimulatedScsiDisk::SimulatedScsiDisk(std::string image_path, ScsiProfile profile)
    : media_(std::move(image_path), 0), p_(profile) {}

namespace {
class ScsiForward final : public ScsiTransport {
 public:
  explicit ScsiForward(SimulatedScsiDisk& d) : d_(d) {}
  Result<ScsiResult> execute(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data, bool,
                             std::chrono::seconds) override {
    return d_.execute(cdb, data);
  }

 private:
  SimulatedScsiDisk& d_;
};
ScsiResult check_condition(std::uint8_t key, std::uint8_t asc, std::uint8_t ascq) {
  ScsiResult r;
  r.status = 0x02;
  r.sense.assign(18, 0);
  r.sense[0] = 0x70;
  r.sense[2] = key;
  r.sense[7] = 10;
  r.sense[12] = asc;
  r.sense[13] = ascq;
  return r;
}
}  // namespace

std::unique_ptr<ScsiTransport> SimulatedScsiDisk::transport() { return std::make_unique<ScsiForward>(*this); }

Result<ScsiResult> SimulatedScsiDisk::execute(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data) {
  std::lock_guard lock(mu_);
  const std::uint64_t size = file_size(media_.path());
  switch (cdb[0]) {
    case 0x12: {
      std::fill(data.begin(), data.end(), 0);
      const char id[] = "WIPESEALSIM SAS DISK     0001";
      std::memcpy(data.data() + 8, id, std::min<std::size_t>(sizeof id - 1, data.size() - 8));
      return ScsiResult{};
    }
    case 0xA3: {
      std::fill(data.begin(), data.end(), 0);
      const std::uint8_t sa = cdb[5];
      const bool sup = cdb[3] == 0x48 && ((sa == 1 && p_.overwrite) || (sa == 2 && p_.block) || (sa == 3 && p_.crypto));
      data[1] = sup ? 0x03 : 0x01;
      return ScsiResult{};
    }
    case 0x48: {
      const std::uint8_t sa = cdb[1] & 0x1F;
      const bool sup = (sa == 1 && p_.overwrite) || (sa == 2 && p_.block) || (sa == 3 && p_.crypto);
      if (!sup) return check_condition(0x05, 0x24, 0x00);
      running_ = true;
      action_ = sa;
      polls_left_ = p_.polls;
      return ScsiResult{};
    }
    case 0x03: {
      std::fill(data.begin(), data.end(), 0);
      data[0] = 0x70;
      data[7] = 10;
      if (running_) {
        if (polls_left_ > 0) --polls_left_;
        if (polls_left_ == 0) {
          if (action_ == 1) media_.fill_zero(0, size);
          if (action_ == 2) media_.fill_zero(0, size);
          if (action_ == 3) media_.fill_random(0, size, 0x33);
          running_ = false;
        } else {
          data[2] = 0x02;
          data[12] = 0x04;
          data[13] = 0x1B;
          const auto prog = static_cast<std::uint16_t>(65536 * (p_.polls - polls_left_) / (p_.polls + 1));
          data[15] = 0x80;
          data[16] = static_cast<std::uint8_t>(prog >> 8);
          data[17] = static_cast<std::uint8_t>(prog);
        }
      }
      return ScsiResult{};
    }
    default:
      return check_condition(0x05, 0x20, 0x00);
  }
}

// ---------------------------------------------------------------------------------------------
// eMMC: EXT_CSD and SANITIZE_START (JESD84-B51 6.6.24: writing 1 to EXT_CSD[165] starts a
// sanitize that completes before the SWITCH command's busy signal ends).

SimulatedEmmc::SimulatedEmmc(std::string image_path, MmcProfile profile) : media_(std::move(image_path), 0), p_(profile) {}

namespace {
class MmcForward final : public MmcTransport {
 public:
  explicit MmcForward(SimulatedEmmc& e) : e_(e) {}
  Result<MmcAnswer> command(const mmc::Command& c, std::span<std::uint8_t> data) override {
    return e_.command(c, data);
  }
  Status secure_discard(std::uint64_t offset, std::uint64_t length) override { return e_.secure_discard(offset, length); }

 private:
  SimulatedEmmc& e_;
};
}  // namespace

std::unique_ptr<MmcTransport> SimulatedEmmc::transport() { return std::make_unique<MmcForward>(*this); }

Result<MmcAnswer> SimulatedEmmc::command(const mmc::Command& c, std::span<std::uint8_t> data) {
  if (c.opcode == 8) {
    std::fill(data.begin(), data.end(), 0);
    data[192] = p_.revision;
    data[231] = p_.sec_feature_support;
    return MmcAnswer{0x00000900u};  // R1: READY_FOR_DATA, state tran
  }
  if (mmc::is_sanitize_start(c)) {
    // Linux runs it: mmc_sanitize() answers EOPNOTSUPP without SEC_SANITIZE, else switches
    // SANITIZE_START and returns its error code; the card's R1 is not passed back.
    const char* what = "CMD6 SWITCH (SANITIZE_START): MMC_IOC_CMD failed";
    if ((p_.sec_feature_support & 0x40) == 0 || p_.revision < 6) {
      return std::unexpected(errno_error(EOPNOTSUPP, what, path()));
    }
    if (p_.sanitize_errno != 0) {
      media_.fill_zero(0, file_size(media_.path()) / 2);
      return std::unexpected(errno_error(p_.sanitize_errno, what, path()));
    }
    media_.fill_zero(0, file_size(media_.path()));
    return MmcAnswer{};
  }
  return std::unexpected(make_error(ErrorCode::unsupported, "the simulated eMMC does not implement this command"));
}

Status SimulatedEmmc::secure_discard(std::uint64_t offset, std::uint64_t length) {
  if (!p_.secure_discard) return std::unexpected(errno_error(EOPNOTSUPP, "BLKSECDISCARD is not supported", path()));
  media_.fill_zero(offset, std::min(offset + length, file_size(media_.path())));
  return {};
}

}  // namespace wipeseal::test
