#include "minutes/minutes_pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <vector>

#include "minutes/minutes_outline.hpp"

namespace collegial::plugins {

namespace {

using Kind = MinutesBlock::Kind;

constexpr double kPageWidth = 612;  // US Letter, points
constexpr double kPageHeight = 792;
constexpr double kMargin = 54;
constexpr double kWidth = kPageWidth - 2 * kMargin;
constexpr double kCellPad = 4;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct FontDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using Font = std::unique_ptr<PangoFontDescription, FontDeleter>;

Font font(const char* description) { return Font(pango_font_description_from_string(description)); }

// Draws the outline page after page, breaking before a block (or a table row) that does not fit.
class Writer {
 public:
  explicit Writer(cairo_t* cr)
      : cr_(cr),
        layout_(pango_cairo_create_layout(cr)),
        title_(font("DejaVu Sans Bold 16")),
        heading_(font("DejaVu Sans Bold 12")),
        body_(font("DejaVu Sans 10")),
        bold_(font("DejaVu Sans Bold 10")) {
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  }
  ~Writer() { g_object_unref(layout_); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void block(const MinutesBlock& b) {
    switch (b.kind) {
      case Kind::title: text(b.text, title_.get(), 0, 10); break;
      case Kind::banner: text(b.text, bold_.get(), 0, 8); break;
      case Kind::heading:
        y_ += 6;
        text(b.text, heading_.get(), 0, 4, 40);  // keep a heading with what follows
        break;
      case Kind::paragraph: text(b.text, body_.get(), 0, 6); break;
      case Kind::list:
        for (const auto& item : b.items) text("\u2022 " + item, body_.get(), 12, 2);
        y_ += 4;
        break;
      case Kind::table: table(b.rows); break;
    }
  }

 private:
  double measure(const std::string& s, PangoFontDescription* f, double width) {
    pango_layout_set_font_description(layout_, f);
    pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_text(layout_, s.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void room_for(double height) {
    if (y_ + height <= kPageHeight - kMargin || y_ == kMargin) return;
    cairo_show_page(cr_);
    y_ = kMargin;
  }

  // Measures then draws (the layout keeps the text just measured).
  void text(const std::string& s, PangoFontDescription* f, double indent, double after,
            double keep_with_next = 0) {
    const double h = measure(s, f, kWidth - indent);
    room_for(h + keep_with_next);
    cairo_move_to(cr_, kMargin + indent, y_);
    pango_cairo_show_layout(cr_, layout_);
    y_ += h + after;
  }

  void table(const std::vector<std::vector<std::string>>& rows) {
    if (rows.empty()) return;
    const std::size_t columns = rows[0].size();
    // The first column (a name) takes 40 %; the others share the rest.
    std::vector<double> widths(columns, columns > 1 ? kWidth * 0.6 / static_cast<double>(columns - 1) : kWidth);
    if (columns > 1) widths[0] = kWidth * 0.4;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      PangoFontDescription* f = r == 0 ? bold_.get() : body_.get();
      double h = 0;
      for (std::size_t i = 0; i < columns && i < rows[r].size(); ++i) {
        h = std::max(h, measure(rows[r][i], f, widths[i] - 2 * kCellPad));
      }
      h += 2 * kCellPad;
      room_for(h + (r == 0 ? 20 : 0));
      double x = kMargin;
      for (std::size_t i = 0; i < columns && i < rows[r].size(); ++i) {
        measure(rows[r][i], f, widths[i] - 2 * kCellPad);
        cairo_move_to(cr_, x + kCellPad, y_ + kCellPad);
        pango_cairo_show_layout(cr_, layout_);
        cairo_rectangle(cr_, x, y_, widths[i], h);
        x += widths[i];
      }
      cairo_set_line_width(cr_, r == 0 ? 1.0 : 0.5);
      cairo_stroke(cr_);
      y_ += h;
    }
    y_ += 8;
  }

  cairo_t* cr_;
  PangoLayout* layout_;
  Font title_, heading_, body_, bold_;
  double y_ = kMargin;
};

}  // namespace

Result<std::string> minutes_pdf(const nlohmann::json& doc) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, kPageWidth, kPageHeight);
  const std::vector<MinutesBlock> blocks = minutes_outline(doc);
  if (!blocks.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, blocks.front().text.c_str());
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Collegial");
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0);
  {
    Writer writer(cr);
    for (const MinutesBlock& b : blocks) writer.block(b);
  }
  cairo_show_page(cr);
  const cairo_status_t drawn = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t finished = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  for (cairo_status_t s : {drawn, finished}) {
    if (s != CAIRO_STATUS_SUCCESS) return Status::error("pdf_failed", cairo_status_to_string(s));
  }
  return out;
}

}  // namespace collegial::plugins
