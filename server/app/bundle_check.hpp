// `collegiald verify --bundle FILE`: checks a records-request bundle (http/records_bundle.hpp)
// offline, with nothing but the file and, to trust it beyond its own word, the server's
// checkpoint key obtained elsewhere (--trust-key).
//
// What it proves, and against whom (each a test in tests/integration/records_bundle_test.cpp):
// - every file is the one the manifest lists (SHA-256 and size), and nothing is added;
// - the log is one unbroken chain from the room's first event: every whole event's hash is
//   recomputed, every link checked, v1 never after v2;
// - events are withheld (`session.withheld`) only inside a closed session as the log's own
//   public events open and close it (C3): marking a vote "withheld" to hide it fails;
// - a public bundle holds no closed-session event whole; a clerk's lists each one it holds;
// - each checkpoint's signature verifies with a trusted key (or, without --trust-key, one the
//   bundle carries, said so), the log has exactly the signed hash at its seq, and the log ends
//   on a signed event: a log cut short, extended, or rewritten and re-hashed fails;
// - each minutes .json is what the public's events give when replayed through a fresh
//   minutes plugin, the notice is what they give through a fresh notice plugin, and the
//   attendance and votes are the current minutes' record.
#pragma once

#include <string>
#include <vector>

namespace collegial::app {

// Prints each check and its verdict; returns 0 when everything holds, 1 at the first thing that
// does not, 2 when the file cannot be read.
int verify_bundle_command(const std::string& path, const std::vector<std::string>& trusted_key_files);

}  // namespace collegial::app
