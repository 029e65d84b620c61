#!/usr/bin/env node
// pnpm verify:publish — proves on this machine that the packages publish to a private registry
// and work from it, outside this repository:
//
//  1. starts verdaccio (a devDependency) on 127.0.0.1 and a free port, with no uplinks and its
//     storage in a temporary folder; it lives as long as this script (watchdog on its stdin)
//  2. creates a user through its API (PUT /-/user/org.couchdb.user:NAME) and writes the token to
//     a temporary npmrc only (mode 0600, your own npmrc copied in for its other settings)
//  3. copies the workspace (the files git would commit: `git ls-files -co --exclude-standard`)
//     to a temporary folder and installs it from the pnpm store; the working tree is not touched
//  4. points the copy's `.npmrc` scope line at the local registry (what a team edits to move
//     registries) and runs `pnpm release` there: changeset version, build, changeset publish
//  5. reads every package back from the registry: the versions, real ranges instead of
//     workspace:, private (anonymous requests refused), nothing proxied
//  6. checks the published tarballs' shape (scripts/check-packages.mjs: files, imports, types
//     for ESM consumers with attw, publint)
//  7. in an empty temporary folder whose .npmrc maps only @itinerary to the registry (everything
//     else comes from the public registry, as in any consumer project), npm-installs
//     @itinerary/db-queries, @itinerary/migrator, @itinerary/db-core and better-sqlite3 (built
//     from source when no prebuilt binary can be downloaded: a minute or two)
//  8. runs the installed `itinerary-migrate up`, `status --check` and `verify` on a SQLite file,
//     then a small ESM script that opens it with @itinerary/db-core, creates a job with
//     @itinerary/db-queries and reads it back, and type-checks a consumer module with tsc
//
// Whatever happens (failure, Ctrl-C, SIGTERM), it stops the registry it started by its process
// id, removes the temporary folder with the token, and checks that the token is nowhere in the
// repository. Exit code 0 only when every check passed; the last line counts them.
//
//   node scripts/verify-publish.mjs [--keep] [--verbose]
//     --keep     leave the temporary folder (registry storage, copy, consumer) for inspection;
//                the token file is still deleted and the registry still stopped
//     --verbose  stream every command's output (default: a summary, and the tail on failure)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const ARGS = new Set(process.argv.slice(2));
const KEEP = ARGS.has('--keep');
const VERBOSE = ARGS.has('--verbose');
const SCOPE = '@itinerary';
const USER = 'itinerary-verify';
const STEPS = 8;

const started = Date.now();
let passed = 0;
let softFailures = 0;
let stepNo = 0;
let stepTitle = '';
/** Everything cleanup needs; filled in as the run goes. */
const state = {
  tmp: undefined,
  token: undefined,
  npmrc: undefined,
  registry: undefined, // { child, pid, url, log }
  children: new Set(), // running commands (each leads its own process group)
  fingerprint: undefined, // the working tree's versions, changesets and .npmrc at the start
  cleanedUp: false,
};

// ---------------------------------------------------------------------------------------------
// output

const elapsed = (since = started) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const mask = (text) => (state.token ? String(text).split(state.token).join('<token>') : String(text));
function step(title) {
  stepNo++;
  stepTitle = title;
  console.log(`\n[${stepNo}/${STEPS}] ${title}  (${elapsed()})`);
}
function ok(message) {
  passed++;
  console.log(`  ✓ ${mask(message)}`);
}
function info(message) {
  console.log(`    ${mask(message)}`);
}
function indent(text, lines = 40) {
  const all = mask(text).trimEnd().split('\n');
  const shown = all.length > lines ? [`… (${all.length - lines} earlier lines)`, ...all.slice(-lines)] : all;
  return shown.map((l) => `    │ ${l}`).join('\n');
}
class StepError extends Error {}
function fail(message, detail) {
  throw new StepError(detail ? `${message}\n${indent(detail)}` : message);
}
function check(condition, message, detail) {
  if (!condition) fail(message, detail);
  ok(message);
}
/** A failed check that does not stop the run: later steps still say what they can. */
function checkSoft(condition, message, detail) {
  if (condition) return ok(message);
  softFailures++;
  console.log(`  ✗ ${mask(message)}${detail ? `\n${indent(detail)}` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// processes

/** The environment for every command: pnpm's per-script variables removed, ours added. */
function childEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^npm_(lifecycle|package)_/.test(key) ||
      /^(npm|pnpm)_config_verify_deps_before_run$/.test(key) ||
      ['npm_config_user_agent', 'npm_command', 'npm_execpath', 'npm_node_execpath', 'INIT_CWD'].includes(
        key,
      ) ||
      key === 'DATABASE_URL'
    ) {
      delete env[key];
    }
  }
  env.TURBO_TELEMETRY_DISABLED = '1';
  env.TURBO_NO_UPDATE_NOTIFIER = '1';
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  return { ...env, ...extra };
}

/**
 * Runs a command in its own process group (so a timeout or a signal ends its children too),
 * capturing its output. Resolves { code, out }; `expect` (default 0) makes another code fail.
 */
function run(
  cmd,
  args,
  { cwd, env, timeoutMs = 10 * 60_000, label = `${cmd} ${args.join(' ')}`, expect = 0 } = {},
) {
  const t0 = Date.now();
  if (VERBOSE) info(`$ ${label}`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: env ?? childEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    state.children.add(child);
    let out = '';
    const collect = (chunk) => {
      out += chunk;
      if (VERBOSE) process.stdout.write(`${indent(chunk.toString(), 1e9)}\n`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      out += `\n[verify-publish] timed out after ${timeoutMs / 1000} s: stopping it\n`;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      state.children.delete(child);
      reject(new StepError(`cannot run ${cmd}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      state.children.delete(child);
      const result = { code: code ?? (signal ? 128 : 1), out, seconds: (Date.now() - t0) / 1000 };
      if (expect !== null && result.code !== expect) {
        reject(
          new StepError(`${label} exited with ${signal ?? code} (expected ${expect})\n${indent(out, 60)}`),
        );
      } else {
        resolve(result);
      }
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

// ---------------------------------------------------------------------------------------------
// registry

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function http(method, url, { token, body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

function verdaccioConfig(dir) {
  // No `uplinks:` and no `proxy:` on any package: the registry serves only what is published
  // to it. Both patterns need a login, like a company registry.
  return `# verify-publish: a throw-away private registry
storage: ${JSON.stringify(join(dir, 'storage'))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(dir, 'htpasswd'))}
    max_users: 1
security:
  api:
    jwt:
      sign:
        expiresIn: 1h
packages:
  '${SCOPE}/*':
    access: $authenticated
    publish: $authenticated
    unpublish: $authenticated
  '**':
    access: $authenticated
    publish: $authenticated
    unpublish: $authenticated
web:
  enable: false
max_body_size: 50mb
log:
  type: stdout
  format: pretty
  level: http
`;
}

async function startRegistry() {
  const dir = join(state.tmp, 'registry');
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, verdaccioConfig(dir));
  // Ends verdaccio when this script dies without cleaning up (SIGKILL, OOM): its stdin is a
  // pipe from us, and the pipe closes with us.
  const watchdog = join(dir, 'watchdog.cjs');
  writeFileSync(
    watchdog,
    [
      '// Preloaded into verdaccio: exit when the stdin pipe from verify-publish closes. Worker',
      "// threads (pino's log transport) preload it too, and must not watch their own stdin.",
      "if (require('node:worker_threads').isMainThread) {",
      "  process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume();",
      '}',
      '',
    ].join('\n'),
  );
  const pkgJsonPath = require.resolve('verdaccio/package.json');
  const pkg = JSON.parse(readFileSync(pkgJsonPath, 'utf8'));
  const bin = join(dirname(pkgJsonPath), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.verdaccio);

  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const logPath = join(dir, `verdaccio-${attempt}.log`);
    const logFd = openSync(logPath, 'a');
    const child = spawn(
      process.execPath,
      ['--require', watchdog, bin, '--config', configPath, '--listen', `127.0.0.1:${port}`],
      { cwd: dir, env: childEnv(), stdio: ['pipe', logFd, logFd] },
    );
    closeSync(logFd);
    const registry = { child, pid: child.pid, url, log: logPath, version: pkg.version, died: undefined };
    state.registry = registry;
    let exited = false;
    child.on('exit', (code, signal) => {
      exited = true;
      if (!registry.stopping) registry.died = signal ?? `exit code ${code}`;
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !exited) {
      try {
        const res = await http('GET', `${url}-/ping`);
        if (res.status === 200) return state.registry;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const log = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
    await stopRegistry();
    if (!(exited && /EADDRINUSE/.test(log)))
      fail(`verdaccio did not answer on ${url}-/ping within 60 s`, log);
    info(`port ${port} was taken meanwhile; trying another`);
  }
  fail('verdaccio could not find a free port in 3 attempts');
}

async function stopRegistry() {
  const reg = state.registry;
  if (!reg || reg.stopped) return;
  reg.stopping = true;
  if (isAlive(reg.pid)) {
    process.kill(reg.pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (isAlive(reg.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(reg.pid)) process.kill(reg.pid, 'SIGKILL');
    while (isAlive(reg.pid)) await new Promise((r) => setTimeout(r, 50));
  }
  reg.stopped = true;
}

// ---------------------------------------------------------------------------------------------
// workspace

function git(args, cwd = ROOT) {
  const res = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (res.status !== 0) fail(`git ${args.join(' ')} failed`, res.stderr);
  return res.stdout;
}

/** The files git would commit: tracked and untracked-but-not-ignored, as present on disk. */
function workspaceFiles() {
  return git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate'])
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)));
}

function copyWorkspace(to) {
  const files = workspaceFiles();
  for (const file of files) {
    const from = join(ROOT, file);
    const dest = join(to, file);
    mkdirSync(dirname(dest), { recursive: true });
    const stat = lstatSync(from);
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), dest);
    else if (stat.isFile()) copyFileSync(from, dest);
  }
  return files.length;
}

/** name → { name, version, dir, private } for every workspace package (root excluded). */
function workspacePackages(root) {
  const res = spawnSync('pnpm', ['ls', '-r', '--depth', '-1', '--json'], {
    cwd: root,
    encoding: 'utf8',
    env: childEnv(),
  });
  if (res.status !== 0) fail('pnpm ls -r failed', res.stderr);
  const map = new Map();
  for (const p of JSON.parse(res.stdout)) {
    if (relative(root, p.path) === '') continue;
    const manifest = JSON.parse(readFileSync(join(p.path, 'package.json'), 'utf8'));
    map.set(p.name, {
      name: p.name,
      version: manifest.version,
      dir: p.path,
      private: manifest.private === true,
      manifest,
    });
  }
  return map;
}

/** What must stay unchanged in the working tree: versions, pending changesets, .npmrc. */
function workingTreeFingerprint() {
  const parts = [];
  for (const file of workspaceFiles().sort()) {
    if (/(^|\/)package\.json$/.test(file) && !file.includes('node_modules/')) {
      try {
        parts.push(`${file} ${JSON.parse(readFileSync(join(ROOT, file), 'utf8')).version}`);
      } catch {
        parts.push(`${file} unreadable`);
      }
    } else if (file.startsWith('.changeset/') || file === '.npmrc') {
      parts.push(`${file} ${readFileSync(join(ROOT, file), 'utf8').length}`);
    }
  }
  return parts.join('\n');
}

function userNpmrcText() {
  const res = spawnSync('npm', ['config', 'get', 'userconfig'], { encoding: 'utf8', env: childEnv() });
  const path = res.status === 0 && res.stdout.trim() ? res.stdout.trim() : join(homedir(), '.npmrc');
  return existsSync(path) ? { path, text: readFileSync(path, 'utf8') } : { path, text: '' };
}

// ---------------------------------------------------------------------------------------------
// the consumer

const SMOKE = `// Runs in an empty folder against the packages installed from the registry.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { open } from '@itinerary/db-core';
import { createJob, getJob } from '@itinerary/db-queries';

const file = process.argv[2];

// Every export of every installed @itinerary package resolves and loads as ESM.
const loaded = [];
for (const dir of readdirSync('node_modules/@itinerary')) {
  const manifest = JSON.parse(readFileSync(\`node_modules/@itinerary/\${dir}/package.json\`, 'utf8'));
  for (const sub of Object.keys(manifest.exports)) {
    if (sub.endsWith('.json')) continue;
    const specifier = sub === '.' ? manifest.name : \`\${manifest.name}/\${sub.slice(2)}\`;
    const mod = await import(specifier);
    assert.ok(Object.keys(mod).length > 0, \`\${specifier} exports nothing\`);
    loaded.push(specifier);
  }
}
console.log(\`imported \${loaded.join(', ')}\`);

const input = {
  id: 'verify-publish-job',
  name: 'Nightly report',
  schedule: '30 2 * * *',
  timeZone: 'Europe/Berlin',
  podSpec: { containers: [{ name: 'report', image: 'registry.example.com/report:1.4.2', args: ['--since', '24h'] }] },
};
const db = await open('sqlite3', file);
let created;
try {
  created = await createJob(db, input);
  const read = await getJob(db, input.id);
  assert.deepEqual(read, { ...input, constraintId: null, createdAt: created.createdAt, updatedAt: created.updatedAt });
  assert.ok(read.createdAt instanceof Date && !Number.isNaN(read.createdAt.getTime()), 'createdAt is a Date');
} finally {
  await db.close();
}
// And again from a second connection: it is in the file.
const again = await open('sqlite3', file);
try {
  const read = await getJob(again, input.id);
  assert.equal(read.name, input.name);
  assert.equal(read.schedule, input.schedule);
  assert.equal(read.timeZone, input.timeZone);
  assert.deepEqual(read.podSpec, input.podSpec);
  assert.equal(read.createdAt.getTime(), created.createdAt.getTime());
  console.log(\`job read back: \${JSON.stringify({ id: read.id, name: read.name, schedule: read.schedule, createdAt: read.createdAt })}\`);
} finally {
  await again.close();
}
`;

const TYPES = `// Type-checked (not run) against the installed packages' declarations, as a nodenext ESM consumer.
import { type Database, open } from '@itinerary/db-core';
import { createJob, getJob } from '@itinerary/db-queries';
import { createTestDb } from '@itinerary/db-queries/testing';
import { runMigrations } from '@itinerary/migrator';

type Job = Awaited<ReturnType<typeof getJob>>;

export async function roundTrip(file: string): Promise<Job> {
  const db: Database = await open('sqlite3', file);
  await runMigrations(db);
  await createJob(db, { id: 'typed', name: 'Typed', schedule: '0 * * * *' });
  // @ts-expect-error: a job needs a schedule
  await createJob(db, { id: 'untyped', name: 'No schedule' });
  // @ts-expect-error: not a driver
  await open('oracle', file);
  const job = await getJob(db, 'typed');
  const when: Date = job.createdAt;
  void when;
  await db.close();
  return job;
}

export const helpers = [createTestDb];
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
  files: ['types-check.mts'],
};

// ---------------------------------------------------------------------------------------------
// the run

async function main() {
  step('prerequisites');
  const versions = {};
  for (const [tool, args] of [
    ['node', ['--version']],
    ['pnpm', ['--version']],
    ['npm', ['--version']],
    ['git', ['--version']],
  ]) {
    const res = spawnSync(tool, args, { encoding: 'utf8', env: childEnv() });
    if (res.status !== 0) fail(`${tool} is not available`, res.stderr);
    versions[tool] = res.stdout.trim().replace(/^git version /, '');
  }
  info(
    Object.entries(versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  );
  state.fingerprint = workingTreeFingerprint();
  const committedNpmrc = readFileSync(join(ROOT, '.npmrc'), 'utf8');
  const scopeLine = committedNpmrc.split(/\r?\n/).find((l) => l.startsWith(`${SCOPE}:registry=`));
  check(scopeLine !== undefined, `.npmrc maps ${SCOPE} to a registry (${scopeLine?.split('=')[1]})`);
  check(!/_authToken|_auth\b|_password|always-auth/i.test(committedNpmrc), '.npmrc holds no credential');
  state.tmp = mkdtempSync(join(tmpdir(), 'itinerary-verify-publish-'));
  info(`temporary folder: ${state.tmp}`);

  // -------------------------------------------------------------------------------------------
  step('start a private registry (verdaccio, no uplinks, 127.0.0.1)');
  const reg = await startRegistry();
  ok(`verdaccio ${reg.version} listening on ${reg.url} (pid ${reg.pid}), storage in the temporary folder`);

  // -------------------------------------------------------------------------------------------
  step('create a user and a token through the registry API');
  const password = randomBytes(18).toString('base64url');
  const created = await http('PUT', `${reg.url}-/user/org.couchdb.user:${USER}`, {
    body: {
      _id: `org.couchdb.user:${USER}`,
      name: USER,
      password,
      type: 'user',
      roles: [],
      date: new Date().toISOString(),
    },
  });
  if (created.status !== 201 || typeof created.json?.token !== 'string') {
    fail(`PUT /-/user/org.couchdb.user:${USER} answered ${created.status}`, created.text);
  }
  state.token = created.json.token;
  ok(`user ${USER} created, token issued (${state.token.length} characters, never printed)`);
  const whoami = await http('GET', `${reg.url}-/whoami`, { token: state.token });
  check(whoami.json?.username === USER, `the token authenticates as ${USER} (GET /-/whoami)`, whoami.text);
  const user = userNpmrcText();
  const host = reg.url.replace(/^http:/, '');
  state.npmrc = join(state.tmp, 'npmrc');
  // better-sqlite3 compiles against Node's headers: use the installed ones when npm is not told
  // where they are, since node-gyp cannot download them here.
  const prefix = dirname(dirname(process.execPath));
  const nodedir =
    !/^\s*nodedir\s*=/m.test(user.text) && existsSync(join(prefix, 'include', 'node', 'node.h'))
      ? `nodedir=${prefix}\n`
      : '';
  writeFileSync(
    state.npmrc,
    `${user.text.trimEnd()}\n\n; verify-publish: temporary credentials, deleted at the end of the run\n${nodedir}${host}:_authToken=${state.token}\n`,
    { mode: 0o600 },
  );
  chmodSync(state.npmrc, 0o600);
  ok(
    `token written to a temporary npmrc only (${relative(state.tmp, state.npmrc)}, mode 600; your settings from ${user.path} copied in)`,
  );
  const npmEnv = (extra = {}) =>
    childEnv({
      npm_config_userconfig: state.npmrc,
      npm_config_cache: join(state.tmp, 'npm-cache'),
      ...extra,
    });

  // -------------------------------------------------------------------------------------------
  step('copy the workspace and release it with changesets to the registry');
  const copy = join(state.tmp, 'workspace');
  const count = copyWorkspace(copy);
  // Point the copy's scope at the local registry, the one line a team edits to change
  // registries (publishConfig.registry stays as committed: for a scoped package npm and pnpm
  // take the scope's registry from .npmrc first, and the published manifests keep the real one).
  const copyNpmrc = join(copy, '.npmrc');
  const scopeRe = new RegExp(`^${SCOPE}:registry=.*$`, 'm');
  writeFileSync(copyNpmrc, readFileSync(copyNpmrc, 'utf8').replace(scopeRe, `${SCOPE}:registry=${reg.url}`));
  const gitc = [
    '-c',
    'user.name=verify-publish',
    '-c',
    'user.email=verify-publish@localhost',
    '-c',
    'commit.gpgsign=false',
  ];
  git(['init', '-q', '-b', 'main'], copy);
  git(['add', '-A'], copy);
  git([...gitc, 'commit', '-q', '--no-verify', '-m', 'verify-publish snapshot'], copy);
  ok(
    `${count} files copied (what git would commit), ${SCOPE}:registry in the copy's .npmrc set to ${reg.url}`,
  );
  const install = await run(
    'pnpm',
    ['install', '--frozen-lockfile', '--prefer-offline', '--ignore-scripts'],
    {
      cwd: copy,
      env: npmEnv(),
      label: 'pnpm install --frozen-lockfile',
    },
  );
  ok(`pnpm install --frozen-lockfile in the copy (${install.seconds.toFixed(1)} s)`);
  const before = workspacePackages(copy);
  const pending = readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  info(`pending changesets: ${pending.length} (${pending.join(', ') || 'none'})`);
  const release = await run('pnpm', ['run', 'release'], {
    cwd: copy,
    env: npmEnv(),
    timeoutMs: 20 * 60_000,
    label: 'pnpm release',
  });
  if (VERBOSE === false) console.log(`    pnpm release output (last lines):\n${indent(release.out, 12)}`);
  const packages = workspacePackages(copy);
  const published = [...packages.values()]
    .filter((p) => !p.private)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (published.length === 0) fail('the workspace has no public package');
  ok(
    `pnpm release ran changeset version, build and changeset publish (${release.seconds.toFixed(1)} s): ${published
      .map((p) => `${p.name} ${before.get(p.name)?.version} → ${p.version}`)
      .join(', ')}`,
  );
  const tags = git(['tag', '--list'], copy).split('\n').filter(Boolean);
  const missingTags = published.filter((p) => !tags.includes(`${p.name}@${p.version}`));
  check(
    missingTags.length === 0,
    `changeset publish tagged each release (${published.length} git tags in the copy)`,
    tags.join('\n'),
  );

  // -------------------------------------------------------------------------------------------
  step('read the published packages back from the registry');
  const versionOf = new Map(published.map((p) => [p.name, p.version]));
  for (const pkg of published) {
    const res = await http('GET', `${reg.url}${encodeURIComponent(pkg.name).replace('%40', '@')}`, {
      token: state.token,
    });
    if (res.status !== 200) fail(`GET ${pkg.name} answered ${res.status}`, res.text);
    const meta = res.json.versions?.[pkg.version];
    if (!meta)
      fail(
        `${pkg.name}@${pkg.version} is not on the registry`,
        Object.keys(res.json.versions ?? {}).join(', '),
      );
    if (res.json['dist-tags']?.latest !== pkg.version)
      fail(`${pkg.name}: latest is ${res.json['dist-tags']?.latest}, not ${pkg.version}`);
    const ranges = [];
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const [dep, range] of Object.entries(meta[field] ?? {})) {
        if (/^(workspace|link|file|catalog):/.test(range))
          fail(`${pkg.name}@${pkg.version} ${field}.${dep} is "${range}"`);
        if (versionOf.has(dep)) {
          if (range !== `^${versionOf.get(dep)}`)
            fail(`${pkg.name} ${field}.${dep} is "${range}", expected "^${versionOf.get(dep)}"`);
          ranges.push(`${dep} ${range}`);
        }
      }
    }
    ok(
      `${pkg.name}@${pkg.version} is latest${ranges.length ? `; internal ranges are real: ${ranges.join(', ')}` : ''}`,
    );
  }
  const anonymous = await http(
    'GET',
    `${reg.url}${encodeURIComponent(published[0].name).replace('%40', '@')}`,
  );
  check(
    [401, 403].includes(anonymous.status),
    `the registry is private: an anonymous request gets ${anonymous.status}`,
  );
  const proxied = await http('GET', `${reg.url}commander`, { token: state.token });
  check(proxied.status === 404, `no uplink: a public package (commander) is not served (${proxied.status})`);

  // -------------------------------------------------------------------------------------------
  step('check the published tarballs');
  const tarballs = join(state.tmp, 'tarballs');
  mkdirSync(tarballs);
  const packed = [];
  for (const pkg of published) {
    const spec = `${pkg.name}@${pkg.version}`;
    const res = await run(
      'npm',
      ['pack', spec, `--${SCOPE}:registry=${reg.url}`, '--pack-destination', tarballs, '--json'],
      {
        cwd: state.tmp,
        env: npmEnv(),
        label: `npm pack ${pkg.name}@${pkg.version}`,
      },
    );
    const [{ filename }] = JSON.parse(res.out.slice(res.out.indexOf('[')));
    packed.push(join(tarballs, filename.replace(/^.*\//, '')));
  }
  ok(`downloaded ${packed.length} tarballs from the registry`);
  const shape = await run(process.execPath, [join(ROOT, 'scripts', 'check-packages.mjs'), ...packed], {
    cwd: ROOT,
    env: childEnv(),
    expect: null,
    label: 'check-packages',
  });
  console.log(indent(shape.out, 80));
  checkSoft(
    shape.code === 0,
    'every tarball has the published shape (files, imports, types for ESM consumers, publint)',
  );

  // -------------------------------------------------------------------------------------------
  step('install from the registry into an empty folder');
  const consumer = join(state.tmp, 'consumer');
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    `${JSON.stringify({ name: 'itinerary-publish-check', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  // The consumer's own .npmrc maps the scope, as any project using the private registry does;
  // everything else comes from the public registry. The token is in the user config only.
  writeFileSync(join(consumer, '.npmrc'), `${SCOPE}:registry=${reg.url}\n`);
  const core = published.find((p) => p.name === `${SCOPE}/db-core`);
  const sqlitePeer = core?.manifest.peerDependencies?.['better-sqlite3'] ?? '^12.0.0';
  const wanted = ['db-queries', 'migrator', 'db-core']
    .map((n) => `${SCOPE}/${n}`)
    .map((n) => {
      if (!versionOf.has(n)) fail(`${n} was not published`);
      return `${n}@${versionOf.get(n)}`;
    });
  // better-sqlite3 13 needs Node 22 (it crashes on 20), and npm resolves a range without
  // looking at engines: on Node 20 a consumer has to ask for 12, which the range must allow.
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor < 22 && !sqlitePeer.split('||').some((r) => r.trim().startsWith('^12'))) {
    fail(`db-core's better-sqlite3 peer range ${sqlitePeer} has no 12.x for Node ${process.versions.node}`);
  }
  wanted.push(`better-sqlite3@${nodeMajor < 22 ? '^12.0.0' : sqlitePeer}`);
  info(`npm install ${wanted.join(' ')}`);
  info('(better-sqlite3 builds from source when no prebuilt binary can be downloaded: a minute or two)');
  const npmInstall = await run('npm', ['install', '--no-audit', '--no-fund', ...wanted], {
    cwd: consumer,
    env: npmEnv(),
    timeoutMs: 20 * 60_000,
    label: 'npm install',
  });
  ok(
    `npm install from ${reg.url} (${SCOPE}/*) and the public registry (the rest): ${npmInstall.seconds.toFixed(1)} s`,
  );
  for (const [name, version] of versionOf) {
    const dir = join(consumer, 'node_modules', name);
    if (!existsSync(dir)) continue;
    const got = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
    if (got !== version) fail(`installed ${name} is ${got}, published ${version}`);
  }
  const installed = readdirSync(join(consumer, 'node_modules', SCOPE));
  ok(
    `installed the published versions: ${installed.map((d) => `${SCOPE}/${d}@${versionOf.get(`${SCOPE}/${d}`)}`).join(', ')}`,
  );
  const nested = spawnSync(
    'find',
    [join(consumer, 'node_modules'), '-path', `*/node_modules/*/node_modules/${SCOPE}/*/package.json`],
    { encoding: 'utf8' },
  );
  check(nested.stdout.trim() === '', `one copy of each ${SCOPE} package (nothing nested)`, nested.stdout);
  const ls = await run('npm', ['ls', '--all'], {
    cwd: consumer,
    env: npmEnv(),
    expect: null,
    label: 'npm ls --all',
  });
  check(ls.code === 0, 'npm ls --all: no missing, invalid or unmet peer dependency', ls.out);
  // 12 builds its addon at install (or downloads one) into build/Release; 13 ships prebuilt
  // Node-API addons in prebuilds/ and builds nothing.
  const sqliteDir = join(consumer, 'node_modules', 'better-sqlite3');
  check(
    existsSync(join(sqliteDir, 'build', 'Release', 'better_sqlite3.node')) ||
      existsSync(join(sqliteDir, 'prebuilds', `${process.platform}-${process.arch}.node`)),
    'better-sqlite3 native module built or shipped for this platform',
  );

  // -------------------------------------------------------------------------------------------
  step('use the installed packages: itinerary-migrate, then a script and a type check');
  const bin = join(consumer, 'node_modules', '.bin', 'itinerary-migrate');
  check(existsSync(bin), 'node_modules/.bin/itinerary-migrate is installed');
  const dbFile = join(consumer, 'itinerary.db');
  const url = `sqlite:${dbFile}`;
  const up = await run(bin, ['up', '--database-url', url, '--json'], {
    cwd: consumer,
    label: 'itinerary-migrate up',
  });
  const events = up.out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  const applied = events.filter((e) => e.event === 'migration-applied' || e.type === 'migration-applied');
  const schemaDir = join(consumer, 'node_modules', SCOPE, 'db-schema', 'migrations', 'sqlite');
  const shipped = readdirSync(schemaDir).filter((f) => f.endsWith('.sql'));
  console.log(indent(up.out, 12));
  check(
    applied.length === shipped.length && shipped.length > 0,
    `itinerary-migrate up applied the ${shipped.length} SQLite migrations shipped in ${SCOPE}/db-schema`,
  );
  const status = await run(bin, ['status', '--check', '--database-url', url], {
    cwd: consumer,
    expect: null,
    label: 'itinerary-migrate status --check',
  });
  check(status.code === 0, 'itinerary-migrate status --check: nothing pending (exit 0)', status.out);
  const verify = await run(bin, ['verify', '--database-url', url], {
    cwd: consumer,
    expect: null,
    label: 'itinerary-migrate verify',
  });
  check(
    verify.code === 0,
    'itinerary-migrate verify: history and live schema match the migrations (exit 0)',
    verify.out,
  );
  writeFileSync(join(consumer, 'smoke.mjs'), SMOKE);
  const smoke = await run(process.execPath, ['smoke.mjs', dbFile], {
    cwd: consumer,
    label: 'node smoke.mjs',
  });
  console.log(indent(smoke.out));
  ok(
    'a script opened the database with @itinerary/db-core, created a job with createJob and read it back with getJob',
  );
  writeFileSync(join(consumer, 'types-check.mts'), TYPES);
  writeFileSync(join(consumer, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  const typecheck = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], {
    cwd: consumer,
    expect: null,
    label: 'tsc (consumer)',
  });
  check(
    typecheck.code === 0,
    'a consumer module type-checks against the installed declarations (tsc, nodenext, strict)',
    typecheck.out,
  );
}

// ---------------------------------------------------------------------------------------------
// cleanup and verdict

async function cleanup() {
  if (state.cleanedUp) return;
  state.cleanedUp = true;
  console.log(`\n[cleanup]  (${elapsed()})`);
  for (const child of state.children) killGroup(child, 'SIGTERM');
  let clean = true;
  if (state.registry) {
    const { died, pid } = state.registry;
    await stopRegistry();
    if (died) {
      clean = false;
      console.log(`  ✗ the registry (pid ${pid}) died during the run (${died}); it is gone`);
    } else {
      console.log(`  ✓ registry stopped (pid ${pid} is gone)`);
    }
  }
  if (state.npmrc) rmSync(state.npmrc, { force: true });
  if (state.tmp) {
    if (KEEP && state.registry) {
      // Keep the storage, the copy and the consumer; nothing that holds the token.
      for (const f of ['npmrc']) rmSync(join(state.tmp, f), { force: true });
      console.log(`  ✓ token file deleted; --keep: ${state.tmp} left for inspection`);
    } else {
      rmSync(state.tmp, { recursive: true, force: true });
      console.log(`  ✓ temporary folder removed (${state.tmp})`);
    }
  }
  if (state.token) {
    const leaks = [];
    const places = [...workspaceFiles().map((f) => join(ROOT, f)), join(homedir(), '.npmrc')];
    for (const file of places) {
      try {
        if (readFileSync(file, 'utf8').includes(state.token)) leaks.push(file);
      } catch {
        // unreadable or gone
      }
    }
    if (KEEP && state.tmp) {
      const grep = spawnSync('grep', ['-rlF', '--', state.token, state.tmp], { encoding: 'utf8' });
      leaks.push(...grep.stdout.split('\n').filter(Boolean));
    }
    if (leaks.length > 0) {
      console.log(`  ✗ the token was found in: ${leaks.join(', ')}`);
      return false;
    }
    console.log('  ✓ the token is nowhere in the repository or your npmrc');
  }
  return clean;
}

let finishing = false;
async function finish(error) {
  if (finishing) return;
  finishing = true;
  let failed = softFailures;
  let message;
  if (error) {
    failed++;
    message = error instanceof StepError ? error.message : mask(error?.stack ?? String(error));
  }
  const clean = await cleanup().catch((err) => {
    console.log(`  ✗ cleanup failed: ${err.message}`);
    return false;
  });
  if (!clean) failed++;
  if (state.fingerprint !== undefined) {
    const now = workingTreeFingerprint();
    if (now === state.fingerprint) {
      passed++;
      console.log('  ✓ working tree untouched: package versions, .changeset/ and .npmrc as before');
    } else {
      failed++;
      const was = new Set(state.fingerprint.split('\n'));
      const is = new Set(now.split('\n'));
      const diff = [
        ...[...was].filter((l) => !is.has(l)).map((l) => `- ${l}`),
        ...[...is].filter((l) => !was.has(l)).map((l) => `+ ${l}`),
      ];
      console.log(
        `  ✗ the working tree changed during the run (package versions, .changeset/ or .npmrc):\n${indent(diff.join('\n'))}`,
      );
    }
  }
  console.log('');
  if (failed === 0) {
    console.log(`verify:publish PASSED in ${elapsed()}: published, installed from an empty folder and used.`);
  } else if (message) {
    console.log(
      `verify:publish FAILED at step ${stepNo}/${STEPS} (${stepTitle}) after ${elapsed()}:\n  ${mask(message)}`,
    );
  } else {
    console.log(
      `verify:publish FAILED after ${elapsed()}: ${failed} check(s) failed, see the ✗ lines above.`,
    );
  }
  console.log(`publish: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (finishing) return;
    console.log(`\n${signal} received: stopping`);
    finish(new StepError(`interrupted by ${signal}`)).then(() =>
      process.exit(signal === 'SIGINT' ? 130 : 143),
    );
  });
}
// Last resort if something exits the process without finish(): no registry, no token left.
process.on('exit', () => {
  if (state.cleanedUp) return;
  for (const child of state.children) killGroup(child, 'SIGKILL');
  if (state.registry && isAlive(state.registry.pid)) process.kill(state.registry.pid, 'SIGKILL');
  if (state.tmp) rmSync(state.tmp, { recursive: true, force: true });
});

try {
  await main();
  await finish(undefined);
} catch (err) {
  let error = err;
  if (state.registry?.log && existsSync(state.registry.log)) {
    const log = readFileSync(state.registry.log, 'utf8');
    const tail = `\n  registry log (last lines):\n${indent(log, 15)}`;
    if (error instanceof StepError) error.message += tail;
    else error = new StepError(`${mask(error?.stack ?? String(error))}${tail}`);
  }
  await finish(error);
}
