#!/usr/bin/env node
// Prints the markdown table of docs/benchmarks.md from one or more `pnpm bench` reports (e.g. the
// Node 20 and Node 24 runs): per operation and dialect, layer / raw and layer / Kysely per run.
//
//   node tools/bench/dist/bench-table.js .reports/bench.json .reports/node24/bench.json
import { readFileSync } from 'node:fs';

interface ReportRow {
  dialect: string;
  operation: string;
  ratio: number | null;
  spread: string;
  vsKysely?: number;
  target: string;
  met: boolean | null;
}

interface Report {
  date: string;
  node: string;
  kysely?: string;
  quick: boolean;
  rows: ReportRow[];
}

const DIALECT_NAMES: Record<string, string> = { postgres: 'PostgreSQL', mysql: 'MariaDB', sqlite3: 'SQLite' };

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: node tools/bench/dist/bench-table.js <bench.json>...');
  process.exit(2);
}
const reports = paths.map((path) => {
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  if (!Array.isArray(report.rows)) throw new Error(`${path}: not a pnpm bench report (no rows)`);
  return report;
});

const key = (row: ReportRow) => `${row.dialect}\u0000${row.operation}`;
const order: ReportRow[] = [];
const seen = new Set<string>();
for (const report of reports) {
  for (const row of report.rows) {
    // Only the rows compared as ratios against raw (with Kysely where it ran).
    if (row.ratio === null || row.spread === '' || seen.has(key(row))) continue;
    seen.add(key(row));
    order.push(row);
  }
}

const cell = (report: Report, wanted: ReportRow): string => {
  const row = report.rows.find((r) => key(r) === key(wanted));
  if (!row || row.ratio === null) return '–';
  const raw = `${row.ratio.toFixed(2)} (${row.spread})`;
  const kysely = row.vsKysely === undefined ? '–' : row.vsKysely.toFixed(2);
  return `${raw} \\| ${kysely}${row.met === false ? ' ✗' : ''}`;
};

const heads = reports.map((r) =>
  `Node ${r.node.replace(/^v/, '')}${r.quick ? ' (quick)' : ''}: layer/raw (spread) \\| layer/Kysely ${r.kysely ?? ''}`.trim(),
);
console.log(`| dialect | operation | ${heads.join(' | ')} | target |`);
console.log(`|---|---|${reports.map(() => '---|').join('')}---|`);
for (const row of order) {
  const cells = reports.map((report) => cell(report, row));
  console.log(
    `| ${DIALECT_NAMES[row.dialect] ?? row.dialect} | ${row.operation} | ${cells.join(' | ')} | ${row.target} |`,
  );
}
console.log(
  `\n${reports.map((r) => `${r.node}: ${r.date}${r.quick ? ', --quick (not figures to quote)' : ''}`).join('; ')}. ✗: target not met.`,
);
