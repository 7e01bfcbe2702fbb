// src/grid_engine.cpp: the grid engine of table and sweep (grid_engine.hpp): one process, forked
// worker processes, or MPI ranks (grid_mpi.cpp).
#include "grid_engine.hpp"

#include "atomic_file.hpp"
#include "grid_mpi.hpp"
#include "json_output.hpp"
#include "progress.hpp"

#include "incert/io/input_error.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace incert::cli {

unsigned default_jobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

std::string encode_cell_error(const std::exception_ptr& e) {
  json_doc j;
  try {
    std::rethrow_exception(e);
  } catch (const input_error& x) {
    const std::string what = x.what();
    j = {{"exit", 2}, {"field", x.field()}, {"problem", what.substr(std::min(what.size(), x.field().size() + 2))}};
  } catch (const std::exception& x) {
    j = {{"exit", 1}, {"what", x.what()}};
  } catch (...) {
    j = {{"exit", 1}, {"what", "unknown exception"}};
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::exception_ptr decode_cell_error(const std::string& line, const std::string& where) {
  const json_doc j = json_doc::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::make_exception_ptr(std::runtime_error(where + ": unreadable error report"));
  if (j.value("exit", 1) == 2)
    return std::make_exception_ptr(input_error(j.value("field", std::string("?")), j.value("problem", std::string("?"))));
  return std::make_exception_ptr(std::runtime_error(j.value("what", std::string("?"))));
}

grid_schedule grid_schedule_for(const std::string& what, const json_doc& inputs, std::size_t cells, unsigned jobs,
                                const std::optional<std::string>& journal) {
  json_doc fp = json_doc::object();
  fp["what"] = what;
  fp["incert_version"] = INCERT_VERSION;
  fp["build"] = INCERT_GIT_COMMIT;
  for (auto it = inputs.begin(); it != inputs.end(); ++it) fp[it.key()] = it.value();
  fp["cells"] = cells;
  grid_schedule schedule;
  schedule.jobs = jobs;
  schedule.fingerprint = fp.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  schedule.journal = journal;
  return schedule;
}

void grid_outcome::finish() {
  if (journal) journal->remove();
  journal.reset();
}

namespace {

using record_fn = std::function<void(std::size_t, std::string&&)>;

std::string checked_record(std::string r) {
  if (r.find('\n') != std::string::npos) throw std::logic_error("grid engine: a cell record holds a line break");
  return r;
}


// ---- one process ---------------------------------------------------------------------------

void run_serial(const grid_cells& cells, const std::vector<std::size_t>& todo, const record_fn& record) {
  for (std::size_t i : todo) record(i, checked_record(cells.compute(i)));
}

// ---- worker processes ----------------------------------------------------------------------
//
// Parent -> worker: "INDEX\n" per cell; end of file: stop. Worker -> parent, per cell:
// "R INDEX RECORD\n" or "E INDEX ERROR-JSON\n". A worker dies with its parent (PR_SET_PDEATHSIG).

[[noreturn]] void worker_main(int in, int out, const grid_cells& cells, pid_t parent) {
#ifdef __linux__
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
  if (::getppid() != parent) ::_exit(1);
  std::string buf;
  char chunk[4096];
  for (;;) {
    const std::size_t eol = buf.find('\n');
    if (eol == std::string::npos) {
      const ssize_t n = ::read(in, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) ::_exit(0);
      buf.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    const std::size_t i = std::stoull(buf.substr(0, eol));
    buf.erase(0, eol + 1);
    std::string line;
    try {
      line = "R " + std::to_string(i) + " " + checked_record(cells.compute(i)) + "\n";
    } catch (...) {
      line = "E " + std::to_string(i) + " " + encode_cell_error(std::current_exception()) + "\n";
    }
    if (!write_all(out, line)) ::_exit(1);
  }
}

struct worker {
  pid_t pid = -1;
  int to = -1, from = -1;
  std::string buf;
  long cell = -1;
};

class worker_pool {
 public:
  // SIGPIPE is ignored while the pool exists (a dead worker is seen when its pipe ends).
  explicit worker_pool(unsigned n) : ws_(n) {
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    ::sigaction(SIGPIPE, &ign, &old_pipe_);
  }

  void spawn(const grid_cells& cells, const std::vector<int>& close_in_child) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    const pid_t parent = ::getpid();
    for (worker& w : ws_) {
      int down[2], up[2];
      if (::pipe2(down, O_CLOEXEC) != 0) throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
      if (::pipe2(up, O_CLOEXEC) != 0) {
        ::close(down[0]);
        ::close(down[1]);
        throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
      }
      const pid_t pid = ::fork();
      if (pid < 0) {
        for (int fd : {down[0], down[1], up[0], up[1]}) ::close(fd);
        throw std::runtime_error(std::string("cannot start a worker process: ") + std::strerror(errno));
      }
      if (pid == 0) {
        // The child keeps only its own pipe ends: the parent's ends of the other workers' pipes
        // (and the journal) must not stay open here, or a worker would never see end of file.
        for (const worker& o : ws_) {
          if (o.to >= 0) ::close(o.to);
          if (o.from >= 0) ::close(o.from);
        }
        for (int fd : close_in_child) ::close(fd);
        ::close(down[1]);
        ::close(up[0]);
        worker_main(down[0], up[1], cells, parent);
      }
      ::close(down[0]);
      ::close(up[1]);
      w.pid = pid;
      w.to = down[1];
      w.from = up[0];
    }
  }

  ~worker_pool() {
    for (worker& w : ws_) {
      if (w.to >= 0) ::close(w.to);
      if (w.from >= 0) ::close(w.from);
      if (w.pid > 0) {
        ::kill(w.pid, SIGKILL);  // only still running after a failure
        ::waitpid(w.pid, nullptr, 0);
      }
    }
    ::sigaction(SIGPIPE, &old_pipe_, nullptr);
  }
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;

  void run(const grid_cells& cells, const std::vector<std::size_t>& todo, const record_fn& record) {
    std::size_t next = 0, live = ws_.size();
    auto assign = [&](worker& w) {
      if (next < todo.size()) {
        w.cell = static_cast<long>(todo[next++]);
        if (write_all(w.to, std::to_string(w.cell) + "\n")) return;
        // a dead worker: found when its pipe ends below
      } else {
        w.cell = -1;
        ::close(w.to);
        w.to = -1;
      }
    };
    for (worker& w : ws_) assign(w);
    std::vector<pollfd> fds;
    std::vector<worker*> of;
    char chunk[1 << 16];
    while (live > 0) {
      fds.clear();
      of.clear();
      for (worker& w : ws_)
        if (w.from >= 0) {
          fds.push_back({w.from, POLLIN, 0});
          of.push_back(&w);
        }
      if (::poll(fds.data(), fds.size(), -1) < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
      }
      for (std::size_t j = 0; j < fds.size(); ++j) {
        if (!(fds[j].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        worker& w = *of[j];
        const ssize_t n = ::read(w.from, chunk, sizeof chunk);
        if (n < 0) {
          if (errno == EINTR || errno == EAGAIN) continue;
          throw std::runtime_error(std::string("reading from a worker process: ") + std::strerror(errno));
        }
        if (n == 0) {  // the worker ended
          ::close(w.from);
          w.from = -1;
          int status = 0;
          ::waitpid(w.pid, &status, 0);
          w.pid = -1;
          --live;
          if (w.cell >= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::string how = WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status))
                                                  : "exited with status " + std::to_string(WEXITSTATUS(status));
            std::string what = w.cell >= 0 ? " while computing cell " + std::to_string(w.cell) +
                                                 (cells.label ? " (" + cells.label(static_cast<std::size_t>(w.cell)) + ")" : "")
                                           : "";
            throw std::runtime_error("a worker process " + how + what);
          }
          continue;
        }
        w.buf.append(chunk, static_cast<std::size_t>(n));
        std::size_t eol;
        while ((eol = w.buf.find('\n')) != std::string::npos) {
          std::string line = w.buf.substr(0, eol);
          w.buf.erase(0, eol + 1);
          const std::size_t sp = line.size() < 3 ? std::string::npos : line.find(' ', 2);
          if (sp == std::string::npos || (line[0] != 'R' && line[0] != 'E') || std::to_string(w.cell) != line.substr(2, sp - 2))
            throw std::runtime_error("a worker process answered out of turn");
          if (line[0] == 'E') std::rethrow_exception(decode_cell_error(line.substr(sp + 1), "a worker process"));
          const std::size_t i = static_cast<std::size_t>(w.cell);
          record(i, line.substr(sp + 1));
          assign(w);
        }
      }
    }
  }

 private:
  std::vector<worker> ws_;
  struct sigaction old_pipe_ {};
};

}  // namespace

grid_outcome run_grid(const grid_cells& cells, const grid_schedule& schedule) {
  grid_outcome out;
  std::vector<std::optional<std::string>> records(cells.count);
  std::vector<std::size_t> todo;
  std::unique_ptr<progress_bar> bar;

  mpi_coordinator_hooks hooks;
  hooks.prepare = [&]() {
    if (schedule.journal) {
      out.journal = std::make_unique<grid_journal>(*schedule.journal, schedule.fingerprint, cells.count);
      for (const auto& kv : out.journal->finished()) records[kv.first] = kv.second;
    }
    todo.clear();
    for (std::size_t i = 0; i < cells.count; ++i)
      if (!records[i]) todo.push_back(i);
    return todo;
  };
  hooks.start = [&](std::size_t workers) {
    out.workers = workers;
    bar = std::make_unique<progress_bar>(cells.count, cells.count - todo.size());
    bar->set_workers(workers);
  };
  hooks.record = [&](std::size_t i, std::string&& r) {
    if (records[i]) return;  // (cannot happen: each cell is handed out once)
    if (out.journal) out.journal->append(i, r);
    records[i] = std::move(r);
    ++out.computed;
    bar->cell_done(cells.label ? cells.label(i) : "");
  };

  const mpi_role role = mpi_run_grid(cells.compute, schedule.fingerprint, hooks);
  if (role == mpi_role::worker) {
    out.writes_output = false;
    return out;
  }
  if (role == mpi_role::none) {
    hooks.prepare();
    const std::size_t jobs = std::min<std::size_t>(schedule.jobs ? schedule.jobs : default_jobs(), todo.size());
    hooks.start(std::max<std::size_t>(jobs, 1));
    if (jobs <= 1) {
      run_serial(cells, todo, hooks.record);
    } else {
      std::vector<int> close_in_child;
      if (out.journal) close_in_child.push_back(out.journal->fd());
      worker_pool pool(static_cast<unsigned>(jobs));
      pool.spawn(cells, close_in_child);
      pool.run(cells, todo, hooks.record);
    }
  }
  if (bar) bar->clear();
  out.records.reserve(cells.count);
  for (auto& r : records) {
    if (!r) throw std::logic_error("grid engine: a cell was not computed");
    out.records.push_back(std::move(*r));
  }
  return out;
}

}  // namespace incert::cli
