// A fresh directory under $TMPDIR (or /tmp), removed with everything in it when destroyed.
#pragma once

#include <filesystem>

namespace collegial::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace collegial::test
