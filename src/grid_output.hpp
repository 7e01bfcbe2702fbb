// src/grid_output.hpp
//
// Where the output of `incert table` and `incert sweep` goes: several formats from one
// computation.
//   (no --out)                        one format (--format, default csv) on stdout
//   --out PATH                        one format to PATH: --format's, else PATH's suffix
//                                     (.csv .json .md .tex) when it names one, else csv
//   --format F1,F2,... --out PREFIX   each format to PREFIX.F (PREFIX.csv, PREFIX.json, ...)
//   --out A.csv --out B.json ...      each PATH in the format its suffix names (no --format then)
// Every file is written atomically (atomic_file.hpp) once the whole computation is done; stdout
// is written only when everything succeeded. The --resume journal is the first file's
// path + ".journal" (PREFIX.journal with a prefix).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace incert::cli {

struct output_target {
  std::string format;  // csv, json, md, tex
  std::string path;    // empty: stdout
};

struct output_plan {
  std::vector<output_target> targets;
  std::string journal;  // where --resume keeps its journal (empty without --out)
};

// From the values of --format (each may be a comma list) and of --out, in order. allowed: the
// formats of the command. Returns the reason as text when the combination is not usable (the
// caller reports it as a usage error).
std::string plan_outputs(const std::vector<std::string>& format_values, const std::vector<std::string>& out_values,
                         const std::vector<std::string>& allowed, output_plan& plan);

// Renders each target's format once and writes it (files atomically; stdout last).
void write_outputs(const output_plan& plan, const std::function<std::string(const std::string& format)>& render,
                   std::ostream& out);

}  // namespace incert::cli
