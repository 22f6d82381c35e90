import { defineConfig } from 'vitest/config';

// Unit tests live beside the code they prove; browser behaviour is tested in Chromium (test/e2e).
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/scripts/**/*.test.ts'],
    environment: 'node',
  },
});
