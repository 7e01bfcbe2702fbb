#!/usr/bin/env bash
# tests/install/consumer.sh BUILD_DIR SOURCE_DIR
# Installs the build into a fresh prefix, then builds examples/cpp against it twice, with
# find_package(incert CONFIG) and with pkg-config, and runs both: each must print a certified
# report and exit 0. Nothing outside a temporary folder is touched.
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/incert_install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL install consumer: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "cmake --install"; }
for f in include/incert/api/check.hpp lib/libincert.a lib/cmake/incert/incertConfig.cmake lib/pkgconfig/incert.pc bin/incert; do
  [ -e "$tmp/prefix/$f" ] || fail "missing $f under the prefix"
done
# The installed files name no path of the build machine's source tree.
if grep -rl "$src" "$tmp/prefix/lib/cmake" "$tmp/prefix/lib/pkgconfig" >/dev/null; then fail "installed package files refer to $src"; fi

# 1. CMake: find_package(incert CONFIG)
cmake -S "$src/examples/cpp" -B "$tmp/cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  >"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log"; fail "configure examples/cpp"; }
cmake --build "$tmp/cmake" >"$tmp/cmake-build.log" 2>&1 || { cat "$tmp/cmake-build.log"; fail "build examples/cpp"; }
"$tmp/cmake/incert_example" >"$tmp/out1.txt" || { cat "$tmp/out1.txt"; fail "examples/cpp (find_package) exited non-zero"; }
grep -q "CERTIFIED: incremental learning on every I_k" "$tmp/out1.txt" || { cat "$tmp/out1.txt"; fail "no certified report"; }
grep -q "refused as expected: init.W0" "$tmp/out1.txt" || { cat "$tmp/out1.txt"; fail "invalid instance not refused with its field"; }

# 2. pkg-config
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
flags=$(pkg-config --cflags --libs incert) || fail "pkg-config --cflags --libs incert"
# shellcheck disable=SC2086
c++ -O1 "$src/examples/cpp/main.cpp" -o "$tmp/example-pc" $flags || fail "compile with pkg-config flags: $flags"
"$tmp/example-pc" >"$tmp/out2.txt" || { cat "$tmp/out2.txt"; fail "examples/cpp (pkg-config) exited non-zero"; }
cmp -s "$tmp/out1.txt" "$tmp/out2.txt" || { diff "$tmp/out1.txt" "$tmp/out2.txt"; fail "the two builds print different reports"; }
echo "install consumer: find_package and pkg-config builds print the same certified report"
