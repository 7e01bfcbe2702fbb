// The summary of incert threshold over every k (api/threshold.hpp: threshold_of_every_k,
// format_every_k_bracket), on hand-made rows: a row certified on [alpha_min, alpha_lo] only makes
// the summary one over [alpha_min, alpha_lo] (lower_end, a note, the table cell says so); rows
// certified down to alpha -> 0 keep "(0, alpha_lo]"; a rank obstruction gives "none". And the
// singular-W~0 threshold itself (proofs/threshold.md section 8) on U0 with parallel first rows:
// the tail alpha -> 0 is not certified, so the row holds on [alpha_min, alpha_lo] only.
#include <catch2/catch.hpp>

#include "incert/api/threshold.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/instance/load_instance.hpp"

#include <string>

namespace {

incert::threshold_row holds_row(std::size_t k, const char* lo, const char* hi, const char* lower_end) {
  incert::threshold_row row;
  row.k = k;
  row.nonempty_below = incert::verdict::holds;
  row.alpha_lo = incert::parse_exact(lo);
  if (hi) row.alpha_hi = incert::parse_exact(hi);
  if (lower_end) row.lower_end = incert::parse_exact(lower_end);
  return row;
}

}  // namespace

TEST_CASE("threshold_of_every_k: a lower end alpha_min is carried into the summary", "[threshold]") {
  incert::threshold_result r;
  r.rows = {holds_row(1, "1e-5", "2e-5", "1e-1000"), holds_row(2, "1e-3", "3e-3", nullptr)};
  incert::every_k_threshold t = incert::threshold_of_every_k(r);
  CHECK(t.nonempty_below == incert::verdict::holds);
  REQUIRE(t.alpha_lo);
  CHECK(*t.alpha_lo == incert::parse_exact("1e-5"));
  REQUIRE(t.alpha_hi);
  CHECK(*t.alpha_hi == incert::parse_exact("2e-5"));
  REQUIRE(t.lower_end);
  CHECK(*t.lower_end == incert::parse_exact("1e-1000"));
  CHECK(t.note.find("[1e-1000, alpha_lo] only") != std::string::npos);
  const std::string cell = incert::format_every_k_bracket(t, 6);
  INFO(cell);
  CHECK(cell.find("for alpha >= 1e-1000") != std::string::npos);

  // Every row down to alpha -> 0: no lower end, no note.
  r.rows = {holds_row(1, "1e-5", "2e-5", nullptr), holds_row(2, "1e-3", "3e-3", nullptr)};
  t = incert::threshold_of_every_k(r);
  CHECK_FALSE(t.lower_end);
  CHECK(t.note.empty());
  CHECK(incert::format_every_k_bracket(t, 6).find("for alpha") == std::string::npos);

  // The largest lower end of the rows wins; a rank obstruction makes it "none".
  r.rows = {holds_row(1, "1e-5", "2e-5", "1e-1000"), holds_row(2, "1e-3", nullptr, "1e-50")};
  t = incert::threshold_of_every_k(r);
  REQUIRE(t.lower_end);
  CHECK(*t.lower_end == incert::parse_exact("1e-50"));
  incert::threshold_row obstructed;
  obstructed.k = 3;
  obstructed.nonempty_below = incert::verdict::fails;
  r.rows.push_back(obstructed);
  t = incert::threshold_of_every_k(r);
  CHECK(t.nonempty_below == incert::verdict::fails);
  CHECK_FALSE(t.lower_end);
  CHECK(incert::format_every_k_bracket(t, 6) == "none");
}

TEST_CASE("threshold: a singular W~0 whose tail is not certified holds on [alpha_min, alpha_lo] only", "[threshold]") {
  const incert::instance in = incert::load_instance_file(std::string(INCERT_SOURCE_DIR) + "/tests/data/factor_parallel_rows.json");
  incert::threshold_options o;
  o.k = 1;
  o.rel_width = 0.25;
  o.alpha_min = incert::parse_exact("1e-50");
  const incert::threshold_result r = incert::threshold(in, o);
  REQUIRE(r.rows.size() == 1);
  const incert::threshold_row& row = r.rows[0];
  INFO(row.reason);
  CHECK(r.alpha_min == o.alpha_min);
  CHECK(row.nonempty_below == incert::verdict::holds);
  REQUIRE(row.alpha_lo);
  REQUIRE(row.lower_end);
  CHECK(*row.lower_end == o.alpha_min);
  CHECK(*row.alpha_lo > o.alpha_min);
  CHECK(row.reason.find("alpha_min") != std::string::npos);
  const incert::every_k_threshold t = incert::threshold_of_every_k(r);
  REQUIRE(t.lower_end);
  CHECK(*t.lower_end == o.alpha_min);

  o.alpha_min = 0;
  CHECK_THROWS_AS(incert::threshold(in, o), std::invalid_argument);
  o.alpha_min = 1;
  CHECK_THROWS_AS(incert::threshold(in, o), std::invalid_argument);
}
