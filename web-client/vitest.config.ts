// Unit tests of the state logic, the protocol client, i18n and routes: plain Node, no browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
