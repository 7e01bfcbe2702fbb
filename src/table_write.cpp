// src/table_write.cpp: CSV, JSON, Markdown and LaTeX renderings of a certified table.
#include "table_write.hpp"

#include "csv_output.hpp"
#include "json_output.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <stdexcept>

namespace incert::cli {

namespace {

bool whole_number(const std::string& s) {
  return !s.empty() && s.size() < 16 && s.find_first_not_of("0123456789") == std::string::npos;
}

// A JSON string literal (also a valid YAML double-quoted scalar, for the Markdown front matter).
std::string json_quote(const std::string& s) { return json_doc(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : one_line(s)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// Text cell for LaTeX. Brackets are braced so that a cell starting with "[" after "\\" is not
// read as the optional argument of "\\".
std::string tex_cell(const std::string& s) {
  std::string out;
  for (char c : one_line(s)) {
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '&': case '%': case '$': case '#': case '_': case '{': case '}':
        out += '\\';
        out += c;
        break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      case '[': out += "{[}"; break;
      case ']': out += "{]}"; break;
      default: out += c;
    }
  }
  return out;
}

bool numeric_text(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  (void)std::strtod(s.c_str(), &end);
  return end != s.c_str() && *end == '\0';
}

// The two CSV cells of an enclosure cell: "[lo, hi]" (or the inward "[lo, inf)") -> lo, hi;
// "inf" -> inf, inf; "~x" (an approximation) -> x, x; anything else (n/a) -> empty.
std::pair<std::string, std::string> enclosure_ends(const std::string& cell) {
  if (cell == "inf") return {"inf", "inf"};
  if (cell.size() > 1 && cell[0] == '~' && numeric_text(cell.substr(1))) return {cell.substr(1), cell.substr(1)};
  const std::size_t comma = cell.find(", ");
  if (cell.size() > 4 && cell[0] == '[' && comma != std::string::npos && (cell.back() == ']' || cell.back() == ')')) {
    const std::string lo = cell.substr(1, comma - 1), hi = cell.substr(comma + 2, cell.size() - comma - 3);
    if (numeric_text(lo) && numeric_text(hi)) return {lo, hi};
  }
  return {"", ""};
}

void csv_section(std::ostream& os, const char* name, const table_section& s) {
  write_csv_comment(os, std::string(name) + ": " + s.title);
  std::vector<std::string> header;
  for (const auto& c : s.columns) {
    if (!c.enclosure) header.push_back(c.key);
    else {
      header.push_back(c.key + "_lo");
      header.push_back(c.key + "_hi");
    }
  }
  write_csv_row(os, header);
  for (const auto& row : s.rows) {
    std::vector<std::string> cells;
    for (std::size_t j = 0; j < row.size(); ++j) {
      const table_column& c = s.columns[j];
      if (c.enclosure) {
        const auto ends = enclosure_ends(row[j]);
        cells.push_back(ends.first);
        cells.push_back(ends.second);
      } else if ((c.number || c.integer) && !numeric_text(row[j])) {
        cells.push_back("");
      } else {
        cells.push_back(row[j]);
      }
    }
    write_csv_row(os, cells);
  }
}

void write_csv(std::ostream& os, const table_document& d) {
  for (const auto& kv : d.metadata) os << "# " << kv.first << ": " << one_line(kv.second) << "\n";
  for (const auto& in : d.inputs) os << "# input: " << one_line(in.first) << " sha256 " << in.second << "\n";
  for (const auto& n : d.notes) os << "# note: " << one_line(n) << "\n";
  os << "#\n";
  csv_section(os, "rows", d.rows);
  os << "#\n";
  csv_section(os, "summary", d.summary);
}

json_doc json_section(const table_section& s) {
  json_doc rows = json_doc::array();
  for (const auto& row : s.rows) {
    json_doc r = json_doc::object();
    for (std::size_t j = 0; j < s.columns.size(); ++j) {
      const std::string& cell = row[j];
      if (s.columns[j].integer && whole_number(cell)) r[s.columns[j].key] = json_doc::parse(cell);
      else r[s.columns[j].key] = cell;
    }
    rows.push_back(r);
  }
  return rows;
}

void write_json(std::ostream& os, const table_document& d) {
  json_doc doc;
  json_doc meta = json_doc::object();
  for (const auto& kv : d.metadata) meta[kv.first] = kv.second;
  meta["inputs"] = json_doc::array();
  for (const auto& in : d.inputs) meta["inputs"].push_back({{"path", in.first}, {"sha256", in.second}});
  meta["notes"] = d.notes;
  doc["metadata"] = meta;
  doc["rows_title"] = d.rows.title;
  doc["rows"] = json_section(d.rows);
  doc["summary_title"] = d.summary.title;
  doc["summary"] = json_section(d.summary);
  incert::cli::write_json(os, doc);
}

void md_section(std::ostream& os, const table_section& s, const std::vector<std::string>& keys = {}) {
  std::vector<std::size_t> cols;
  for (std::size_t j = 0; j < s.columns.size(); ++j)
    if (keys.empty() || std::find(keys.begin(), keys.end(), s.columns[j].key) != keys.end()) cols.push_back(j);
  if (!keys.empty()) {  // in the order given
    cols.clear();
    for (const auto& k : keys)
      for (std::size_t j = 0; j < s.columns.size(); ++j)
        if (s.columns[j].key == k) cols.push_back(j);
  }
  os << "## " << md_cell(s.title) << "\n\n|";
  for (std::size_t j : cols) os << " " << md_cell(s.columns[j].md) << " |";
  os << "\n|";
  for (std::size_t j : cols) os << (s.columns[j].integer ? "---:|" : "---|");
  os << "\n";
  for (const auto& row : s.rows) {
    os << "|";
    for (std::size_t j : cols) os << " " << md_cell(row[j]) << " |";
    os << "\n";
  }
}

void write_md(std::ostream& os, const table_document& d, const table_layout& layout) {
  // YAML front matter: every value a double-quoted YAML string (JSON string syntax is valid YAML).
  os << "---\n";
  for (const auto& kv : d.metadata) os << kv.first << ": " << json_quote(kv.second) << "\n";
  os << "inputs:\n";
  for (const auto& in : d.inputs) os << "  - path: " << json_quote(in.first) << "\n    sha256: " << json_quote(in.second) << "\n";
  os << "notes:\n";
  for (const auto& n : d.notes) os << "  - " << json_quote(n) << "\n";
  os << "---\n\n";
  if (!layout.summary_only) {
    md_section(os, d.rows, layout.columns);
    os << "\n";
  }
  md_section(os, d.summary);
}

// ---- LaTeX -----------------------------------------------------------------------------------

// "1.2345e-17" -> mantissa "1.2345", exponent -17 (exponent 0 for fixed notation); false when s is
// no decimal number.
bool split_decimal(const std::string& s, std::string& mantissa, long& exponent) {
  if (!numeric_text(s) || s == "inf" || s == "-inf" || s.find_first_of("xXnN") != std::string::npos) return false;
  const std::size_t e = s.find_first_of("eE");
  mantissa = s.substr(0, e);
  exponent = e == std::string::npos ? 0 : std::stol(s.substr(e + 1));
  // Fixed-notation small numbers (0.0000062333) become 6.2333 x 10^-6, large ones (5422500000)
  // 5.4225 x 10^9; 0.05 and 128 stay.
  if (exponent == 0) {
    const bool neg = !mantissa.empty() && mantissa[0] == '-';
    std::string m = neg ? mantissa.substr(1) : mantissa;
    const std::size_t point = m.find('.');
    const std::string whole = m.substr(0, point);
    if (whole.size() > 6 && whole.find_first_not_of("0123456789") == std::string::npos) {  // 10^6 and above
      std::string digits = whole + (point == std::string::npos ? "" : m.substr(point + 1));
      while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
      mantissa = (neg ? "-" : "") + digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : "");
      exponent = static_cast<long>(whole.size()) - 1;
      return true;
    }
    if (m.size() > 5 && m.compare(0, 5, "0.000") == 0) {  // below 1e-3
      std::size_t first = m.find_first_not_of("0.", 0);
      if (first == std::string::npos) return true;
      const long shift = static_cast<long>(first) - 1;  // digits after the point before the first non-zero
      std::string digits = m.substr(first);
      mantissa = (neg ? "-" : "") + digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : "");
      exponent = -shift;
    }
  }
  return true;
}

std::string tex_power(long exponent) { return "10^{" + std::to_string(exponent) + "}"; }

// One number in math mode without the dollars: 10^{-7} for 1e-7, 6.2 \times 10^{-6}, 3.5.
std::string tex_number(const std::string& mantissa, long exponent) {
  if (exponent == 0) return mantissa;
  if (mantissa == "1") return tex_power(exponent);
  if (mantissa == "-1") return "-" + tex_power(exponent);
  return mantissa + " \\times " + tex_power(exponent);
}

std::string tex_text(const std::string& s) { return tex_cell(s); }

}  // namespace

std::string tex_math_cell(const std::string& cell) {
  std::string m, m2;
  long e = 0, e2 = 0;
  if (cell == "inf") return "$\\infty$";
  if (split_decimal(cell, m, e)) return "$" + tex_number(m, e) + "$";
  if (cell.size() > 1 && cell[0] == '~' && split_decimal(cell.substr(1), m, e)) return "$\\approx " + tex_number(m, e) + "$";
  const std::size_t comma = cell.find(", ");
  if (cell.size() > 4 && cell[0] == '[' && comma != std::string::npos && (cell.back() == ']' || cell.back() == ')')) {
    const std::string lo = cell.substr(1, comma - 1), hi = cell.substr(comma + 2, cell.size() - comma - 3);
    const bool open = cell.back() == ')';
    if (hi == "inf" && split_decimal(lo, m, e)) return "$[" + tex_number(m, e) + ", \\infty)$";
    if (split_decimal(lo, m, e) && split_decimal(hi, m2, e2)) {
      if (e == e2 && e != 0) return "$[" + m + ", " + m2 + (open ? ")" : "]") + " \\times " + tex_power(e) + "$";
      return "$[" + tex_number(m, e) + ", " + tex_number(m2, e2) + (open ? ")" : "]") + "$";
    }
  }
  return tex_text(cell);
}

namespace {

// Width in pt of a cell at \footnotesize (8 pt; digits 4 pt, letters about 4.3 pt), estimated
// from its LaTeX: superscripts at 70%, "\times" one symbol, commands and braces nothing.
double tex_width(const std::string& tex) {
  double w = 0, scale = 1;
  std::vector<double> stack;
  for (std::size_t i = 0; i < tex.size(); ++i) {
    const char c = tex[i];
    if (c == '\\') {
      std::size_t j = i + 1;
      while (j < tex.size() && std::isalpha(static_cast<unsigned char>(tex[j]))) ++j;
      const std::string cmd = tex.substr(i + 1, j - i - 1);
      if (cmd == "times" || cmd == "infty" || cmd == "approx" || cmd == "le" || cmd == "in" || cmd == "neq" || cmd == "alpha" ||
          cmd == "varepsilon" || cmd == "emptyset" || cmd == "hat" || cmd == "max" || cmd == "log")
        w += (cmd == "max" || cmd == "log" ? 3 : 1) * 5.5 * scale;
      else if (cmd.empty() && j < tex.size()) w += 4.3 * scale, ++j;  // \_ \% ...
      i = j - 1;
      continue;
    }
    if (c == '^' || c == '_') {
      if (i + 1 < tex.size() && tex[i + 1] == '{') {
        stack.push_back(scale);
        scale *= 0.7;
        ++i;
      } else {
        w += 0;  // a one-character script: counted below at full size, close enough
      }
      continue;
    }
    if (c == '{') {
      stack.push_back(scale);
      continue;
    }
    if (c == '}') {
      if (!stack.empty()) scale = stack.back(), stack.pop_back();
      continue;
    }
    if (c == '$') continue;
    w += (c == ' ' ? 2.7 : std::isupper(static_cast<unsigned char>(c)) ? 5.6 : std::isdigit(static_cast<unsigned char>(c)) ? 4.0 : 3.9) * scale;
  }
  return w;
}

struct tex_part {
  std::vector<std::size_t> columns;  // indices into the section's columns
};

// The columns of s (those named in `keys`, or all) cut into parts no wider than `budget` pt; the
// key columns (instance, eps, alpha, k) present start every part.
std::vector<tex_part> tex_parts(const table_section& s, const std::vector<std::string>& keys, double budget) {
  std::vector<std::size_t> chosen;
  if (keys.empty()) {
    for (std::size_t j = 0; j < s.columns.size(); ++j) chosen.push_back(j);
  } else {
    for (const auto& k : keys)
      for (std::size_t j = 0; j < s.columns.size(); ++j)
        if (s.columns[j].key == k) chosen.push_back(j);
  }
  const double pad = 7;  // 2 \tabcolsep at 3.5 pt
  std::vector<double> width(s.columns.size(), 0);
  for (std::size_t j : chosen) {
    width[j] = tex_width(s.columns[j].tex) * 0.9;  // headers are \footnotesize too (bold-free)
    for (const auto& row : s.rows) width[j] = std::max(width[j], tex_width(tex_math_cell(row[j])));
    width[j] += pad;
  }
  std::vector<std::size_t> key_cols, rest;
  for (std::size_t j : chosen) {
    const std::string& k = s.columns[j].key;
    (k == "instance" || k == "eps" || k == "alpha" || k == "k" ? key_cols : rest).push_back(j);
  }
  double key_width = 0;
  for (std::size_t j : key_cols) key_width += width[j];
  std::vector<tex_part> parts;
  tex_part cur{key_cols};
  double w = key_width;
  for (std::size_t j : rest) {
    if (cur.columns.size() > key_cols.size() && w + width[j] > budget) {
      parts.push_back(cur);
      cur = tex_part{key_cols};
      w = key_width;
    }
    cur.columns.push_back(j);
    w += width[j];
  }
  if (cur.columns.size() > key_cols.size() || parts.empty()) parts.push_back(cur);
  return parts;
}

void tex_table(std::ostream& os, const table_section& s, const tex_part& part, bool long_table, const std::string& caption) {
  std::string spec;
  for (std::size_t j : part.columns) spec += s.columns[j].integer ? 'r' : 'l';
  os << "{\\footnotesize\\setlength{\\tabcolsep}{3.5pt}\n";
  if (long_table) os << "\\begin{longtable}{" << spec << "}\n";
  else os << "\\begin{center}\n\\begin{tabular}{" << spec << "}\n";
  if (!caption.empty()) os << "\\multicolumn{" << part.columns.size() << "}{l}{\\textit{" << tex_text(caption) << "}} \\\\\n";
  os << "\\toprule\n";
  for (std::size_t i = 0; i < part.columns.size(); ++i) os << (i ? " & " : "") << s.columns[part.columns[i]].tex;
  os << " \\\\\n\\midrule\n";
  if (long_table) os << "\\endhead\n";
  for (const auto& row : s.rows) {
    for (std::size_t i = 0; i < part.columns.size(); ++i) os << (i ? " & " : "") << tex_math_cell(row[part.columns[i]]);
    os << " \\\\\n";
  }
  os << "\\bottomrule\n";
  if (long_table) os << "\\end{longtable}\n}\n";
  else os << "\\end{tabular}\n\\end{center}\n}\n";
}

void tex_section(std::ostream& os, const table_section& s, const std::vector<std::string>& keys, const table_layout& layout, bool long_table,
                 const char* name) {
  const double budget = layout.landscape ? 520 : 320;  // article's text height 550 pt / width 345 pt, less a margin for the estimate
  const std::vector<tex_part> parts = tex_parts(s, keys, budget);
  os << "% " << name << ": " << one_line(s.title) << "\n";
  if (layout.landscape) os << "\\begin{landscape}\n";
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const std::string caption = parts.size() > 1 ? std::string(name) + " (part " + std::to_string(p + 1) + " of " + std::to_string(parts.size()) + ")" : "";
    tex_table(os, s, parts[p], long_table, caption);
  }
  if (layout.landscape) os << "\\end{landscape}\n";
}

void write_tex(std::ostream& os, const table_document& d, const table_layout& layout) {
  for (const auto& kv : d.metadata) os << "% " << kv.first << ": " << one_line(kv.second) << "\n";
  for (const auto& in : d.inputs) os << "% input: " << one_line(in.first) << " sha256 " << in.second << "\n";
  for (const auto& n : d.notes) os << "% note: " << one_line(n) << "\n";
  os << "% LaTeX: needs \\usepackage{booktabs} and \\usepackage{longtable}" << (layout.landscape ? " and \\usepackage{pdflscape}" : "")
     << "; fits the text width of the article class (tables wider than it are cut into parts).\n%\n";
  if (!layout.summary_only) {
    tex_section(os, d.rows, layout.columns, layout, true, "rows");
    os << "\n";
  }
  tex_section(os, d.summary, {}, layout, false, "summary");
}

}  // namespace

void write_table(std::ostream& os, const table_document& doc, const std::string& format, const table_layout& layout) {
  if (format == "csv") write_csv(os, doc);
  else if (format == "json") write_json(os, doc);
  else if (format == "md") write_md(os, doc, layout);
  else if (format == "tex") write_tex(os, doc, layout);
  else throw std::invalid_argument("unknown table format \"" + format + "\"");
}

}  // namespace incert::cli
