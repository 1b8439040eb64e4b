// Lawful-notice findings (plugins/notice/notice_status: N2-N4, N6, N9), in English and
// Spanish. The English text is what the findings said before they were keys: tests and stored
// records compare it.
#include "i18n/catalog_parts.hpp"

namespace collegial::i18n {

namespace {

constexpr Entry kNotice[] = {
    {"notice.span", "{unit, select, days {{count, plural, one {# day} other {# days}}} other {{count, plural, one {# hour} other {# hours}}}}",
     "{unit, select, days {{count, plural, one {# día} other {# días}}} other {{count, plural, one {# hora} other {# horas}}}}"},
    {"notice.lead",
     "{mode, select, after {after the meeting began} days {{big, plural, one {# day} other {# days}}{small, plural, =0 {} other { # h}}} "
     "other {{big, number, ::group-off} h{small, plural, =0 {} other { # min}}}}",
     "{mode, select, after {después de empezar la reunión} days {{big, plural, one {# día} other {# días}}{small, plural, =0 {} other { # h}}} "
     "other {{big, number, ::group-off} h{small, plural, =0 {} other { # min}}}}"},
    {"notice.finding.no_notice",
     "no notice was posted before the meeting (N2, N3; body's resolution: {required} for {kind} meetings)",
     "no se publicó ningún aviso antes de la reunión (N2, N3; resolución del organismo: {required} para las reuniones "
     "{kind, select, regular {ordinarias} special {extraordinarias} emergency {de emergencia} other {{kind}}})"},
    {"notice.finding.notice", "notice {lead} before the meeting (body's resolution: {required} for {kind} meetings)",
     "aviso publicado {lead} antes de la reunión (resolución del organismo: {required} para las reuniones "
     "{kind, select, regular {ordinarias} special {extraordinarias} emergency {de emergencia} other {{kind}}})"},
    {"notice.finding.emergency_agenda", "emergency meeting: the 72-hour agenda rule does not apply (N4, N6)",
     "reunión de emergencia: no se aplica la regla de publicar el orden del día 72 horas antes (N4, N6)"},
    {"notice.finding.no_agenda", "no agenda was posted before the meeting (N3, N4 requires {hours} h)",
     "no se publicó el orden del día antes de la reunión (N3; N4 exige {hours} h)"},
    {"notice.finding.agenda", "agenda public {lead} before the meeting (N4 requires {hours} h)",
     "orden del día público {lead} antes de la reunión (N4 exige {hours} h)"},
    {"notice.finding.unnoticed", "no notice was posted: the meeting was called to order without one (N3, N9)",
     "no se publicó ningún aviso: se abrió la sesión sin él (N3, N9)"},
    {"notice.finding.no_meeting", "no noticed meeting is in session: no notice was posted for it (N9)",
     "no hay ninguna reunión convocada en sesión: no se publicó aviso para ella (N9)"},

    // N9: the cure, beside an action that is not valid.
    {"notice.cure.unnoticed",
     "N9: an action taken at a meeting held without lawful notice is not valid; schedule and notice a meeting with this "
     "item and take the action again",
     "N9: un acuerdo tomado en una reunión celebrada sin aviso conforme a la ley no es válido; programe y convoque una "
     "reunión con este punto y vuelva a tomar el acuerdo"},
    {"notice.cure.unlawful",
     "N9: the meeting was not lawfully noticed, so this action is not valid; schedule and notice a new meeting with the "
     "same items and take the action again",
     "N9: la reunión no se convocó conforme a la ley, así que este acuerdo no es válido; programe y convoque una nueva "
     "reunión con los mismos puntos y vuelva a tomar el acuerdo"},

    // The notice document itself (plugins/notice: N3), posted in both languages.
    {"notice.text.heading", "NOTICE OF MEETING", "AVISO DE REUNIÓN"},
    {"notice.text.continued_heading", "NOTICE OF CONTINUED MEETING", "AVISO DE REUNIÓN CONTINUADA"},
    {"notice.text.kind", "Kind: {kind} meeting",
     "Tipo: reunión {kind, select, regular {ordinaria} special {extraordinaria} emergency {de emergencia} other {{kind}}}"},
    {"notice.text.continues", "The meeting of {from} was recessed and will continue on {to}, at {place}.",
     "La reunión del {from} entró en receso y continuará el {to}, en {place}."},
    {"notice.text.remote", "To attend remotely: {remote}", "Para asistir a distancia: {remote}"},
    {"notice.text.original_items", "Only items of the original agenda will be taken up (NMSA 1978, Section 10-15-1(E)).",
     "Solo se tratarán los puntos del orden del día original (NMSA 1978, sección 10-15-1(E))."},
    {"notice.text.when", "When: {when}", "Cuándo: {when}"},
    {"notice.text.where", "Where: {place}", "Dónde: {place}"},
    {"notice.text.closed", "This is a closed meeting under {citation}: {subject}",
     "Esta reunión es a puerta cerrada conforme a {citation}: {subject}"},
    {"notice.text.emergency", "Emergency: {circumstance}", "Emergencia: {circumstance}"},
    {"notice.text.agenda", "Agenda", "Orden del día"},
    {"notice.text.agenda_later", "The agenda will be posted at least 72 hours before the meeting, on this page.",
     "El orden del día se publicará en esta página al menos 72 horas antes de la reunión."},
    {"notice.text.item", "{number}. {title} ({type})",
     "{number}. {title} ({type, select, information {información} action {acuerdo} closed_session {sesión a puerta cerrada} other {{type}}})"},
    {"notice.text.item_closed", "closed session under {citation}: {subject}", "sesión a puerta cerrada conforme a {citation}: {subject}"},
};

}  // namespace

std::span<const Entry> notice_entries() { return kNotice; }

}  // namespace collegial::i18n
