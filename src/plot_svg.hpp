// src/plot_svg.hpp: a small SVG writer for `incert plot` and `incert plot-sweep`.
//
// Builds the document in memory (coordinates in px, printed with two decimals); text is
// XML-escaped. write_figure() writes the SVG to PATH.svg, or converts it to PATH.png or PATH.pdf
// with rsvg-convert (Debian package librsvg2-bin; a vector PDF), run without a shell; when
// rsvg-convert is not on the PATH it throws incert::input_error (exit code 2).
#pragma once

#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace incert::cli {

// A panel's rectangle on the page, in px.
struct box {
  double x, y, w, h;
};

class svg_writer {
 public:
  svg_writer(double width, double height);
  // Raw attribute strings (e.g. "class=\"curve\"") are inserted as given.
  void open_group(const std::string& attributes);
  void close_group();
  void rect(double x, double y, double w, double h, const std::string& style, const std::string& attributes = "");
  void line(double x1, double y1, double x2, double y2, const std::string& style);
  void polyline(const std::vector<std::pair<double, double>>& pts, const std::string& style);
  void polygon(const std::vector<std::pair<double, double>>& pts, const std::string& style);
  void circle(double x, double y, double r, const std::string& style);
  // anchor: start, middle or end; rotate: degrees about (x, y). "_{..}" and "^{..}" in s are set
  // as subscripts and superscripts (tspans), so labels read W̃_{11}(t), Ŷ_{k}, 10^{-7}.
  void text(double x, double y, const std::string& s, double size = 12, const std::string& anchor = "start",
            double rotate = 0, const std::string& extra_style = "");
  void clip_rect(const std::string& id, double x, double y, double w, double h);
  std::string str() const;

  static std::string escape(const std::string& s);
  static std::string math_tspans(const std::string& s, double size);

 private:
  double width_, height_;
  std::ostringstream body_;
};

// Number formatting for coordinates and labels.
std::string fmt(double v, int decimals = 2);
// Tick label: shortest readable form (at most 4 significant digits, exponent when huge/tiny).
std::string tick_label(double v);
// "Nice" tick positions covering [lo, hi] (about `target` of them).
std::vector<double> nice_ticks(double lo, double hi, int target = 6);

// Writes svg to path: ".svg" as is, ".png" and ".pdf" through rsvg-convert. Other suffixes: input_error.
void write_figure(const std::string& svg, const std::string& path, const std::string& flag = "--out");
// Checks the suffix of --out before any computation (input_error when not .svg, .png or .pdf,
// or when .png/.pdf is asked and rsvg-convert is missing).
void check_output_path(const std::string& path, const std::string& flag = "--out");

// Categorical palette (Okabe-Ito, colour-blind safe), cycled; and a dash pattern per index
// (";stroke-dasharray:..." or empty), so that curves stay apart in grey-scale print too.
std::string palette(std::size_t i);
std::string dashes(std::size_t i);

}  // namespace incert::cli
