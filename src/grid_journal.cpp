// src/grid_journal.cpp: the --resume journal (grid_journal.hpp).
#include "grid_journal.hpp"

#include "atomic_file.hpp"
#include "json_output.hpp"
#include "sha256.hpp"

#include "incert/io/input_error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace incert::cli {

namespace {

const char* const magic = "incert-journal 1 ";

std::string short_text(const json_doc& v) {
  std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  if (s.size() > 24) s = s.substr(0, 12) + "...";
  return s;
}

// What differs between two headers, in words: "grid_sha256 (journal 1a2b3c4d5e6f..., now 9f8e...)".
std::string difference(const std::string& old_header, const std::string& new_header) {
  json_doc a, b;
  try {
    a = json_doc::parse(old_header);
    b = json_doc::parse(new_header);
  } catch (const std::exception&) {
    return "its header is not one this incert writes";
  }
  if (!a.is_object() || !b.is_object()) return "its header is not one this incert writes";
  for (auto it = b.begin(); it != b.end(); ++it) {
    if (!a.contains(it.key())) return it.key() + " (absent from the journal)";
    const json_doc& x = a[it.key()];
    const json_doc& y = it.value();
    if (x == y) continue;
    if (x.is_object() && y.is_object()) {
      for (auto jt = y.begin(); jt != y.end(); ++jt)
        if (!x.contains(jt.key()) || x[jt.key()] != jt.value())
          return it.key() + "." + jt.key() + " (journal " + (x.contains(jt.key()) ? short_text(x[jt.key()]) : "none") + ", now " +
                 short_text(jt.value()) + ")";
    }
    if (x.is_array() && y.is_array() && x.size() == y.size()) {
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (x[i] == y[i]) continue;
        // inputs: [path, sha256] pairs
        if (x[i].is_array() && y[i].is_array() && x[i].size() == 2 && y[i].size() == 2 && x[i][0].is_string() && y[i][0].is_string()) {
          if (x[i][0] == y[i][0])
            return "the input file " + y[i][0].get<std::string>() + " changed (sha256 journal " + short_text(x[i][1]) + ", now " +
                   short_text(y[i][1]) + ")";
          return "input " + std::to_string(i) + " (journal " + x[i][0].get<std::string>() + ", now " + y[i][0].get<std::string>() + ")";
        }
        return it.key() + "[" + std::to_string(i) + "] (journal " + short_text(x[i]) + ", now " + short_text(y[i]) + ")";
      }
    }
    return it.key() + " (journal " + short_text(x) + ", now " + short_text(y) + ")";
  }
  return "its header";
}

bool whole(const std::string& s) { return !s.empty() && s.size() < 19 && s.find_first_not_of("0123456789") == std::string::npos; }

[[noreturn]] void cannot_write(const std::string& path, int err) {
  throw input_error("--resume", "cannot write " + path + ": " + std::strerror(err));
}


}  // namespace

std::string grid_journal::check_of(const std::string& record) {
  sha256 h;
  h.update(record);
  return h.hex_digest().substr(0, 16);
}

grid_journal::grid_journal(std::string path, const std::string& header, std::size_t cells) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (fd_ < 0) cannot_write(path_, errno);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK)
      throw input_error(path_, "is in use by another incert run on the same output (wait for it to finish, or give another --out)");
    cannot_write(path_, err);
  }
  std::string text;
  {
    char buf[1 << 16];
    ssize_t n;
    while ((n = ::pread(fd_, buf, sizeof buf, static_cast<off_t>(text.size()))) != 0) {
      if (n < 0) {
        if (errno == EINTR) continue;
        throw input_error(path_, std::string("cannot read: ") + std::strerror(errno));
      }
      text.append(buf, static_cast<std::size_t>(n));
    }
  }
  const std::string want = magic + header + "\n";
  std::size_t keep = 0;  // bytes of whole lines kept
  if (text.size() < want.size() && want.compare(0, text.size(), text) == 0) {
    keep = 0;  // empty, or a torn header: start afresh
  } else {
    const std::size_t eol = text.find('\n');
    const std::string first = text.substr(0, eol);
    if (first.compare(0, std::strlen(magic), magic) != 0) {
      ::close(fd_);
      fd_ = -1;
      throw input_error(path_, "is not an incert journal (remove it, or give another --out)");
    }
    if (first + "\n" != want) {
      ::close(fd_);
      fd_ = -1;
      throw input_error(path_, "was written for another computation: " + difference(first.substr(std::strlen(magic)), header) +
                                   "; resume with the same grid, inputs, options and build, or remove the journal to start afresh");
    }
    keep = want.size();
    std::size_t pos = keep;
    while (pos < text.size()) {
      const std::size_t end = text.find('\n', pos);
      if (end == std::string::npos) {  // torn last line
        ++ignored_;
        break;
      }
      const std::string line = text.substr(pos, end - pos);
      pos = end + 1;
      keep = pos;
      const std::size_t s1 = line.find(' '), s2 = s1 == std::string::npos ? s1 : line.find(' ', s1 + 1);
      if (s2 == std::string::npos || !whole(line.substr(0, s1))) {
        ++ignored_;
        continue;
      }
      const std::size_t index = std::stoull(line.substr(0, s1));
      const std::string record = line.substr(s2 + 1);
      if (index >= cells || record.empty() || line.substr(s1 + 1, s2 - s1 - 1) != check_of(record) || finished_.count(index)) {
        ++ignored_;
        continue;
      }
      finished_.emplace(index, record);
    }
  }
  if (keep != text.size()) {  // cut a torn tail (or everything, to rewrite the header)
    if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0) cannot_write(path_, errno);
  }
  if (keep == 0) {
    if (!write_all(fd_, want) || ::fsync(fd_) != 0) cannot_write(path_, errno);
    sync_parent_directory(path_);
  }
}

grid_journal::~grid_journal() {
  if (fd_ >= 0) ::close(fd_);
}

void grid_journal::append(std::size_t index, const std::string& record) {
  const std::string line = std::to_string(index) + " " + check_of(record) + " " + record + "\n";
  if (!write_all(fd_, line) || ::fdatasync(fd_) != 0) cannot_write(path_, errno);
}

void grid_journal::remove() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());
  sync_parent_directory(path_);
  ::close(fd_);
  fd_ = -1;
}

}  // namespace incert::cli
