// tests/test_sha256.cpp: src/sha256.hpp (the table metadata's input hashes) against the FIPS 180-4 / NIST example vectors.
#include "sha256.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

using incert::sha256;
using incert::sha256_hex;

TEST_CASE("sha256 known answers (FIPS 180-4 examples)", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 padding boundaries and chunked updates agree with one-shot hashing", "[sha256]") {
  // Lengths around the 55/56/64-byte padding boundaries, fed in chunks of every size 1..70.
  for (std::size_t len : {0u, 1u, 55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 128u, 1000u}) {
    std::string msg;
    for (std::size_t i = 0; i < len; ++i) msg += static_cast<char>((i * 131 + 7) % 256);
    const std::string whole = sha256_hex(msg);
    for (std::size_t chunk = 1; chunk <= 70; ++chunk) {
      sha256 h;
      for (std::size_t pos = 0; pos < msg.size(); pos += chunk) h.update(msg.data() + pos, std::min(chunk, msg.size() - pos));
      CAPTURE(len, chunk);
      CHECK(h.hex_digest() == whole);
    }
  }
  // A full block of data: the padding goes into a second block (value from coreutils sha256sum).
  CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("sha256_file hashes the file's bytes and refuses a missing file", "[sha256]") {
  const std::string path = "test_sha256_tmp.bin";
  std::string bytes = "abc";
  bytes += '\0';
  bytes += "\r\n\xff";
  {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  CHECK(incert::sha256_file(path) == sha256_hex(bytes));
  std::remove(path.c_str());
  CHECK_THROWS_AS(incert::sha256_file(path), std::runtime_error);
}
