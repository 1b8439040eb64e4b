import { describe, expect, it } from 'vitest';
import { parseRoute, roomPath } from '../../src/routes';

describe('routes', () => {
  it('reads each client route', () => {
    expect(parseRoute('/')).toEqual({ name: 'landing' });
    expect(parseRoute('/room/rec6-council')).toEqual({ name: 'room', room: 'rec6-council' });
    expect(parseRoute('/invite', '', '#inv_abc')).toEqual({ name: 'invite', token: 'inv_abc' });
    expect(parseRoute('/login', '?next=%2Froom%2Fdemo')).toEqual({ name: 'login', next: '/room/demo' });
  });

  it('never follows next= to another site', () => {
    expect(parseRoute('/login', '?next=https%3A%2F%2Fevil.example')).toEqual({ name: 'login', next: null });
    expect(parseRoute('/login', '?next=%2F%2Fevil.example')).toEqual({ name: 'login', next: null });
  });

  it('refuses room names the server would refuse', () => {
    expect(parseRoute('/room/Bad Name').name).toBe('not_found');
    expect(parseRoute('/room/a/b').name).toBe('not_found');
    expect(parseRoute('/elsewhere')).toEqual({ name: 'not_found', path: '/elsewhere' });
    expect(roomPath('rec6-council')).toBe('/room/rec6-council');
  });
});
