// src/grid_output.cpp: output targets of table and sweep (grid_output.hpp).
#include "grid_output.hpp"

#include "atomic_file.hpp"

#include <algorithm>
#include <map>

namespace incert::cli {

namespace {

std::string list_text(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i == 0 ? "" : i + 1 == v.size() ? " or " : ", ") + v[i];
  return s;
}

// The format named by PATH's suffix, or "".
std::string suffix_format(const std::string& path, const std::vector<std::string>& allowed) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  const std::string ext = path.substr(dot + 1);
  return std::find(allowed.begin(), allowed.end(), ext) != allowed.end() ? ext : "";
}

}  // namespace

std::string plan_outputs(const std::vector<std::string>& format_values, const std::vector<std::string>& out_values,
                         const std::vector<std::string>& allowed, output_plan& plan) {
  plan = output_plan{};
  std::vector<std::string> formats;
  for (const std::string& v : format_values) {
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = v.find(',', start);
      const std::string f = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (std::find(allowed.begin(), allowed.end(), f) == allowed.end())
        return "--format: expected " + list_text(allowed) + " (or several, comma-separated), got \"" + v + "\"";
      if (std::find(formats.begin(), formats.end(), f) != formats.end()) return "--format: " + f + " given twice";
      formats.push_back(f);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  for (const std::string& o : out_values)
    if (o.empty()) return "--out: empty path";

  if (out_values.empty()) {
    if (formats.size() > 1) return "--format with several formats needs --out PREFIX (the files PREFIX." + formats[0] + ", ...)";
    plan.targets.push_back({formats.empty() ? "csv" : formats[0], ""});
    return "";
  }
  if (out_values.size() == 1) {
    const std::string& o = out_values[0];
    if (formats.size() > 1) {
      for (const std::string& f : formats) plan.targets.push_back({f, o + "." + f});
      plan.journal = o + ".journal";
      return "";
    }
    const std::string s = suffix_format(o, allowed);
    plan.targets.push_back({formats.empty() ? (s.empty() ? "csv" : s) : formats[0], o});
    plan.journal = o + ".journal";
    return "";
  }
  // several --out: each by its suffix
  if (!formats.empty()) return "--format does not go with several --out PATHs (each PATH's suffix gives its format); drop --format";
  std::map<std::string, int> seen;
  for (const std::string& o : out_values) {
    const std::string f = suffix_format(o, allowed);
    if (f.empty()) return "--out: with several --out PATHs each must end in ." + list_text(allowed) + ", got \"" + o + "\"";
    if (seen[o]++) return "--out: \"" + o + "\" given twice";
    plan.targets.push_back({f, o});
  }
  plan.journal = out_values[0] + ".journal";
  return "";
}

void write_outputs(const output_plan& plan, const std::function<std::string(const std::string&)>& render, std::ostream& out) {
  std::map<std::string, std::string> rendered;
  auto text_of = [&](const std::string& f) -> const std::string& {
    auto it = rendered.find(f);
    if (it == rendered.end()) it = rendered.emplace(f, render(f)).first;
    return it->second;
  };
  for (const output_target& t : plan.targets)
    if (!t.path.empty()) write_file_atomically(t.path, text_of(t.format), "--out");
  for (const output_target& t : plan.targets)
    if (t.path.empty()) out << text_of(t.format) << std::flush;
}

}  // namespace incert::cli
