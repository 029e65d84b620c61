import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'db-queries',
    include: ['src/**/*.test.ts'],
    // Memory tests call the garbage collector so they measure live objects, not garbage.
    execArgv: ['--expose-gc'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
