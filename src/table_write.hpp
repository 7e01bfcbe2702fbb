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
  // CSV only: an enclosure "[lo, hi]" is written as two columns KEY_lo, KEY_hi; in a number (or
  // enclosure, or integer) column a word such as "n/a" becomes an empty cell, so that every
  // non-empty cell of those columns parses as a number (float("1e-7"), float("inf")).
  bool enclosure = false;
  bool number = false;
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

// How the Markdown and LaTeX renderings lay a table out (CSV and JSON always hold every column).
struct table_layout {
  std::vector<std::string> columns;  // the rows section's columns (keys), in this order; empty: all
  bool summary_only = false;         // only the summary section
  bool landscape = false;            // LaTeX: each table on landscape pages (pdflscape), wider parts
};

// LaTeX: numbers in math ($10^{-7}$, $6.2333 \times 10^{-6}$, $[1.23, 1.24] \times 10^{-5}$),
// booktabs rules, \footnotesize; a section wider than the text is cut into parts that each fit
// (the key columns instance, eps, alpha, k repeated in every part), portrait 345 pt (article's
// text width) or landscape 550 pt. format: csv, json, md or tex.
void write_table(std::ostream& os, const table_document& doc, const std::string& format, const table_layout& layout = {});

// A cell as LaTeX (math for numbers and enclosures, text escaped otherwise).
std::string tex_math_cell(const std::string& cell);

}  // namespace incert::cli
