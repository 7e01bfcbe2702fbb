// src/plot_svg.cpp: see plot_svg.hpp.
#include "plot_svg.hpp"

#include "atomic_file.hpp"

#include "incert/instance/instance.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iomanip>

extern char** environ;

namespace incert::cli {

svg_writer::svg_writer(double width, double height) : width_(width), height_(height) {}

std::string svg_writer::escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fmt(double v, int decimals) {
  if (!std::isfinite(v)) v = 0;
  std::ostringstream os;
  os << std::fixed << std::setprecision(decimals) << v;
  std::string s = os.str();
  if (s == "-0.00" || s == "-0") s = s.substr(1);
  return s;
}

std::string tick_label(double v) {
  if (v == 0) return "0";
  const double a = std::fabs(v);
  char buf[64];
  if (a >= 1e5 || a < 1e-3) std::snprintf(buf, sizeof buf, "%.3g", v);
  else std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> out;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return out;
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    out.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  return out;
}

std::string palette(std::size_t i) {
  // Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
  static const char* colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"};
  return colours[i % 8];
}

std::string dashes(std::size_t i) {
  static const char* patterns[] = {"", ";stroke-dasharray:9,4", ";stroke-dasharray:2,3", ";stroke-dasharray:9,3,2,3",
                                   ";stroke-dasharray:14,4", ";stroke-dasharray:5,5", ";stroke-dasharray:2,6", ";stroke-dasharray:9,3,2,3,2,3"};
  return patterns[i % 8];
}

void svg_writer::open_group(const std::string& attributes) { body_ << "<g " << attributes << ">\n"; }
void svg_writer::close_group() { body_ << "</g>\n"; }

void svg_writer::rect(double x, double y, double w, double h, const std::string& style, const std::string& attributes) {
  body_ << "<rect x=\"" << fmt(x) << "\" y=\"" << fmt(y) << "\" width=\"" << fmt(std::max(w, 0.0)) << "\" height=\""
        << fmt(std::max(h, 0.0)) << "\" style=\"" << style << "\"" << (attributes.empty() ? "" : " " + attributes) << "/>\n";
}

void svg_writer::line(double x1, double y1, double x2, double y2, const std::string& style) {
  body_ << "<line x1=\"" << fmt(x1) << "\" y1=\"" << fmt(y1) << "\" x2=\"" << fmt(x2) << "\" y2=\"" << fmt(y2)
        << "\" style=\"" << style << "\"/>\n";
}

static std::string points_attr(const std::vector<std::pair<double, double>>& pts) {
  std::string s;
  for (const auto& p : pts) {
    if (!s.empty()) s += ' ';
    s += fmt(p.first) + "," + fmt(p.second);
  }
  return s;
}

void svg_writer::polyline(const std::vector<std::pair<double, double>>& pts, const std::string& style) {
  body_ << "<polyline points=\"" << points_attr(pts) << "\" style=\"fill:none;" << style << "\"/>\n";
}

void svg_writer::polygon(const std::vector<std::pair<double, double>>& pts, const std::string& style) {
  body_ << "<polygon points=\"" << points_attr(pts) << "\" style=\"" << style << "\"/>\n";
}

void svg_writer::circle(double x, double y, double r, const std::string& style) {
  body_ << "<circle cx=\"" << fmt(x) << "\" cy=\"" << fmt(y) << "\" r=\"" << fmt(r) << "\" style=\"" << style << "\"/>\n";
}

void svg_writer::text(double x, double y, const std::string& s, double size, const std::string& anchor, double rotate,
                      const std::string& extra_style) {
  body_ << "<text x=\"" << fmt(x) << "\" y=\"" << fmt(y) << "\" style=\"font-family:DejaVu Sans,Arial,sans-serif;font-size:"
        << fmt(size, 1) << "px;text-anchor:" << anchor << ";" << extra_style << "\"";
  if (rotate != 0) body_ << " transform=\"rotate(" << fmt(rotate) << " " << fmt(x) << " " << fmt(y) << ")\"";
  body_ << ">" << math_tspans(s, size) << "</text>\n";
}

// "_{...}" and "^{...}" as lowered / raised tspans at 70% size (dy moves the baseline, and the
// text after the group is moved back); everything else escaped as is.
std::string svg_writer::math_tspans(const std::string& s, double size) {
  std::string out, plain;
  const auto flush = [&] {
    out += escape(plain);
    plain.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool sub = s.compare(i, 2, "_{") == 0, sup = s.compare(i, 2, "^{") == 0;
    const std::size_t close = (sub || sup) ? s.find('}', i + 2) : std::string::npos;
    if (close == std::string::npos) {
      plain += s[i];
      continue;
    }
    flush();
    const double shift = (sub ? 0.3 : -0.4) * size;
    out += "<tspan dy=\"" + fmt(shift) + "\" style=\"font-size:" + fmt(0.7 * size, 1) + "px\">" + escape(s.substr(i + 2, close - i - 2)) +
           "</tspan><tspan dy=\"" + fmt(-shift) + "\">\u200b</tspan>";
    i = close;
  }
  flush();
  return out;
}

void svg_writer::clip_rect(const std::string& id, double x, double y, double w, double h) {
  body_ << "<defs><clipPath id=\"" << id << "\"><rect x=\"" << fmt(x) << "\" y=\"" << fmt(y) << "\" width=\"" << fmt(w)
        << "\" height=\"" << fmt(h) << "\"/></clipPath></defs>\n";
}

std::string svg_writer::str() const {
  std::ostringstream os;
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << fmt(width_, 0) << "\" height=\""
     << fmt(height_, 0) << "\" viewBox=\"0 0 " << fmt(width_, 0) << " " << fmt(height_, 0) << "\">\n"
     << "<rect x=\"0\" y=\"0\" width=\"" << fmt(width_, 0) << "\" height=\"" << fmt(height_, 0) << "\" style=\"fill:#ffffff\"/>\n"
     << body_.str() << "</svg>\n";
  return os.str();
}

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  std::string tail = s.substr(s.size() - suffix.size());
  for (auto& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return tail == suffix;
}

// Full path of rsvg-convert on the PATH, or "".
std::string find_rsvg_convert() {
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::string dir = p.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/rsvg-convert";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

// Runs rsvg-convert with the SVG on its stdin: its stdout (the PNG or PDF, `format`) into png, the
// last line of its stderr into the returned problem ("" on success). No shell, no scratch file.
std::string run_rsvg_convert(const std::string& tool, const std::string& format, const std::string& svg, std::string& png) {
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return std::string("cannot create a pipe: ") + std::strerror(errno);
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    const int e = errno;
    ::close(in[0]);
    ::close(in[1]);
    return std::string("cannot create a pipe: ") + std::strerror(e);
  }
  std::vector<std::string> args = {tool, "--format", format, "--background-color", "white"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t io;
  posix_spawn_file_actions_init(&io);
  posix_spawn_file_actions_adddup2(&io, in[0], 0);
  posix_spawn_file_actions_adddup2(&io, out[1], 1);
  posix_spawn_file_actions_adddup2(&io, err[1], 2);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, tool.c_str(), &io, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&io);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    for (int fd : {in[1], out[0], err[0]}) ::close(fd);
    return std::string("cannot run rsvg-convert: ") + std::strerror(rc);
  }
  // Feed stdin and drain stdout and stderr together (no deadlock whatever rsvg-convert does first).
  struct sigaction ign {}, old_pipe {};
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  ::sigaction(SIGPIPE, &ign, &old_pipe);
  std::string errors;
  std::size_t fed = 0;
  int to = in[1], from = out[0], diag = err[0];
  ::fcntl(to, F_SETFL, ::fcntl(to, F_GETFL) | O_NONBLOCK);  // a full pipe must not block us while rsvg-convert writes
  char chunk[1 << 16];
  while (from >= 0 || diag >= 0) {
    pollfd fds[3];
    nfds_t n = 0;
    if (to >= 0) fds[n++] = {to, POLLOUT, 0};
    if (from >= 0) fds[n++] = {from, POLLIN, 0};
    if (diag >= 0) fds[n++] = {diag, POLLIN, 0};
    if (::poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (nfds_t j = 0; j < n; ++j) {
      if (!fds[j].revents) continue;
      if (fds[j].fd == to) {
        const ssize_t w = ::write(to, svg.data() + fed, std::min<std::size_t>(svg.size() - fed, sizeof chunk));
        if (w > 0) fed += static_cast<std::size_t>(w);
        if ((w < 0 && errno != EINTR && errno != EAGAIN) || fed == svg.size()) {
          ::close(to);
          to = -1;
        }
      } else {
        int& fd = fds[j].fd == from ? from : diag;
        const ssize_t r = ::read(fd, chunk, sizeof chunk);
        if (r > 0) (fd == from ? png : errors).append(chunk, static_cast<std::size_t>(r));
        else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
          ::close(fd);
          fd = -1;
        }
      }
    }
  }
  if (to >= 0) ::close(to);
  ::sigaction(SIGPIPE, &old_pipe, nullptr);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  std::string last;
  std::size_t start = 0;
  while (start < errors.size()) {
    std::size_t end = errors.find('\n', start);
    if (end == std::string::npos) end = errors.size();
    if (end > start) last = errors.substr(start, end - start);
    start = end + 1;
  }
  return "rsvg-convert failed" + (last.empty() ? std::string() : ": " + last);
}

}  // namespace

void check_output_path(const std::string& path, const std::string& flag) {
  if (path.empty()) throw input_error(flag, "missing output path (PATH.svg, PATH.png or PATH.pdf)");
  if (ends_with(path, ".svg")) return;
  if (ends_with(path, ".png") || ends_with(path, ".pdf")) {
    if (find_rsvg_convert().empty())
      throw input_error(flag, std::string(ends_with(path, ".png") ? "PNG" : "PDF") +
                                     " output needs rsvg-convert (Debian package librsvg2-bin), not found on the PATH; install it or write .svg");
    return;
  }
  throw input_error(flag, "expected a path ending in .svg, .png or .pdf, got \"" + path + "\"");
}

// The SVG, PNG and PDF are all written atomically (atomic_file.hpp): rsvg-convert reads the SVG
// from a pipe and writes the PNG to one, and its bytes are written like any other output, so a failure to write is reported
// as "cannot write PATH: <strerror>" and leaves the destination as it was.
void write_figure(const std::string& svg, const std::string& path, const std::string& flag) {
  check_output_path(path, flag);
  if (ends_with(path, ".svg")) {
    write_file_atomically(path, svg, flag);
    return;
  }
  std::string png;
  const std::string problem = run_rsvg_convert(find_rsvg_convert(), ends_with(path, ".pdf") ? "pdf" : "png", svg, png);
  if (!problem.empty()) throw input_error(flag, problem);
  write_file_atomically(path, png, flag);
}

}  // namespace incert::cli
