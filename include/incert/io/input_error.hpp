// incert/io/input_error.hpp
//
// The error of every reader of user input (instance files, grids, exact numbers): it names the
// field and the problem in one line. Below instance/ so that every layer can raise it.
#pragma once

#include <stdexcept>
#include <string>

namespace incert {

// Bad input: names the field (a JSON path such as "init.W0[1][2]") and the problem.
struct input_error : std::invalid_argument {
  // Control characters (a key "a\rb" in the file, say) are shown as \xNN, so that the message
  // stays one line whatever the input holds; field() is that printable form too.
  input_error(const std::string& field, const std::string& problem)
      : std::invalid_argument(printable(field) + ": " + printable(problem)), field_(printable(field)) {}
  const std::string& field() const { return field_; }

  static std::string printable(const std::string& s) {
    static const char hex[] = "0123456789ABCDEF";  // as in parse_exact's messages (exact/exact_real.hpp)
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
      if (c < 0x20 || c == 0x7f) {
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
    }
    return out;
  }

 private:
  std::string field_;
};

}  // namespace incert
