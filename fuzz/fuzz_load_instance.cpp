// fuzz/fuzz_load_instance.cpp: libFuzzer target for the instance reader.
//
// The bytes go through exactly what `incert check FILE` does with a file's content
// (load_instance_file = json::parse_file + load_instance, src/main.cpp): json::parse, then
// load_instance. The documented outcomes of bad input are json::parse_error (which the CLI
// turns into an input_error) and input_error, each with a one-line message; both end the
// run here. Anything else is a finding: a crash, a sanitizer report, another exception
// (uncaught, so libFuzzer reports it as a deadly signal from std::terminate), a message with
// a line break, a timeout (-timeout) or memory beyond -rss_limit_mb.
//
// GMP, MPFR and MPFI are not instrumented (Debian's builds): ASan sees their allocations
// through malloc but not their internal reads and writes.
#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

// The CLI prints the message as one line on stderr: no control character may break it.
void require_one_line(const char* message) {
  if (*message == '\0') __builtin_trap();
  for (const char* c = message; *c; ++c)
    if (static_cast<unsigned char>(*c) < 0x20) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  incert::json::value root;
  try {
    root = incert::json::parse(text);
  } catch (const incert::json::parse_error& e) {
    require_one_line(e.what());
    return 0;
  }
  try {
    const incert::instance in = incert::load_instance(root, "fuzz.json");
    // A loaded instance satisfies what the rest of the program relies on (a dense Y keeps
    // sigma and P empty: instance.hpp).
    const bool shape_ok = in.dense_target ? in.Y.rows == in.n && in.Y.cols == in.n
                                          : in.sigma.size() == in.n && in.P.rows == in.n &&
                                                in.P.cols == in.n && in.column_norm2.size() == in.n;
    if (in.n == 0 || !shape_ok || in.K == 0 || in.K > in.n || in.epsilon <= 0) __builtin_trap();
  } catch (const incert::input_error& e) {
    require_one_line(e.what());
    return 0;
  }
  return 0;
}
