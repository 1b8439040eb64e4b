// The demo council of REC 6 (db/seed/demo.json): nine voting members, person ids 1 to 9.

export const COUNCIL = {
  chair: { email: 'chair@rec6.example', password: 'demo-chair-2026', name: 'Dana Ortiz' },
  vicechair: { email: 'vicechair@rec6.example', password: 'demo-vicechair-2026', name: 'Luis Baca' },
  member: { email: 'member@rec6.example', password: 'demo-member-2026', name: 'Maria Chavez' },
  house: { email: 'superintendent.house@rec6.example', password: 'demo-house-2026', name: 'Tom Whitfield' },
  fortSumner: { email: 'superintendent.fort-sumner@rec6.example', password: 'demo-fort-sumner-2026', name: 'Rosa Lucero' },
  floyd: { email: 'superintendent.floyd@rec6.example', password: 'demo-floyd-2026', name: 'Glen Harper' },
  texico: { email: 'superintendent.texico@rec6.example', password: 'demo-texico-2026', name: 'Ana Trujillo' },
  elida: { email: 'superintendent.elida@rec6.example', password: 'demo-elida-2026', name: 'Kyle Brennan' },
  dora: { email: 'superintendent.dora@rec6.example', password: 'demo-dora-2026', name: 'Irene Montoya' },
} as const;

export const ADMIN = { email: 'admin@rec6.example', password: 'demo-admin-2026' };
export const ROOM = 'rec6-council';
