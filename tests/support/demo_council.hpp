// The demo council of REC 6 (db/seed/demo.json), for tests and the bench.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace collegial::test {

// Its voting members in seat order (person ids 1 to 9): email and demo password. The first is
// the chair, the second the vice-chair.
inline const std::vector<std::pair<std::string, std::string>> kDemoCouncil = {
    {"chair@rec6.example", "demo-chair-2026"},
    {"vicechair@rec6.example", "demo-vicechair-2026"},
    {"member@rec6.example", "demo-member-2026"},
    {"superintendent.house@rec6.example", "demo-house-2026"},
    {"superintendent.fort-sumner@rec6.example", "demo-fort-sumner-2026"},
    {"superintendent.floyd@rec6.example", "demo-floyd-2026"},
    {"superintendent.texico@rec6.example", "demo-texico-2026"},
    {"superintendent.elida@rec6.example", "demo-elida-2026"},
    {"superintendent.dora@rec6.example", "demo-dora-2026"},
};

inline constexpr const char* kDemoAdminEmail = "admin@rec6.example";
inline constexpr const char* kDemoAdminPassword = "demo-admin-2026";

}  // namespace collegial::test
