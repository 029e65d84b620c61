import { defineConfig } from 'vitest/config';

// One vitest project per package; each package's own vitest.config.ts names it. The suite
// runs far from UTC unless TZ is set, so a time-zone bug cannot hide behind a UTC machine.
process.env.TZ ??= 'Pacific/Chatham';

export default defineConfig({
  test: {
    globalSetup: ['./vitest.global-setup.ts'],
    projects: ['packages/*', 'apps/*'],
  },
});
