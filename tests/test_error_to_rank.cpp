// incert/theory/error_to_rank.hpp: error_to_every_rank (all k at once) against error_to_rank (one k)
// on closed-form W~(t) of the n = 10 sin instance and of the 3 x 3 general instance, at times from
// the start of the flow to the last plateau, over the five scalar types. Both enclose the same
// ||W(t) - Y^_k||_2 (the one-matrix method's own containment tests are in test_symmetric_norm2.cpp),
// so for interval types they must overlap, and the shared products must not make it wider than
// the one-matrix enclosure by more than the rounding of W X (2^-(p - 8) relative to ||W~||).

#include <catch2/catch.hpp>

#include "incert/flow/closed_form.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/scalar/scalar_list.hpp"
#include "incert/theory/error_to_rank.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace {

template <class T>
using Tr = incert::scalar_traits<T>;

incert::instance from_file(const std::string& rel) { return incert::load_instance_file(std::string(INCERT_SOURCE_DIR) + "/" + rel); }

}  // namespace

TEMPLATE_LIST_TEST_CASE("error_to_every_rank agrees with error_to_rank for every k", "[error_to_rank]", incert::all_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  for (const char* file : {"data/n10_sin.json", "data/thm4_general_3x3.json", "data/default.json"}) {
    const incert::instance in = from_file(file);
    const auto p = incert::enclose_problem<TestType>(in);
    for (const char* t_text : {"0.01", "0.5", "2", "5", "12", "40"}) {
      const auto W = incert::closed_form_eigenbasis(p, incert::enclose_mpfi(incert::parse_exact(t_text)));
      if (!W) continue;
      const incert::matrix<TestType> Wm = W->materialize();
      double scale = 0;
      for (Eigen::Index i = 0; i < Wm.rows(); ++i)
        for (Eigen::Index j = 0; j < Wm.cols(); ++j) scale = std::max(scale, static_cast<double>(S::upper_abs(Wm(i, j))));
      const std::vector<std::optional<TestType>> every = incert::error_to_every_rank(Wm, p.sigma, p.K);
      REQUIRE(every.size() == p.K);
      for (std::size_t k = 1; k <= p.K; ++k) {
        const std::optional<TestType> one = incert::error_to_rank(Wm, p.sigma, k);
        INFO(S::name() << ", " << file << ", t = " << t_text << ", k = " << k);
        REQUIRE(one.has_value() == every[k - 1].has_value());
        if (!one) continue;
        const double lo1 = static_cast<double>(S::lower(*one)), hi1 = static_cast<double>(S::upper(*one));
        const double lo = static_cast<double>(S::lower(*every[k - 1])), hi = static_cast<double>(S::upper(*every[k - 1]));
        INFO("one k [" << lo1 << ", " << hi1 << "], every k [" << lo << ", " << hi << "], max |W~_ij| " << scale);
        const double rounding = std::ldexp(scale, 8 - static_cast<int>(S::precision_bits()));
        if constexpr (S::is_interval) {
          CHECK(S::lower(*every[k - 1]) <= S::upper(*one));
          CHECK(S::lower(*one) <= S::upper(*every[k - 1]));
          CHECK(hi - lo <= 2 * (hi1 - lo1) + rounding);
          CHECK(std::isfinite(hi));
        } else {
          CHECK(std::fabs(lo - lo1) <= 64 * Wm.rows() * std::ldexp(scale, -52) + rounding);
        }
      }
    }
  }
}
