// Tests for incert/io/json.hpp: structure and exact number text of valid documents, the
// position and message of every class of syntax error, the nesting limit, duplicate keys,
// and random bytes / mutated documents that must only ever end in parse_error.
#include <catch2/catch.hpp>

#include "incert/io/json.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace json = incert::json;

namespace {

struct expected_error {
  std::string input;
  std::size_t line;
  std::size_t column;
  std::string detail;
};

void check_error(const expected_error& e) {
  INFO("input: " << e.input);
  try {
    json::parse(e.input);
    FAIL("no parse_error");
  } catch (const json::parse_error& error) {
    CHECK(error.line() == e.line);
    CHECK(error.column() == e.column);
    CHECK(error.detail() == e.detail);
    CHECK(std::string(error.what()) == "JSON syntax error at line " + std::to_string(e.line) +
                                           ", column " + std::to_string(e.column) + ": " +
                                           e.detail);
  }
}

// Parses `text`; a parse_error is an acceptable outcome, anything else propagates and fails
// the test. Accepted documents must survive dump -> parse unchanged.
bool parses_or_reports(const std::string& text) {
  json::value v;
  try {
    v = json::parse(text);
  } catch (const json::parse_error& e) {
    REQUIRE(e.line() >= 1);
    REQUIRE(e.column() >= 1);
    return false;
  }
  REQUIRE(json::parse(json::dump(v)) == v);
  return true;
}

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("json: a valid document keeps its structure", "[json]") {
  const std::string text = R"({
    "name": "lorenz",
    "alpha": 1e-100000,
    "enabled": true,
    "disabled": false,
    "nothing": null,
    "grid": [1, -0.5, [], {}, [2, [3]]],
    "nested": {"z": 1, "a": 2, "m": {"deep": "x"}}
  })";
  json::value doc = json::parse(text);
  REQUIRE(doc.is_object());
  REQUIRE(doc.kind() == json::kind::object);

  std::vector<std::string> keys;
  for (const json::member& m : doc.members()) keys.push_back(m.first);
  CHECK(keys == std::vector<std::string>{"name", "alpha", "enabled", "disabled", "nothing", "grid",
                                         "nested"});

  CHECK(doc.find("name")->as_string() == "lorenz");
  CHECK(doc.find("alpha")->number_text() == "1e-100000");
  CHECK(doc.find("enabled")->as_bool() == true);
  CHECK(doc.find("disabled")->as_bool() == false);
  CHECK(doc.find("nothing")->is_null());
  CHECK(doc.find("missing") == nullptr);

  const auto& grid = doc.find("grid")->items();
  REQUIRE(grid.size() == 5);
  CHECK(grid[0].number_text() == "1");
  CHECK(grid[1].number_text() == "-0.5");
  CHECK(grid[2].is_array());
  CHECK(grid[2].items().empty());
  CHECK(grid[3].is_object());
  CHECK(grid[3].members().empty());
  CHECK(grid[4].items()[1].items()[0].number_text() == "3");

  const json::value& nested = *doc.find("nested");
  CHECK(nested.members()[0].first == "z");  // insertion order, not sorted
  CHECK(nested.members()[1].first == "a");
  CHECK(nested.find("m")->find("deep")->as_string() == "x");

  CHECK(json::dump(doc) ==
        R"({"name":"lorenz","alpha":1e-100000,"enabled":true,"disabled":false,"nothing":null,)"
        R"("grid":[1,-0.5,[],{},[2,[3]]],"nested":{"z":1,"a":2,"m":{"deep":"x"}}})");
  CHECK(json::parse(json::dump(doc)) == doc);
}

TEST_CASE("json: top-level scalars, whitespace and byte order mark", "[json]") {
  CHECK(json::parse("null").is_null());
  CHECK(json::parse(" \t\r\n true \n").as_bool());
  CHECK(json::parse("\"s\"").as_string() == "s");
  CHECK(json::parse("42").number_text() == "42");
  CHECK(json::parse("[]").items().empty());
  CHECK(json::parse("\xEF\xBB\xBF{}").is_object());
}

TEST_CASE("json: number text is preserved exactly", "[json]") {
  const std::vector<std::string> numbers = {
      "0", "-0", "3", "-0.1", "0.1", "1e-100000", "1E+5", "1e5", "-1.25e-7", "0.000",
      "2.5E0", "123456789012345678901234567890", "1e999999999999", "-0e-0", "10", "0.5e+01"};
  for (const std::string& n : numbers) {
    INFO(n);
    json::value v = json::parse(n);
    CHECK(v.is_number());
    CHECK(v.number_text() == n);
    CHECK(json::is_number_text(n));
    CHECK(json::parse("[ " + n + " ,\n" + n + "]").items()[1].number_text() == n);
    CHECK(json::parse("{\"x\":" + n + "}").find("x")->number_text() == n);
    CHECK(json::value::from_number_text(n) == v);
  }
  CHECK(json::parse("1.0") != json::parse("1"));  // text, not value, is compared
  for (const char* bad : {"", "01", "+1", ".5", "1.", "1e", "-", "NaN", "Infinity", " 1", "1 "})
    CHECK_FALSE(json::is_number_text(bad));
  CHECK_THROWS_AS(json::value::from_number_text("0x10"), std::invalid_argument);
}

TEST_CASE("json: string escapes and UTF-8", "[json]") {
  CHECK(json::parse(R"("\" \\ \/ \b \f \n \r \t")").as_string() == "\" \\ / \b \f \n \r \t");
  CHECK(json::parse(R"("\u0041\u00e9\u20AC")").as_string() == "A\xC3\xA9\xE2\x82\xAC");
  CHECK(json::parse(R"("\ud83d\ude00")").as_string() == "\xF0\x9F\x98\x80");  // U+1F600
  CHECK(json::parse(R"("\uDBFF\uDFFF")").as_string() == "\xF4\x8F\xBF\xBF");  // U+10FFFF
  CHECK(json::parse(R"("\u0000")").as_string() == std::string(1, '\0'));
  CHECK(json::parse("\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\x7F\"").as_string() ==
        "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\x7F");
  CHECK(json::parse("{\"\xC3\xA9\": 1}").find("\xC3\xA9")->number_text() == "1");
  // dump escapes what must be escaped and round trips
  json::value s = json::parse(R"("a\u0001\n\"\\b")");
  CHECK(json::dump(s) == R"("a\u0001\n\"\\b")");
  CHECK(json::parse(json::dump(s)) == s);
  CHECK_THROWS_AS(json::value::from_string("\xFF"), std::invalid_argument);
}

TEST_CASE("json: the example message from the documentation", "[json]") {
  const std::string text = "{\n  \"alpha\": 1,\n  \"beta\": \"x\"\"gamma\": 2\n}";
  try {
    json::parse(text);
    FAIL("no parse_error");
  } catch (const json::parse_error& e) {
    CHECK(std::string(e.what()) ==
          "JSON syntax error at line 3, column 14: expected ',' or '}' in object");
    CHECK(e.line() == 3);
    CHECK(e.column() == 14);
  }
  // parse_error is a std::runtime_error
  CHECK_THROWS_AS(json::parse("["), std::runtime_error);
}

TEST_CASE("json: empty and truncated input", "[json]") {
  const std::vector<expected_error> cases = {
      {"", 1, 1, "unexpected end of input, expected a value"},
      {"  \n  ", 2, 3, "unexpected end of input, expected a value"},
      {"\xEF\xBB\xBF", 1, 4, "unexpected end of input, expected a value"},
      {"[", 1, 2, "unexpected end of input, expected a value"},
      {"[1, 2", 1, 6, "unexpected end of input, expected ',' or ']' in array"},
      {"[1,", 1, 4, "unexpected end of input, expected a value"},
      {"{", 1, 2, "unexpected end of input, expected a string key in object"},
      {"{\"a\"", 1, 5, "unexpected end of input, expected ':' after key in object"},
      {"{\"a\":", 1, 6, "unexpected end of input, expected a value"},
      {"{\"a\":1", 1, 7, "unexpected end of input, expected ',' or '}' in object"},
      {"{\"a\":1,", 1, 8, "unexpected end of input, expected a string key in object"},
      {"\"abc", 1, 5, "unexpected end of input in string"},
      {"\"abc\\", 1, 6, "unexpected end of input in string"},
      {"\"\\u12", 1, 6, "unexpected end of input in string"},
      {"tru", 1, 1, "invalid literal (expected true, false or null)"},
      {"nul", 1, 1, "invalid literal (expected true, false or null)"},
      {"-", 1, 2, "expected a digit after '-' in number"},
      {"1.", 1, 3, "expected a digit after '.' in number"},
      {"1e", 1, 3, "expected a digit in the exponent of a number"},
  };
  for (const auto& c : cases) check_error(c);
}

TEST_CASE("json: trailing garbage and misplaced punctuation", "[json]") {
  const std::vector<expected_error> cases = {
      {"{} x", 1, 4, "unexpected data after the top-level value"},
      {"1 2", 1, 3, "unexpected data after the top-level value"},
      {"[]]", 1, 3, "unexpected data after the top-level value"},
      {"{}\n\n  ,", 3, 3, "unexpected data after the top-level value"},
      {"truex", 1, 5, "unexpected data after the top-level value"},
      {"0x10", 1, 2, "unexpected data after the top-level value"},
      {"1.5.2", 1, 4, "unexpected data after the top-level value"},
      {"[1,]", 1, 4, "expected a value"},
      {"[,1]", 1, 2, "expected a value"},
      {"[1 2]", 1, 4, "expected ',' or ']' in array"},
      {"{,}", 1, 2, "expected a string key in object"},
      {"{\"a\":1,}", 1, 8, "expected a string key in object"},
      {"{a:1}", 1, 2, "expected a string key in object"},
      {"{\"a\" 1}", 1, 6, "expected ':' after key in object"},
      {"{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}' in object"},
      {"[1]\n[2]", 2, 1, "unexpected data after the top-level value"},
      {"'a'", 1, 1, "expected a value"},
      {"[True]", 1, 2, "expected a value"},
  };
  for (const auto& c : cases) check_error(c);
  CHECK_NOTHROW(json::parse("  {}  \n\t\r "));
}

TEST_CASE("json: binary garbage and NUL bytes", "[json]") {
  using namespace std::string_literals;
  const std::vector<expected_error> cases = {
      {"\0"s, 1, 1, "expected a value"},
      {"[\0]"s, 1, 2, "expected a value"},
      {"{}\0"s, 1, 3, "unexpected data after the top-level value"},
      {"\"a\0b\""s, 1, 3, "unescaped control character U+0000 in string"},
      {"\xFF\xFE"s, 1, 1, "expected a value"},
      {"\xEF\xBB"s, 1, 1, "expected a value"},  // half a byte order mark
      {"\x01\x02\x03"s, 1, 1, "expected a value"},
  };
  for (const auto& c : cases) check_error(c);
}

TEST_CASE("json: invalid UTF-8 and control characters in strings", "[json]") {
  const std::vector<expected_error> cases = {
      {"\"\xFF\"", 1, 2, "invalid UTF-8 sequence starting with byte 0xFF in string"},
      {"\"ab\x80\"", 1, 4, "invalid UTF-8 sequence starting with byte 0x80 in string"},
      {"\"\xC0\xAF\"", 1, 2, "invalid UTF-8 sequence starting with byte 0xC0 in string"},  // overlong '/'
      {"\"\xE0\x80\xAF\"", 1, 2, "invalid UTF-8 sequence starting with byte 0xE0 in string"},
      {"\"\xED\xA0\x80\"", 1, 2, "invalid UTF-8 sequence starting with byte 0xED in string"},  // U+D800
      {"\"\xF4\x90\x80\x80\"", 1, 2, "invalid UTF-8 sequence starting with byte 0xF4 in string"},
      {"\"\xF5\x80\x80\x80\"", 1, 2, "invalid UTF-8 sequence starting with byte 0xF5 in string"},
      {"\"\xE2\x82\"", 1, 2, "invalid UTF-8 sequence starting with byte 0xE2 in string"},  // cut short
      {"\"\xE2\x82", 1, 2, "invalid UTF-8 sequence starting with byte 0xE2 in string"},  // at the end
      {"\"\xF0\x9F\x98", 1, 2, "invalid UTF-8 sequence starting with byte 0xF0 in string"},
      {"\"a\nb\"", 1, 3, "unescaped control character U+000A in string"},
      {"[\"x\",\n \"\t\"]", 2, 3, "unescaped control character U+0009 in string"},
      {"\"\x1F\"", 1, 2, "unescaped control character U+001F in string"},
  };
  for (const auto& c : cases) check_error(c);
}

TEST_CASE("json: escapes", "[json]") {
  const std::vector<expected_error> cases = {
      {R"("\x")", 1, 2, "invalid escape '\\x' in string"},
      {R"("ab\')", 1, 4, "invalid escape '\\'' in string"},
      {"\"\\\x01\"", 1, 2, "invalid escape sequence in string"},
      {R"("\u12G4")", 1, 6, "expected 4 hex digits after \\u in string"},
      {R"("\u")", 1, 4, "expected 4 hex digits after \\u in string"},
      {R"("\U0041")", 1, 2, "invalid escape '\\U' in string"},
      {R"("\ud800")", 1, 2, "unpaired UTF-16 surrogate \\uD800 in string"},
      {R"("a\udc00b")", 1, 3, "unpaired UTF-16 surrogate \\uDC00 in string"},
      {R"("\ud800\u0041")", 1, 2, "unpaired UTF-16 surrogate \\uD800 in string"},
      {R"("\ud800\ud800")", 1, 2, "unpaired UTF-16 surrogate \\uD800 in string"},
      {R"("\udbffx")", 1, 2, "unpaired UTF-16 surrogate \\uDBFF in string"},
      {R"("\ud800\n")", 1, 2, "unpaired UTF-16 surrogate \\uD800 in string"},
      {R"("\ud800\u00")", 1, 12, "expected 4 hex digits after \\u in string"},
  };
  for (const auto& c : cases) check_error(c);
}

TEST_CASE("json: number grammar", "[json]") {
  const std::vector<expected_error> cases = {
      {"01", 1, 2, "leading zeros are not allowed in numbers"},
      {"-01", 1, 3, "leading zeros are not allowed in numbers"},
      {"[00]", 1, 3, "leading zeros are not allowed in numbers"},
      {"+1", 1, 1, "a number must start with '-' or a digit"},
      {".5", 1, 1, "a number must start with '-' or a digit"},
      {"[1, .5]", 1, 5, "a number must start with '-' or a digit"},
      {"1.", 1, 3, "expected a digit after '.' in number"},
      {"1.e5", 1, 3, "expected a digit after '.' in number"},
      {"1e+", 1, 4, "expected a digit in the exponent of a number"},
      {"1E-x", 1, 4, "expected a digit in the exponent of a number"},
      {"-", 1, 2, "expected a digit after '-' in number"},
      {"--1", 1, 2, "expected a digit after '-' in number"},
      {"NaN", 1, 1, "expected a value"},
      {"Infinity", 1, 1, "expected a value"},
      {"-Infinity", 1, 2, "expected a digit after '-' in number"},
      {"{\"x\": nan}", 1, 7, "invalid literal (expected true, false or null)"},
  };
  for (const auto& c : cases) check_error(c);
}

TEST_CASE("json: nesting depth limit", "[json]") {
  REQUIRE(json::max_nesting_depth == 200);
  CHECK_NOTHROW(json::parse(nested_arrays(200)));
  check_error({nested_arrays(201), 1, 201, "nesting deeper than 200 levels"});
  check_error({std::string(100000, '['), 1, 201, "nesting deeper than 200 levels"});

  std::string objects;  // {"a":{"a":...}} 200 deep is fine, 201 is not
  for (int i = 0; i < 200; ++i) objects += "{\"a\":";
  CHECK_NOTHROW(json::parse(objects + "1" + std::string(200, '}')));
  check_error({objects + "{}" + std::string(200, '}'), 1, 200 * 5 + 1,
               "nesting deeper than 200 levels"});

  std::string mixed;  // alternating arrays and objects
  for (int i = 0; i < 150; ++i) mixed += "[{\"k\":";
  check_error({mixed + "0", 1, 100 * 6 + 1, "nesting deeper than 200 levels"});
}

TEST_CASE("json: duplicate keys", "[json]") {
  const std::vector<expected_error> cases = {
      {"{\"a\":1,\"b\":2,\"a\":3}", 1, 14, "duplicate key \"a\" in object"},
      {"{\"a\":1,\"\\u0061\":2}", 1, 8, "duplicate key \"a\" in object"},  // equal once decoded
      {"{\n \"x\": {},\n \"x\": []\n}", 3, 2, "duplicate key \"x\" in object"},
      {"{\"\":1,\"\":2}", 1, 7, "duplicate key \"\" in object"},
      {"{\"q\\\"\\n\":1,\"q\\\"\\n\":2}", 1, 12, "duplicate key \"q\\\"\\u000A\" in object"},
      {"{\"" + std::string(50, 'k') + "\":1,\"" + std::string(50, 'k') + "\":2}", 1, 57,
       "duplicate key \"" + std::string(40, 'k') + "...\" in object"},
  };
  for (const auto& c : cases) check_error(c);
  // the same key in different objects is fine
  json::value v = json::parse(R"({"a":{"a":1},"b":[{"a":2},{"a":3}]})");
  CHECK(v.find("b")->items()[1].find("a")->number_text() == "3");
  CHECK_THROWS_AS(json::value::from_members({{"k", json::value()}, {"k", json::value()}}),
                  std::invalid_argument);
}

TEST_CASE("json: kinds and accessors", "[json]") {
  CHECK(std::string(json::kind_name(json::kind::null_)) == "null");
  CHECK(std::string(json::kind_name(json::kind::boolean)) == "boolean");
  CHECK(std::string(json::kind_name(json::kind::number)) == "number");
  CHECK(std::string(json::kind_name(json::kind::string)) == "string");
  CHECK(std::string(json::kind_name(json::kind::array)) == "array");
  CHECK(std::string(json::kind_name(json::kind::object)) == "object");

  json::value number = json::parse("1.5");
  CHECK_THROWS_AS(number.as_string(), json::type_error);
  CHECK_THROWS_WITH(number.as_string(), "expected JSON string, found number");
  CHECK_THROWS_WITH(json::parse("[]").find("a"), "expected JSON object, found array");
  CHECK_THROWS_WITH(json::parse("null").as_bool(), "expected JSON boolean, found null");
  CHECK_THROWS_WITH(json::parse("{}").items(), "expected JSON array, found object");
  CHECK_THROWS_WITH(json::parse("\"1\"").number_text(), "expected JSON number, found string");

  json::value built = json::value::from_members(
      {{"x", json::value::from_number_text("-0.1")},
       {"y", json::value::from_items({json::value::from_bool(true), json::value(),
                                      json::value::from_string("s")})}});
  CHECK(json::dump(built) == R"({"x":-0.1,"y":[true,null,"s"]})");
  CHECK(json::parse(R"({ "x" : -0.1 , "y" : [ true , null , "s" ] })") == built);
  CHECK(json::parse(R"({"y":[true,null,"s"],"x":-0.1})") != built);  // order matters
}

TEST_CASE("json: parse_file", "[json]") {
  namespace fs = std::filesystem;
  std::random_device seed_source;
  const fs::path path = fs::temp_directory_path() /
                        ("incert_test_json_" + std::to_string(seed_source()) + ".json");
  {
    std::ofstream out(path, std::ios::binary);
    using namespace std::string_literals;
    out << "{\"alpha\": 1e-100000,\n \"s\": \"a\0b\"}"s;
  }
  try {
    json::parse_file(path.string());
    FAIL("no parse_error");
  } catch (const json::parse_error& e) {
    CHECK(e.line() == 2);
    CHECK(e.column() == 9);
    CHECK(e.source() == path.string());
    CHECK(std::string(e.what()) == path.string() +
                                       ": JSON syntax error at line 2, column 9: unescaped "
                                       "control character U+0000 in string");
  }
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "{\"alpha\": 1e-100000,\r\n \"s\": \"a\\u0000b\"}";
  }
  json::value v = json::parse_file(path.string());
  CHECK(v.find("alpha")->number_text() == "1e-100000");
  CHECK(v.find("s")->as_string() == std::string("a\0b", 3));
  fs::remove(path);

  CHECK_THROWS_WITH(json::parse_file(path.string()), "cannot read file: No such file or directory");  // why, not only that
  const std::string directory = fs::temp_directory_path().string();
  CHECK_THROWS_WITH(json::parse_file(directory), Catch::StartsWith("cannot read file: "));
}

TEST_CASE("json: random bytes never crash", "[json]") {
  std::mt19937 random(20240611u);
  const std::string json_alphabet = "{}[],:\"\\/ \n\t0123456789-+.eEtrufalsn\x01\x80\xC3\xA9\xFF";
  int accepted = 0, rejected = 0;
  for (int i = 0; i < 600; ++i) {
    std::string text(random() % 64, '\0');
    const bool from_alphabet = i % 2 == 1;
    for (char& c : text)
      c = from_alphabet ? json_alphabet[random() % json_alphabet.size()]
                        : static_cast<char>(random() % 256);
    (parses_or_reports(text) ? accepted : rejected) += 1;
  }
  // The point is that nothing but parse_error came out; most of these are rejected.
  CHECK(accepted + rejected == 600);
  CHECK(rejected > 500);
}

TEST_CASE("json: mutated documents never crash", "[json]") {
  const std::string seed_document = R"({
  "system": "lorenz",
  "parameters": {"sigma": 10, "rho": 28, "beta": 2.6666666666666666667e0},
  "alpha": 1e-100000,
  "initial": [-0.1, 0, 1E+2, "\u00e9\ud83d\ude00\n"],
  "flags": [true, false, null, {}, []]
})";
  REQUIRE(parses_or_reports(seed_document));
  using namespace std::string_literals;
  const std::string interesting = "{}[],:\"\\u0 \nd8e-+.9\x00\xFF\xED\xA0"s;
  std::mt19937 random(7u);
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = seed_document;
    const int mutations = 1 + static_cast<int>(random() % 4);
    for (int m = 0; m < mutations && !text.empty(); ++m) {
      const std::size_t pos = random() % text.size();
      const char byte = (random() % 2) ? interesting[random() % interesting.size()]
                                       : static_cast<char>(random() % 256);
      switch (random() % 6) {
        case 0: text[pos] = byte; break;                                     // replace
        case 1: text.insert(text.begin() + static_cast<long>(pos), byte); break;  // insert
        case 2: text.erase(pos, 1 + random() % 8); break;                    // delete
        case 3: text.resize(pos); break;                                     // truncate
        case 4: text.insert(pos, text.substr(random() % text.size(), random() % 16)); break;
        case 5: text[pos] = static_cast<char>(text[pos] ^ (1 << (random() % 8))); break;
      }
    }
    if (parses_or_reports(text)) ++accepted;
  }
  INFO("mutated documents still accepted: " << accepted);
  CHECK(accepted > 0);
  CHECK(accepted < 3000);
}
