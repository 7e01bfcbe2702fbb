// src/atomic_file.hpp
//
// The one way incert writes a file (table/sweep --out, plot/plot-sweep --out including the PNG
// made by rsvg-convert, whose bytes come through a pipe; proof certificates): the bytes go to a temporary file in the destination's
// own directory (mkstemp, named .NAME.tmp.XXXXXX), are flushed and fsync'd, and the temporary is
// renamed over the destination (then the directory is fsync'd). So a reader sees the old file or
// the new one, never a part; two concurrent writers leave one complete file (the last rename
// wins); on any failure the destination is untouched and the temporary is removed.
//
// A new file gets mode 0666 & ~umask; a replaced file keeps its mode. SIGINT, SIGTERM, SIGHUP and
// SIGQUIT are held (blocked, delivered after) while a temporary exists, so that an interrupted
// write leaves no temporary either (SIGKILL cannot be held: it may leave a .NAME.tmp.XXXXXX).
//
// Failures are reported as "cannot write PATH: <strerror>".
#pragma once

#include "incert/io/input_error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace incert::cli {

// Writes `bytes` to `path` atomically. Returns nothing on success, else the one-line reason
// "cannot write PATH: <strerror>".
std::optional<std::string> try_write_file_atomically(const std::string& path, std::string_view bytes);

// The same; a failure is an input_error(field, "cannot write PATH: <strerror>") (exit 2 in the CLI).
void write_file_atomically(const std::string& path, std::string_view bytes, const std::string& field = "--out");

// Appends are not atomic: the journal of `--resume` (grid_journal.hpp) writes whole lines and
// fsyncs them itself. This fsyncs the directory holding `path` (after a create, rename or unlink),
// ignoring file systems that refuse it.
void sync_parent_directory(const std::string& path);

// Writes all of `bytes` to the descriptor, retrying after EINTR and short writes. False on an
// error (errno says which). Used by every writer of a descriptor: this file, the journal, the
// worker pipes of the grid engine.
bool write_all(int fd, std::string_view bytes);

}  // namespace incert::cli
