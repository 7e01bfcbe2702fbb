// src/table_write.cpp: CSV, JSON, Markdown and LaTeX renderings of a certified table.
#include "table_write.hpp"

#include "csv_output.hpp"
#include "json_output.hpp"

#include <cstdio>
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

void csv_section(std::ostream& os, const char* name, const table_section& s) {
  write_csv_comment(os, std::string(name) + ": " + s.title);
  std::vector<std::string> header;
  for (const auto& c : s.columns) header.push_back(c.key);
  write_csv_row(os, header);
  for (const auto& row : s.rows) write_csv_row(os, row);
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

void md_section(std::ostream& os, const table_section& s) {
  os << "## " << md_cell(s.title) << "\n\n|";
  for (const auto& c : s.columns) os << " " << md_cell(c.md) << " |";
  os << "\n|";
  for (const auto& c : s.columns) os << (c.integer ? "---:|" : "---|");
  os << "\n";
  for (const auto& row : s.rows) {
    os << "|";
    for (const auto& cell : row) os << " " << md_cell(cell) << " |";
    os << "\n";
  }
}

void write_md(std::ostream& os, const table_document& d) {
  // YAML front matter: every value a double-quoted YAML string (JSON string syntax is valid YAML).
  os << "---\n";
  for (const auto& kv : d.metadata) os << kv.first << ": " << json_quote(kv.second) << "\n";
  os << "inputs:\n";
  for (const auto& in : d.inputs) os << "  - path: " << json_quote(in.first) << "\n    sha256: " << json_quote(in.second) << "\n";
  os << "notes:\n";
  for (const auto& n : d.notes) os << "  - " << json_quote(n) << "\n";
  os << "---\n\n";
  md_section(os, d.rows);
  os << "\n";
  md_section(os, d.summary);
}

std::string tex_spec(const table_section& s) {
  std::string spec;
  for (const auto& c : s.columns) spec += c.integer ? 'r' : 'l';
  return spec;
}

void tex_header(std::ostream& os, const table_section& s) {
  os << "\\toprule\n";
  for (std::size_t j = 0; j < s.columns.size(); ++j) os << (j ? " & " : "") << s.columns[j].tex;
  os << " \\\\\n\\midrule\n";
}

void tex_rows(std::ostream& os, const table_section& s) {
  for (const auto& row : s.rows) {
    for (std::size_t j = 0; j < row.size(); ++j) os << (j ? " & " : "") << tex_cell(row[j]);
    os << " \\\\\n";
  }
  os << "\\bottomrule\n";
}

void write_tex(std::ostream& os, const table_document& d) {
  for (const auto& kv : d.metadata) os << "% " << kv.first << ": " << one_line(kv.second) << "\n";
  for (const auto& in : d.inputs) os << "% input: " << one_line(in.first) << " sha256 " << in.second << "\n";
  for (const auto& n : d.notes) os << "% note: " << one_line(n) << "\n";
  os << "% LaTeX: needs \\usepackage{booktabs} and \\usepackage{longtable}.\n%\n";
  os << "% rows: " << one_line(d.rows.title) << "\n";
  os << "\\begin{longtable}{" << tex_spec(d.rows) << "}\n";
  tex_header(os, d.rows);
  os << "\\endhead\n";
  tex_rows(os, d.rows);
  os << "\\end{longtable}\n\n";
  os << "% summary: " << one_line(d.summary.title) << "\n";
  os << "\\begin{tabular}{" << tex_spec(d.summary) << "}\n";
  tex_header(os, d.summary);
  tex_rows(os, d.summary);
  os << "\\end{tabular}\n";
}

}  // namespace

void write_table(std::ostream& os, const table_document& doc, const std::string& format) {
  if (format == "csv") write_csv(os, doc);
  else if (format == "json") write_json(os, doc);
  else if (format == "md") write_md(os, doc);
  else if (format == "tex") write_tex(os, doc);
  else throw std::invalid_argument("unknown table format \"" + format + "\"");
}

}  // namespace incert::cli
