import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

/** Writes `files` (name to content) into a new temporary folder and returns its path. */
export async function writeMigrationsDir(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'itinerary-migrations-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** Removes every folder `writeMigrationsDir` made. */
export async function removeMigrationsDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A migration that creates one small table, valid on all three databases. */
export function createTable(name: string): string {
  return `-- creates ${name}\nCREATE TABLE ${name} (\n    id INTEGER NOT NULL PRIMARY KEY\n);\n`;
}
