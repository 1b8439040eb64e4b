// The plugins every room runs, in the order they see events.
#pragma once

#include "core/plugin.hpp"

namespace collegial::plugins {

// A factory for RoomHub: a fresh meeting and quorum plugin for each room.
core::PluginFactory default_plugins();

}  // namespace collegial::plugins
