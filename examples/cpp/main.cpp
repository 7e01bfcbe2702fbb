// examples/cpp/main.cpp: using incert as a library.
//
// Builds the paper's Theorem 4 setting in code (Y = diag(3, 2, 1), a general W0, alpha = 1e-30,
// eps = 0.1), evaluates W(t) at t = 0.22 ln(1/alpha), runs the theorem check and prints a short
// certified report. Every number printed is an enclosure rounded outward.
#include <incert/api/check.hpp>
#include <incert/api/format.hpp>
#include <incert/instance/instance_builder.hpp>

#include <iostream>

int main() {
  using namespace incert;
  try {
    const instance in = instance_builder()
                            .target_eigenvalues({"3", "2", "1"})
                            .init_W0({{"2", "0.5", "0.3"}, {"0.5", "1.5", "0.2"}, {"0.3", "0.2", "1"}})
                            .alpha("1e-30")
                            .epsilon("0.1")
                            .build();

    // W(t) at t = 0.22 ln(1/alpha): mpfi at 128 bits, escalating if it cannot certify.
    eval_options at;
    at.time.tau = mpq_class(22, 100);
    const eval_result w = eval(in, at);
    std::cout << "W(t) at t = " << display(w.t, 12) << " (" << w.method << ", " << w.precision_bits << " bits)\n";
    for (const auto& row : w.W) {
      for (const auto& e : row) std::cout << "  " << display(e, 8);
      std::cout << "\n";
    }
    for (const auto& e : w.error_to_rank) std::cout << "||W(t) - Y^_" << e.k << "||_2 in " << display(*e.value, 8) << "\n";

    // Theorem 4: constants, hypotheses, intervals I_k, and the conclusion on the whole of each I_k.
    const check_result r = check(in);
    std::cout << "\nTheorem " << r.theorem << ", " << (r.certified ? "certified" : "approximate") << "\n";
    std::cout << "  M = " << display(*r.M, 12) << ", alpha*_hyp = " << display(*r.alpha_star_hyp, 12) << "\n";
    for (const auto& h : r.hypotheses) std::cout << "  " << h.name << ": " << to_string(h.value) << "\n";
    for (const auto& I : r.intervals)
      std::cout << "  I_" << I.k << " = [" << display(*I.lo, 10) << ", " << (I.unbounded ? "inf" : display(*I.hi, 10))
                << "]  non-empty: " << to_string(I.nonempty) << "\n";
    bool all = r.all_hypotheses_hold();
    for (const auto& o : r.over_interval) {
      std::cout << "  k = " << o.k << ": ||W(t) - Y^_k||_2 <= eps for every t in I_k: " << to_string(o.value)
                << " (max error <= " << format_up(*o.error_upper, 6) << ")\n";
      all = all && o.value == verdict::holds;
    }

    // An invalid instance built in code is refused like a bad file: input_error names the field.
    try {
      instance_builder().target_eigenvalues({"3", "2"}).init_W0({{"1", "2"}, {"3", "1"}}).alpha("1e-30").epsilon("0.1").build();
    } catch (const input_error& e) {
      std::cout << "\nrefused as expected: " << e.what() << "\n";
    }
    std::cout << (all ? "\nCERTIFIED: incremental learning on every I_k\n" : "\nnot certified\n");
    return all ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
