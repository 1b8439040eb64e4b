// The Atom and iCalendar feeds (http/feeds), in English and Spanish.
#include "i18n/catalog_parts.hpp"

namespace collegial::i18n {

namespace {

constexpr Entry kFeed[] = {
    {"feed.atom.title", "{name} - meeting notices", "{name} - avisos de reuniones"},
    {"feed.atom.posting",
     "{title} - {version, plural, =0 {notice} other {notice and agenda (version #)}}",
     "{title} - {version, plural, =0 {aviso} other {aviso y orden del día (versión #)}}"},
    {"feed.atom.continued", "{title} - continued meeting", "{title} - reunión continuada"},
    {"feed.ics.meetings", "{name} - meetings", "{name} - reuniones"},
    {"feed.ics.meeting",
     "{kind, select, regular {Regular} special {Special} emergency {Emergency} unnoticed {Unnoticed} other {{kind}}} meeting "
     "of the {name}.{remote_given, select, yes { To attend remotely: {remote}} other {}} "
     "{notice, select, lawful {Lawfully noticed.} unnoticed {Held without notice.} other {Not lawfully noticed.}} "
     "Watch it live: {live}",
     "Reunión {kind, select, regular {ordinaria} special {extraordinaria} emergency {de emergencia} unnoticed {sin aviso} "
     "other {{kind}}} de {name}.{remote_given, select, yes { Para asistir a distancia: {remote}} other {}} "
     "{notice, select, lawful {Convocada conforme a la ley.} unnoticed {Celebrada sin aviso.} other {No convocada conforme a la ley.}} "
     "Véala en vivo: {live}"},
    {"feed.ics.called_early", "Called to order at {started_ms} (noticed for {noticed_ms}).",
     "Se abrió la sesión el {started_ms} (convocada para el {noticed_ms})."},
    {"feed.webinars.name", "{name} - webinars", "{name} - seminarios web"},
    {"feed.webinars.mine", "{name} - my webinars", "{name} - mis seminarios web"},
    {"feed.webinar.join", "{name}. Join at {url}", "{name}. Únase en {url}"},
};

}  // namespace

std::span<const Entry> feed_entries() { return kFeed; }

}  // namespace collegial::i18n
