// The browser app's files: which URL path maps to which file, with what type and cache policy,
// and every way out of the web root refused.
#include "http/static_files.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "support/temp_dir.hpp"

using collegial::http::StaticFiles;
using collegial::test::TempDir;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

// A built app: index.html, a hashed asset, an unhashed file, a hidden file, and a secret beside
// the root that a symlink inside points to.
struct WebRoot {
  WebRoot() : files(build(dir)) {}
  // Writes the files before StaticFiles opens the root (a missing root serves nothing).
  static fs::path build(const TempDir& dir) {
    write(dir / "dist" / "index.html", "<!doctype html><title>Collegial</title>");
    write(dir / "dist" / "assets" / "index-B3x_9aQ1.js", "export {};");
    write(dir / "dist" / "assets" / "index-Cw2kLmN0.css", "body{}");
    write(dir / "dist" / "favicon.svg", "<svg/>");
    write(dir / "dist" / ".env", "SECRET=1");
    write(dir / "secret.txt", "not for the web");
    fs::create_symlink(dir / "secret.txt", dir / "dist" / "leak.txt");
    fs::create_directory_symlink(dir.path(), dir / "dist" / "up");
    return dir / "dist";
  }
  TempDir dir;
  StaticFiles files;
};

}  // namespace

TEST_CASE("the root and client routes are answered with index.html", "[static]") {
  WebRoot w;
  for (const char* path : {"/", "/login", "/invite", "/room/rec6-council", "/room/demo"}) {
    INFO(path);
    const auto f = w.files.resolve(path);
    REQUIRE(f);
    CHECK(f->path.filename() == "index.html");
    CHECK(f->content_type == "text/html; charset=utf-8");
    CHECK(f->cache_control == "no-cache");
  }
}

TEST_CASE("hashed assets are immutable and typed by extension", "[static]") {
  WebRoot w;
  const auto js = w.files.resolve("/assets/index-B3x_9aQ1.js");
  REQUIRE(js);
  CHECK(js->content_type == "text/javascript; charset=utf-8");
  CHECK(js->cache_control == "public, max-age=31536000, immutable");
  const auto css = w.files.resolve("/assets/index-Cw2kLmN0.css");
  REQUIRE(css);
  CHECK(css->content_type == "text/css; charset=utf-8");
  const auto svg = w.files.resolve("/favicon.svg");
  REQUIRE(svg);
  CHECK(svg->content_type == "image/svg+xml");
  CHECK(svg->cache_control == "no-cache");  // not under assets/: its name may keep its meaning
  CHECK(StaticFiles::content_type_for("x.unknown") == "application/octet-stream");
}

TEST_CASE("paths out of the web root are refused", "[static][security]") {
  WebRoot w;
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/.env", "/%2eenv", "/leak.txt",
        "/up/secret.txt", "//etc/passwd", "/assets//index-B3x_9aQ1.js", "/index.html%00.js", "/%zz",
        "/%2", "relative/index.html", ""}) {
    INFO(path);
    CHECK_FALSE(w.files.resolve(path));
  }
}

TEST_CASE("server paths never fall back to the app", "[static]") {
  WebRoot w;
  for (const char* path : {"/api/login", "/api/no/such", "/api", "/ws", "/healthz", "/public/",
                           "/public/notices/rec6", "/feeds/rec6.ics", "/%61pi/login"}) {
    INFO(path);
    CHECK(StaticFiles::is_server_path(path) == (std::string_view(path) != "/%61pi/login"));
    CHECK_FALSE(w.files.resolve(path));
  }
  // A name that merely starts like a server path is not one.
  CHECK_FALSE(StaticFiles::is_server_path("/apiary"));
  CHECK_FALSE(StaticFiles::is_server_path("/wsdl"));
}

TEST_CASE("unknown paths that are not client routes are not found", "[static]") {
  WebRoot w;
  for (const char* path : {"/no/such/page", "/room/", "/room/a/b", "/assets/missing-12345678.js",
                           "/favicon.ico", "/assets"}) {
    INFO(path);
    CHECK_FALSE(w.files.resolve(path));
  }
}

TEST_CASE("no web root serves nothing", "[static]") {
  TempDir dir;
  CHECK_FALSE(StaticFiles("").enabled());
  CHECK_FALSE(StaticFiles("").resolve("/"));
  const StaticFiles missing(dir / "not-built");
  CHECK_FALSE(missing.enabled());
  CHECK_FALSE(missing.resolve("/"));
  CHECK_FALSE(missing.resolve("/room/demo"));
}
