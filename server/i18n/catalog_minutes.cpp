// The minutes (plugins/minutes/minutes_outline: one outline for HTML, Markdown and PDF), in
// English and Spanish. The facts (names, motions' words, citations) stay as recorded.
#include "i18n/catalog_parts.hpp"

namespace collegial::i18n {

namespace {

constexpr Entry kMinutes[] = {
    {"minutes.title", "Minutes: {title}, {date}", "Acta: {title}, {date}"},
    {"minutes.body", "Body: {name}", "Organismo: {name}"},
    {"minutes.draft", "DRAFT: not yet approved by the body (R3).", "BORRADOR: aún no aprobado por el organismo (R3)."},
    {"minutes.due", "Due {date} (R2).", "Plazo: {date} (R2)."},
    {"minutes.disapproved", "The body disapproved an earlier text.", "El organismo no aprobó un texto anterior."},
    {"minutes.official",
     "{superseded, select, yes {Superseded: version} other {Official minutes, version}} {version}, "
     "{disposition, select, corrected {corrected} other {approved}} by the body on {on}. {tally}.",
     "{superseded, select, yes {Reemplazada: versión} other {Acta oficial, versión}} {version}, "
     "{disposition, select, corrected {corregida} other {aprobada}} por el organismo el {on}. {tally}."},
    {"minutes.current_version", "The current text is version {version}.", "El texto vigente es la versión {version}."},
    {"minutes.called", "Called to order at {time} on {date}{place_given, select, yes {, at {place}} other {}}.",
     "Se abrió la sesión a las {time} del {date}{place_given, select, yes {, en {place}} other {}}."},
    {"minutes.presiding", "Presiding: {name}.", "Presidió: {name}."},
    {"minutes.remote", "Remote attendance: {remote}", "Asistencia a distancia: {remote}"},
    {"minutes.present", "Members and others present", "Miembros y otras personas presentes"},
    {"minutes.col.name", "Name", "Nombre"},
    {"minutes.col.attending", "Attending", "Asistencia"},
    {"minutes.col.arrived", "Arrived", "Llegó"},
    {"minutes.col.departed", "Departed", "Se retiró"},
    {"minutes.col.member", "Member", "Miembro"},
    {"minutes.col.vote", "Vote", "Voto"},
    {"minutes.departure",
     "{why, select, left {left} disconnected {disconnected} marked_absent {marked absent} meeting_adjourned {meeting adjourned} "
     "meeting_recessed_to_a_later_day {meeting recessed to a later day} other {{why}}}",
     "{why, select, left {se retiró} disconnected {se desconectó} marked_absent {se le marcó ausente} meeting_adjourned "
     "{se levantó la sesión} meeting_recessed_to_a_later_day {receso hasta otro día} other {{why}}}"},
    {"minutes.designee", "{name} (designee: {designee})", "{name} (suplente: {designee})"},
    {"minutes.mode", "{mode, select, in_person {in person} remote {remote} designee {designee} other {{mode}}}",
     "{mode, select, in_person {en persona} remote {a distancia} designee {suplente} other {{mode}}}"},
    {"minutes.stayed", "stayed", "permaneció"},
    {"minutes.nobody_present", "No one was recorded present.", "No se registró a nadie presente."},
    {"minutes.proxy", "{member}: proxy held by {holder} (not counted, not voting)",
     "{member}: poder en manos de {holder} (no cuenta ni vota)"},
    {"minutes.proxies", "Proxies presented", "Poderes presentados"},
    {"minutes.absent", "Members absent", "Miembros ausentes"},
    {"minutes.none", "None.", "Ninguno."},
    {"minutes.quorum", "Quorum", "Quórum"},
    {"minutes.quorum_at_call", "A quorum was present at the call to order.", "Había quórum al abrirse la sesión."},
    {"minutes.no_quorum_at_call", "No quorum was present at the call to order (Q3).", "No había quórum al abrirse la sesión (Q3)."},
    {"minutes.quorum_change",
     "{time}: {established, select, yes {quorum established} other {quorum lost}}{note_given, select, yes { ({note})} other {}}",
     "{time}: {established, select, yes {hay quórum} other {se perdió el quórum}}{note_given, select, yes { ({note})} other {}}"},
    {"minutes.summary", "Summary", "Resumen"},
    {"minutes.item", "Item {number}: {title}", "Punto {number}: {title}"},
    {"minutes.other_motions", "Other motions", "Otras mociones"},
    {"minutes.motion",
     "Motion {number} ({kind, select, main {main motion} amend {amend} amend_secondary {amend secondary} previous_question "
     "{previous question} limit_debate {limit debate} extend_debate {extend debate} suspend_rules {suspend rules} "
     "rescind_without_notice {rescind without notice} adjourn {adjourn} recess {recess} fix_time_to_adjourn {fix time to "
     "adjourn} obtain_quorum {obtain quorum} lay_on_table {lay on table} take_from_table {take from table} postpone "
     "{postpone} refer {refer} reconsider {reconsider} appeal {appeal} withdraw {withdraw} elect {elect} close_session "
     "{close session} closed_session_statement {closed session statement} approve_minutes {approve minutes} other {{kind}}}), "
     "moved by {mover}{seconder_given, select, yes {, seconded by {seconder}} other {}}{amends, plural, =0 {} other {, amending motion {amends}}}: “{text}”",
     "Moción {number} ({kind, select, main {moción principal} amend {enmienda} amend_secondary {enmienda secundaria} "
     "previous_question {cuestión previa} limit_debate {limitar el debate} extend_debate {ampliar el debate} suspend_rules "
     "{suspender las reglas} rescind_without_notice {revocar sin aviso} adjourn {levantar la sesión} recess {receso} "
     "fix_time_to_adjourn {fijar la hora para levantar la sesión} obtain_quorum {obtener quórum} lay_on_table {dejar sobre "
     "la mesa} take_from_table {retomar de la mesa} postpone {aplazar} refer {remitir} reconsider {reconsiderar} appeal "
     "{apelar} withdraw {retirar} elect {elegir} close_session {sesión a puerta cerrada} closed_session_statement "
     "{declaración de la sesión a puerta cerrada} approve_minutes {aprobar el acta} other {{kind}}}), presentada por "
     "{mover}{seconder_given, select, yes {, secundada por {seconder}} other {}}{amends, plural, =0 {} other {, que enmienda la moción {amends}}}: «{text}»"},
    {"minutes.withdrawn", "Withdrawn.", "Retirada."},
    {"minutes.suspended",
     "Vote suspended at {time} ({reason, select, quorum_lost {quorum lost} meeting_adjourned {meeting adjourned} meeting_recessed {meeting recessed} other {{reason}}}); the {votes, plural, one {# vote} other {# votes}} cast {votes, plural, one {was} other {were}} void.",
     "Votación suspendida a las {time} ({reason, select, quorum_lost {se perdió el quórum} meeting_adjourned {se levantó la sesión} meeting_recessed {receso} other {{reason}}}); {votes, plural, one {el # voto emitido quedó anulado} other {los # votos emitidos quedaron anulados}}."},
    {"minutes.pending", "Not decided at this meeting.", "No se decidió en esta reunión."},
    {"minutes.result",
     "{result, select, adopted {Adopted} other {Failed}}: {aye} aye, {nay} nay, {abstain} abstaining"
     "{not_voting, plural, =0 {} other {, # not voting}} (needed: {threshold, select, majority_of_votes_cast {majority of votes "
     "cast} two_thirds_of_votes_cast {two thirds of votes cast} majority_of_members_present {majority of members present} "
     "majority_of_entire_membership {majority of entire membership} other {{threshold}}}).",
     "{result, select, adopted {Aprobada} other {Rechazada}}: {aye} a favor, {nay} en contra, "
     "{abstain, plural, one {# abstención} other {# abstenciones}}{not_voting, plural, =0 {} other {, # sin votar}} "
     "(se necesitaba: {threshold, select, majority_of_votes_cast {mayoría de los votos emitidos} two_thirds_of_votes_cast "
     "{dos tercios de los votos emitidos} majority_of_members_present {mayoría de los miembros presentes} "
     "majority_of_entire_membership {mayoría del total de miembros} other {{threshold}}})."},
    {"minutes.not_valid",
     "Not valid (N9): the meeting was not lawfully noticed; schedule and notice a new meeting with the same item and take the action again.",
     "No válida (N9): la reunión no se convocó conforme a la ley; hay que programar y convocar una nueva reunión con el "
     "mismo punto y volver a tomar el acuerdo."},
    {"minutes.vote", "{vote, select, aye {aye} nay {nay} abstain {abstain} not_voting {not voting} absent {absent} other {{vote}}}",
     "{vote, select, aye {a favor} nay {en contra} abstain {abstención} not_voting {sin votar} absent {ausente} other {{vote}}}"},
    {"minutes.closed", "Closed session", "Sesión a puerta cerrada"},
    {"minutes.closed_at",
     "Closed at {time} under {citation} to discuss {subject}; reopened at {reopened_given, select, yes {{reopened}} other {the adjournment}}.",
     "Se cerró a las {time} conforme a {citation} para tratar {subject}; se reabrió {reopened_given, select, yes {a las {reopened}} other {al levantarse la sesión}}."},
    {"minutes.guest",
     "{name}{role_given, select, yes { ({role})} other {}}, admitted {admitted}{left_given, select, yes {, left {left}} other {}}",
     "{name}{role_given, select, yes { ({role})} other {}}, admitido a las {admitted}{left_given, select, yes {, salió a las {left}} other {}}"},
    {"minutes.closed_attending", "Attending the closed session:", "Asistentes a la sesión a puerta cerrada:"},
    {"minutes.statement",
     "Statement (C4): “{text}” {result, select, adopted {Adopted} other {Failed}} by roll call:",
     "Declaración (C4): «{text}» {result, select, adopted {Aprobada} other {Rechazada}} en votación nominal:"},
    {"minutes.recess",
     "Recess at {time}{note_given, select, yes { ({note})} other {}}; {resumed_given, select, yes {resumed at {resumed}} other {not resumed}}"
     "{continued_given, select, yes {; continued: {continued}} other {}}.",
     "Receso a las {time}{note_given, select, yes { ({note})} other {}}; {resumed_given, select, yes {se reanudó a las {resumed}} other {no se reanudó}}"
     "{continued_given, select, yes {; continuó: {continued}} other {}}."},
    {"minutes.recesses", "Recesses", "Recesos"},
    {"minutes.correction.body", "By the body (motion {motion}, version {version}): {text}",
     "Por el organismo (moción {motion}, versión {version}): {text}"},
    {"minutes.correction.by", "By {by}, {at}: {text}", "Por {by}, {at}: {text}"},
    {"minutes.corrections", "Corrections", "Correcciones"},
    {"minutes.not_adjourned", "Not adjourned.", "No se levantó la sesión."},
    {"minutes.adjourned", "Adjourned at {time}.", "Se levantó la sesión a las {time}."},
    {"minutes.record", "Record", "Registro"},
    {"minutes.record.log",
     "Drawn from the log of room {room}, events {first, number, ::group-off} to {last, number, ::group-off}; the meeting's last event has hash {hash}.",
     "Tomada de la bitácora de la sala {room}, eventos {first, number, ::group-off} a {last, number, ::group-off}; el "
     "último evento de la reunión tiene el hash {hash}."},
    {"minutes.record.drawn",
     "This text is drawn through event {seq, number, ::group-off} (hash {hash}); SHA-256 of its content: {digest}.",
     "Este texto llega hasta el evento {seq, number, ::group-off} (hash {hash}); SHA-256 de su contenido: {digest}."},
    {"minutes.record.verify",
     "Anyone may check it against the log: collegiald verify --data FILE --minutes THIS.json (R4).",
     "Cualquiera puede comprobarla contra la bitácora: collegiald verify --data ARCHIVO --minutes ESTA.json (R4)."},
    {"minutes.completed_late", "Completed late, on {on} (due {due}, R2)", "Terminada con retraso, el {on} (plazo: {due}, R2)"},
    {"minutes.overdue", "Overdue: the draft was due {due} (R2: 10 working days after the meeting)",
     "Atrasada: el borrador debía estar listo el {due} (R2: 10 días hábiles después de la reunión)"},
};

}  // namespace

std::span<const Entry> minutes_entries() { return kMinutes; }

}  // namespace collegial::i18n
