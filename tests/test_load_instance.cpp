// tests/test_load_instance.cpp: validation of instance files (incert/instance/load_instance.hpp).
//
// Every kind of bad input must be rejected with an incert::input_error whose field() names the
// offending JSON path and whose what() is "FIELD: problem". Valid inputs must be read exactly
// (rationals, never through a double) and normalised (eigenvalues decreasing, eigenvectors and
// spectral data permuted with them).
#include <catch2/catch.hpp>

#include "incert/instance/exact_spectrum.hpp"
#include "incert/instance/load_instance.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>
#include <unistd.h>

using incert::input_error;
using incert::instance;

namespace {

// ---- building instance texts -------------------------------------------------------------

const std::string Y_default = R"({"eigenvalues": ["3", "2", "1"]})";
const std::string W0_default = R"({"W0": [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]})";

// An instance document; a part given as the empty string is left out.
std::string doc(const std::string& Y = Y_default, const std::string& init = W0_default, const std::string& alpha = R"("1e-30")",
                const std::string& eps = R"("0.1")", const std::string& extra = "") {
  std::string s = "{";
  auto add = [&](const char* key, const std::string& v) {
    if (v.empty()) return;
    if (s.size() > 1) s += ", ";
    s += std::string("\"") + key + "\": " + v;
  };
  add("Y", Y);
  add("init", init);
  add("alpha", alpha);
  add("epsilon", eps);
  if (!extra.empty()) s += (s.size() > 1 ? ", " : "") + extra;
  return s + "}";
}

instance load(const std::string& text) { return incert::load_instance(incert::json::parse(text), "test"); }

// A file in the temporary directory holding exactly `bytes`, removed at scope exit.
struct temp_file {
  std::string path;
  explicit temp_file(const std::string& bytes) {
    char name[] = "/tmp/incert_test_load_instance_XXXXXX";
    int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    ::close(fd);
    path = name;
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ~temp_file() { std::remove(path.c_str()); }
};

// Runs f, which must throw input_error; returns it.
template <class F>
input_error error_of(F&& f) {
  try {
    f();
  } catch (const input_error& e) {
    return e;
  }
  FAIL("no incert::input_error was thrown");
  throw std::logic_error("unreachable");
}

// `text` (a complete JSON document) must be rejected with field() == field and a message
// containing `problem`; what() must be exactly "field: <problem text>".
void check_rejected(const std::string& text, const std::string& field, const std::string& problem) {
  INFO("input: " << text);
  input_error e = error_of([&] { load(text); });
  INFO("what(): " << e.what());
  CHECK(e.field() == field);
  CHECK_THAT(e.what(), Catch::StartsWith(field + ": "));
  CHECK_THAT(e.what(), Catch::Contains(problem));
}

void check_rejected_exactly(const std::string& text, const std::string& field, const std::string& problem) {
  INFO("input: " << text);
  input_error e = error_of([&] { load(text); });
  CHECK(e.field() == field);
  CHECK(std::string(e.what()) == field + ": " + problem);
}

// The same through a file (for inputs that are not JSON at all).
input_error file_error(const std::string& bytes, std::string* path_out = nullptr) {
  temp_file f(bytes);
  if (path_out) *path_out = f.path;
  return error_of([&] { incert::load_instance_file(f.path); });
}

std::string binary_garbage() {
  const unsigned char bytes[] = {0x7f, 'E', 'L', 'F', 0x02, 0x01, 0x00, 0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x00, 0x01};
  return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

mpq_class q(const char* s) { return mpq_class(s); }  // "p/q" or integer, exact

}  // namespace

// ============================================================================================

TEST_CASE("the default instance and the data/ instances load", "[load_instance]") {
  instance in = load(doc());
  CHECK(in.n == 3);
  CHECK(in.K == 3);
  CHECK(in.sigma == std::vector<mpq_class>{3, 2, 1});
  CHECK(in.identity_basis);
  CHECK(in.init == incert::init_kind::W0);
  CHECK(in.W0(0, 1) == q("1/2"));
  CHECK(in.W0(0, 2) == q("3/10"));
  CHECK(in.Wt0_scaled(1, 2) == q("1/5"));
  CHECK(in.column_norm2 == std::vector<mpq_class>{1, 1, 1});
  mpz_class ten30;
  mpz_ui_pow_ui(ten30.get_mpz_t(), 10, 30);
  CHECK(*in.alpha.value == mpq_class(1, ten30));
  CHECK(!in.alpha.log10);
  CHECK(in.alpha.text == "1e-30");
  CHECK(in.epsilon == mpq_class(1, 10));
  CHECK(in.source == "test");

  for (const char* name : {"default", "thm4_general_3x3", "thm3_spectral_3x3", "rank_deficient_target", "gap_near_one",
                           "thm4_eigenvectors_3x3"}) {
    std::string path = std::string(INCERT_SOURCE_DIR) + "/data/" + name + ".json";
    INFO("file: " << path);
    instance f;
    REQUIRE_NOTHROW(f = incert::load_instance_file(path));
    CHECK(f.source == path);
    CHECK(f.K >= 1);
  }
  instance r = incert::load_instance_file(std::string(INCERT_SOURCE_DIR) + "/data/rank_deficient_target.json");
  CHECK(r.n == 4);
  CHECK(r.K == 2);
  CHECK(r.W0(0, 1) == q("1/3"));
  CHECK(r.W0(1, 3) == q("1/7"));
  instance e = incert::load_instance_file(std::string(INCERT_SOURCE_DIR) + "/data/thm4_eigenvectors_3x3.json");
  CHECK(!e.identity_basis);
  CHECK(e.column_norm2 == std::vector<mpq_class>{9, 225, 9});
  CHECK(e.P(2, 2) == q("-11/5"));
  instance g = incert::load_instance_file(std::string(INCERT_SOURCE_DIR) + "/data/gap_near_one.json");
  CHECK(g.init == incert::init_kind::spectral);
  CHECK(g.sigma[1] == q("99/100"));
}

// ---- syntax -----------------------------------------------------------------------------

TEST_CASE("malformed, truncated and binary input is an input_error naming the file", "[load_instance][syntax]") {
  const std::string good = doc();
  struct bad_text {
    std::string bytes, message;
  };
  std::vector<bad_text> cases = {
      {good.substr(0, good.size() - 1), "unexpected end of input"},           // truncated: no closing brace
      {good.substr(0, good.size() / 2), "JSON syntax error at line 1"},       // cut in the middle
      {"", "unexpected end of input"},                                        // empty file
      {"   \n  ", "unexpected end of input"},                                 // only whitespace
      {"{\"Y\": {\"eigenvalues\": [\"3\",]}}", "JSON syntax error"},          // trailing comma
      {"{'Y': 1}", "JSON syntax error"},                                      // single quotes
      {good + " }", "unexpected data after the top-level value"},             // trailing garbage
      {binary_garbage(), "JSON syntax error at line 1, column 1"},
      {std::string("{\"Y\": \"\xff\xfe\"}", 11), "invalid UTF-8"},            // binary inside a string
      {std::string("{\"a\": 1}\0{}", 11), "unexpected data"},                 // NUL after the document
      {doc(Y_default, W0_default, "NaN"), "JSON syntax error"},               // bare NaN is not JSON
      {doc(Y_default, W0_default, "Infinity"), "JSON syntax error"},
      {doc(Y_default, W0_default, R"("1e-30")", "0.1", "\"epsilon\": \"0.2\""), "duplicate key"},
  };
  for (const auto& c : cases) {
    std::string path;
    input_error e = file_error(c.bytes, &path);
    INFO("bytes: " << c.bytes);
    INFO("what(): " << e.what());
    CHECK(e.field() == path);
    CHECK_THAT(e.what(), Catch::StartsWith(path + ": "));
    CHECK_THAT(e.what(), Catch::Contains(c.message));
  }
  // Position of the error: line and column.
  input_error e = file_error("{\n  \"Y\": {\"eigenvalues\": [\"3\"]},\n  \"init\": {\"spectral\": [\"1\"]}\n  \"alpha\": \"1e-30\"\n}");
  CHECK_THAT(e.what(), Catch::Contains("JSON syntax error at line 4, column 3: expected ',' or '}' in object"));

  // A file that cannot be read.
  input_error missing = error_of([] { incert::load_instance_file("/nonexistent/incert/instance.json"); });
  CHECK(missing.field() == "/nonexistent/incert/instance.json");
  CHECK_THAT(missing.what(), Catch::Contains("cannot read file"));
  input_error dir = error_of([] { incert::load_instance_file("/tmp"); });
  CHECK(dir.field() == "/tmp");
  CHECK_THAT(dir.what(), Catch::Contains("cannot read file"));
}

// Known cosmetic bug, reported to the lead: load_instance_file wraps json::parse_error::what(),
// which already starts with "PATH: ", into input_error(path, ...), so the message reads
// "PATH: PATH: JSON syntax error ...". [!mayfail]: reported but does not fail the run; remove the
// tag once fixed.
TEST_CASE("a syntax error names the file once", "[load_instance][syntax]") {
  std::string path;
  input_error e = file_error("{", &path);
  INFO("what(): " << e.what());
  std::string w = e.what();
  CHECK(w.find(path) == 0);
  CHECK(w.find(path, path.size()) == std::string::npos);
}

// ---- structure ---------------------------------------------------------------------------

TEST_CASE("missing fields", "[load_instance][structure]") {
  check_rejected_exactly(doc(""), "Y", "missing field");
  check_rejected_exactly(doc(Y_default, ""), "init", "missing field");
  check_rejected_exactly(doc(Y_default, W0_default, ""), "alpha", "missing field");
  check_rejected_exactly(doc(Y_default, W0_default, R"("1e-30")", ""), "epsilon", "missing field");
  check_rejected_exactly(doc(R"({})"), "Y.eigenvalues", "missing field");
  check_rejected_exactly(doc(R"({"eigenvectors": [["1"]]})"), "Y.eigenvalues", "missing field");
  check_rejected_exactly(doc(Y_default, R"({})"), "init", "give exactly one of W0, U0, spectral, gaussian");
  check_rejected_exactly(doc(Y_default, W0_default, R"({})"), "alpha.log10", "missing field");
  check_rejected_exactly("{}", "Y", "missing field");
}

TEST_CASE("unknown fields", "[load_instance][structure]") {
  check_rejected_exactly(doc(Y_default, W0_default, R"("1e-30")", R"("0.1")", R"("comment": "x")"), "comment", "unknown field");
  check_rejected_exactly(doc(Y_default, W0_default, R"("1e-30")", R"("0.1")", R"("eps": "0.1")"), "eps", "unknown field");
  check_rejected_exactly(doc(R"({"eigenvalues": ["3", "2", "1"], "vectors": [["1"]]})"), "Y.vectors", "unknown field");
  check_rejected_exactly(doc(R"({"eigenvalue": ["3", "2", "1"]})"), "Y.eigenvalue", "unknown field");
  check_rejected_exactly(doc(Y_default, R"({"W0": [["1"]], "w0": [["1"]]})"), "init.w0", "unknown field");
  check_rejected_exactly(doc(Y_default, W0_default, R"({"log10": "-30", "base": "10"})"), "alpha.base", "unknown field");
  check_rejected(doc(R"({"matrix": [["1"]], "vectors": [["1"]]})"), "Y.vectors", "unknown field");  // dense Y: test_target_eigenbasis.cpp
  // name and description are allowed
  CHECK_NOTHROW(load(doc(Y_default, W0_default, R"("1e-30")", R"("0.1")", R"("name": "n", "description": "d")")));
}

TEST_CASE("control characters in keys and values are shown escaped: the message stays one line", "[load_instance][structure]") {
  // Found by the fuzz target (fuzz/fuzz_load_instance.cpp): a key "mat\rix" (m a t CR i x) broke the line.
  check_rejected_exactly(doc(R"({"mat\rix": [["1"]]})"), "Y.mat\\x0Dix", "unknown field");
  check_rejected_exactly(doc(Y_default, W0_default, R"("1e-30")", R"("0.1")", R"("a\tb\u007f": "x")"), "a\\x09b\\x7F", "unknown field");
  check_rejected(doc(Y_default, W0_default, R"("1e-30")", R"("0.\n1")"), "epsilon", "not a number: \"0.\\x0A1\"");
  for (const char* text : {R"({"Y\u001b": 1})", R"({"\r\n": 1})"}) {
    input_error e = error_of([&] { load(text); });
    for (const char* c = e.what(); *c; ++c) CHECK(static_cast<unsigned char>(*c) >= 0x20);
  }
}

TEST_CASE("wrong JSON kinds", "[load_instance][structure]") {
  check_rejected_exactly("[1, 2]", "(top level)", "expected object, found array");
  check_rejected_exactly("\"text\"", "(top level)", "expected object, found string");
  check_rejected_exactly(doc(R"("3")"), "Y", "expected object, found string");
  check_rejected_exactly(doc(R"({"eigenvalues": "3"})"), "Y.eigenvalues", "expected array, found string");
  check_rejected_exactly(doc(Y_default, R"([1])"), "init", "expected object, found array");
  check_rejected_exactly(doc(Y_default, R"({"W0": "1"})"), "init.W0", "expected array, found string");
  check_rejected_exactly(doc(Y_default, R"({"W0": ["1", "2", "3"]})"), "init.W0[0]", "expected array, found string");
  check_rejected(doc(R"({"eigenvalues": ["3", null, "1"]})"), "Y.eigenvalues[1]", "expected a number");
  check_rejected(doc(R"({"eigenvalues": ["3", true, "1"]})"), "Y.eigenvalues[1]", "found boolean");
  check_rejected(doc(R"({"eigenvalues": ["3", ["2"], "1"]})"), "Y.eigenvalues[1]", "found array");
  check_rejected(doc(Y_default, W0_default, "null"), "alpha", "found null");
  check_rejected(doc(Y_default, W0_default, R"(["1e-30"])"), "alpha", "found array");
  check_rejected(doc(Y_default, W0_default, R"("1e-30")", R"({"value": "0.1"})"), "epsilon", "found object");
}

// ---- numbers -----------------------------------------------------------------------------

TEST_CASE("malformed numbers name the entry", "[load_instance][numbers]") {
  check_rejected(doc(Y_default, W0_default, R"("1e-30")", R"("abc")"), "epsilon", "not a number: \"abc\"");
  check_rejected(doc(Y_default, W0_default, R"("1e-30")", R"("NaN")"), "epsilon", "not a number: \"NaN\"");
  check_rejected(doc(Y_default, W0_default, R"("1e-30")", R"("nan")"), "epsilon", "not a number");
  check_rejected(doc(Y_default, W0_default, R"("Infinity")"), "alpha", "not a number: \"Infinity\"");
  check_rejected(doc(Y_default, W0_default, R"("inf")"), "alpha", "not a number");
  check_rejected(doc(Y_default, W0_default, R"("-Infinity")"), "alpha", "not a number");
  check_rejected(doc(Y_default, W0_default, R"("")"), "alpha", "empty string");
  check_rejected(doc(Y_default, W0_default, R"(" 1e-30")"), "alpha", "not a number");
  check_rejected(doc(Y_default, W0_default, R"("1e-30 ")"), "alpha", "not a number");
  check_rejected(doc(Y_default, W0_default, R"("1e")"), "alpha", "exponent has no digits");
  check_rejected(doc(Y_default, W0_default, R"("0x10")"), "alpha", "not a number");
  check_rejected(doc(Y_default, W0_default, R"("1,5")"), "alpha", "not a number");
  check_rejected(doc(Y_default, W0_default, R"("1/2/3")"), "alpha", "more than one '/'");
  check_rejected(doc(Y_default, R"({"W0": [["2", "1/0", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]})"), "init.W0[0][1]",
                 "division by zero in rational \"1/0\"");
  check_rejected(doc(Y_default, W0_default, R"("1/0.0")"), "alpha", "division by zero");
  check_rejected(doc(Y_default, R"({"W0": [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "x"]]})"), "init.W0[2][2]",
                 "not a number: \"x\"");
  check_rejected(doc(R"({"eigenvalues": ["3", "2", "one"]})"), "Y.eigenvalues[2]", "not a number");
  check_rejected(doc(Y_default, R"({"spectral": ["1", "1", "NaN"]})"), "init.spectral[2]", "not a number");
  check_rejected(doc(Y_default, W0_default, R"({"log10": "-1e9x"})"), "alpha.log10", "not a number");
}

TEST_CASE("exponents beyond the representable range", "[load_instance][numbers]") {
  check_rejected(doc(Y_default, W0_default, R"("1e-99999999999")"), "alpha", "beyond the representable range");
  check_rejected(doc(Y_default, W0_default, R"("1e-99999999999999999999999999")"), "alpha", "beyond the representable range");
  check_rejected(doc(Y_default, W0_default, R"("1e-30")", R"("1e99999999")"), "epsilon", "beyond the representable range");
  check_rejected(doc(Y_default, W0_default, "1e-99999999999"), "alpha", "beyond the representable range");  // JSON number
  check_rejected(doc(Y_default, W0_default, R"({"log10": "1e99999999"})"), "alpha.log10", "beyond the representable range");
  // ... while a merely tiny alpha is exact
  instance in = load(doc(Y_default, W0_default, R"("1e-100000")"));
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, 100000);
  CHECK(*in.alpha.value == mpq_class(1, p));
}

TEST_CASE("matrix and vector entries are limited to |exponent| <= 10^4, alpha and epsilon to 10^7", "[load_instance][numbers][limits]") {
  const std::string entry_problem = "beyond the range of matrix and vector entries (|exponent| > 10^4; only alpha and epsilon go to 10^7)";
  // The fuzz finding: "1e9999999" in a matrix cost a minute of exact arithmetic.
  check_rejected(doc(Y_default, R"({"W0": [["1e9999999", "0", "0"], ["0", "1", "0"], ["0", "0", "1"]]})"), "init.W0[0][0]", entry_problem);
  check_rejected(doc(R"({"matrix": [["1e9999999", "1"], ["1", "1e-9999999"]]})", R"({"spectral": ["1", "1"]})"), "Y.matrix[0][0]", entry_problem);
  check_rejected(doc(R"({"eigenvalues": ["3", "1e10001", "1"]})"), "Y.eigenvalues[1]", entry_problem);
  check_rejected(doc(R"({"eigenvalues": ["3", "2", "1"], "eigenvectors": [["1", "0", "0"], ["0", "1e-10200", "0"], ["0", "0", "1"]]})"),
                 "Y.eigenvectors[1][1]", entry_problem);
  check_rejected(doc(Y_default, R"({"spectral": ["1", "1", "5/1e10001"]})"), "init.spectral[2]", entry_problem);
  check_rejected(doc(Y_default, R"({"U0": [["1"], ["1e20000"], ["1"]]})"), "init.U0[1][0]", entry_problem);
  check_rejected(doc(Y_default, R"({"gaussian": {"r": 2, "seed": 1, "scale": "1e20000"}})"), "init.gaussian.scale", entry_problem);
  check_rejected(doc(Y_default, R"({"gaussian": {"r": "1e9999999", "seed": 1}})"), "init.gaussian.r", entry_problem);
  // At the bounds: entries to 10^4 (10^-10100 with fraction digits), alpha and epsilon beyond.
  const instance big = load(doc(R"({"eigenvalues": ["1e10000", "2", "1e-10000"]})", R"({"spectral": ["1", "0.1e-10099", "1"]})",
                                R"("1e-100000")", R"("1e-20000")"));
  mpz_class p4, p5;
  mpz_ui_pow_ui(p4.get_mpz_t(), 10, 10000);
  mpz_ui_pow_ui(p5.get_mpz_t(), 10, 20000);
  CHECK(big.sigma[0] == mpq_class(p4));
  CHECK(big.sigma[2] == mpq_class(1, p4));
  CHECK(big.epsilon == mpq_class(1, p5));
}

TEST_CASE("the dimension of Y is at most 500, checked before its entries are read", "[load_instance][limits]") {
  auto ones = [](std::size_t n) {
    std::string s = "[";
    for (std::size_t i = 0; i < n; ++i) s += i ? ", \"1\"" : "\"1\"";
    return s + "]";
  };
  const instance in = load(doc(R"({"eigenvalues": )" + ones(500) + "}", R"({"spectral": )" + ones(500) + "}"));
  CHECK(in.n == 500);
  check_rejected_exactly(doc(R"({"eigenvalues": )" + ones(501) + "}", R"({"spectral": )" + ones(501) + "}"), "Y.eigenvalues",
                         "dimension 501 is beyond incert's limit n <= 500");
  std::string rows = "[";
  for (int i = 0; i < 501; ++i) rows += i ? ", [\"x\"]" : "[\"x\"]";  // entries not even numbers: the size is checked first
  check_rejected_exactly(doc(R"({"matrix": )" + rows + "]}", R"({"spectral": ["1"]})"), "Y.matrix", "dimension 501 is beyond incert's limit n <= 500");
  // Gaussian init: n r <= 10^5 draws and n^2 r <= 10^7 Gram terms, so r <= 40 at n = 500.
  check_rejected_exactly(doc(R"({"eigenvalues": )" + ones(500) + "}", R"({"gaussian": {"r": 41, "seed": 1}})"), "init.gaussian.r",
                         "is 41, at most 40 for n = 500 (n r <= 10^5 draws and n^2 r <= 10^7 terms of W0 = U0 U0^T)");
  const instance g = load(doc(R"({"eigenvalues": )" + ones(500) + "}", R"({"gaussian": {"r": 40, "seed": 1}})"));
  CHECK(g.U0.cols == 40);
  CHECK(g.W0(499, 0) == g.W0(0, 499));
}

TEST_CASE("congruence P^T A P: a permutation P is a reindexing, any other P the product", "[load_instance][congruence]") {
  std::mt19937 rng(7);
  for (std::size_t n : {1u, 2u, 3u, 5u}) {
    incert::rational_matrix A(n, n);
    for (auto& a : A.entries) {
      a = mpq_class(static_cast<long>(rng() % 19) - 9, 1 + rng() % 7);
      a.canonicalize();
    }
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    for (int trial = 0; trial < 6; ++trial) {
      std::shuffle(perm.begin(), perm.end(), rng);
      incert::rational_matrix P(n, n);
      for (std::size_t j = 0; j < n; ++j) P(perm[j], j) = 1;
      if (trial == 4) P(perm[0], 0) = -1;                    // signed permutation: not a reindexing
      if (trial == 5 && n > 1) P(perm[0], 1) = 1;            // two ones in a row
      INFO("n = " << n << ", trial " << trial);
      const incert::rational_matrix C = incert::congruence(P, A), R = incert::transpose(P) * A * P;
      for (std::size_t k = 0; k < C.entries.size(); ++k) CHECK(C.entries[k] == R.entries[k]);
    }
  }
  CHECK_THROWS_AS(incert::congruence(incert::rational_matrix(2, 2), incert::rational_matrix(3, 3)), std::invalid_argument);
}

TEST_CASE("dense Y: rank and distinctness from eigenvalue enclosures agree with the exact algorithms", "[load_instance][dense]") {
  // Diagonally dominant with off-diagonal entries near 10^-9999 (the exact characteristic polynomial
  // of such a matrix at n = 30 takes minutes: the loader no longer computes it), a repeated
  // eigenvalue, rank-deficient, and near-repeated matrices; cases that the double-interval
  // enclosures, the 128-bit ones or only the exact algorithms decide.
  std::string tiny = "[";
  for (int i = 0; i < 6; ++i) {
    tiny += i ? ", [" : "[";
    for (int j = 0; j < 6; ++j) tiny += (j ? ", \"" : "\"") + (i == j ? std::to_string(i + 1) : std::to_string(1 + (i + j) % 7) + "e-9999") + "\"";
    tiny += "]";
  }
  tiny += "]";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {tiny, R"(["1", "1", "1", "1", "1", "1"])"},
      {R"([["2", "0", "0"], ["0", "2", "0"], ["0", "0", "1"]])", R"(["1", "1", "1"])"},                 // repeated 2
      {R"([["1", "1", "0"], ["1", "1", "0"], ["0", "0", "0"]])", R"(["1", "1", "1"])"},                 // rank 1
      {R"([["5", "2", "1"], ["2", "5", "1"], ["1", "1", "2"]])", R"(["1", "1", "1"])"},
      {R"([["1", "1e-60"], ["1e-60", "1"]])", R"(["1", "1"])"},                                         // eigenvalues 1 +- 1e-60
      {R"([["1", "1e-20"], ["1e-20", "1"]])", R"(["1", "1"])"},            // 1 +- 1e-20: only 128 bits separate them
      {R"([["2e-5000", "1e-5000"], ["1e-5000", "2e-5000"]])", R"(["1", "1"])"},  // below double's range: 128 bits
      {R"([["4", "2", "0", "0"], ["2", "1", "0", "0"], ["0", "0", "0", "0"], ["0", "0", "0", "0"]])", R"(["1", "1", "1", "1"])"}};
  for (const auto& c : cases) {
    INFO("Y.matrix = " << c.first);
    std::string init = R"({"W0": [)";
    const std::size_t n = static_cast<std::size_t>(std::count(c.second.begin(), c.second.end(), ','));
    for (std::size_t i = 0; i <= n; ++i) {
      init += i ? ", [" : "[";
      for (std::size_t j = 0; j <= n; ++j) init += (j ? ", \"" : "\"") + std::string(i == j ? "1" : "0") + "\"";
      init += "]";
    }
    init += "]}";
    const instance in = load(doc(R"({"matrix": )" + c.first + "}", init));
    const std::size_t rank = incert::rational_rank(in.Y);
    CHECK(in.K == rank);
    const incert::rational_polynomial nonzero = incert::divide_by_power_of_x(incert::characteristic_polynomial(in.Y), in.n - rank);
    CHECK(in.distinct_nonzero == incert::is_squarefree(nonzero));
  }
}

TEST_CASE("JSON numbers are read exactly from their text", "[load_instance][numbers]") {
  instance in = load(doc(R"({"eigenvalues": [3, 2.5, 1e-1]})", R"({"W0": [[2, 0.1, 0.3], [0.1, 1.5, 2e-1], [0.3, 0.2, 1]]})", "1e-400",
                         "0.1"));
  CHECK(in.epsilon == mpq_class(1, 10));  // not the double nearest 0.1
  CHECK(in.epsilon != mpq_class(0.1));
  CHECK(in.sigma == std::vector<mpq_class>{3, q("5/2"), q("1/10")});
  CHECK(in.W0(0, 1) == q("1/10"));
  CHECK(in.W0(1, 2) == q("1/5"));
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, 400);
  CHECK(*in.alpha.value == mpq_class(1, p));  // below the double range, still exact
  CHECK(in.alpha.text == "1e-400");
  // strings and rationals
  instance r = load(doc(R"({"eigenvalues": ["105/151", "-0.5/-2", "+1E-1"]})", R"({"spectral": ["1/3", "2.50", "7"]})"));
  CHECK(r.sigma == std::vector<mpq_class>{q("105/151"), q("1/4"), q("1/10")});
  CHECK(r.spectral == std::vector<mpq_class>{q("1/3"), q("5/2"), 7});
}

// ---- arrays and matrices -----------------------------------------------------------------

TEST_CASE("empty arrays and matrices, ragged rows", "[load_instance][shape]") {
  check_rejected_exactly(doc(R"({"eigenvalues": []})"), "Y.eigenvalues", "empty array");
  check_rejected_exactly(doc(Y_default, R"({"W0": []})"), "init.W0", "empty matrix");
  check_rejected_exactly(doc(Y_default, R"({"W0": [[]]})"), "init.W0[0]", "empty row");
  check_rejected_exactly(doc(Y_default, R"({"W0": [["1", "0", "0"], [], ["0", "0", "1"]]})"), "init.W0[1]", "empty row");
  check_rejected_exactly(doc(Y_default, R"({"U0": []})"), "init.U0", "empty matrix");
  check_rejected_exactly(doc(Y_default, R"({"spectral": []})"), "init.spectral", "empty array");
  check_rejected_exactly(doc(R"({"eigenvalues": ["3", "2", "1"], "eigenvectors": []})"), "Y.eigenvectors", "empty matrix");
  check_rejected_exactly(doc(Y_default, R"({"W0": [["2", "0.5", "0.3"], ["0.5", "1.5"], ["0.3", "0.2", "1"]]})"), "init.W0[1]",
                         "row has 2 entries, row 0 has 3");
  check_rejected_exactly(doc(Y_default, R"({"W0": [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1", "4"]]})"),
                         "init.W0[2]", "row has 4 entries, row 0 has 3");
  check_rejected_exactly(doc(Y_default, R"({"U0": [["1", "0"], ["1"], ["0", "1"]]})"), "init.U0[1]", "row has 1 entries, row 0 has 2");
  check_rejected_exactly(doc(R"({"eigenvalues": ["3", "2", "1"], "eigenvectors": [["1", "0", "0"], ["0", "1"], ["0", "0", "1"]]})"),
                         "Y.eigenvectors[1]", "row has 2 entries, row 0 has 3");
}

TEST_CASE("dimension mismatches", "[load_instance][shape]") {
  check_rejected_exactly(doc(Y_default, R"({"W0": [["2", "0.5"], ["0.5", "1.5"]]})"), "init.W0", "must be 3 x 3 like Y, is 2 x 2");
  check_rejected_exactly(doc(R"({"eigenvalues": ["2", "1"]})"), "init.W0", "must be 2 x 2 like Y, is 3 x 3");
  check_rejected_exactly(doc(Y_default, R"({"W0": [["2", "0.5"], ["0.5", "1.5"], ["0.3", "0.2"]]})"), "init.W0", "must be square, is 3 x 2");
  check_rejected_exactly(doc(Y_default, R"({"U0": [["1", "0"], ["0", "1"]]})"), "init.U0", "must have 3 rows like Y, has 2");
  check_rejected_exactly(doc(Y_default, R"({"spectral": ["1", "1"]})"), "init.spectral",
                         "must have 3 entries like Y.eigenvalues, has 2");
  check_rejected_exactly(doc(Y_default, R"({"spectral": ["1", "1", "1", "1"]})"), "init.spectral",
                         "must have 3 entries like Y.eigenvalues, has 4");
  check_rejected_exactly(doc(R"({"eigenvalues": ["3", "2", "1"], "eigenvectors": [["1", "0"], ["0", "1"], ["0", "0"]]})"),
                         "Y.eigenvectors", "must be 3 x 3 (one column per eigenvalue), is 3 x 2");
  check_rejected_exactly(doc(R"({"eigenvalues": ["3", "2", "1"], "eigenvectors": [["1", "0", "0"], ["0", "1", "0"]]})"),
                         "Y.eigenvectors", "must be 3 x 3 (one column per eigenvalue), is 2 x 3");
}

// ---- mathematical validity ---------------------------------------------------------------

TEST_CASE("W0 must be symmetric positive semi-definite (decided exactly)", "[load_instance][psd]") {
  const std::string Y2 = R"({"eigenvalues": ["2", "1"]})";
  check_rejected_exactly(doc(Y_default, R"({"W0": [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.25", "1"]]})"), "init.W0",
                         "not symmetric: entry [1][2] differs from [2][1]");
  // symmetric up to 1e-40: still not symmetric, the test is exact
  check_rejected(doc(Y2, R"({"W0": [["1", "0.5"], ["0.5000000000000000000000000000000000000001", "1"]]})"), "init.W0", "not symmetric");
  check_rejected_exactly(doc(Y2, R"({"W0": [["1", "2"], ["2", "1"]]})"), "init.W0", "not positive semi-definite");
  check_rejected_exactly(doc(Y2, R"({"W0": [["-1", "0"], ["0", "1"]]})"), "init.W0", "not positive semi-definite");
  check_rejected_exactly(doc(Y2, R"({"W0": [["0", "1"], ["1", "0"]]})"), "init.W0", "not positive semi-definite");
  check_rejected_exactly(doc(Y_default, R"({"W0": [["1", "0", "0"], ["0", "0", "1e-30"], ["0", "1e-30", "0"]]})"), "init.W0",
                         "not positive semi-definite");
  // smallest eigenvalue -5e-61: a 128-bit enclosure cannot decide, exact elimination must
  check_rejected_exactly(doc(Y2, R"({"W0": [["1", "1"], ["1", "0.999999999999999999999999999999999999999999999999999999999999"]]})"),
                         "init.W0", "not positive semi-definite");

  // PSD but singular, or barely definite: accepted
  for (const char* w : {R"([["1", "1"], ["1", "1"]])", R"([["0", "0"], ["0", "0"]])", R"([["1", "0"], ["0", "0"]])",
                        R"([["1", "1"], ["1", "1.000000000000000000000000000000000000000000000000000000000001"]])",
                        R"([["4", "2"], ["2", "1"]])"}) {
    INFO("W0 = " << w);
    instance in;
    REQUIRE_NOTHROW(in = load(doc(Y2, std::string(R"({"W0": )") + w + "}")));
    CHECK(in.W0.rows == 2);
  }
  instance s = load(doc(Y_default, R"({"W0": [["1", "1", "1"], ["1", "1", "1"], ["1", "1", "1"]]})"));  // rank 1
  CHECK(s.W0(2, 2) == 1);
}

// The PSD decision runs in double intervals first, at 128 bits when that touches zero, exactly
// when that does too (load_instance_impl.hpp, is_psd). Reference: W0 = L D L^T with L unit lower
// triangular (integers, so L is invertible) and D diagonal: by Sylvester's law of inertia W0 is
// PSD iff no d_i < 0, whatever the three stages decide.
TEST_CASE("W0's PSD decision agrees with Sylvester's law of inertia at every stage", "[load_instance][psd]") {
  std::mt19937 rng(20261206);
  std::uniform_int_distribution<int> entry(-4, 4);
  // d_i < 0 of sizes 1, 1e-20 and 1e-60: each stage meets cases it cannot decide and hands on.
  const std::vector<std::string> negatives = {"-1", "-1e-20", "-1e-60"};
  for (int trial = 0; trial < 24; ++trial) {
    const std::size_t n = trial < 18 ? 6 : 40;
    std::vector<std::vector<mpq_class>> L(n, std::vector<mpq_class>(n, 0));
    for (std::size_t i = 0; i < n; ++i) {
      L[i][i] = 1;
      for (std::size_t j = 0; j < i; ++j) L[i][j] = entry(rng);
    }
    std::vector<mpq_class> d(n);
    for (std::size_t i = 0; i < n; ++i) d[i] = 1 + static_cast<int>(i % 3);
    const bool psd = trial % 2 == 0;
    if (psd) d[n / 2] = 0;  // singular: only the exact stage can say PSD
    else d[static_cast<std::size_t>(trial) % n] = incert::parse_exact(negatives[static_cast<std::size_t>(trial / 2) % 3]);
    std::string W = "[";
    for (std::size_t i = 0; i < n; ++i) {
      W += i ? ",[" : "[";
      for (std::size_t j = 0; j < n; ++j) {
        mpq_class w = 0;
        for (std::size_t k = 0; k < n; ++k) w += L[i][k] * d[k] * L[j][k];
        W += std::string(j ? "," : "") + "\"" + w.get_str() + "\"";
      }
      W += "]";
    }
    W += "]";
    std::string Y = R"({"eigenvalues": [)";
    for (std::size_t i = 0; i < n; ++i) Y += std::string(i ? "," : "") + "\"" + std::to_string(n - i) + "\"";
    Y += "]}";
    INFO("trial " << trial << ", n = " << n << ", W0 = " << W);
    if (psd) CHECK_NOTHROW(load(doc(Y, R"({"W0": )" + W + "}")));
    else check_rejected_exactly(doc(Y, R"({"W0": )" + W + "}"), "init.W0", "not positive semi-definite");
  }
  // Entries far below double's range: the double-interval stage cannot decide, 128 bits does.
  const std::string Y2 = R"({"eigenvalues": ["2", "1"]})";
  CHECK_NOTHROW(load(doc(Y2, R"({"W0": [["2e-5000", "1e-5000"], ["1e-5000", "2e-5000"]]})")));
  check_rejected_exactly(doc(Y2, R"({"W0": [["1e-5000", "2e-5000"], ["2e-5000", "1e-5000"]]})"), "init.W0",
                         "not positive semi-definite");
}

TEST_CASE("U0 init: W0 = U0 U0^T, any number of columns", "[load_instance][psd]") {
  instance in = load(doc(Y_default, R"({"U0": [["1", "0.5"], ["0", "1"], ["2", "-1/3"]]})"));
  CHECK(in.init == incert::init_kind::U0);
  CHECK(in.U0.cols == 2);
  CHECK(in.W0(0, 0) == q("5/4"));
  CHECK(in.W0(0, 2) == q("11/6"));
  CHECK(in.W0(2, 2) == q("37/9"));
  CHECK(in.W0(2, 0) == in.W0(0, 2));
  CHECK(in.Wt0_scaled(0, 2) == q("11/6"));
}

TEST_CASE("Y: eigenvalues and eigenvectors", "[load_instance][Y]") {
  check_rejected_exactly(doc(R"({"eigenvalues": ["3", "-2", "1"]})"), "Y.eigenvalues[1]",
                         "negative eigenvalue: Y must be positive semi-definite");
  check_rejected(doc(R"({"eigenvalues": ["3", "2", "-1e-1000"]})"), "Y.eigenvalues[2]", "negative eigenvalue");
  check_rejected_exactly(doc(R"({"eigenvalues": ["0", "0", "0"]})"), "Y.eigenvalues",
                         "all eigenvalues are zero: there is nothing to learn");
  check_rejected_exactly(doc(R"({"eigenvalues": ["0", "-0", "0.0"]})"), "Y.eigenvalues",
                         "all eigenvalues are zero: there is nothing to learn");
  check_rejected_exactly(doc(R"({"eigenvalues": ["3", "2", "1"], "eigenvectors": [["1", "1", "0"], ["0", "1", "0"], ["0", "0", "1"]]})"),
                         "Y.eigenvectors", "columns 0 and 1 are not orthogonal (exact dot product 1)");
  // orthogonal to 1e-50 only: rejected, the test is exact
  check_rejected(doc(R"({"eigenvalues": ["3", "2", "1"], "eigenvectors": [["1", "1e-50", "0"], ["0", "1", "0"], ["0", "0", "1"]]})"),
                 "Y.eigenvectors", "columns 0 and 1 are not orthogonal (exact dot product 1/1000");
  check_rejected(doc(R"({"eigenvalues": ["3", "2", "1"], "eigenvectors": [["1", "0", "0"], ["0", "1", "1"], ["0", "0", "1"]]})"),
                 "Y.eigenvectors", "columns 1 and 2 are not orthogonal");
  check_rejected_exactly(doc(R"({"eigenvalues": ["3", "2", "1"], "eigenvectors": [["1", "0", "0"], ["0", "0", "0"], ["0", "0", "1"]]})"),
                         "Y.eigenvectors", "column 1 is zero");
  check_rejected_exactly(doc(R"({"eigenvalues": ["3", "2", "1"], "eigenvectors": [["0", "1", "0"], ["0", "0", "1"], ["0", "0", "0"]]})"),
                         "Y.eigenvectors", "column 0 is zero");
  // Columns of different scales and denominators (the check scales each column to integers):
  // 7/(3e-9999) [3/5, 4/5] and 1/11 [-4/5, 3/5] are orthogonal; with 3/55 -> 3001/55000 they are not.
  const instance ok = load(doc(R"({"eigenvalues": ["2", "1"], "eigenvectors": [["7/5e-9999", "-4/55"], ["28/15e-9999", "3/55"]]})",
                               R"({"spectral": ["1", "1"]})"));
  CHECK(ok.column_norm2[0] == incert::parse_exact("49/9e-19998"));
  CHECK(ok.column_norm2[1] == mpq_class(1, 121));
  check_rejected(doc(R"({"eigenvalues": ["2", "1"], "eigenvectors": [["7/5e-9999", "-4/55"], ["28/15e-9999", "3001/55000"]]})",
                     R"({"spectral": ["1", "1"]})"),
                 "Y.eigenvectors", "columns 0 and 1 are not orthogonal (exact dot product ");
}

TEST_CASE("init: exactly one kind, spectral entries non-negative", "[load_instance][init]") {
  check_rejected_exactly(doc(Y_default, R"({"W0": [["1", "0", "0"], ["0", "1", "0"], ["0", "0", "1"]], "U0": [["1"], ["1"], ["1"]]})"),
                         "init", "give exactly one of W0, U0, spectral, gaussian");
  check_rejected_exactly(doc(Y_default, R"({"spectral": ["1", "1", "1"], "U0": [["1"], ["1"], ["1"]]})"), "init",
                         "give exactly one of W0, U0, spectral, gaussian");
  check_rejected_exactly(doc(Y_default, R"({"spectral": ["1", "-1", "1"]})"), "init.spectral[1]",
                         "negative: W0 must be positive semi-definite");
  instance z = load(doc(Y_default, R"({"spectral": ["1", "0", "1"]})"));  // allowed here; Theorem 3 hypotheses decide later
  CHECK(z.spectral == std::vector<mpq_class>{1, 0, 1});
}

TEST_CASE("alpha and epsilon must be positive", "[load_instance][scalars]") {
  for (const char* a : {R"("0")", R"("-1e-30")", R"("0/5")", R"("-0")", "0", "-1e-30", R"("0e-5")"}) {
    check_rejected_exactly(doc(Y_default, W0_default, a), "alpha", "must be positive");
  }
  for (const char* e : {R"("0")", R"("-0.1")", "0", "-0.1", R"("0.0")"}) {
    check_rejected_exactly(doc(Y_default, W0_default, R"("1e-30")", e), "epsilon", "must be positive");
  }
  instance in = load(doc(Y_default, W0_default, R"("105/151")", R"("1e-5")"));
  CHECK(*in.alpha.value == q("105/151"));
  CHECK(in.epsilon == mpq_class(1, 100000));
}

TEST_CASE("alpha given by its decimal logarithm", "[load_instance][scalars]") {
  instance in = load(doc(Y_default, W0_default, R"({"log10": "-1e9"})"));
  REQUIRE(in.alpha.log10);
  CHECK(*in.alpha.log10 == -1000000000);
  CHECK(!in.alpha.value);
  CHECK(in.alpha.text == "10^(-1e9)");
  instance n = load(doc(Y_default, W0_default, R"({"log10": -30.5})"));  // JSON number, exact
  CHECK(*n.alpha.log10 == q("-61/2"));
  CHECK(n.alpha.text == "10^(-30.5)");
  instance r = load(doc(Y_default, W0_default, R"({"log10": "-1/3"})"));
  CHECK(*r.alpha.log10 == q("-1/3"));
}

// ---- normalisation -----------------------------------------------------------------------

TEST_CASE("eigenvalues given unsorted are sorted decreasingly, with everything permuted", "[load_instance][normalise]") {
  SECTION("spectral init") {
    instance in = load(doc(R"({"eigenvalues": ["1", "3", "2"]})", R"({"spectral": ["10", "30", "20"]})"));
    CHECK(in.sigma == std::vector<mpq_class>{3, 2, 1});
    CHECK(in.spectral == std::vector<mpq_class>{30, 20, 10});
    CHECK(!in.identity_basis);  // Phi is a permutation
    // P e_j = e_{perm(j)}: column 0 of P is e_1 (eigenvalue 3 was at index 1)
    CHECK(in.P(1, 0) == 1);
    CHECK(in.P(2, 1) == 1);
    CHECK(in.P(0, 2) == 1);
    CHECK(in.K == 3);
  }
  SECTION("eigenvectors and W0") {
    // Y = P diag(1, 3, 2) P^T with unnormalised orthogonal columns (1,1,0), (1,-1,0), (0,0,2)
    instance in = load(doc(R"({"eigenvalues": ["1", "3", "2"], "eigenvectors": [["1", "1", "0"], ["1", "-1", "0"], ["0", "0", "2"]]})",
                           W0_default));
    CHECK(in.sigma == std::vector<mpq_class>{3, 2, 1});
    // columns in the new order: (1,-1,0), (0,0,2), (1,1,0)
    const int expected[3][3] = {{1, 0, 1}, {-1, 0, 1}, {0, 2, 0}};
    for (std::size_t i = 0; i < 3; ++i)
      for (std::size_t j = 0; j < 3; ++j) {
        INFO("P(" << i << "," << j << ")");
        CHECK(in.P(i, j) == expected[i][j]);
      }
    CHECK(in.column_norm2 == std::vector<mpq_class>{2, 4, 2});
    // W0 stays in the standard basis; Wt0_scaled = P^T W0 P in the permuted basis
    CHECK(in.W0(0, 1) == q("1/2"));
    incert::rational_matrix expect = incert::transpose(in.P) * in.W0 * in.P;
    CHECK(in.Wt0_scaled.entries == expect.entries);
    // e.g. (1,-1,0) W0 (1,-1,0)^T = 2 - 2*0.5 + 1.5 = 2.5
    CHECK(in.Wt0_scaled(0, 0) == q("5/2"));
    CHECK(!in.identity_basis);
  }
  SECTION("zero eigenvalues go last; K counts the non-zero ones") {
    instance in = load(doc(R"({"eigenvalues": ["0", "1", "0", "4"]})", R"({"spectral": ["5", "6", "7", "8"]})"));
    CHECK(in.sigma == std::vector<mpq_class>{4, 1, 0, 0});
    CHECK(in.K == 2);
    CHECK(in.spectral == std::vector<mpq_class>{8, 6, 5, 7});  // stable among the equal zeros
  }
  SECTION("already sorted: identity basis") {
    instance in = load(doc(R"({"eigenvalues": ["3", "2", "2", "0"]})", R"({"spectral": ["1", "2", "3", "4"]})"));
    CHECK(in.identity_basis);
    CHECK(in.spectral == std::vector<mpq_class>{1, 2, 3, 4});
  }
}

TEST_CASE("repeated eigenvalues are accepted (the theorems' hypotheses decide later)", "[load_instance][normalise]") {
  instance in = load(doc(R"({"eigenvalues": ["2", "2", "1"]})"));
  CHECK(in.sigma == std::vector<mpq_class>{2, 2, 1});
  CHECK(in.K == 3);
  CHECK(in.identity_basis);
  instance r = load(doc(R"({"eigenvalues": ["1", "2", "2"]})", R"({"spectral": ["1", "2", "3"]})"));
  CHECK(r.sigma == std::vector<mpq_class>{2, 2, 1});
  CHECK(r.spectral == std::vector<mpq_class>{2, 3, 1});  // stable: the two 2s keep their order
}

// ---- the bad_*.json files used by tests/cli/bad_instances.sh -------------------------------

TEST_CASE("tests/data/bad_*.json files are rejected with the expected field", "[load_instance][files]") {
  const std::string dir = std::string(INCERT_SOURCE_DIR) + "/tests/data/";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"bad_missing_epsilon.json", "epsilon"},          {"bad_unknown_field.json", "Y.eigenvalue"},
      {"bad_epsilon_nan.json", "epsilon"},              {"bad_division_by_zero.json", "init.W0[0][1]"},
      {"bad_ragged_rows.json", "init.W0[1]"},           {"bad_w0_not_psd.json", "init.W0"},
      {"bad_w0_not_symmetric.json", "init.W0"},         {"bad_w0_dimension.json", "init.W0"},
      {"bad_eigenvectors_not_orthogonal.json", "Y.eigenvectors"}, {"bad_alpha_zero.json", "alpha"},
      {"bad_alpha_exponent_range.json", "alpha"},       {"bad_both_w0_and_u0.json", "init"},
      {"bad_negative_eigenvalue.json", "Y.eigenvalues[1]"}, {"bad_spectral_length.json", "init.spectral"},
      {"bad_truncated.json", dir + "bad_truncated.json"}, {"bad_binary_garbage.json", dir + "bad_binary_garbage.json"},
      {"bad_duplicate_key.json", dir + "bad_duplicate_key.json"},
  };
  for (const auto& c : cases) {
    INFO("file: " << c.first);
    input_error e = error_of([&] { incert::load_instance_file(dir + c.first); });
    INFO("what(): " << e.what());
    CHECK(e.field() == c.second);
  }
}
