#include "minutes/minutes_pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <cstdio>
#include <memory>
#include <string_view>
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

  // Each block is drawn inside its structure tag (PDF/UA: a screen reader follows the tags,
  // not the drawing order): H1, H2, P, L/LI/LBody, Table/TR/TH/TD.
  void block(const MinutesBlock& b) {
    switch (b.kind) {
      case Kind::title: tagged("H1", [&] { text(b.text, title_.get(), 0, 10); }); break;
      case Kind::banner: tagged("P", [&] { text(b.text, bold_.get(), 0, 8); }); break;
      case Kind::heading:
        y_ += 6;
        tagged("H2", [&] { text(b.text, heading_.get(), 0, 4, 40); });  // keep a heading with what follows
        break;
      case Kind::paragraph: tagged("P", [&] { text(b.text, body_.get(), 0, 6); }); break;
      case Kind::list:
        tagged("L", [&] {
          for (const auto& item : b.items) {
            tagged("LI", [&] { tagged("LBody", [&] { text("\u2022 " + item, body_.get(), 12, 2); }); });
          }
        });
        y_ += 4;
        break;
      case Kind::table: tagged("Table", [&] { table(b.rows); }); break;
    }
  }

  template <typename Draw>
  void tagged(const char* tag, Draw draw) {
    cairo_tag_begin(cr_, tag, nullptr);
    draw();
    cairo_tag_end(cr_, tag);
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
      cairo_tag_begin(cr_, "TR", nullptr);
      for (std::size_t i = 0; i < columns && i < rows[r].size(); ++i) {
        measure(rows[r][i], f, widths[i] - 2 * kCellPad);
        tagged(r == 0 ? "TH" : "TD", [&] {
          cairo_move_to(cr_, x + kCellPad, y_ + kCellPad);
          pango_cairo_show_layout(cr_, layout_);
        });
        cairo_rectangle(cr_, x, y_, widths[i], h);
        x += widths[i];
      }
      cairo_tag_end(cr_, "TR");
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

// cairo 1.16 writes no document language: the catalog gets its /Lang here (PDF 1.7 14.9.2), so
// a screen reader speaks the minutes in their language.
void add_language(std::string& pdf, i18n::Lang lang) {
  const auto at = pdf.find("/Type /Catalog");
  if (at == std::string::npos) return;
  pdf.insert(at + std::string_view("/Type /Catalog").size(), std::string(" /Lang (") + std::string(i18n::tag_of(lang)) + ")");
  // The cross-reference table's offsets after the insertion point are now off: rewrite them.
  const auto xref = pdf.rfind("\nxref\n");
  if (xref == std::string::npos) return;
  const std::size_t shift = std::string(" /Lang (xx)").size();
  std::size_t line = pdf.find('\n', pdf.find('\n', xref + 1) + 1) + 1;  // after "xref" and "0 N"
  while (line + 20 <= pdf.size() && pdf[line + 10] == ' ' && pdf[line + 17] == 'n') {
    const std::size_t offset = std::stoul(pdf.substr(line, 10));
    if (offset > at) {
      char fixed[11];
      std::snprintf(fixed, sizeof fixed, "%010zu", offset + shift);
      pdf.replace(line, 10, fixed);
    }
    line += 20;
  }
  const auto startxref = pdf.rfind("startxref\n");
  if (startxref != std::string::npos) {
    const std::size_t begin = startxref + std::string_view("startxref\n").size();
    const std::size_t end = pdf.find('\n', begin);
    pdf.replace(begin, end - begin, std::to_string(xref + 1));
  }
}

}  // namespace

Result<std::string> minutes_pdf(const nlohmann::json& doc, i18n::Lang lang) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, kPageWidth, kPageHeight);
  const std::vector<MinutesBlock> blocks = minutes_outline(doc, lang);
  if (!blocks.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, blocks.front().text.c_str());
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Collegial");
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0);
  {
    Writer writer(cr);
    cairo_tag_begin(cr, "Document", nullptr);
    for (const MinutesBlock& b : blocks) writer.block(b);
    cairo_tag_end(cr, "Document");
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
  add_language(out, lang);
  return out;
}

}  // namespace collegial::plugins
