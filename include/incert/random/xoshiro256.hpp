// incert/random/xoshiro256.hpp
//
// A pseudo-random generator written in the project, so that a seed means the same numbers on
// every platform and standard library: xoshiro256** 1.0 (Blackman & Vigna, 2018; the reference
// C code at prng.di.unimi.it), its 256-bit state filled by splitmix64 from the 64-bit seed, as
// the authors recommend. Only unsigned 64-bit integer arithmetic (wrapping, shifts, rotations):
// bit-identical everywhere. Not cryptographic; used to draw Gaussian initializations
// (random/gaussian.hpp).
#pragma once

#include <array>
#include <cstdint>

namespace incert {

// splitmix64 (Steele, Lea & Flood 2014; Vigna's reference code): one output per call.
class splitmix64 {
 public:
  explicit splitmix64(std::uint64_t seed) : x_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (x_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t x_;
};

class xoshiro256ss {
 public:
  using state_type = std::array<std::uint64_t, 4>;

  // The state from four splitmix64 outputs (never all zero: splitmix64 is a bijection of its
  // counter, and four consecutive outputs cannot all vanish).
  explicit xoshiro256ss(std::uint64_t seed) {
    splitmix64 sm(seed);
    for (auto& w : s_) w = sm.next();
  }
  explicit xoshiro256ss(const state_type& s) : s_(s) {}

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // The top 53 bits: an integer k in [0, 2^53), so k 2^-53 is an exact double in [0, 1).
  std::uint64_t next53() { return next() >> 11; }

  const state_type& state() const { return s_; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  state_type s_{};
};

}  // namespace incert
