// Reading fields of an event body defensively: a field of the wrong type reads as the default.

export type Body = Record<string, unknown>;

export const str = (b: Body, k: string, d = ''): string => (typeof b[k] === 'string' ? (b[k] as string) : d);
export const num = (b: Body, k: string, d = 0): number => (typeof b[k] === 'number' ? (b[k] as number) : d);
export const bool = (b: Body, k: string, d = false): boolean => (typeof b[k] === 'boolean' ? (b[k] as boolean) : d);
export const list = (b: Body, k: string): Body[] =>
  Array.isArray(b[k]) ? (b[k] as unknown[]).filter((x): x is Body => typeof x === 'object' && x !== null) : [];
