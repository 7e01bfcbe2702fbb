// src/atomic_file.cpp: atomic file output (atomic_file.hpp).
//
// Also compiled into each proof driver through proofs/support/proof_support.hpp (a driver is one
// translation unit and links only the library), so this file needs nothing from src/ but its header.
#include "atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace incert::cli {

namespace {

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string reason(const std::string& path, int err) { return "cannot write " + path + ": " + std::strerror(err); }

// SIGINT, SIGTERM, SIGHUP, SIGQUIT held for the lifetime of the object (restored, and so
// delivered, when it ends).
class held_signals {
 public:
  held_signals() {
    sigset_t s;
    sigemptyset(&s);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&s, sig);
    sigprocmask(SIG_BLOCK, &s, &old_);
  }
  ~held_signals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }
  held_signals(const held_signals&) = delete;
  held_signals& operator=(const held_signals&) = delete;

 private:
  sigset_t old_;
};

// The mode the new file gets: the replaced file's, else 0666 & ~umask.
mode_t mode_for(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}


// A temporary beside `path`: created, owned, removed unless committed.
class temporary {
 public:
  explicit temporary(const std::string& path) : path_(path) {
    std::string t = directory_of(path) + "/." + base_of(path) + ".tmp.XXXXXX";
    std::vector<char> buf(t.begin(), t.end());
    buf.push_back('\0');
    fd_ = ::mkstemp(buf.data());
    if (fd_ < 0) {
      err_ = errno;
      return;
    }
    name_ = buf.data();
    if (::fchmod(fd_, mode_for(path)) != 0) err_ = errno;
  }
  ~temporary() {
    if (fd_ >= 0) ::close(fd_);
    if (!name_.empty() && !committed_) ::unlink(name_.c_str());
  }
  temporary(const temporary&) = delete;
  temporary& operator=(const temporary&) = delete;

  int error() const { return err_; }
  int fd() const { return fd_; }
  const std::string& name() const { return name_; }
  void fail(int err) { err_ = err; }

  // fsync, close, rename into place, fsync the directory. False (and error()) on failure.
  bool commit() {
    if (err_) return false;
    if (::fsync(fd_) != 0) return fail(errno), false;
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return fail(errno), false;
    if (::rename(name_.c_str(), path_.c_str()) != 0) return fail(errno), false;
    committed_ = true;
    sync_parent_directory(path_);
    return true;
  }

 private:
  std::string path_, name_;
  int fd_ = -1, err_ = 0;
  bool committed_ = false;
};

}  // namespace

bool write_all(int fd, std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

void sync_parent_directory(const std::string& path) {
  const int d = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (d < 0) return;
  ::fsync(d);  // some file systems refuse (EINVAL): the rename itself is done either way
  ::close(d);
}

std::optional<std::string> try_write_file_atomically(const std::string& path, std::string_view bytes) {
  if (path.empty()) return std::string("cannot write an empty path");
  held_signals hold;
  temporary t(path);
  if (t.error()) return reason(path, t.error());
  if (!write_all(t.fd(), bytes)) return reason(path, errno);
  if (!t.commit()) return reason(path, t.error());
  return std::nullopt;
}

void write_file_atomically(const std::string& path, std::string_view bytes, const std::string& field) {
  if (auto why = try_write_file_atomically(path, bytes)) throw input_error(field, *why);
}

}  // namespace incert::cli
