#include "registry.hpp"

#include "chat/chat_plugin.hpp"
#include "cycle/cycle_plugin.hpp"
#include "fault/fault_plugin.hpp"
#include "meeting/meeting_plugin.hpp"
#include "minutes/minutes_plugin.hpp"
#include "motions/motions_plugin.hpp"
#include "notice/notice_plugin.hpp"
#include "quorum/quorum_plugin.hpp"
#include "speakers/speakers_plugin.hpp"
#include "webinar/webinar_plugin.hpp"

namespace collegial::plugins {

core::PluginFactory default_plugins(std::shared_ptr<const FacilitatorBookings> bookings,
                                   WebinarPlugin::Names names, bool test_faults) {
  return [bookings, names, test_faults] {
    std::vector<std::unique_ptr<core::Plugin>> plugins;
    plugins.push_back(std::make_unique<QuorumPlugin>());
    plugins.push_back(std::make_unique<NoticePlugin>());
    plugins.push_back(std::make_unique<MeetingPlugin>());
    plugins.push_back(std::make_unique<MotionsPlugin>());
    plugins.push_back(std::make_unique<MinutesPlugin>());
    plugins.push_back(std::make_unique<WebinarPlugin>(bookings, names));
    plugins.push_back(std::make_unique<ChatPlugin>());
    plugins.push_back(std::make_unique<CyclePlugin>());
    plugins.push_back(std::make_unique<SpeakersPlugin>());
    if (test_faults) plugins.push_back(std::make_unique<FaultPlugin>());
    return plugins;
  };
}

}  // namespace collegial::plugins
