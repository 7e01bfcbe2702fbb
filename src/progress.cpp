// src/progress.cpp: the progress bar of table and sweep (progress.hpp).
#include "progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace incert::cli {

namespace {

bool is_terminal_path(const std::string& p) { return p.compare(0, 9, "/dev/pts/") == 0 || p.compare(0, 8, "/dev/tty") == 0; }

// Whether what this process writes on stderr reaches a terminal. Under mpirun the ranks' stderr
// is a pipe to the launcher, which forwards it to its own stderr: there (Linux) the launcher's
// stderr decides, mpirun being rank 0's parent (or orted's / hydra's parent, one level up).
bool stderr_reaches_terminal() {
  if (::isatty(2) == 1) return true;
#ifdef __linux__
  bool mpi = false;
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK"}) mpi = mpi || std::getenv(name) != nullptr;
  if (!mpi) return false;
  pid_t pid = ::getppid();
  for (int level = 0; level < 2 && pid > 1; ++level) {
    char link[PATH_MAX + 1] = {0};
    const std::string proc = "/proc/" + std::to_string(pid);
    const ssize_t n = ::readlink((proc + "/fd/2").c_str(), link, PATH_MAX);
    if (n > 0 && is_terminal_path(std::string(link, static_cast<std::size_t>(n)))) return true;
    std::ifstream comm(proc + "/comm");
    std::string name;
    std::getline(comm, name);
    if (name != "orted" && name != "hydra_pmi_proxy" && name != "prted") return false;
    std::ifstream stat(proc + "/stat");  // pid (comm) state ppid ...
    std::string all((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const std::size_t close = all.rfind(')');
    if (close == std::string::npos) return false;
    std::istringstream rest(all.substr(close + 1));
    std::string state;
    long ppid = 0;
    rest >> state >> ppid;
    pid = static_cast<pid_t>(ppid);
  }
#endif
  return false;
}

}  // namespace

progress_bar::progress_bar(std::size_t total, std::size_t already, std::string what)
    : on_(stderr_reaches_terminal()),
      total_(total),
      already_(already),
      done_(already),
      what_(std::move(what)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  draw(true);
}

progress_bar::~progress_bar() { clear(); }

std::string progress_bar::duration_text(double s) {
  char buf[32];
  if (!std::isfinite(s) || s < 0) return "?";
  if (s < 10) std::snprintf(buf, sizeof buf, "%.1fs", s);
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  else std::snprintf(buf, sizeof buf, "%dh%02dm", static_cast<int>(s) / 3600, static_cast<int>(s) / 60 % 60);
  std::string out = buf;
  if (out.compare(0, 2, "0m") == 0) out.erase(0, 2);
  return out;
}

void progress_bar::cell_done(const std::string& label) {
  ++done_;
  label_ = label;
  draw(done_ == total_);
}

void progress_bar::draw(bool force) {
  if (!on_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const std::size_t fresh = done_ - already_, left = total_ - done_;
  const std::size_t width = 30, filled = total_ ? done_ * width / total_ : width;
  std::string line = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] " + std::to_string(done_) + "/" +
                     std::to_string(total_) + " " + what_;
  char buf[96];
  if (fresh > 0 && elapsed > 0) {
    const double rate = static_cast<double>(fresh) / elapsed;
    std::snprintf(buf, sizeof buf, "  %.3g %s/s  ETA %s", rate, what_.c_str(), duration_text(static_cast<double>(left) / rate).c_str());
    line += buf;
  }
  if (workers_ > 1) line += "  (" + std::to_string(workers_) + " workers)";
  struct winsize ws {};
  std::size_t columns = 100;
  if (::ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) columns = ws.ws_col;
  else if (const char* c = std::getenv("COLUMNS"); c && std::atoi(c) > 20) columns = static_cast<std::size_t>(std::atoi(c));
  if (!label_.empty() && line.size() + 3 + label_.size() < columns) line += "  " + label_;
  if (line.size() >= columns) line.resize(columns - 1);
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
}

void progress_bar::clear() {
  if (!on_ || !drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace incert::cli
