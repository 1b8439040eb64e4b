// The public pages (http/public_site, http/minutes_pages, http/checkpoint_pages) and their
// frame, in English and Spanish. Spanish as written for New Mexico's public: "reunión",
// "orden del día", "aviso"; the Open Meetings Act keeps its English name beside "Ley".
#include "i18n/catalog_parts.hpp"

namespace collegial::i18n {

namespace {

constexpr Entry kSite[] = {
    // The frame.
    {"site.skip", "Skip to content", "Ir al contenido"},
    {"site.banner", "Collegial - public meetings of New Mexico's Regional Education Cooperatives",
     "Collegial - reuniones públicas de las Cooperativas Regionales de Educación de Nuevo México"},
    {"site.nav", "Site", "Sitio"},
    {"site.nav.bodies", "Public bodies and meetings", "Organismos públicos y reuniones"},
    {"site.nav.sign_in", "Sign in", "Iniciar sesión"},
    {"site.nav.language", "English", "Español"},
    {"site.footer",
     "Open Meetings Act, NMSA 1978, Sections 10-15-1 to 10-15-4. Every record here is drawn from a tamper-evident log.",
     "Ley de Reuniones Abiertas (Open Meetings Act), NMSA 1978, secciones 10-15-1 a 10-15-4. Todo registro aquí "
     "proviene de una bitácora que revela cualquier alteración."},
    {"site.not_found", "Not found", "No se encontró"},
    {"site.error.title", "Something went wrong", "Algo salió mal"},
    {"site.error.text", "The page could not be built; please try again.",
     "No se pudo preparar la página; inténtelo de nuevo."},
    {"site.no_page", "There is no such page. Check the address, or start from the list of public bodies.",
     "No existe esa página. Revise la dirección, o empiece por la lista de organismos públicos."},
    {"site.no_body", "There is no public body called “{name}”.", "No hay ningún organismo público llamado «{name}»."},
    {"site.no_meeting", "There is no such meeting.", "No existe esa reunión."},
    {"site.no_noticed_meeting", "This body has no noticed meeting number {number}.",
     "Este organismo no tiene ninguna reunión convocada con el número {number}."},
    {"site.no_feed", "There is no such feed.", "No existe ese canal."},
    {"site.no_calendar", "There is no such calendar.", "No existe ese calendario."},
    {"site.no_checkpoints", "This server publishes no checkpoints.", "Este servidor no publica puntos de control."},
    {"site.no_format", "There is no such format.", "No existe ese formato."},
    {"site.no_minutes", "There are no such minutes.", "No existe esa acta."},
    {"site.unreadable", "The body's record cannot be read now; please try again shortly.",
     "No se puede leer el registro del organismo en este momento; inténtelo de nuevo en breve."},

    // The list of bodies.
    {"site.index.title", "Public bodies and their meetings", "Organismos públicos y sus reuniones"},
    {"site.index.intro",
     "Every meeting of a quorum of these bodies is open to the public (Open Meetings Act). Choose a body to read its "
     "notices, agendas and actions, or to watch a meeting in progress.",
     "Toda reunión de un quórum de estos organismos está abierta al público (Ley de Reuniones Abiertas). Elija un "
     "organismo para leer sus avisos, órdenes del día y acuerdos, o para seguir una reunión en curso."},
    {"site.index.bodies", "Bodies", "Organismos"},
    {"site.index.none", "No meetings are noticed at present.", "No hay reuniones convocadas por ahora."},
    {"site.body_kind", "{kind, select, council {council} committee {committee} learning_circle {learning circle} other {{kind}}}",
     "{kind, select, council {consejo} committee {comité} learning_circle {círculo de aprendizaje} other {{kind}}}"},
    {"site.watch_live", "Watch live", "Ver en vivo"},
    {"site.in_session_now", "A meeting is in session now.", "Hay una reunión en sesión ahora."},
    {"site.now", "In session now", "En sesión ahora"},
    {"site.upcoming", "Upcoming meetings", "Próximas reuniones"},
    {"site.past", "Past meetings", "Reuniones pasadas"},
    {"site.meetings.none", "{list}: none.", "{list}: ninguna."},

    // A body.
    {"site.body.live", "Watch the meeting in progress", "Seguir la reunión en curso"},
    {"site.body.minutes", "Minutes", "Actas"},
    {"site.body.atom", "Notices feed (Atom)", "Canal de avisos (Atom)"},
    {"site.body.ics", "Meetings calendar (iCalendar)", "Calendario de reuniones (iCalendar)"},
    {"site.body.notice_rules",
     "Notice this body gives (its resolution, N2): {regular, plural, one {# day} other {# days}} for regular meetings, "
     "{special, plural, one {# day} other {# days}} for special meetings, {emergency, plural, one {# hour} other {# hours}} "
     "for emergency meetings; agendas at least 72 hours ahead except in an emergency.",
     "Aviso que da este organismo (su resolución, N2): {regular, plural, one {# día} other {# días}} para las reuniones "
     "ordinarias, {special, plural, one {# día} other {# días}} para las extraordinarias, {emergency, plural, one {# hora} "
     "other {# horas}} para las de emergencia; el orden del día, al menos 72 horas antes salvo en una emergencia."},
    {"site.col.when", "When", "Cuándo"},
    {"site.col.meeting", "Meeting", "Reunión"},
    {"site.col.where", "Where", "Dónde"},
    {"site.col.notice", "Notice", "Aviso"},
    {"site.col.webinar", "Webinar", "Seminario web"},
    {"site.col.seats", "Seats open", "Plazas libres"},
    {"site.col.join", "Join", "Unirse"},
    {"site.col.motion", "Motion", "Moción"},
    {"site.col.result", "Result", "Resultado"},
    {"site.col.validity", "Validity", "Validez"},
    {"site.col.posted", "Posted", "Publicado"},
    {"site.col.version", "Agenda version", "Versión del orden del día"},
    {"site.col.status", "Status", "Estado"},
    {"site.col.due", "Draft due", "Borrador a más tardar"},
    {"site.col.downloads", "Downloads", "Descargas"},
    {"site.col.by", "By", "Por"},
    {"site.col.part", "Part", "Parte"},
    {"site.col.text", "Text", "Texto"},
    {"site.col.time", "Time", "Hora"},
    {"site.col.who", "Who", "Quién"},
    {"site.col.what", "What", "Qué"},
    {"site.called_to_order_at", "Called to order {at_ms}", "Se abrió la sesión el {at_ms}"},
    {"site.badge.cancelled", "Cancelled", "Cancelada"},
    {"site.badge.lawful", "Lawful", "Conforme a la ley"},
    {"site.badge.unlawful", "Not lawful", "No conforme a la ley"},
    {"site.badge.unnoticed", "Held without notice", "Celebrada sin aviso"},
    {"site.webinars", "Webinars", "Seminarios web"},
    {"site.webinars.feed", "Webinars calendar (iCalendar)", "Calendario de seminarios web (iCalendar)"},
    {"site.webinars.register", "Sign in to register.", "Inicie sesión para inscribirse."},
    {"site.webinars.none", "No public webinars are scheduled.", "No hay seminarios web públicos programados."},
    {"site.webinars.caption", "Upcoming webinar sessions", "Próximas sesiones de seminarios web"},
    {"site.webinar.span", "{from_ms} to {until}", "{from_ms} a {until}"},
    {"site.webinar.seats", "{open} of {capacity}", "{open} de {capacity}"},
    {"site.webinar.full", "Full (waitlist open)", "Completo (lista de espera abierta)"},
    {"site.webinar.join", "Join link", "Enlace para unirse"},

    // A meeting.
    {"site.meeting.watch_when", "When the meeting begins, follow it here:", "Cuando empiece la reunión, sígala aquí:"},
    {"site.meeting.kind", "Kind", "Tipo"},
    {"site.meeting.kind_name",
     "{kind, select, regular {Regular meeting} special {Special meeting} emergency {Emergency meeting} unnoticed "
     "{Meeting held without notice} other {Meeting}}",
     "{kind, select, regular {Reunión ordinaria} special {Reunión extraordinaria} emergency {Reunión de emergencia} "
     "unnoticed {Reunión celebrada sin aviso} other {Reunión}}"},
    {"site.meeting.default_title",
     "{kind, select, regular {Regular meeting of the {name}} special {Special meeting of the {name}} unnoticed "
     "{Meeting held without notice} other {Emergency meeting of the {name}}}",
     "{kind, select, regular {Reunión ordinaria de {name}} special {Reunión extraordinaria de {name}} unnoticed "
     "{Reunión celebrada sin aviso} other {Reunión de emergencia de {name}}}"},
    {"site.meeting.when_noticed", "When (as noticed)", "Cuándo (según el aviso)"},
    {"site.meeting.called_to_order", "Called to order", "Apertura de la sesión"},
    {"site.meeting.adjourned", "Adjourned", "Se levantó la sesión"},
    {"site.meeting.remote", "To attend remotely", "Para asistir a distancia"},
    {"site.meeting.closed", "Closed meeting", "Reunión a puerta cerrada"},
    {"site.meeting.closed_under", "Under {citation}: {subject}", "Conforme a {citation}: {subject}"},
    {"site.meeting.emergency", "Emergency", "Emergencia"},
    {"site.meeting.continued", "Continued meeting", "Reunión continuada"},
    {"site.meeting.continues",
     "Recessed; it continues {at_ms} at {place} (notice posted {posted_ms}). Only items of the original agenda are taken up.",
     "En receso; continúa el {at_ms} en {place} (aviso publicado el {posted_ms}). Solo se tratan los puntos del orden "
     "del día original."},
    {"site.notice.lawful", "Lawfully noticed", "Convocada conforme a la ley"},
    {"site.notice.unlawful", "Not lawfully noticed", "No convocada conforme a la ley"},
    {"site.agenda", "Agenda", "Orden del día"},
    {"site.agenda.none", "No agenda has been posted yet.", "Todavía no se ha publicado el orden del día."},
    {"site.agenda.type",
     "{type, select, information {information} action {action} closed_session {closed session} other {{type}}}",
     "{type, select, information {información} action {acuerdo} closed_session {sesión a puerta cerrada} other {{type}}}"},
    {"site.agenda.presenter", "presented by {name}", "presenta {name}"},
    {"site.agenda.closed", "Closed session under {citation}: {subject}", "Sesión a puerta cerrada conforme a {citation}: {subject}"},
    {"site.actions", "Actions taken", "Acuerdos tomados"},
    {"site.actions.caption", "Motions decided", "Mociones decididas"},
    {"site.n9.title", "Not valid (N9).", "No válido (N9)."},
    {"site.n9.text",
     "This meeting was not lawfully noticed, so no action taken at it is valid. The cure: schedule and notice a new "
     "meeting with the same items, and take each action again there.",
     "Esta reunión no se convocó conforme a la ley, así que ningún acuerdo tomado en ella es válido. El remedio: "
     "programar y convocar una nueva reunión con los mismos puntos y volver a tomar allí cada acuerdo."},
    {"site.n9.cure", "The cure is noticed:", "El remedio está convocado:"},
    {"site.valid", "Valid", "Válido"},
    {"site.tally",
     "{result, select, adopted {Adopted} failed {Failed} other {{result}}}: {aye} aye, {nay} nay, {abstain} abstaining"
     "{not_voting, plural, =0 {} other {, # not voting}}",
     "{result, select, adopted {Aprobada} failed {Rechazada} other {{result}}}: {aye} a favor, {nay} en contra, "
     "{abstain, plural, one {# abstención} other {# abstenciones}}{not_voting, plural, =0 {} other {, # sin votar}}"},
    {"site.postings", "Posting history", "Historial de publicación"},
    {"site.records", "Records of this meeting", "Documentos de esta reunión"},
    {"site.records.download", "Download every record of this meeting (.zip)",
     "Descargar todos los documentos de esta reunión (.zip)"},
    {"site.records.how",
     "— the notice and agendas, the minutes, attendance and votes, and the meeting's log with its signed checkpoints, "
     "which anyone can check with collegiald verify --bundle (Inspection of Public Records Act).",
     "— el aviso y las agendas, el acta, la asistencia y las votaciones, y el registro de la reunión con sus puntos de "
     "control firmados, que cualquiera puede comprobar con collegiald verify --bundle (Ley de Inspección de Documentos "
     "Públicos)."},
    {"site.postings.caption", "Each version as posted", "Cada versión tal como se publicó"},
    {"site.none_yet", "none yet", "aún ninguna"},
    {"site.read_notice", "Read the notice", "Leer el aviso"},

    // The live page.
    {"site.live.title", "{name}: live", "{name}: en vivo"},
    {"site.live.as_of", "As of {at_ms}.", "Actualizado: {at_ms}."},
    {"site.live.reload", "Reload for the latest", "Recargar para ver lo último"},
    {"site.live.app", "Follow it as it happens in the live view", "Seguirla al momento en la vista en vivo"},
    {"site.live.notices", "Notices and past meetings", "Avisos y reuniones pasadas"},
    {"site.live.meeting", "Meeting:", "Reunión:"},
    {"site.live.state",
     "{state, select, in_session {in session} recessed {in recess} adjourned {adjourned} other {not in session}}",
     "{state, select, in_session {en sesión} recessed {en receso} adjourned {sesión levantada} other {sin sesión}}"},
    {"site.live.closed", "In closed session under {citation}: {subject}", "En sesión a puerta cerrada conforme a {citation}: {subject}"},
    {"site.live.presence", "Presence", "Asistencia"},
    {"site.live.nobody", "No meeting is in session, so nobody is counted present.",
     "No hay ninguna reunión en sesión, así que no se cuenta a nadie presente."},
    {"site.live.counted",
     "{counted} of {members} voting members present - {quorum, select, yes {quorum} other {no quorum}}",
     "{counted} de {members} miembros con voto presentes - {quorum, select, yes {hay quórum} other {no hay quórum}}"},
    {"site.live.present", "{name} ({mode, select, in_person {in person} remote {remote} designee {designee} other {{mode}}})",
     "{name} ({mode, select, in_person {en persona} remote {a distancia} designee {suplente} other {{mode}}})"},
    {"site.live.floor", "On the floor", "En discusión"},
    {"site.live.no_motion", "No motion is pending.", "No hay ninguna moción pendiente."},
    {"site.live.motion",
     "Motion {number} ({state, select, made {moved, awaiting a second} seconded {seconded} stated {stated by the chair, "
     "in debate} voting {being voted on} other {{state}}}): {text}",
     "Moción {number} ({state, select, made {presentada, en espera de que la secunden} seconded {secundada} stated "
     "{enunciada por la presidencia, en debate} voting {en votación} other {{state}}}): {text}"},
    {"site.live.tally", "Tally: {aye} aye, {nay} nay, {abstain} abstaining",
     "Recuento: {aye} a favor, {nay} en contra, {abstain, plural, one {# abstención} other {# abstenciones}}"},
    {"site.live.question_ordered", "The previous question is ordered: no more debate or amendment.",
     "Se ordenó la cuestión previa: no hay más debate ni enmiendas."},
    {"site.live.record", "Record", "Registro"},
    {"site.live.record_caption", "What was said and done, oldest first", "Lo dicho y hecho, de lo más antiguo a lo más reciente"},
    {"site.live.record_empty", "Nothing has been said yet.", "Todavía no se ha dicho nada."},
    {"site.ev.withheld", "Closed session: what was said and done is not public.",
     "Sesión a puerta cerrada: lo dicho y hecho no es público."},
    {"site.ev.meeting.called_to_order", "called meeting {number} to order.", "abrió la sesión de la reunión {number}."},
    {"site.ev.meeting.recessed", "declared a recess.", "declaró un receso."},
    {"site.ev.meeting.resumed", "resumed the meeting.", "reanudó la reunión."},
    {"site.ev.meeting.adjourned", "adjourned the meeting.", "levantó la sesión."},
    {"site.ev.quorum.arrived", "is present ({mode, select, in_person {in person} remote {remote} designee {as a designee} other {{mode}}}).",
     "está presente ({mode, select, in_person {en persona} remote {a distancia} designee {como suplente} other {{mode}}})."},
    {"site.ev.quorum.departed", "left.", "se retiró."},
    {"site.ev.quorum.established", "Quorum: {counted} of {members} voting members present.",
     "Hay quórum: {counted} de {members} miembros con voto presentes."},
    {"site.ev.quorum.lost", "Quorum lost: {counted} of {members} voting members present.",
     "Se perdió el quórum: {counted} de {members} miembros con voto presentes."},
    {"site.ev.motions.made", "moved (motion {number}): “{text}”", "presentó la moción {number}: «{text}»"},
    {"site.ev.motions.seconded", "seconded motion {number}.", "secundó la moción {number}."},
    {"site.ev.motions.vote_cast",
     "voted {choice, select, aye {aye} nay {nay} abstain {to abstain} other {{choice}}} on motion {number}.",
     "votó {choice, select, aye {a favor} nay {en contra} abstain {abstenerse} other {{choice}}} en la moción {number}."},
    {"site.ev.motions.decided",
     "Motion {number} {result, select, adopted {adopted} failed {failed} other {{result}}}: {aye} aye, {nay} nay, {abstain} abstaining.",
     "Moción {number} {result, select, adopted {aprobada} failed {rechazada} other {{result}}}: {aye} a favor, {nay} en contra, "
     "{abstain, plural, one {# abstención} other {# abstenciones}}."},
    {"site.ev.motions.withdrawn", "Motion {number} was withdrawn.", "Se retiró la moción {number}."},

    // Minutes pages.
    {"site.minutes.of", "Minutes of {name}", "Actas de {name}"},
    {"site.minutes.all", "All minutes of {name}", "Todas las actas de {name}"},
    {"site.minutes.intro",
     "Draft minutes are public as soon as a meeting adjourns and are due within 10 working days (R2); the body approves "
     "them at a later meeting, and only then are they official (R3).",
     "El borrador del acta es público en cuanto se levanta la sesión y debe estar listo en 10 días hábiles (R2); el "
     "organismo lo aprueba en una reunión posterior, y solo entonces es oficial (R3)."},
    {"site.minutes.none", "No minutes yet.", "Todavía no hay actas."},
    {"site.minutes.caption", "Minutes, newest first", "Actas, de la más reciente a la más antigua"},
    {"site.minutes.official", "Official, version {version}", "Oficial, versión {version}"},
    {"site.minutes.draft", "Draft", "Borrador"},
    {"site.minutes.draft_disapproved", "Draft (disapproved; being revised)", "Borrador (no aprobado; en revisión)"},
    {"site.minutes.json", "JSON (for collegiald verify)", "JSON (para collegiald verify)"},
    {"site.minutes.versions", "Approved versions", "Versiones aprobadas"},
    {"site.minutes.version",
     "Version {version}: {disposition, select, approved {approved} corrected {approved as corrected} other {{disposition}}}",
     "Versión {version}: {disposition, select, approved {aprobada} corrected {aprobada con correcciones} other {{disposition}}}"},
    {"site.minutes.edits", "Edits to the draft", "Cambios al borrador"},
    {"site.minutes.edits_caption", "Every edit, with who made it and when (R2)", "Cada cambio, con quién lo hizo y cuándo (R2)"},
    {"site.minutes.part",
     "{part, select, summary {summary} item {item {item}} other {{part}}}",
     "{part, select, summary {resumen} item {punto {item}} other {{part}}}"},
    {"site.minutes.md_checkpoint", "Signed checkpoint of the record (check it with `collegiald verify --checkpoints`):",
     "Punto de control firmado del registro (compruébelo con `collegiald verify --checkpoints`):"},

    // Checkpoints.
    {"site.checkpoint.none", "This record has no signed checkpoint yet", "Este registro aún no tiene un punto de control firmado"},
    {"site.checkpoint.all", "All checkpoints", "Todos los puntos de control"},
    {"site.checkpoint.key", "server key", "clave del servidor"},
    {"site.checkpoint.latest",
     "Signed checkpoint of this record: event {seq}, {at_ms} ({reason, select, notice {a notice posted} adjournment "
     "{an adjournment} minutes {minutes approved} closed_session {a closed session begun} other {{reason}}}), hash",
     "Punto de control firmado de este registro: evento {seq}, {at_ms} ({reason, select, notice {aviso publicado} "
     "adjournment {sesión levantada} minutes {acta aprobada} closed_session {sesión cerrada iniciada} other {{reason}}}), hash"},
};

}  // namespace

std::span<const Entry> site_entries() { return kSite; }

}  // namespace collegial::i18n
