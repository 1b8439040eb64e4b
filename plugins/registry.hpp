// The plugins every room runs, in the order they see events.
#pragma once

#include <memory>

#include "core/plugin.hpp"
#include "webinar/bookings.hpp"
#include "webinar/webinar_plugin.hpp"

namespace collegial::plugins {

// A factory for RoomHub: a fresh set of plugins for each room (quorum, notice, meeting,
// motions, minutes, webinar, chat, cycle, speakers). `bookings` is the server's book of facilitators' sessions across
// rooms (L2), which the webinar plugins read; null: each room checks only its own. `names`
// gives a person's name by id (for facilitators' reads; empty: names unknown). `test_faults`
// adds the plugin that fails on purpose (fault/fault_plugin.hpp; collegiald --test-faults).
core::PluginFactory default_plugins(std::shared_ptr<const FacilitatorBookings> bookings = nullptr,
                                    WebinarPlugin::Names names = {}, bool test_faults = false);

}  // namespace collegial::plugins
