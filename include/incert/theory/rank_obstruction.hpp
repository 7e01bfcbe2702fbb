// incert/theory/rank_obstruction.hpp
//
// The Eckart-Young obstruction: W(t) = U(t) U(t)^T has rank at most r = rank(W0) for every
// t >= 0 and every alpha > 0 (the closed form is W(t) = Phi S W~0 (I + G W~0)^{-1} S Phi^T, a
// product through W~0). For every matrix W of rank <= r, ||W - A||_2 >= sigma_{r+1}(A)
// (Eckart-Young-Mirsky). With A = Y^_k, k > r, sigma_{r+1}(Y^_k) = sigma_{r+1}(Y), so
//     ||W(t) - Y^_k||_2 >= sigma_{r+1}(Y)   for all t >= 0, all alpha > 0, all k > r,
// and when sigma_{r+1}(Y) > eps the eps-window of every k > r is empty and every conclusion
// "error <= eps" for k > r fails. Proof: proofs/rank_obstruction.md.
//
//   initialization_rank(in)          r, exactly over Q (no rounding);
//   rank_obstruction_lower_bound(p)  sigma_{r+1}(Y) enclosed (nothing when r >= n);
//   rank_obstruction_verdict(p, r, k) holds when the obstruction is CERTIFIED for k: k > r and
//                                    sigma_{r+1}(Y) > eps (certainly); undecided otherwise
//                                    (never "fails": no obstruction proves nothing).
#pragma once

#include "incert/flow/enclosed_problem.hpp"
#include "incert/instance/exact_spectrum.hpp"
#include "incert/theory/conclusion_over_interval.hpp"
#include "incert/theory/eps_window.hpp"
#include "incert/theory/verdict.hpp"

#include <optional>
#include <string>

namespace incert {

// rank(W0) = rank(W~0), exactly: the number of non-zero spectral entries, rank(U0) for a factor
// (rank U0 U0^T = rank U0, cheaper on n x r), rank(W0) otherwise.
inline std::size_t initialization_rank(const instance& in) {
  if (in.init == init_kind::spectral) {
    std::size_t r = 0;
    for (const auto& s : in.spectral) r += s != 0;
    return r;
  }
  if (in.init == init_kind::U0) return rational_rank(in.U0);
  return rational_rank(in.W0);
}

// sigma_{r+1}(Y) (index r of the decreasing eigenvalues), or nothing when r >= n.
template <class T>
std::optional<T> rank_obstruction_lower_bound(const enclosed_problem<T>& p, std::size_t r) {
  if (r >= p.sigma.size()) return std::nullopt;
  return p.sigma[r];
}

// "the eps-window of k is empty because of the rank of W0": holds or undecided.
template <class T>
verdict rank_obstruction_verdict(const enclosed_problem<T>& p, std::size_t r, std::size_t k) {
  if (k <= r) return verdict::undecided;
  const std::optional<T> bound = rank_obstruction_lower_bound(p, r);
  if (!bound) return verdict::undecided;
  return scalar_traits<T>::certainly_lt(p.epsilon, *bound) ? verdict::holds : verdict::undecided;
}

// The reason a verdict carries when the obstruction decided it.
inline std::string rank_obstruction_reason(std::size_t r) {
  return "rank obstruction: rank W(t) <= rank W0 = " + std::to_string(r) + " for all t, so ||W(t) - Y^_k||_2 >= sigma_" +
         std::to_string(r + 1) + "(Y) > eps (Eckart-Young)";
}

// The conclusion over a time range of k, and the eps-window of k, when the obstruction holds for k.
template <class T>
interval_conclusion<T> rank_obstructed_conclusion(std::size_t k, std::size_t r) {
  interval_conclusion<T> c;
  c.k = k;
  c.value = verdict::fails;
  c.reason = rank_obstruction_reason(r);
  return c;
}

inline eps_window rank_obstructed_window(std::size_t r) {
  eps_window w;
  w.found = verdict::fails;
  w.reason = rank_obstruction_reason(r);
  return w;
}

}  // namespace incert
