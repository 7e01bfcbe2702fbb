// proofs/theorem4_general_init/driver.cpp
//
// Claim (statement.md): for Y = diag(3,2,1), W0 = [[2,0.5,0.3],[0.5,1.5,0.2],[0.3,0.2,1]],
// eps = 0.1, alpha = 1e-30, every hypothesis of Theorem 4 holds, I_1, I_2, I_3 are non-empty, and
// ||W(t) - Y^_k||_2 <= eps for every t in I_k, k = 1, 2, 3 (I_3 unbounded).
// Exit 0 only if every part is certified; the certificate lists every enclosure and verdict used.
#include "support/theorem_claim.hpp"

int main(int argc, char** argv) {
  using namespace incert;
  const proof::options o = proof::parse_args(argc, argv, INCERT_PROOF_DIR "/instance.json");
  const instance in = proof::load_or_exit(o.instance);
  const std::string claim =
      "Theorem 4 (general initialization): every hypothesis holds, I_1..I_K are non-empty, and "
      "||W(t) - Y^_k||_2 <= eps for every t in I_k, k = 1..K (I_K unbounded)";
  return proof::run_ladder(o, [&](unsigned bits) {
    return proof::certify_theorem_conclusion(in, 4, bits, proof::base_name(o.instance), claim);
  });
}
