// src/table_write.hpp
//
// A certified table as text cells (already rounded outward), and its four renderings:
// CSV (metadata as "# " comment lines, two sections), JSON ({"metadata", "rows", "summary"}),
// Markdown (YAML front matter, two pipe tables), LaTeX (metadata as "%" comments, booktabs rules;
// the rows as a longtable, the summary as a tabular). Nothing here depends on time or the
// machine: the same document gives the same bytes.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace incert::cli {

struct table_column {
  std::string key;  // CSV header and JSON key
  std::string md;   // Markdown header
  std::string tex;  // LaTeX header (already LaTeX)
  bool integer = false;  // JSON number when the cell is a whole number; right-aligned in LaTeX
};

struct table_section {
  std::string title;
  std::vector<table_column> columns;
  std::vector<std::vector<std::string>> rows;
};

struct table_document {
  std::vector<std::pair<std::string, std::string>> metadata;  // in order
  std::vector<std::pair<std::string, std::string>> inputs;    // path, SHA-256
  std::vector<std::string> notes;                             // how to read the columns
  table_section rows, summary;
};

// format: csv, json, md or tex.
void write_table(std::ostream& os, const table_document& doc, const std::string& format);

}  // namespace incert::cli
