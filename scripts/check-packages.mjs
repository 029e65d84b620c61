#!/usr/bin/env node
// The published shape of every package: what a consumer of the tarball gets.
//
//   node scripts/check-packages.mjs                 pack each public workspace package (pnpm pack,
//                                                    which rewrites workspace: ranges as publish does)
//                                                    and check the tarballs; needs `pnpm build` first
//   node scripts/check-packages.mjs A.tgz B.tgz     check these tarballs (verify-publish passes the
//                                                    ones it downloaded back from the registry)
//
// For each tarball: the files are only what runs (no src/, tests, test support, build info,
// source maps, TypeScript sources or configs); every `exports`, `types` and `bin` target is in
// it; every import in a shipped .js file resolves (relative ones to a shipped file, bare ones to
// a declared dependency or peer); the manifest has real version ranges (no workspace:, link:,
// file:), the registry of the committed .npmrc, an access level, engines, license and
// repository; `files` entries besides dist/ (db-schema's migrations) ship something. Then
// @arethetypeswrong/cli (--profile esm-only: types resolve for node16/nodenext ESM and bundler
// consumers) and publint --strict run on the tarball itself, offline.
// Exits 1 when anything is wrong; prints one line per package and the problems.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');

/** Paths that must never be in a tarball (matched against the path inside `package/`). */
const FORBIDDEN = [
  [/^src\//, 'the source tree'],
  [/(^|\/)[^/]*\.test\.[^/]+$/, 'test files'],
  [/(^|\/)[^/]*\.test-support\.[^/]+$/, 'test-support files'],
  [/(^|\/)test-support\//, 'test-support folders'],
  [/(^|\/)__tests__\//, 'test folders'],
  [/\.tsbuildinfo$/, 'TypeScript build info'],
  [/\.map$/, 'source maps (they point at src/, which is not shipped)'],
  [/(?<!\.d)\.(ts|mts|cts|tsx)$/, 'TypeScript sources'],
  [/(^|\/)tsconfig[^/]*\.json$/, 'tsconfig files'],
  [/(^|\/)vitest\.config\.[^/]+$/, 'test configs'],
  [/(^|\/)node_modules\//, 'node_modules'],
  [/(^|\/)\.env/, 'environment files'],
  [/(^|\/)\.npmrc$/, 'npmrc files'],
  [/\.(db|db-wal|db-shm|sqlite)$/, 'database files'],
];
const DEP_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'];
const BUILTINS = new Set(builtinModules);

function scopeRegistry(scope) {
  const npmrc = readFileSync(join(ROOT, '.npmrc'), 'utf8');
  for (const line of npmrc.split(/\r?\n/)) {
    const m = /^\s*([^#;][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && m[1] === `${scope}:registry`) return m[2];
  }
  return undefined;
}

/** The public (not private) workspace packages: name, version, dir. */
export function publicWorkspacePackages(cwd = ROOT) {
  const out = execFileSync('pnpm', ['ls', '-r', '--depth', '-1', '--json'], { cwd, encoding: 'utf8' });
  return JSON.parse(out)
    .filter((p) => !p.private && p.path !== cwd && resolve(p.path) !== resolve(cwd))
    .map((p) => ({ name: p.name, version: p.version, dir: p.path }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function listTarball(tarball) {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .filter((f) => f && !f.endsWith('/'))
    .map((f) => f.replace(/^package\//, ''));
}

function readFromTarball(tarball, file) {
  return execFileSync('tar', ['-xzOf', tarball, `package/${file}`], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

/** Every string target in an `exports` value (conditions and subpaths, recursively). */
function exportTargets(value, key = '.') {
  if (typeof value === 'string') return [[key, value]];
  if (Array.isArray(value)) return value.flatMap((v) => exportTargets(v, key));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => exportTargets(v, k));
  return [];
}

/** Static and dynamic import specifiers (string literals only), as TypeScript's scanner sees them. */
function importSpecifiers(source) {
  const info = ts.preProcessFile(source, true, true);
  return [...new Set(info.importedFiles.map((f) => f.fileName))];
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Checks one tarball; returns { name, version, files, problems }. */
export function checkTarball(tarball) {
  const problems = [];
  const files = listTarball(tarball);
  const fileSet = new Set(files);
  let manifest;
  try {
    manifest = JSON.parse(readFromTarball(tarball, 'package.json'));
  } catch (err) {
    return {
      name: basename(tarball),
      version: '?',
      files,
      problems: [`no readable package.json: ${err.message}`],
    };
  }
  const { name, version } = manifest;

  const shipped = new Map();
  for (const file of files) {
    for (const [re, what] of FORBIDDEN)
      if (re.test(file)) shipped.set(what, [...(shipped.get(what) ?? []), file]);
  }
  for (const [what, list] of shipped) {
    const shown = list.slice(0, 3).join(', ');
    problems.push(`ships ${what}, ${list.length} file(s): ${shown}${list.length > 3 ? ', …' : ''}`);
  }

  // Manifest.
  for (const field of DEP_FIELDS) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|link|file|portal|catalog):/.test(range)) {
        problems.push(`${field}.${dep} is "${range}": not a real version range`);
      }
    }
  }
  if (manifest.private) problems.push('is private');
  if (manifest.type !== 'module') problems.push('type is not "module"');
  if (!manifest.engines?.node) problems.push('no engines.node');
  if (!manifest.license) problems.push('no license');
  if (!manifest.repository?.url) problems.push('no repository.url');
  const scope = name.startsWith('@') ? name.split('/')[0] : undefined;
  const expectedRegistry = scope ? scopeRegistry(scope) : undefined;
  if (!manifest.publishConfig?.access) problems.push('no publishConfig.access');
  if (!manifest.publishConfig?.registry) problems.push('no publishConfig.registry');
  else if (expectedRegistry && manifest.publishConfig.registry !== expectedRegistry) {
    problems.push(
      `publishConfig.registry ${manifest.publishConfig.registry} differs from .npmrc's ${scope}:registry ${expectedRegistry}`,
    );
  }
  if (!manifest.exports) problems.push('no exports');
  for (const [condition, target] of exportTargets(manifest.exports ?? {})) {
    const file = posix.normalize(target);
    if (!fileSet.has(file))
      problems.push(`exports (${condition}) points at ${target}, which is not in the tarball`);
  }
  for (const [sub, value] of Object.entries(manifest.exports ?? {})) {
    if (sub.endsWith('.json') || typeof value !== 'object' || value === null) continue;
    const conditions = Object.keys(value);
    if (!conditions.includes('types')) problems.push(`exports["${sub}"] has no "types" condition`);
    else if (conditions[0] !== 'types')
      problems.push(`exports["${sub}"]: "types" must be the first condition`);
  }
  const bins = typeof manifest.bin === 'string' ? { [name]: manifest.bin } : (manifest.bin ?? {});
  for (const [cmd, target] of Object.entries(bins)) {
    const file = posix.normalize(target);
    if (!fileSet.has(file)) {
      problems.push(`bin ${cmd} points at ${target}, which is not in the tarball`);
      continue;
    }
    if (!readFromTarball(tarball, file).startsWith('#!/usr/bin/env node')) {
      problems.push(`bin ${cmd} (${target}) has no "#!/usr/bin/env node" line`);
    }
    const declared = Array.isArray(manifest.sideEffects)
      ? manifest.sideEffects.some((pattern) => globToRegExp(pattern).test(file))
      : manifest.sideEffects !== false;
    if (!declared) problems.push(`bin ${cmd} (${target}) runs on import but is not declared in sideEffects`);
  }
  if (manifest.sideEffects === undefined) problems.push('sideEffects is not declared');
  for (const entry of manifest.files ?? []) {
    if (entry.startsWith('!')) continue;
    const dir = entry.replace(/\/$/, '');
    if (!files.some((f) => f === dir || f.startsWith(`${dir}/`)))
      problems.push(`files entry "${entry}" ships nothing`);
  }

  // Imports of shipped JavaScript.
  const declared = new Set(
    ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((f) =>
      Object.keys(manifest[f] ?? {}),
    ),
  );
  for (const file of files.filter((f) => /\.(m|c)?js$/.test(f))) {
    for (const spec of importSpecifiers(readFromTarball(tarball, file))) {
      if (spec.startsWith('.')) {
        const target = posix.normalize(posix.join(posix.dirname(file), spec));
        if (!fileSet.has(target)) problems.push(`${file} imports ${spec}, which is not in the tarball`);
      } else if (spec.startsWith('node:') || BUILTINS.has(spec)) {
        // built in
      } else if (spec.startsWith('#')) {
        if (!manifest.imports) problems.push(`${file} imports ${spec} but the manifest has no "imports"`);
      } else {
        const pkg = packageNameOf(spec);
        if (pkg !== name && !declared.has(pkg)) {
          problems.push(`${file} imports ${spec}: "${pkg}" is not a dependency or peer dependency`);
        }
      }
    }
  }

  // Type resolution for ESM consumers, and publint's packaging rules.
  const attw = spawnSync(
    join(BIN, 'attw'),
    [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji'],
    {
      encoding: 'utf8',
    },
  );
  if (attw.status !== 0)
    problems.push(`attw --profile esm-only failed:\n${indent(attw.stdout + attw.stderr)}`);
  const publint = spawnSync(join(BIN, 'publint'), ['run', tarball, '--strict', '--level', 'suggestion'], {
    encoding: 'utf8',
  });
  const publintOut = `${publint.stdout}${publint.stderr}`;
  if (publint.status !== 0 || !/All good!/.test(publintOut)) {
    problems.push(`publint --strict reported:\n${indent(publintOut)}`);
  }

  return { name, version, files, problems };
}

/** A sideEffects pattern (`./dist/bin/*`, `**` allowed) as a RegExp over tarball paths. */
function globToRegExp(pattern) {
  const glob = posix.normalize(pattern);
  const body = glob
    .split(/(\*\*\/?|\*)/)
    .map((part) =>
      part.startsWith('**')
        ? '(?:.*/)?'
        : part === '*'
          ? '[^/]*'
          : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}$`);
}

function indent(text) {
  return text
    .trim()
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}

function main(argv) {
  let tarballs = argv.filter((a) => a.endsWith('.tgz'));
  let packDir;
  if (tarballs.length === 0) {
    packDir = mkdtempSync(join(tmpdir(), 'itinerary-check-packages-'));
    for (const pkg of publicWorkspacePackages()) {
      const out = execFileSync('pnpm', ['pack', '--pack-destination', packDir], {
        cwd: pkg.dir,
        encoding: 'utf8',
      });
      const tgz = out.trim().split('\n').pop().trim();
      tarballs.push(tgz.startsWith('/') ? tgz : join(packDir, basename(tgz)));
    }
  }
  tarballs = tarballs.map((t) => resolve(t));
  let failed = 0;
  try {
    for (const tarball of tarballs) {
      const { name, version, files, problems } = checkTarball(tarball);
      if (problems.length === 0) {
        console.log(
          `ok   ${name}@${version}: ${files.length} files, types resolve (esm-only), publint clean`,
        );
      } else {
        failed++;
        console.log(`FAIL ${name}@${version}: ${problems.length} problem(s)`);
        for (const p of problems) console.log(`   - ${p}`);
      }
    }
  } finally {
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  }
  console.log(`packages: ${tarballs.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
