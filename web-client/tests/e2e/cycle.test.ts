// The professional-development cycle (L3, issue #17) in the demo's Early Literacy circle: the
// facilitator starts an initiative and records its steps in order (the regional training names
// the circle's webinar); a step out of order is refused by the server and the refusal shown in
// words; the report is read on screen with names and downloaded as CSV, which the test reads. The
// teacher, a participant, sees the initiatives read-only (no forms, no report). In Spanish: the
// teacher's view, and an out-of-order step refused in Spanish. axe on every screen.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launch, person, screenshot, signIn, type Person } from './support/browser';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

const CIRCLE = 'rec6-literacy';
const FACILITATOR = { email: 'facilitator@rec6.example', password: 'demo-facilitator-2026', name: 'Priya Nakai' };
const TEACHER = { email: 'teacher@rec6.example', password: 'demo-teacher-2026', name: 'Lena Sandoval' };
const TITLE = 'Structured literacy in grades K-3';
const WEBINAR = 'Regional training: decoding routines';

let server: RunningServer;
let browser: Browser;
let facilitator: Person;
let teacher: Person;
let socket: MemberSocket;

async function noViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect({ what, violations }).toEqual({ what, violations: [] });
}

/** `days` from now as a date in Denver ("2026-12-08"). */
function day(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Denver', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

async function record(page: Page, n: number, f: { step: string; date: string; people: string; notes?: string; webinar?: string; needs?: string }) {
  const form = page.getByTestId(`cycle-record-${n}`);
  await form.getByLabel('Step', { exact: true }).selectOption(f.step);
  await form.getByLabel('Date').fill(f.date);
  await form.getByLabel('People', { exact: true }).fill(f.people);
  if (f.notes) await form.getByLabel('Notes (optional)').fill(f.notes);
  if (f.webinar) await form.getByLabel('Webinar of the regional training (optional)').selectOption({ label: f.webinar });
  if (f.needs) await form.getByLabel('Further training needs').fill(f.needs);
  await form.getByRole('button', { name: /^Record: / }).click();
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  // The circle's webinar, which the regional training names.
  socket = await MemberSocket.join(server.origin, FACILITATOR.email, FACILITATOR.password, CIRCLE);
  await socket.act(
    'webinar.schedule',
    { title: WEBINAR, starts: `${day(20)}T16:00`, ends: `${day(20)}T17:00`, capacity: 30, join_url: 'https://meet.rec6.example/decoding' },
    CIRCLE,
  );
  facilitator = await person(browser, server.origin);
  teacher = await person(browser, server.origin);
  await Promise.all([
    signIn(facilitator.page, FACILITATOR.email, FACILITATOR.password, CIRCLE),
    signIn(teacher.page, TEACHER.email, TEACHER.password, CIRCLE),
  ]);
});
afterAll(async () => {
  socket?.close();
  await browser?.close();
  await server?.stop();
});

describe('professional-development cycle', () => {
  it('start, record the steps in order, an out-of-order step refused in words, the report on screen and as CSV', async () => {
    const f = facilitator.page;
    await f.getByRole('tab', { name: 'Professional development' }).click();
    await f.getByText('No initiative has been started in this room.').waitFor();
    await noViolations(f, 'cycle tab, empty');

    const start = f.getByTestId('cycle-start');
    await start.getByRole('button', { name: 'Start the initiative' }).click();
    await start.getByText('Name the initiative.').waitFor();
    await start.getByLabel('Initiative').fill(TITLE);
    await start.getByLabel('Region (optional)').fill('Eastern Plains');
    await start.getByLabel('Notes (optional)').fill('With the state literacy bureau.');
    await start.getByRole('button', { name: 'Start the initiative' }).click();
    await f.getByText(`The initiative “${TITLE}” is started.`).waitFor();
    const card = f.getByTestId('initiative-1');
    await card.getByRole('heading', { name: `Initiative 1: ${TITLE}` }).waitFor();
    await card.getByText('Region: Eastern Plains').waitFor();
    await f.getByTestId('cycle-next-1').getByText('Next step: Experts trained by the state.').waitFor();

    await record(f, 1, { step: 'experts_trained', date: day(-30), people: 'Ana Ruiz\nBen Ortiz', notes: 'Two-day institute in Santa Fe.' });
    await card.getByText('“Experts trained by the state” is recorded for “Structured literacy in grades K-3”.').waitFor();
    await f.getByTestId('cycle-next-1').getByText('Next step: Regional training.').waitFor();

    // Coaching before any observation: the server refuses, and the refusal is in words.
    await record(f, 1, { step: 'coaching', date: day(-1), people: 'Ana Ruiz' });
    await card.getByText('Not done: That step comes later in the cycle.').waitFor();
    await card.getByText('L3: record “Observation of implementation” before “Coaching for capacity”').waitFor();
    await f.getByTestId('cycle-next-1').getByText('Next step: Regional training.').waitFor();
    await noViolations(f, 'cycle tab, a refusal');

    await record(f, 1, { step: 'regional_training', date: day(-20), people: 'Ana Ruiz, Ben Ortiz, Lena Sandoval', webinar: `Webinar 1: ${WEBINAR}` });
    await f.getByTestId('cycle-next-1').getByText('Next step: Observation of implementation.').waitFor();
    await record(f, 1, { step: 'observation', date: day(-10), people: 'Lena Sandoval', notes: 'Blending routine, "I do, we do", in two classrooms.' });
    await record(f, 1, { step: 'coaching', date: day(-5), people: 'Lena Sandoval\nAna Ruiz' });
    await f.getByTestId('cycle-next-1').getByText('Next step: Report of training needs to the state.').waitFor();
    // The report needs its further training needs.
    await record(f, 1, { step: 'report', date: day(-1), people: 'Priya Nakai' });
    await card.getByText('The report names the further training needs.').waitFor();
    await record(f, 1, { step: 'report', date: day(-1), people: 'Priya Nakai', needs: 'Decoding for grade 3\nSmall-group fluency' });
    await f.getByTestId('cycle-next-1').getByText('The cycle is complete: the report to the state is recorded.').waitFor();

    // The report on screen, by name.
    const report = f.getByTestId('cycle-report-1');
    await report.getByText(`Webinar 1: ${WEBINAR}`).waitFor();
    await report.getByText('Further training needs: Decoding for grade 3; Small-group fluency').waitFor();
    await report.getByText('People: Ana Ruiz, Ben Ortiz, Lena Sandoval').waitFor();
    await noViolations(f, 'cycle tab, the report');
    await screenshot(f, 'cycle-facilitator');

    // The CSV, as the server writes it, saved as a file.
    const [download] = await Promise.all([
      f.waitForEvent('download'),
      card.getByRole('button', { name: `Download the report of ${TITLE} (CSV)` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('cycle-rec6-literacy-1.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('initiative,title,region,entry,step,date,people,notes,webinar,needs');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toBe(`1,${TITLE},Eastern Plains,1,Experts trained by the state,${day(-30)},Ana Ruiz; Ben Ortiz,Two-day institute in Santa Fe.,,`);
    expect(lines[2]).toBe(`1,${TITLE},Eastern Plains,2,Regional training,${day(-20)},Ana Ruiz; Ben Ortiz; Lena Sandoval,,1,`);
    expect(lines[3]).toContain('"Blending routine, ""I do, we do"", in two classrooms."');
    expect(lines[5]).toBe(`1,${TITLE},Eastern Plains,5,Report of training needs to the state,${day(-1)},Priya Nakai,,,Decoding for grade 3; Small-group fluency`);
    await card.getByText('The report is saved as cycle-rec6-literacy-1.csv.').waitFor();
  });

  it('a participant reads the initiatives without forms or names', async () => {
    const t = teacher.page;
    await t.getByRole('tab', { name: 'Professional development' }).click();
    const card = t.getByTestId('initiative-1');
    await card.getByRole('heading', { name: `Initiative 1: ${TITLE}` }).waitFor();
    await t.getByTestId('cycle-next-1').getByText('The cycle is complete: the report to the state is recorded.').waitFor();
    await card.getByText('1 entry').first().waitFor();
    expect(await t.getByTestId('cycle-start').count()).toBe(0);
    expect(await t.getByTestId('cycle-record-1').count()).toBe(0);
    expect(await t.getByTestId('cycle-report-1').count()).toBe(0);
    expect(await card.getByRole('button', { name: /Download/ }).count()).toBe(0);
    await t.getByText(/entries, with names, are theirs to read/).waitFor();
    await noViolations(t, 'cycle tab, read-only');
  });

  it('in Spanish: the teacher reads it, and a step out of order is refused in Spanish', async () => {
    const t = teacher.page;
    await t.getByLabel('Language').selectOption('es');
    await t.getByRole('heading', { name: `Iniciativa 1: ${TITLE}` }).waitFor();
    await t.getByTestId('cycle-next-1').getByText('El ciclo está completo: el informe al estado quedó registrado.').waitFor();
    await noViolations(t, 'cycle tab, read-only, Spanish');

    const f = facilitator.page;
    await f.getByLabel('Language').selectOption('es');
    const start = f.getByTestId('cycle-start');
    await start.getByLabel('Iniciativa').fill('Matemáticas en secundaria');
    await start.getByRole('button', { name: 'Iniciar la iniciativa' }).click();
    const card = f.getByTestId('initiative-2');
    await f.getByTestId('cycle-next-2').getByText('Paso siguiente: Expertos formados por el estado.').waitFor();
    const form = f.getByTestId('cycle-record-2');
    await form.getByLabel('Paso', { exact: true }).selectOption('observation');
    await form.getByLabel('Fecha').fill(day(-3));
    await form.getByLabel('Personas', { exact: true }).fill('Lena Sandoval');
    await form.getByRole('button', { name: /^Registrar: / }).click();
    await card.getByText('No se hizo: Ese paso viene más adelante en el ciclo.').waitFor();
    await noViolations(f, 'cycle tab, a refusal, Spanish');
    await screenshot(f, 'cycle-facilitator-es');
  });
});
