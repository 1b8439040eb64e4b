// The browser application's built files (web-client/dist): which file answers a GET of a URL
// path, with what content type and cache policy. Pure mapping plus one read of the file; no Beast,
// so it is tested directly (tests/unit/static_files_test.cpp) and through the server
// (tests/integration/static_files_test.cpp).
//
//   /                      → index.html
//   /assets/index-3Fa9c2.js → that file; hashed names are cached for a year (immutable)
//   /invite, /room/demo     → index.html (a client route: the app reads the path itself)
//   /api/…, /ws, /healthz, /public/…, /feeds/… → never: those belong to the server
//   /../etc/passwd, /%2e%2e/x, /.hidden, a symlink out of the root → not found
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace collegial::http {

// A file to send, and the headers that go with it.
struct StaticFile {
  std::filesystem::path path;  // canonical, inside the web root
  std::string content_type;    // "text/html; charset=utf-8"
  std::string cache_control;   // "no-cache" or "public, max-age=31536000, immutable"
};

class StaticFiles {
 public:
  // `root`: the directory of the built application. Empty, or a directory that does not exist,
  // serves nothing (resolve() always answers nullopt). Thread-safe after construction.
  explicit StaticFiles(const std::filesystem::path& root);

  bool enabled() const { return !root_.empty(); }
  const std::filesystem::path& root() const { return root_; }

  // The file that answers a GET or HEAD of `url_path` (the request target without its query,
  // still percent-encoded), or nullopt when the application has nothing there and the caller
  // answers as it would without it (404). Never answers for a server path; refuses every path
  // that is malformed, names a hidden file, climbs out of the root (.., encoded or not, or a
  // symlink), or is not a regular file.
  std::optional<StaticFile> resolve(std::string_view url_path) const;

  // Whether `url_path` belongs to the server (/api/, /ws, /healthz, /public/, /feeds/), where
  // the application is never served.
  static bool is_server_path(std::string_view url_path);

  // Whether `url_path` is one of the application's own routes (/, /login, /invite, /room/…),
  // answered with index.html when no file has that name. Must match web-client/src/routes.ts.
  static bool is_client_route(std::string_view url_path);

  // "application/javascript; charset=utf-8" for ".js", …; "application/octet-stream" otherwise.
  static std::string content_type_for(const std::filesystem::path& file);

  // Reads the whole file into `out`; false when it cannot be read.
  static bool read(const std::filesystem::path& file, std::string& out);

 private:
  std::optional<StaticFile> file_at(std::string_view relative) const;

  std::filesystem::path root_;  // canonical; empty when nothing is served
};

}  // namespace collegial::http
