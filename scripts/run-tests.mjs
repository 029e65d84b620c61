#!/usr/bin/env node
// Runs the whole vitest suite once with a JSON report, then prints the closing line
// `N passed, N failed` (a test file that failed to import counts as a failure) and fails the
// run when a dialect named in ITINERARY_TEST_REQUIRE had a test skipped or none passed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const reportPath = '.reports/vitest.json';
mkdirSync('.reports', { recursive: true });
rmSync(reportPath, { force: true });

const vitest = spawnSync(
  'pnpm',
  [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportPath}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);

let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch {
  console.error(`no vitest report at ${reportPath}: vitest exited with ${vitest.status}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const perDialect = new Map();
for (const file of report.testResults) {
  // A file that throws while importing has no assertions but a failed status.
  if (file.status === 'failed' && file.assertionResults.length === 0) {
    failed++;
    console.error(`file failed to load: ${file.name}\n${file.message}`);
  }
  for (const test of file.assertionResults) {
    if (test.status === 'passed') passed++;
    else if (test.status === 'failed') failed++;
    else skipped++;
    const dialect = /\[(postgres|mysql|sqlite3|pgbouncer)\]/.exec(test.fullName)?.[1];
    if (dialect) {
      const counts = perDialect.get(dialect) ?? { passed: 0, skipped: 0 };
      if (test.status === 'passed') counts.passed++;
      else if (test.status !== 'failed') counts.skipped++;
      perDialect.set(dialect, counts);
    }
  }
}

const problems = [];
const required = (process.env.ITINERARY_TEST_REQUIRE ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const dialect of required) {
  const counts = perDialect.get(dialect) ?? { passed: 0, skipped: 0 };
  if (counts.passed === 0) problems.push(`required dialect ${dialect}: no test passed`);
  if (counts.skipped > 0) problems.push(`required dialect ${dialect}: ${counts.skipped} test(s) skipped`);
}
for (const [dialect, counts] of perDialect) {
  console.log(`dialect ${dialect}: ${counts.passed} passed, ${counts.skipped} skipped`);
}
for (const problem of problems) console.error(problem);

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(vitest.status !== 0 || failed > 0 || problems.length > 0 ? 1 : 0);
