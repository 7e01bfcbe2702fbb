// incert/io/json.hpp
//
// A small, strict, dependency-free JSON reader (RFC 8259) for incert's input files.
//
// Numbers are never converted to double: a number keeps the exact text of its source token
// ("1e-100000", "-0.1", "3"). Inputs such as alpha = 1e-100000 are later turned into
// rigorous interval enclosures at the working precision; a trip through double would
// already have rounded them (or underflowed them to 0), and the enclosure would be wrong.
//
// Strictness: exactly the RFC 8259 grammar, plus
//   * strings must be valid UTF-8 (no overlong forms, no encoded surrogates, <= U+10FFFF),
//     \uXXXX escapes are decoded to UTF-8 and lone surrogates are rejected;
//   * duplicate keys in an object are an error (objects keep insertion order);
//   * nesting deeper than max_nesting_depth arrays/objects is an error, so the recursive
//     descent cannot overflow the stack;
//   * only whitespace may follow the top-level value. A leading UTF-8 byte order mark is
//     skipped (RFC 8259 section 8.1 allows a parser to ignore it).
// Every error is a parse_error with a 1-based line and column; the column counts bytes.
// The parser never reads outside the given string_view, which may contain NUL bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace incert::json {

// Arrays and objects nested deeper than this are rejected.
inline constexpr std::size_t max_nesting_depth = 200;

enum class kind { null_, boolean, number, string, array, object };

inline const char* kind_name(kind k) {
  switch (k) {
    case kind::null_: return "null";
    case kind::boolean: return "boolean";
    case kind::number: return "number";
    case kind::string: return "string";
    case kind::array: return "array";
    case kind::object: return "object";
  }
  return "unknown";
}

// A syntax error. what() is one line:
//   "JSON syntax error at line 3, column 14: expected ',' or '}' in object"
// prefixed with "PATH: " when the text came from parse_file(PATH).
class parse_error : public std::runtime_error {
 public:
  parse_error(std::size_t line, std::size_t column, const std::string& detail,
              const std::string& source = std::string())
      : std::runtime_error((source.empty() ? std::string() : source + ": ") +
                           "JSON syntax error at line " + std::to_string(line) + ", column " +
                           std::to_string(column) + ": " + detail),
        line_(line), column_(column), detail_(detail), source_(source) {}

  std::size_t line() const noexcept { return line_; }      // 1-based
  std::size_t column() const noexcept { return column_; }  // 1-based, in bytes
  const std::string& detail() const noexcept { return detail_; }  // message without position
  const std::string& source() const noexcept { return source_; }  // file path, or empty

 private:
  std::size_t line_;
  std::size_t column_;
  std::string detail_;
  std::string source_;
};

// Asking a value for the wrong kind, e.g. as_string() on a number.
class type_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class value;
using member = std::pair<std::string, value>;  // one key/value pair of an object

namespace detail {
class parser;
}  // namespace detail

class value {
 public:
  value() = default;  // null

  static value from_bool(bool b);
  static value from_number_text(std::string text);  // std::invalid_argument unless a JSON number
  static value from_string(std::string text);       // std::invalid_argument unless valid UTF-8
  static value from_items(std::vector<value> items);
  static value from_members(std::vector<member> members);  // std::invalid_argument on a duplicate key

  json::kind kind() const noexcept { return kind_; }
  bool is_null() const noexcept { return kind_ == json::kind::null_; }
  bool is_bool() const noexcept { return kind_ == json::kind::boolean; }
  bool is_number() const noexcept { return kind_ == json::kind::number; }
  bool is_string() const noexcept { return kind_ == json::kind::string; }
  bool is_array() const noexcept { return kind_ == json::kind::array; }
  bool is_object() const noexcept { return kind_ == json::kind::object; }

  // Each accessor throws type_error when the value is of another kind.
  bool as_bool() const {
    require(json::kind::boolean);
    return bool_;
  }
  const std::string& number_text() const {
    require(json::kind::number);
    return text_;
  }
  const std::string& as_string() const {
    require(json::kind::string);
    return text_;
  }
  const std::vector<value>& items() const {
    require(json::kind::array);
    return items_;
  }
  const std::vector<member>& members() const {  // in source order
    require(json::kind::object);
    return members_;
  }
  // The value stored under `key`, or nullptr if the object has no such key.
  const value* find(std::string_view key) const;

  // Structural equality: same kind; numbers compare by their text ("1.0" != "1");
  // objects compare member by member in order.
  friend bool operator==(const value& a, const value& b);
  friend bool operator!=(const value& a, const value& b) { return !(a == b); }

 private:
  friend class detail::parser;

  void require(json::kind wanted) const {
    if (kind_ != wanted)
      throw type_error(std::string("expected JSON ") + kind_name(wanted) + ", found " +
                       kind_name(kind_));
  }

  json::kind kind_ = json::kind::null_;
  bool bool_ = false;
  std::string text_;  // number token or decoded string
  std::vector<value> items_;
  std::vector<member> members_;
};

namespace detail {

// Result of scanning a number token starting at `start`: on success `error` is nullptr and
// `end` is one past the token; otherwise `error` says what is wrong at `error_pos`.
struct number_scan {
  std::size_t end = 0;
  std::size_t error_pos = 0;
  const char* error = nullptr;
};

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// number = [ "-" ] ( "0" / [1-9] *DIGIT ) [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "+" / "-" ] 1*DIGIT ]
inline number_scan scan_number(std::string_view text, std::size_t start) {
  number_scan scan;
  std::size_t pos = start;
  auto fail = [&](const char* message) {
    scan.error_pos = pos;
    scan.error = message;
    return scan;
  };
  auto digit_at = [&](std::size_t p) { return p < text.size() && is_digit(text[p]); };
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '.'))
    return fail("a number must start with '-' or a digit");
  if (pos < text.size() && text[pos] == '-') ++pos;
  if (!digit_at(pos))
    return fail(pos > start ? "expected a digit after '-' in number" : "expected a digit");
  if (text[pos] == '0') {
    ++pos;
    if (digit_at(pos)) return fail("leading zeros are not allowed in numbers");
  } else {
    while (digit_at(pos)) ++pos;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (!digit_at(pos)) return fail("expected a digit after '.' in number");
    while (digit_at(pos)) ++pos;
  }
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    if (!digit_at(pos)) return fail("expected a digit in the exponent of a number");
    while (digit_at(pos)) ++pos;
  }
  scan.end = pos;
  return scan;
}

// Length (1..4) of the well-formed UTF-8 sequence at `pos`, or 0 if it is ill-formed or
// truncated (Unicode 15, table 3-7).
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
  auto byte = [&](std::size_t p) -> unsigned {
    return p < text.size() ? static_cast<unsigned char>(text[p]) : 0x100u;  // 0x100: past end
  };
  auto in_range = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
  unsigned lead = byte(pos);
  if (lead < 0x80) return 1;
  std::size_t length;
  unsigned second_lo = 0x80, second_hi = 0xBF;
  if (in_range(lead, 0xC2, 0xDF)) {
    length = 2;
  } else if (in_range(lead, 0xE0, 0xEF)) {
    length = 3;
    if (lead == 0xE0) second_lo = 0xA0;  // no overlong forms
    if (lead == 0xED) second_hi = 0x9F;  // no UTF-16 surrogates
  } else if (in_range(lead, 0xF0, 0xF4)) {
    length = 4;
    if (lead == 0xF0) second_lo = 0x90;  // no overlong forms
    if (lead == 0xF4) second_hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (!in_range(byte(pos + 1), second_lo, second_hi)) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if (!in_range(byte(pos + i), 0x80, 0xBF)) return 0;
  return length;
}

inline void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

inline std::string hex_digits(std::uint32_t number, int digits) {
  static const char alphabet[] = "0123456789ABCDEF";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, number >>= 4)
    out[static_cast<std::size_t>(i)] = alphabet[number & 0xF];
  return out;
}

// A key as it may appear inside a one-line error message: quoted, control characters and
// quotes escaped, cut after about 40 bytes (at a UTF-8 character boundary).
inline std::string quote_for_message(std::string_view key) {
  constexpr std::size_t max_bytes = 40;
  std::string out = "\"";
  std::size_t end = key.size();
  bool cut = false;
  if (end > max_bytes) {
    end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(key[end]) & 0xC0) == 0x80) --end;
    cut = true;
  }
  for (std::size_t i = 0; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(key[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\u" + hex_digits(c, 4);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out += cut ? "...\"" : "\"";
  return out;
}

class parser {
 public:
  explicit parser(std::string_view text) : text_(text) {}

  value parse_document() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    skip_whitespace();
    value result = parse_value(0);
    skip_whitespace();
    if (!at_end()) fail(pos_, "unexpected data after the top-level value");
    return result;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }  // only when !at_end()

  [[noreturn]] void fail(std::size_t pos, const std::string& detail) const {
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < pos && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    throw parse_error(line, pos - line_start + 1, detail);
  }

  // "expected X" at the current position, or "unexpected end of input, expected X".
  [[noreturn]] void fail_expected(const char* what) const {
    fail(pos_, std::string(at_end() ? "unexpected end of input, expected " : "expected ") + what);
  }

  void skip_whitespace() {
    while (!at_end()) {
      char c = peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  // `depth` = number of arrays/objects enclosing this value.
  value parse_value(std::size_t depth) {
    if (at_end()) fail_expected("a value");
    switch (peek()) {
      case '{':
      case '[':
        if (depth >= max_nesting_depth)
          fail(pos_, "nesting deeper than " + std::to_string(max_nesting_depth) + " levels");
        return peek() == '{' ? parse_object(depth + 1) : parse_array(depth + 1);
      case '"': {
        value result;
        result.kind_ = kind::string;
        result.text_ = parse_string();
        return result;
      }
      case 't': return parse_literal("true");
      case 'f': return parse_literal("false");
      case 'n': return parse_literal("null");
      case '-': case '+': case '.':
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':
        return parse_number();
      default:
        fail_expected("a value");
    }
  }

  value parse_literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word)
      fail(pos_, "invalid literal (expected true, false or null)");
    pos_ += word.size();
    value result;
    if (word == "true" || word == "false") {
      result.kind_ = kind::boolean;
      result.bool_ = word == "true";
    }
    return result;
  }

  value parse_number() {
    number_scan scan = scan_number(text_, pos_);
    if (scan.error) fail(scan.error_pos, scan.error);
    value result;
    result.kind_ = kind::number;
    result.text_ = std::string(text_.substr(pos_, scan.end - pos_));
    pos_ = scan.end;
    return result;
  }

  // At the opening quote; returns the decoded contents and leaves pos_ after the closing quote.
  std::string parse_string() {
    ++pos_;
    std::string out;
    for (;;) {
      if (at_end()) fail(pos_, "unexpected end of input in string");
      unsigned char c = static_cast<unsigned char>(peek());
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c == '\\') {
        parse_escape(out);
      } else if (c < 0x20) {
        fail(pos_, "unescaped control character U+" + hex_digits(c, 4) + " in string");
      } else {
        std::size_t length = utf8_sequence_length(text_, pos_);
        if (length == 0)
          fail(pos_, "invalid UTF-8 sequence starting with byte 0x" + hex_digits(c, 2) +
                         " in string");
        out.append(text_.substr(pos_, length));
        pos_ += length;
      }
    }
  }

  // At a backslash inside a string.
  void parse_escape(std::string& out) {
    const std::size_t escape_pos = pos_;
    ++pos_;
    if (at_end()) fail(pos_, "unexpected end of input in string");
    char c = peek();
    ++pos_;
    switch (c) {
      case '"': out.push_back('"'); return;
      case '\\': out.push_back('\\'); return;
      case '/': out.push_back('/'); return;
      case 'b': out.push_back('\b'); return;
      case 'f': out.push_back('\f'); return;
      case 'n': out.push_back('\n'); return;
      case 'r': out.push_back('\r'); return;
      case 't': out.push_back('\t'); return;
      case 'u': break;
      default:
        if (c > 0x20 && c < 0x7F)
          fail(escape_pos, std::string("invalid escape '\\") + c + "' in string");
        fail(escape_pos, "invalid escape sequence in string");
    }
    std::uint32_t code_point = parse_hex4();
    if (code_point >= 0xD800 && code_point <= 0xDBFF) {
      if (text_.substr(pos_, 2) != "\\u") fail_unpaired_surrogate(escape_pos, code_point);
      pos_ += 2;
      std::uint32_t low = parse_hex4();
      if (low < 0xDC00 || low > 0xDFFF) fail_unpaired_surrogate(escape_pos, code_point);
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
      fail_unpaired_surrogate(escape_pos, code_point);
    }
    append_utf8(out, code_point);
  }

  [[noreturn]] void fail_unpaired_surrogate(std::size_t escape_pos, std::uint32_t code_point) const {
    fail(escape_pos, "unpaired UTF-16 surrogate \\u" + hex_digits(code_point, 4) + " in string");
  }

  // The four hex digits after "\u".
  std::uint32_t parse_hex4() {
    std::uint32_t code_point = 0;
    for (int i = 0; i < 4; ++i) {
      if (at_end()) fail(pos_, "unexpected end of input in string");
      char c = peek();
      std::uint32_t digit;
      if (c >= '0' && c <= '9') digit = static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') digit = static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') digit = static_cast<std::uint32_t>(c - 'A' + 10);
      else fail(pos_, "expected 4 hex digits after \\u in string");
      code_point = code_point * 16 + digit;
      ++pos_;
    }
    return code_point;
  }

  // At '['; `depth` counts this array.
  value parse_array(std::size_t depth) {
    ++pos_;
    value result;
    result.kind_ = kind::array;
    skip_whitespace();
    if (!at_end() && peek() == ']') {
      ++pos_;
      return result;
    }
    for (;;) {
      result.items_.push_back(parse_value(depth));
      skip_whitespace();
      if (!at_end() && peek() == ',') {
        ++pos_;
        skip_whitespace();
      } else if (!at_end() && peek() == ']') {
        ++pos_;
        return result;
      } else {
        fail_expected("',' or ']' in array");
      }
    }
  }

  // At '{'; `depth` counts this object.
  value parse_object(std::size_t depth) {
    ++pos_;
    value result;
    result.kind_ = kind::object;
    std::unordered_set<std::string> seen_keys;
    skip_whitespace();
    if (!at_end() && peek() == '}') {
      ++pos_;
      return result;
    }
    for (;;) {
      if (at_end() || peek() != '"') fail_expected("a string key in object");
      const std::size_t key_pos = pos_;
      std::string key = parse_string();
      if (!seen_keys.insert(key).second)
        fail(key_pos, "duplicate key " + quote_for_message(key) + " in object");
      skip_whitespace();
      if (at_end() || peek() != ':') fail_expected("':' after key in object");
      ++pos_;
      skip_whitespace();
      value item = parse_value(depth);
      result.members_.emplace_back(std::move(key), std::move(item));
      skip_whitespace();
      if (!at_end() && peek() == ',') {
        ++pos_;
        skip_whitespace();
      } else if (!at_end() && peek() == '}') {
        ++pos_;
        return result;
      } else {
        fail_expected("',' or '}' in object");
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

inline void dump_string(const std::string& text, std::string& out) {
  out.push_back('"');
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += "\\u" + hex_digits(c, 4);
        else out.push_back(ch);
    }
  }
  out.push_back('"');
}

inline void dump_value(const value& v, std::string& out) {
  switch (v.kind()) {
    case kind::null_: out += "null"; return;
    case kind::boolean: out += v.as_bool() ? "true" : "false"; return;
    case kind::number: out += v.number_text(); return;
    case kind::string: dump_string(v.as_string(), out); return;
    case kind::array: {
      out.push_back('[');
      bool first = true;
      for (const value& item : v.items()) {
        if (!first) out.push_back(',');
        first = false;
        dump_value(item, out);
      }
      out.push_back(']');
      return;
    }
    case kind::object: {
      out.push_back('{');
      bool first = true;
      for (const member& m : v.members()) {
        if (!first) out.push_back(',');
        first = false;
        dump_string(m.first, out);
        out.push_back(':');
        dump_value(m.second, out);
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace detail

// true if `text` is exactly one JSON number token (RFC 8259 section 6).
inline bool is_number_text(std::string_view text) {
  detail::number_scan scan = detail::scan_number(text, 0);
  return scan.error == nullptr && scan.end == text.size();
}

inline value value::from_bool(bool b) {
  value result;
  result.kind_ = json::kind::boolean;
  result.bool_ = b;
  return result;
}

inline value value::from_number_text(std::string text) {
  if (!is_number_text(text)) throw std::invalid_argument("not a JSON number: " + text);
  value result;
  result.kind_ = json::kind::number;
  result.text_ = std::move(text);
  return result;
}

inline value value::from_string(std::string text) {
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t length = detail::utf8_sequence_length(text, pos);
    if (length == 0) throw std::invalid_argument("JSON string is not valid UTF-8");
    pos += length;
  }
  value result;
  result.kind_ = json::kind::string;
  result.text_ = std::move(text);
  return result;
}

inline value value::from_items(std::vector<value> items) {
  value result;
  result.kind_ = json::kind::array;
  result.items_ = std::move(items);
  return result;
}

inline value value::from_members(std::vector<member> members) {
  std::unordered_set<std::string_view> seen_keys;
  for (const member& m : members)
    if (!seen_keys.insert(m.first).second)
      throw std::invalid_argument("duplicate JSON object key " + detail::quote_for_message(m.first));
  value result;
  result.kind_ = json::kind::object;
  result.members_ = std::move(members);
  return result;
}

inline const value* value::find(std::string_view key) const {
  for (const member& m : members())
    if (m.first == key) return &m.second;
  return nullptr;
}

inline bool operator==(const value& a, const value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case kind::null_: return true;
    case kind::boolean: return a.bool_ == b.bool_;
    case kind::number:
    case kind::string: return a.text_ == b.text_;
    case kind::array: return a.items_ == b.items_;
    case kind::object: return a.members_ == b.members_;
  }
  return false;
}

// Parses one complete JSON document; throws parse_error.
inline value parse(std::string_view text) { return detail::parser(text).parse_document(); }

// Largest input file read (bytes): an instance at the dimension limit n = 500 with long exact
// entries is a few MB; beyond this cap (or an endless stream such as /dev/zero) the reader stops
// instead of growing without bound.
inline constexpr std::size_t max_file_bytes = std::size_t(256) << 20;

// Reads the file at `path` (bytes as they are) and parses it. Throws std::runtime_error whose
// what() says why it cannot be read ("cannot read file: No such file or directory", "larger
// than 256 MiB, ..."), parse_error (what() prefixed with "PATH: ") if it is not valid JSON.
inline value parse_file(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot read file: ") + (errno ? std::strerror(errno) : "cannot open"));
  std::string content;
  try {
    char chunk[16384];
    for (;;) {
      in.read(chunk, sizeof chunk);
      content.append(chunk, static_cast<std::size_t>(in.gcount()));
      if (content.size() > max_file_bytes)
        throw std::length_error("larger than 256 MiB, the input size limit (or an endless stream)");
      if (!in) break;
    }
  } catch (const std::length_error& e) {
    throw std::runtime_error(e.what());
  } catch (const std::exception&) {  // e.g. libstdc++ reporting that PATH is a directory
    throw std::runtime_error("cannot read file: is it a directory?");
  }
  if (in.bad()) throw std::runtime_error(std::string("cannot read file: ") + (errno ? std::strerror(errno) : "read error"));
  try {
    return parse(content);
  } catch (const parse_error& e) {
    throw parse_error(e.line(), e.column(), e.detail(), path);
  }
}

// Compact JSON text for `v` (numbers written exactly as their stored text).
inline std::string dump(const value& v) {
  std::string out;
  detail::dump_value(v, out);
  return out;
}

}  // namespace incert::json
