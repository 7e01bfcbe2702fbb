// fuzz/fuzz_parse_exact.cpp: libFuzzer target for the exact number reader
// (incert/exact/exact_real.hpp), which reads every number of an instance file and the
// CLI's --t, --tau, --alpha-from/to, --alphas and --eps values.
//
// Any text either gives a canonical rational or throws number_format_error. An accepted
// number is read back exactly from GMP's own text of it ("p/q" with decimal integers), and
// a decimal without '/' or exponent has a denominator that divides a power of ten.
// Anything else (crash, sanitizer report, other exception, trap) is a finding.
#include "incert/exact/exact_real.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  mpq_class q;
  try {
    q = incert::parse_exact(text);
  } catch (const incert::number_format_error&) {
    return 0;
  }
  mpq_class copy = q;
  copy.canonicalize();
  if (copy != q) __builtin_trap();
  // The denominator of a decimal has no prime factor but 2 and 5 unless a '/' was given.
  if (text.find('/') == std::string_view::npos) {
    mpz_class d = q.get_den(), two = 2, five = 5;
    mpz_remove(d.get_mpz_t(), d.get_mpz_t(), two.get_mpz_t());  // subquadratic, unlike a loop
    mpz_remove(d.get_mpz_t(), d.get_mpz_t(), five.get_mpz_t());
    if (d != 1) __builtin_trap();
  }
  // Round trip through text that is itself valid input (small values only: cheap).
  if (mpz_sizeinbase(q.get_num_mpz_t(), 2) + mpz_sizeinbase(q.get_den_mpz_t(), 2) < 4096) {
    if (incert::parse_exact(q.get_str()) != q) __builtin_trap();
  }
  return 0;
}
