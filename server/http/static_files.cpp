#include "http/static_files.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace collegial::http {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIndex = "index.html";
// Vite names everything it emits under assets/ by content hash (web-client/vite.config.ts), so a
// changed file gets a new name and an old name never changes meaning.
constexpr std::string_view kHashedDir = "assets/";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kRevalidate = "no-cache";

bool starts_with_segment(std::string_view path, std::string_view prefix) {
  // "/api" matches "/api", "/api/", "/api/login"; not "/apiary".
  if (path.rfind(prefix, 0) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes a URL path. Fails on a malformed escape and on a NUL byte.
std::optional<std::string> decode(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '%') {
      if (i + 2 >= path.size()) return std::nullopt;
      const int hi = hex_value(path[i + 1]);
      const int lo = hex_value(path[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

// A relative path of plain segments: no empty, ".", ".." or hidden segment, no backslash.
bool safe_relative(std::string_view rel) {
  if (rel.empty() || rel.find('\\') != std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= rel.size()) {
    const std::size_t end = std::min(rel.find('/', start), rel.size());
    const std::string_view segment = rel.substr(start, end - start);
    if (segment.empty() || segment.front() == '.') return false;
    start = end + 1;
  }
  return true;
}

bool inside(const fs::path& root, const fs::path& file) {
  const auto [r, f] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return r == root.end() && f != file.end();
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
  if (root.empty()) return;
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (!ec && fs::is_directory(canonical, ec) && !ec) root_ = std::move(canonical);
}

bool StaticFiles::is_server_path(std::string_view p) {
  return starts_with_segment(p, "/api") || starts_with_segment(p, "/ws") ||
         starts_with_segment(p, "/healthz") || starts_with_segment(p, "/public") ||
         starts_with_segment(p, "/feeds");
}

bool StaticFiles::is_client_route(std::string_view p) {
  if (p == "/" || p == "/login" || p == "/invite") return true;
  // /room/<name>: one segment, the room's name.
  constexpr std::string_view room = "/room/";
  if (p.rfind(room, 0) != 0) return false;
  const std::string_view name = p.substr(room.size());
  return !name.empty() && name.find('/') == std::string_view::npos;
}

std::string StaticFiles::content_type_for(const fs::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".webp", "image/webp"},
  }};
  const std::string ext = file.extension().string();
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return std::string(type);
  }
  return "application/octet-stream";
}

bool StaticFiles::read(const fs::path& file, std::string& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

std::optional<StaticFile> StaticFiles::file_at(std::string_view relative) const {
  std::error_code ec;
  // canonical() resolves symlinks: a link pointing out of the root lands outside and is refused.
  const fs::path file = fs::canonical(root_ / fs::path(relative), ec);
  if (ec || !inside(root_, file) || !fs::is_regular_file(file, ec) || ec) return std::nullopt;
  const bool hashed = relative.rfind(kHashedDir, 0) == 0;
  return StaticFile{file, content_type_for(file), hashed ? kImmutable : kRevalidate};
}

std::optional<StaticFile> StaticFiles::resolve(std::string_view url_path) const {
  if (!enabled() || url_path.empty() || url_path.front() != '/' || is_server_path(url_path)) {
    return std::nullopt;
  }
  const auto decoded = decode(url_path);
  if (!decoded) return std::nullopt;
  // Decoding must not turn a path into a server path ("/%61pi/login").
  if (is_server_path(*decoded)) return std::nullopt;
  if (*decoded == "/") return file_at(kIndex);
  const std::string_view relative = std::string_view(*decoded).substr(1);
  if (!safe_relative(relative)) return std::nullopt;
  if (auto file = file_at(relative)) return file;
  if (is_client_route(*decoded)) return file_at(kIndex);
  return std::nullopt;
}

}  // namespace collegial::http
