import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../src/protocol/api';
import { ProtocolError } from '../../src/protocol/messages';

afterEach(() => vi.unstubAllGlobals());

describe('api.file (a records bundle)', () => {
  it('sends the token and gives the body as a Blob', async () => {
    const fetch = vi.fn(async () => new Response(new Uint8Array([0x50, 0x4b, 3, 4]), { status: 200, headers: { 'Content-Type': 'application/zip' } }));
    vi.stubGlobal('fetch', fetch);
    const blob = await api.file('/api/rooms/r/meetings/1/records-with-closed-session.zip', 'tok');
    expect(new Uint8Array(await blob.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/rooms/r/meetings/1/records-with-closed-session.zip');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it("throws the server's refusal as a ProtocolError, in the language it wrote it", async () => {
    const refusal = { error: 'not_held', message: 'la reunión 4 no se ha celebrado', lang: 'es' };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(refusal), { status: 409, headers: { 'Content-Type': 'application/json' } }));
    const error = await api.file('/x.zip', 'tok').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'not_held', message: refusal.message, lang: 'es' });
  });

  it('names a refusal without a JSON body by its status, and an unreachable server as offline', async () => {
    vi.stubGlobal('fetch', async () => new Response('', { status: 502, statusText: 'Bad Gateway' }));
    await expect(api.file('/x.zip', 'tok')).rejects.toMatchObject({ code: 'http_502' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('network');
    });
    await expect(api.file('/x.zip', 'tok')).rejects.toMatchObject({ code: 'offline' });
  });
});
