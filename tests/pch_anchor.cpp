// Empty: the target that generates the tests' precompiled header (tests/CMakeLists.txt, INCERT_PCH).
