// tests/test_api_check.cpp: the library's entry points (api/check.hpp), typed results
// (api/results.hpp), outward formatting (api/format.hpp) and the in-code instance builder.
#include "incert/api/check.hpp"
#include "incert/api/format.hpp"
#include "incert/instance/instance_builder.hpp"
#include "incert/io/decimal_format.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace incert;

namespace {

instance paper_instance(const char* alpha = "1e-30") {
  return instance_builder()
      .target_eigenvalues({"3", "2", "1"})
      .init_W0({{"2", "0.5", "0.3"}, {"0.5", "1.5", "0.2"}, {"0.3", "0.2", "1"}})
      .alpha(alpha)
      .epsilon("0.1")
      .build();
}

std::string message_of(const instance_builder& b) {
  try {
    b.build();
  } catch (const input_error& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("instance_builder builds the same instance as the file", "[api][builder]") {
  const instance a = paper_instance();
  const instance b = load_instance_file(std::string(INCERT_SOURCE_DIR) + "/data/default.json");
  REQUIRE(a.n == b.n);
  CHECK(a.sigma == b.sigma);
  CHECK(a.W0.entries == b.W0.entries);
  CHECK(a.epsilon == b.epsilon);
  CHECK(*a.alpha.value == *b.alpha.value);
  // Exact input in every accepted form: "p/q", integers, mpq_class.
  const instance c = instance_builder()
                         .target_eigenvalues({3, "2", mpq_class(1)})
                         .init_spectral({"105/151", mpq_class(1, 3), 1})
                         .log10_alpha("-100000")
                         .epsilon("1/10")
                         .build();
  CHECK(c.spectral[0] == mpq_class(105, 151));
  CHECK(c.spectral[1] == mpq_class(1, 3));
  CHECK(*c.alpha.log10 == -100000);
  CHECK(c.epsilon == mpq_class(1, 10));
}

TEST_CASE("instance_builder refuses invalid instances naming the field", "[api][builder]") {
  const auto base = [] { return instance_builder().target_eigenvalues({"3", "2"}).alpha("1e-30").epsilon("0.1"); };
  CHECK(message_of(base().init_W0({{"1", "2"}, {"3", "1"}})).find("init.W0") == 0);             // not symmetric
  CHECK(message_of(base().init_W0({{"1", "2"}, {"2", "1"}})).find("init.W0") == 0);             // not PSD
  CHECK(message_of(base().init_spectral({"1"})).find("init.spectral") == 0);                    // wrong length
  CHECK(message_of(base().init_spectral({"1", "x"})).find("init.spectral[1]") == 0);            // not a number
  CHECK(message_of(base()).find("init") == 0);                                                  // no init
  CHECK(message_of(instance_builder().target_eigenvalues({"3", "2"}).init_spectral({"1", "1"}).epsilon("0.1")).find("alpha") == 0);
  CHECK(message_of(base().init_spectral({"1", "1"}).epsilon("0")).find("epsilon") == 0);
  CHECK_THROWS_AS(base().init_spectral({"1", "1"}).init_W0({{"1", "0"}, {"0", "1"}}), input_error);  // two inits
  // The field is also available on its own.
  try {
    base().init_W0({{"1", "2"}, {"3", "1"}}).build();
    FAIL("accepted a non-symmetric W0");
  } catch (const input_error& e) {
    CHECK(e.field().rfind("init.W0", 0) == 0);
  }
}

TEST_CASE("check returns typed results equal to the acceptance values", "[api][check]") {
  const check_result r = check(paper_instance());
  CHECK(r.certified);
  CHECK(r.theorem == 4);
  CHECK(r.scalar == "mpfi");
  REQUIRE(r.M);
  // M = 2.40166251816384... (tests/cli/check_default.sh), enclosed and tight.
  CHECK(format_enclosure(*r.M, 15).lo == "2.40166251816384");
  CHECK(r.M->relative_width() < 1e-30);
  CHECK(r.all_hypotheses_hold());
  REQUIRE(r.hypothesis("log_ratio"));
  CHECK(r.hypothesis("log_ratio")->value == verdict::holds);
  CHECK(r.hypothesis("log_ratio")->precision_bits == 128);
  REQUIRE(r.intervals.size() == 3);
  CHECK(r.intervals[2].unbounded);
  CHECK(display(*r.intervals[0].lo, 12) == "[13.0170456015, 13.0170456016]");
  REQUIRE(r.over_interval.size() == 3);
  for (const auto& o : r.over_interval) CHECK(o.value == verdict::holds);
  REQUIRE(r.eps_window(1));
  CHECK(r.eps_window(1)->found == verdict::holds);
  CHECK(!r.any_undecided());
  REQUIRE(r.alpha_star_hyp);
  CHECK(display(*r.alpha_star_hyp, 10) == "[1.844145848e-17, 1.844145849e-17]");
}

TEST_CASE("check at alpha = 1e-10: log_ratio fails and I_1 is empty; escalation stops", "[api][check]") {
  check_options o;
  o.bits = {128, 512};
  const check_result r = check(paper_instance("1e-10"), o);
  CHECK(r.hypothesis("log_ratio")->value == verdict::fails);
  REQUIRE(!r.intervals.empty());
  CHECK(r.intervals[0].nonempty == verdict::fails);
  CHECK(r.precision_bits == 128);  // everything decided at the first precision
}

TEST_CASE("every scalar kind runs; point kinds are flagged approximate", "[api][check]") {
  for (const scalar_info& s : scalar_registry()) {
    INFO(s.name);
    check_options o;
    o.scalar = s.kind;
    o.over_interval = o.eps_windows = false;
    const check_result r = check(paper_instance(), o);
    CHECK(r.certified == s.rigorous);
    REQUIRE(r.M);
    CHECK(r.M->approx == !s.rigorous);
    CHECK(scalar_kind_from_name(s.name) == s.kind);
  }
  CHECK(!scalar_kind_from_name("float"));
  check_options bad;
  bad.scalar = scalar_kind::double_precision;
  bad.ranges.push_back(time_range{1, 0, mpq_class(1), "0", "1"});
  CHECK_THROWS_AS(check(paper_instance(), bad), std::invalid_argument);
}

TEST_CASE("eval returns W(t) enclosures; the time may be t or tau", "[api][eval]") {
  eval_options o;
  o.time.tau = mpq_class(22, 100);
  const eval_result w = eval(paper_instance("1e-10"), o);
  REQUIRE(w.resolved());
  REQUIRE(w.W.size() == 3);
  CHECK(w.error_to_rank.size() == 3);
  // W is symmetric and its enclosures are tight.
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      CHECK(w.W[i][j].relative_width() < 1e-25);
      CHECK(display(w.W[i][j], 20) == display(w.W[j][i], 20));
    }
  eval_options same;
  same.time.t = mpq_class(0);
  const eval_result w0 = eval(paper_instance("1e-10"), same);
  // W(0) = alpha W0 exactly enclosed.
  CHECK(w0.W[0][1].contains(mpq_class(1, 2) / mpq_class("10000000000")));
  eval_options none;
  CHECK_THROWS_AS(eval(paper_instance(), none), std::invalid_argument);
}

TEST_CASE("escalate: doubles while undecided, stops at the maximum, merges, once for fixed precision", "[api][escalate]") {
  std::vector<unsigned> seen;
  auto run = [&](unsigned bits) {
    seen.push_back(bits);
    return static_cast<int>(bits);
  };
  const int r = escalate<int>({128, 1024}, false, run, [](const int& b) { return b < 512; }, [](const int& a, int b) { return a + b; });
  CHECK(seen == std::vector<unsigned>{128, 256, 512});
  CHECK(r == 128 + 256 + 512);
  seen.clear();
  escalate<int>({128, 1000}, false, run, [](const int&) { return true; }, [](const int&, int b) { return b; });
  CHECK(seen == std::vector<unsigned>{128, 256, 512});  // 1024 > 1000
  seen.clear();
  escalate<int>({53, 4096}, true, run, [](const int&) { return true; }, [](const int&, int b) { return b; });
  CHECK(seen == std::vector<unsigned>{53});
}

TEST_CASE("a passed deadline stops escalation and subdivision; decided verdicts are those of the full run", "[api][deadline]") {
  std::vector<unsigned> seen;
  {
    deadline_scope passed(0.0);
    CHECK(deadline_passed());
    {
      deadline_scope looser(1e6);  // an enclosing tighter deadline stays in force
      CHECK(deadline_passed());
    }
    escalate<int>({128, 4096}, false, [&](unsigned b) { seen.push_back(b); return 0; }, [](const int&) { return true; },
                  [](const int&, int b) { return b; });
  }
  CHECK_FALSE(deadline_passed());
  CHECK(seen == std::vector<unsigned>{128});

  const instance in = paper_instance();
  const check_result full = check(in);
  check_options limited;
  limited.time_limit = 0.0;
  const check_result cut = check(in, limited);
  CHECK_FALSE(full.reason);
  CHECK(cut.reason.has_value() == cut.any_undecided());
  REQUIRE(cut.over_interval.size() == full.over_interval.size());
  for (std::size_t i = 0; i < cut.over_interval.size(); ++i) {
    INFO("over_interval " << i);
    CHECK((cut.over_interval[i].value == verdict::undecided || cut.over_interval[i].value == full.over_interval[i].value));
  }
  REQUIRE(cut.hypotheses.size() == full.hypotheses.size());
  for (std::size_t i = 0; i < cut.hypotheses.size(); ++i)
    CHECK((cut.hypotheses[i].value == verdict::undecided || cut.hypotheses[i].value == full.hypotheses[i].value));
  CHECK(cut.any_undecided());  // the for-every-t subdivisions and eps-windows had no time at all
}

TEST_CASE("merge_escalated keeps the precision at which a verdict was first decided", "[api][results]") {
  check_result a, b;
  a.hypotheses = {{"alpha_small", verdict::holds, 128}, {"log_ratio", verdict::undecided, 128}};
  b.hypotheses = {{"alpha_small", verdict::holds, 256}, {"log_ratio", verdict::fails, 256}};
  a.seconds = 1;
  b.seconds = 2;
  const check_result m = merge_escalated(a, b);
  CHECK(m.hypotheses[0].precision_bits == 128);
  CHECK(m.hypotheses[1].value == verdict::fails);
  CHECK(m.hypotheses[1].precision_bits == 256);
  CHECK(m.seconds == 3);
}

TEST_CASE("the library's formatters round an MPFI enclosure outward", "[api][format]") {
  precision_scope scope(128);
  // 1/3 enclosed: operator<< would print a rounded midpoint; format_interval never rounds inward.
  const mpfi_float x = mpfi_float(1) / mpfi_float(3);
  CHECK(format_interval(x, 6) == "[0.333333, 0.333334]");
  const mpfi_float five = mpfi_float(5);
  CHECK(format_interval(five, 6) == "[5, 5]");
  const enclosure e{scalar_traits<mpfi_float>::lower(x), scalar_traits<mpfi_float>::upper(x), false};
  CHECK(display(e, 3) == "[0.333, 0.334]");
  CHECK(e.contains(mpq_class(1, 3)));
  CHECK(!e.contains(mpq_class(333, 1000)));
  CHECK(format_up(scalar_traits<mpfi_float>::upper(x), 2) == "0.34");
  CHECK(format_down(scalar_traits<mpfi_float>::lower(x), 2) == "0.33");
  const enclosure approx{scalar_traits<mpfi_float>::mid(x), scalar_traits<mpfi_float>::mid(x), true};
  CHECK(display(approx, 3) == "~0.333");
  const auto inside = format_inside(mpfr_float(1) / 3, mpfr_float(2) / 3, 3);
  REQUIRE(inside);
  CHECK(inside->first == "0.334");
  CHECK(inside->second == "0.666");
}
