import {
  type DbError,
  DuplicateError,
  type Executor,
  ForeignKeyError,
  NotFoundError,
} from '@itinerary/db-core';
import { MAX_TEXT_BYTES } from '@itinerary/db-schema';
import { MAX_LIMIT } from './arguments.js';
import type { TableName } from './database-digest.test-support.js';
import { createAction, deleteAction, getAction } from './repositories/actions.js';
import {
  createConstraintViolation,
  getConstraintViolations,
  getConstraintViolationsByConstraint,
} from './repositories/constraint-violations.js';
import {
  createConstraint,
  deleteConstraint,
  getConstraint,
  updateConstraint,
} from './repositories/constraints.js';
import { createJobAction, deleteJobAction, getJobActions } from './repositories/job-actions.js';
import { applyJobRunUpdates } from './repositories/job-run-updates.js';
import {
  completeJobRun,
  createJobRun,
  getJobRun,
  getJobRunByRunId,
  getJobRuns,
  updateJobRunStatus,
} from './repositories/job-runs.js';
import { createJob, deleteJob, getJob, updateJob } from './repositories/jobs.js';
import { createOrchestratorStats, getOrchestratorStats } from './repositories/orchestrator-stats.js';
import { createSchedulerStats, getSchedulerStats } from './repositories/scheduler-stats.js';

/** What a bad-input case must end in. */
export type Outcome =
  /** The call succeeds, `read` returns exactly `equals`, and only `adds` rows were added. */
  | {
      kind: 'stored';
      read: (db: Executor) => Promise<unknown>;
      equals: unknown;
      adds: Partial<Record<TableName, number>>;
    }
  /** A read succeeds and returns exactly `equals`, changing nothing. */
  | { kind: 'returns'; equals: unknown }
  /** Refused before any SQL by a ValidationError that names `field`; nothing changed. */
  | { kind: 'invalid'; field: string }
  /** Refused by the database with this DbError class; nothing changed. */
  | { kind: 'refused'; error: abstract new (...args: never[]) => DbError };

/** One input fed to one public function of @itinerary/db-queries. */
export interface BadInputCase {
  name: string;
  call: (db: Executor) => Promise<unknown>;
  outcome: Outcome;
}

// Untyped JavaScript callers can pass anything; the corpus does, on purpose.
// biome-ignore lint/suspicious/noExplicitAny: the corpus feeds values the types forbid.
type Untyped = any;

const T0 = Date.UTC(2026, 4, 1);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** SQL that would do damage if it were ever spliced into a statement instead of bound. */
export const INJECTIONS = [
  "'; DROP TABLE jobs; --",
  "x' OR '1'='1",
  "\\'; DELETE FROM job_runs; --",
  '"; DROP TABLE constraints; --',
  '1); DELETE FROM jobs WHERE (1=1',
  '`jobs`; TRUNCATE TABLE job_runs; #',
  '$1 $$ ?? ? :name @v $tag$',
  '%_*',
  '/* x */ SELECT SLEEP(10), pg_sleep(10) --',
  '\\',
  "'",
  "Robert'); DROP TABLE students;--",
];

/** Text every database must keep exactly: emoji, combining marks, other scripts, controls, the longest id. */
export const UNUSUAL_TEXT = [
  '🚀 déjà vu 日本語 👨‍👩‍👧‍👦 e\u0301 עברית',
  'tab\tnewline\ncr\rbell\u0007',
  'zero\u200bwidth\ufeffmarks',
  '🚀'.repeat(255),
  'i'.repeat(255),
];

/** Values a string field must refuse: other types, as an untyped caller might pass them. */
const NOT_STRINGS: unknown[] = [
  42,
  0,
  42n,
  true,
  null,
  ['fx'],
  { id: 'fx' },
  Object('fx'),
  () => 'fx',
  Symbol('fx'),
];
/** Strings no database stores unchanged: NUL, lone surrogates. */
const UNSTORABLE = ['a\0b', '\0', 'x\uD800', '\uDC00x', 'a\uD83D'];
/** Strings that are not usable keys. */
const BAD_IDS = ['', ' lead', 'trail ', 'i'.repeat(256), '🚀'.repeat(256), ...UNSTORABLE];
/** Key arguments of gets and deletes from untyped callers. */
const BAD_KEYS: unknown[] = [42, null, undefined, {}, ['fx-job'], '', 'a\0b', 'x\uD800'];
const BAD_DATES: unknown[] = [
  new Date('nope'),
  new Date(Number.NaN),
  new Date('0999-12-31T23:59:59.999Z'),
  new Date('+010000-01-01T00:00:00.000Z'),
  new Date(8.64e15),
  '2026-05-01T00:00:00Z',
  T0,
  {},
  null,
];
// Schedules a Kubernetes CronJob refuses (robfig/cron v3 ParseStandard, no TZ).
const BAD_CRON: unknown[] = [
  '61 * * * *',
  '* * * *',
  '* * * * * *',
  '',
  '   ',
  '@every 5x',
  '@every',
  '@reboot',
  ' @daily',
  '@daily ',
  "'; DROP TABLE jobs; --",
  'TZ=UTC * * * * *',
  'CRON_TZ=UTC 0 * * * *',
  'H * * * *',
  '0 0 L * *',
  '* * * * 7',
  '0 0 * * 1-7',
  '* * * * 8',
  '*/0 * * * *',
  '1-2-3 * * * *',
  // Valid cron, but more than a TEXT column holds on MySQL.
  `0 0 * * ${'1,'.repeat(33_000)}1`,
  'a\0b',
  5,
  null,
];
// Time zones a CronJob's .spec.timeZone refuses, or that this runtime's zone database lacks.
const BAD_TIME_ZONES: unknown[] = [
  '',
  'Local',
  'Mars/Olympus',
  'america/new_york',
  '../../etc/passwd',
  '+05:00',
  'America/New York',
  "'; DROP TABLE jobs; --",
  'Europe/London\0',
  'x'.repeat(300),
  5,
  {},
];
const BAD_DURATIONS: unknown[] = [
  '5x',
  '-5m',
  '+5m',
  '1h30',
  '',
  ' 5m',
  'PT5M',
  '5 m',
  '1e3s',
  '99999999999999999999h',
  '0h'.repeat(40_000),
  'a\0',
  5,
  {},
];
const HOOK_URL = 'https://hooks.example.test/x';
const BAD_HOOKS: unknown[] = [
  { type: 'slack' },
  { url: HOOK_URL },
  { type: 'teams', url: HOOK_URL },
  { type: 'webhook', url: 'javascript:alert(1)' },
  { type: 'webhook', url: 'ftp://hooks.example.test/x' },
  { type: 'webhook', url: 'not a url' },
  { type: 'webhook', url: ` ${HOOK_URL}` },
  { type: 'webhook', url: `${HOOK_URL}\0` },
  { type: 'webhook', url: HOOK_URL, extra: "'; DROP TABLE constraints; --" },
  { type: 'slack', url: HOOK_URL, channel: '' },
  { type: 'slack', url: HOOK_URL, channel: 42 },
  JSON.stringify({ type: 'slack', url: HOOK_URL }),
  [{ type: 'slack', url: HOOK_URL }],
  42,
];
const BAD_LIMITS: unknown[] = [
  -1,
  0,
  MAX_LIMIT + 1,
  1e9,
  2 ** 53,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '10',
  null,
  undefined,
  [10],
  10n,
];
const BAD_COUNTS: unknown[] = [-1, 1.5, 2 ** 31, '3', Number.NaN, Number.POSITIVE_INFINITY, null, true];

/** A short, printable rendering of a value for a test name. */
function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return 'Symbol()';
  if (typeof value === 'function') return 'a function';
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.constructor === String)
    return 'String object';
  let text: string;
  try {
    text =
      JSON.stringify(value, (_key, v: unknown) =>
        typeof v === 'bigint'
          ? `${v}n`
          : typeof v === 'function'
            ? 'a function'
            : v === undefined
              ? 'undefined'
              : v,
      ) ?? String(value);
  } catch {
    text = 'a circular object';
  }
  return text.length > 48 ? `${text.slice(0, 40)}… (${text.length} chars)` : text;
}

const invalid = (name: string, call: BadInputCase['call'], field: string): BadInputCase => ({
  name,
  call,
  outcome: { kind: 'invalid', field },
});
const refused = (
  name: string,
  call: BadInputCase['call'],
  error: abstract new (...args: never[]) => DbError,
): BadInputCase => ({
  name,
  call,
  outcome: { kind: 'refused', error },
});

// The rows the refusal cases aim at; created by seedBadInputFixtures.
const JOB = { id: 'fx-job', name: 'Fixture', schedule: '*/5 * * * *' };
const CONSTRAINT = { id: 'fx-constraint', maxConcurrentRuns: 1 };
const ACTION = { id: 'fx-action', name: 'Retry', actionType: 'retry', config: { maxRetries: 1 } };
const RUN = { jobId: 'fx-job', runId: 'fx-run', scheduledAt: at(0), status: 'running' };
const PERIOD = {
  statsPeriodId: 'fx-period',
  startTime: at(0),
  endTime: at(1),
  iterations: 1,
  runJobs: 1,
  lateJobs: 0,
  timePassedRunTime: 0,
  missedJobs: 0,
  timePassedGracePeriod: 0,
  jobsCancelled: 0,
};
const VIOLATION = {
  id: 'fx-violation',
  runId: 'fx-run',
  constraintId: 'fx-constraint',
  violationTime: at(0),
  details: { message: 'late' },
};
const ORCHESTRATOR = {
  runId: 'fx-run',
  statsPeriodId: 'fx-period',
  runtime: 1,
  constraintsChecked: 0,
  actionsTaken: 0,
};

/** Writes one row in every table for the refusal cases to aim at. */
export async function seedBadInputFixtures(db: Executor): Promise<void> {
  await createConstraint(db, CONSTRAINT);
  await createJob(db, { ...JOB, constraintId: 'fx-constraint' });
  await createAction(db, ACTION as Untyped);
  await createJobAction(db, { jobId: 'fx-job', actionId: 'fx-action', trigger: 'on_failure' });
  await createJobRun(db, RUN as Untyped);
  await createConstraintViolation(db, VIOLATION);
  await createSchedulerStats(db, PERIOD);
  await createOrchestratorStats(db, ORCHESTRATOR);
}

/**
 * Writes of values that must be stored verbatim and read back exactly. The cases of one value
 * build on each other, as an application's would: its constraint, then a job using it, …
 */
function storedCases(v: string, index: number): BadInputCase[] {
  const label = show(v);
  const minute = 1000 + index;
  const hook = { type: 'webhook' as const, url: `https://hooks.example.test/?q=${v}`, channel: v };
  const json = { [v]: v, list: [v, { [v]: [v, 1.5, -2, true, null] }] };
  const stored = (
    fn: string,
    call: BadInputCase['call'],
    read: (db: Executor) => Promise<unknown>,
    equals: unknown,
    adds: Partial<Record<TableName, number>> = {},
  ): BadInputCase => ({
    name: `${fn} stores ${label} verbatim`,
    call,
    outcome: { kind: 'stored', read, equals, adds },
  });
  const pick = <T extends object, K extends keyof T>(row: T, keys: K[]) =>
    Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
  return [
    stored(
      'createConstraint',
      (db) =>
        createConstraint(db, {
          id: v,
          catchUpWindow: '1h30m',
          preRunHook: hook,
          requirePreviousSuccess: { jobID: v, args: [v, v] },
        }),
      async (db) => pick(await getConstraint(db, v), ['id', 'preRunHook', 'requirePreviousSuccess']),
      { id: v, preRunHook: hook, requirePreviousSuccess: { jobID: v, args: [v, v] } },
      { constraints: 1 },
    ),
    stored(
      'updateConstraint',
      (db) => updateConstraint(db, { id: v, postRunHook: hook, maxExpectedRunTime: '5m' }),
      async (db) => pick(await getConstraint(db, v), ['preRunHook', 'postRunHook', 'maxExpectedRunTime']),
      { preRunHook: null, postRunHook: hook, maxExpectedRunTime: '5m' },
    ),
    stored(
      'createJob',
      (db) => createJob(db, { id: v, name: v, schedule: '0 * * * *', podSpec: json, constraintId: v }),
      async (db) => pick(await getJob(db, v), ['id', 'name', 'schedule', 'podSpec', 'constraintId']),
      { id: v, name: v, schedule: '0 * * * *', podSpec: json, constraintId: v },
      { jobs: 1 },
    ),
    stored(
      'updateJob',
      (db) =>
        updateJob(db, {
          id: v,
          name: v,
          schedule: '@daily',
          timeZone: 'Australia/Lord_Howe',
          podSpec: { args: [v] },
        }),
      async (db) => pick(await getJob(db, v), ['name', 'schedule', 'timeZone', 'podSpec', 'constraintId']),
      {
        name: v,
        schedule: '@daily',
        timeZone: 'Australia/Lord_Howe',
        podSpec: { args: [v] },
        constraintId: null,
      },
    ),
    stored(
      'createAction',
      (db) => createAction(db, { id: v, name: v, actionType: 'kickOffJob', config: { jobID: v, args: [v] } }),
      async (db) => pick(await getAction(db, v), ['id', 'name', 'actionType', 'config']),
      { id: v, name: v, actionType: 'kickOffJob', config: { jobID: v, args: [v] } },
      { actions: 1 },
    ),
    stored(
      'createJobAction',
      (db) => createJobAction(db, { jobId: v, actionId: v, trigger: 'on_violation', constraintId: v }),
      (db) => getJobActions(db, v),
      [{ jobId: v, actionId: v, trigger: 'on_violation', constraintId: v }],
      { job_actions: 1 },
    ),
    stored(
      'createJobRun',
      (db) => createJobRun(db, { jobId: v, runId: v, scheduledAt: at(minute), status: 'pending', error: v }),
      (db) => getJobRunByRunId(db, v),
      {
        jobId: v,
        runId: v,
        scheduledAt: at(minute),
        startedAt: null,
        completedAt: null,
        status: 'pending',
        success: null,
        error: v,
      },
      { job_runs: 1 },
    ),
    stored(
      'updateJobRunStatus',
      (db) => updateJobRunStatus(db, v, 'running'),
      async (db) => (await getJobRunByRunId(db, v)).status,
      'running',
    ),
    stored(
      'applyJobRunUpdates',
      (db) => applyJobRunUpdates(db, [{ runId: v, startedAt: at(minute + 1), error: null }]),
      async (db) => pick(await getJobRunByRunId(db, v), ['status', 'startedAt', 'error']),
      { status: 'running', startedAt: at(minute + 1), error: null },
    ),
    stored(
      'completeJobRun',
      (db) => completeJobRun(db, v, false, v),
      async (db) => pick(await getJobRunByRunId(db, v), ['status', 'success', 'error']),
      { status: 'failed', success: false, error: v },
    ),
    stored(
      'createConstraintViolation',
      (db) =>
        createConstraintViolation(db, {
          id: v,
          runId: v,
          constraintId: v,
          violationTime: at(minute),
          actionTaken: v,
          details: { message: v, currentValue: v, ...json },
        }),
      (db) => getConstraintViolations(db, v),
      [
        {
          id: v,
          runId: v,
          constraintId: v,
          violationTime: at(minute),
          actionTaken: v,
          details: { message: v, currentValue: v, ...json },
        },
      ],
      { constraint_violations: 1 },
    ),
    stored(
      'createSchedulerStats',
      (db) =>
        createSchedulerStats(db, { ...PERIOD, statsPeriodId: v, startTime: at(minute), endTime: at(minute) }),
      async (db) =>
        (await getSchedulerStats(db, at(minute), at(minute))).filter((s) => s.statsPeriodId === v),
      [
        {
          ...PERIOD,
          statsPeriodId: v,
          startTime: at(minute),
          endTime: at(minute),
          minInboxLength: null,
          maxInboxLength: null,
          avgInboxLength: null,
          emptyInboxTime: null,
          avgTimeInInbox: null,
          minTimeInInbox: null,
          maxTimeInInbox: null,
        },
      ],
      { scheduler_stats: 1 },
    ),
    stored(
      'createOrchestratorStats',
      (db) => createOrchestratorStats(db, { ...ORCHESTRATOR, runId: v, statsPeriodId: v }),
      (db) => getOrchestratorStats(db, v),
      [{ ...ORCHESTRATOR, runId: v, statsPeriodId: v }],
      { orchestrator_stats: 1 },
    ),
  ];
}

/** The largest values every database keeps whole. */
function longValueCases(): BadInputCase[] {
  const megabyte = 'm'.repeat(1_000_000);
  const fullText = 'x'.repeat(MAX_TEXT_BYTES);
  const fullEmoji = '🚀'.repeat(Math.floor(MAX_TEXT_BYTES / 4));
  return [
    {
      name: 'createJob stores a pod spec holding a 1 MB string',
      call: (db) =>
        createJob(db, {
          id: 'long-json',
          name: 'Long',
          schedule: '* * * * *',
          podSpec: { script: megabyte },
        }),
      outcome: {
        kind: 'stored',
        read: async (db) => (await getJob(db, 'long-json')).podSpec,
        equals: { script: megabyte },
        adds: { jobs: 1 },
      },
    },
    {
      name: `completeJobRun stores an error of ${MAX_TEXT_BYTES} bytes, the most a TEXT column holds`,
      call: async (db) => {
        await createJobRun(db, {
          jobId: 'fx-job',
          runId: 'long-error',
          scheduledAt: at(-1),
          status: 'running',
        });
        await completeJobRun(db, 'long-error', false, fullText);
      },
      outcome: {
        kind: 'stored',
        read: async (db) => (await getJobRunByRunId(db, 'long-error')).error,
        equals: fullText,
        adds: { job_runs: 1 },
      },
    },
    {
      name: `createConstraintViolation stores an actionTaken of ${fullEmoji.length / 2} emoji (4 bytes each)`,
      call: (db) =>
        createConstraintViolation(db, {
          id: 'long-action',
          runId: 'fx-run',
          constraintId: 'fx-constraint',
          violationTime: at(2),
          actionTaken: fullEmoji,
          details: { message: megabyte },
        }),
      outcome: {
        kind: 'stored',
        read: async (db) =>
          (await getConstraintViolations(db, 'fx-run')).find((v) => v.id === 'long-action')?.actionTaken,
        equals: fullEmoji,
        adds: { constraint_violations: 1 },
      },
    },
  ];
}

/** Every way the key of a row can be wrong, fed to a creating function through `field`. */
function badKeyCases(
  fn: string,
  field: string,
  call: (value: unknown) => (db: Executor) => Promise<unknown>,
) {
  return [...BAD_IDS, ...NOT_STRINGS, undefined].map((value) =>
    invalid(`${fn} refuses ${field} ${show(value)}`, call(value), field),
  );
}

/** Inputs every function must refuse, and reads of keys that must find nothing. */
function refusalCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const add = (...more: BadInputCase[]) => cases.push(...more);
  const with_ = <T extends object>(base: T, field: string, value: unknown) =>
    value === undefined
      ? Object.fromEntries(Object.entries(base).filter(([k]) => k !== field))
      : { ...base, [field]: value };

  // createJob / updateJob
  const job = { id: 'new-job', name: 'New', schedule: '* * * * *' };
  add(...badKeyCases('createJob', 'id', (v) => (db) => createJob(db, with_(job, 'id', v) as Untyped)));
  for (const v of [...UNSTORABLE, '', '   ', 'n'.repeat(256), ...NOT_STRINGS, undefined])
    add(
      invalid(
        `createJob refuses name ${show(v)}`,
        (db) => createJob(db, with_(job, 'name', v) as Untyped),
        'name',
      ),
    );
  for (const v of BAD_CRON)
    add(
      invalid(
        `createJob refuses schedule ${show(v)}`,
        (db) => createJob(db, { ...job, schedule: v } as Untyped),
        'schedule',
      ),
    );
  for (const v of BAD_TIME_ZONES)
    add(
      invalid(
        `createJob refuses timeZone ${show(v)}`,
        (db) => createJob(db, { ...job, timeZone: v } as Untyped),
        'timeZone',
      ),
      invalid(
        `updateJob refuses timeZone ${show(v)}`,
        (db) => updateJob(db, { ...JOB, timeZone: v } as Untyped),
        'timeZone',
      ),
    );
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  // An array with a hole, as `[1, , 3]` writes it: JSON.stringify would silently turn it into null.
  const holey: unknown[] = [1];
  holey[2] = 3;
  let deep: unknown = 'bottom';
  for (let i = 0; i < 150; i++) deep = { d: deep };
  for (const v of [
    'spec',
    [],
    42,
    { a: undefined },
    { a: Number.NaN },
    { a: Number.POSITIVE_INFINITY },
    { a: () => 1 },
    { a: 10n },
    { a: new Date(T0) },
    { a: new Map() },
    { a: 'x\0' },
    { 'k\uD800': 1 },
    { a: holey },
    circular,
    deep,
  ])
    add(
      invalid(
        `createJob refuses podSpec ${show(v)}`,
        (db) => createJob(db, { ...job, podSpec: v } as Untyped),
        'podSpec',
      ),
    );
  add(
    invalid(
      'createJob refuses an unknown field',
      (db) => createJob(db, { ...job, evil: "'; DROP TABLE jobs; --" } as Untyped),
      'evil',
    ),
    invalid(
      'createJob refuses a misspelt field',
      (db) => createJob(db, { ...job, constraintID: 'fx-constraint' } as Untyped),
      'constraintID',
    ),
    refused(
      'createJob refuses a constraint that does not exist',
      (db) => createJob(db, { ...job, constraintId: 'ghost' }),
      ForeignKeyError,
    ),
    refused(
      'createJob refuses an id that exists',
      (db) => createJob(db, { ...job, id: 'fx-job' }),
      DuplicateError,
    ),
  );
  for (const v of [null, undefined, 'job', [], 42])
    add(invalid(`createJob refuses a whole job of ${show(v)}`, (db) => createJob(db, v as Untyped), 'job'));
  add(
    invalid('updateJob refuses id 42', (db) => updateJob(db, { ...JOB, id: 42 } as Untyped), 'id'),
    invalid(
      'updateJob refuses a malformed schedule',
      (db) => updateJob(db, { ...JOB, schedule: '* * *' }),
      'schedule',
    ),
    invalid('updateJob refuses a NUL in the name', (db) => updateJob(db, { ...JOB, name: 'a\0' }), 'name'),
    invalid(
      'updateJob refuses a pod spec with undefined',
      (db) => updateJob(db, { ...JOB, podSpec: { a: undefined } } as Untyped),
      'podSpec',
    ),
    refused(
      'updateJob refuses a job that does not exist',
      (db) => updateJob(db, { ...JOB, id: "fx-job' OR '1'='1" }),
      NotFoundError,
    ),
  );

  // createConstraint / updateConstraint
  const constraint = { id: 'new-constraint' };
  add(
    ...badKeyCases(
      'createConstraint',
      'id',
      (v) => (db) => createConstraint(db, with_(constraint, 'id', v) as Untyped),
    ),
  );
  for (const v of [0, ...BAD_COUNTS.filter((c) => c !== null)])
    add(
      invalid(
        `createConstraint refuses maxConcurrentRuns ${show(v)}`,
        (db) => createConstraint(db, { ...constraint, maxConcurrentRuns: v } as Untyped),
        'maxConcurrentRuns',
      ),
    );
  for (const v of ['yes', 1, 0, 'false'])
    add(
      invalid(
        `createConstraint refuses catchUp ${show(v)}`,
        (db) => createConstraint(db, { ...constraint, catchUp: v } as Untyped),
        'catchUp',
      ),
    );
  for (const field of ['catchUpWindow', 'maxExpectedRunTime', 'maxAllowedRunTime'])
    for (const v of BAD_DURATIONS)
      add(
        invalid(
          `createConstraint refuses ${field} ${show(v)}`,
          (db) => createConstraint(db, { ...constraint, [field]: v } as Untyped),
          field,
        ),
      );
  for (const field of ['preRunHook', 'postRunHook'])
    for (const v of BAD_HOOKS)
      add(
        invalid(
          `createConstraint refuses ${field} ${show(v)}`,
          (db) => createConstraint(db, { ...constraint, [field]: v } as Untyped),
          field,
        ),
      );
  for (const v of [
    { jobID: '' },
    { jobID: 'x', args: 'a' },
    { jobID: 'x', args: [1] },
    { jobId: 'x' },
    { jobID: 'x', args: ['\0'] },
    'fx-job',
  ])
    add(
      invalid(
        `createConstraint refuses requirePreviousSuccess ${show(v)}`,
        (db) => createConstraint(db, { ...constraint, requirePreviousSuccess: v } as Untyped),
        'requirePreviousSuccess',
      ),
    );
  add(
    refused(
      'createConstraint refuses an id that exists',
      (db) => createConstraint(db, CONSTRAINT),
      DuplicateError,
    ),
    invalid(
      'updateConstraint refuses a bad duration',
      (db) => updateConstraint(db, { ...CONSTRAINT, catchUpWindow: '5x' }),
      'catchUpWindow',
    ),
    invalid(
      'updateConstraint refuses a javascript: hook',
      (db) =>
        updateConstraint(db, { ...CONSTRAINT, preRunHook: { type: 'webhook', url: 'javascript:alert(1)' } }),
      'preRunHook',
    ),
    invalid(
      'updateConstraint refuses maxConcurrentRuns -1',
      (db) => updateConstraint(db, { ...CONSTRAINT, maxConcurrentRuns: -1 }),
      'maxConcurrentRuns',
    ),
    refused(
      'updateConstraint refuses a constraint that does not exist',
      (db) => updateConstraint(db, { id: "ghost' OR 1=1 --" }),
      NotFoundError,
    ),
  );

  // createAction
  const action = { id: 'new-action', name: 'New', actionType: 'retry', config: { maxRetries: 1 } };
  add(
    ...badKeyCases('createAction', 'id', (v) => (db) => createAction(db, with_(action, 'id', v) as Untyped)),
  );
  for (const v of ['explode', 'RETRY', '', null, 1, undefined])
    add(
      invalid(
        `createAction refuses actionType ${show(v)}`,
        (db) => createAction(db, with_(action, 'actionType', v) as Untyped),
        'actionType',
      ),
    );
  for (const [type, config] of [
    ['retry', { maxRetries: 101 }],
    ['retry', { maxRetries: -1 }],
    ['retry', { maxRetries: 1.5 }],
    ['retry', { delay: '5x' }],
    ['kickOffJob', { jobId: 'x' }],
    ['kickOffJob', { jobID: "x'; --", args: [null] }],
    ['webhook', { jobID: 'x' }],
    ['webhook', { type: 'slack', url: 'javascript:alert(1)' }],
    ['killAllInstances', { count: 1 }],
    ['skipNextInstance', 'skip'],
  ] as const)
    add(
      invalid(
        `createAction refuses a ${type} config ${show(config)}`,
        (db) => createAction(db, { ...action, actionType: type, config } as Untyped),
        'config',
      ),
    );
  add(
    invalid(
      'createAction refuses a NUL in the name',
      (db) => createAction(db, { ...action, name: 'a\0' } as Untyped),
      'name',
    ),
  );

  // createJobAction
  const link = { jobId: 'fx-job', actionId: 'fx-action', trigger: 'on_success' };
  for (const v of ['on_explode', 'ON_FAILURE', '', 1, null, undefined])
    add(
      invalid(
        `createJobAction refuses trigger ${show(v)}`,
        (db) => createJobAction(db, with_(link, 'trigger', v) as Untyped),
        'trigger',
      ),
    );
  for (const v of [42, null, '', 'a\0'])
    add(
      invalid(
        `createJobAction refuses jobId ${show(v)}`,
        (db) => createJobAction(db, { ...link, jobId: v } as Untyped),
        'jobId',
      ),
    );
  add(
    invalid(
      'createJobAction refuses a constraint on a non-violation trigger',
      (db) => createJobAction(db, { ...link, constraintId: 'fx-constraint' } as Untyped),
      'constraintId',
    ),
    refused(
      'createJobAction refuses a job that does not exist',
      (db) => createJobAction(db, { ...link, jobId: "ghost' OR 1=1 --" } as Untyped),
      ForeignKeyError,
    ),
    refused(
      'createJobAction refuses a link that exists',
      (db) => createJobAction(db, { ...link, trigger: 'on_failure' } as Untyped),
      DuplicateError,
    ),
  );

  // createJobRun
  const run = { jobId: 'fx-job', runId: 'new-run', scheduledAt: at(5), status: 'pending' };
  add(
    ...badKeyCases(
      'createJobRun',
      'runId',
      (v) => (db) => createJobRun(db, with_(run, 'runId', v) as Untyped),
    ),
  );
  for (const field of ['scheduledAt', 'startedAt', 'completedAt'])
    for (const v of BAD_DATES.filter((d) => !(field !== 'scheduledAt' && d === null)))
      add(
        invalid(
          `createJobRun refuses ${field} ${show(v)}`,
          (db) => createJobRun(db, { ...run, [field]: v } as Untyped),
          field,
        ),
      );
  for (const v of ['RUNNING', 'done', '', 1, null, undefined])
    add(
      invalid(
        `createJobRun refuses status ${show(v)}`,
        (db) => createJobRun(db, with_(run, 'status', v) as Untyped),
        'status',
      ),
    );
  for (const v of ['true', 1, 0, {}])
    add(
      invalid(
        `createJobRun refuses success ${show(v)}`,
        (db) => createJobRun(db, { ...run, success: v } as Untyped),
        'success',
      ),
    );
  for (const v of [
    ...UNSTORABLE,
    42,
    'x'.repeat(MAX_TEXT_BYTES + 1),
    '🚀'.repeat(Math.floor(MAX_TEXT_BYTES / 4) + 1),
  ])
    add(
      invalid(
        `createJobRun refuses error ${show(v)}`,
        (db) => createJobRun(db, { ...run, error: v } as Untyped),
        'error',
      ),
    );
  add(
    refused(
      'createJobRun refuses a job that does not exist',
      (db) => createJobRun(db, { ...run, jobId: "ghost' OR '1'='1" } as Untyped),
      ForeignKeyError,
    ),
    refused(
      'createJobRun refuses a run id that exists',
      (db) => createJobRun(db, { ...run, runId: 'fx-run' } as Untyped),
      DuplicateError,
    ),
    refused(
      'createJobRun refuses a second run of a job at one time',
      (db) => createJobRun(db, { ...run, scheduledAt: at(0) } as Untyped),
      DuplicateError,
    ),
  );

  // updateJobRunStatus / completeJobRun
  for (const v of BAD_KEYS)
    add(
      invalid(
        `updateJobRunStatus refuses run id ${show(v)}`,
        (db) => updateJobRunStatus(db, v as Untyped, 'running'),
        'run id',
      ),
    );
  for (const v of ['RUNNING', 'bogus', '', null, 1, undefined, "completed'; --"])
    add(
      invalid(
        `updateJobRunStatus refuses status ${show(v)}`,
        (db) => updateJobRunStatus(db, 'fx-run', v as Untyped),
        'status',
      ),
    );
  add(
    refused(
      'updateJobRunStatus finds no run for an injected id',
      (db) => updateJobRunStatus(db, "ghost' OR '1'='1", 'failed'),
      NotFoundError,
    ),
  );
  for (const v of ['true', 1, 0, null, undefined, {}])
    add(
      invalid(
        `completeJobRun refuses success ${show(v)}`,
        (db) => completeJobRun(db, 'fx-run', v as Untyped),
        'success',
      ),
    );
  for (const v of [42, {}, ...UNSTORABLE, 'x'.repeat(MAX_TEXT_BYTES + 1)])
    add(
      invalid(
        `completeJobRun refuses error ${show(v)}`,
        (db) => completeJobRun(db, 'fx-run', false, v as Untyped),
        'error',
      ),
    );
  for (const v of BAD_KEYS.filter((k) => k !== undefined))
    add(
      invalid(
        `completeJobRun refuses run id ${show(v)}`,
        (db) => completeJobRun(db, v as Untyped, true),
        'run id',
      ),
    );
  add(
    refused(
      'completeJobRun finds no run for an injected id',
      (db) => completeJobRun(db, "ghost' OR 1=1 --", true),
      NotFoundError,
    ),
  );

  // applyJobRunUpdates: the whole batch is checked before anything is written
  let freshMinute = 100;
  const fresh = (runId: string) => ({
    runId,
    jobId: 'fx-job',
    scheduledAt: at(freshMinute++),
    status: 'pending',
  });
  for (const v of ['updates', {}, null, undefined, 42, new Map()])
    add(
      invalid(
        `applyJobRunUpdates refuses a batch of ${show(v)}`,
        (db) => applyJobRunUpdates(db, v as Untyped),
        'job run updates',
      ),
    );
  for (const [bad, field] of [
    [{ runId: 'b', status: 'bogus' }, '[2].status'],
    [{ runId: 'b', scheduledAt: '2026-05-01' }, '[2].scheduledAt'],
    [{ runId: 'b', startedAt: new Date('nope') }, '[2].startedAt'],
    [{ runId: 'b', success: 'yes' }, '[2].success'],
    [{ runId: 'b', error: 'a\0' }, '[2].error'],
    [{ runId: 42 }, '[2].runId'],
    [{ runId: 'b', evil: 1 }, '[2].evil'],
    ['b', '[2]'],
    [null, '[2]'],
  ] as const)
    add(
      invalid(
        `applyJobRunUpdates refuses a batch whose third update has ${show(bad)}`,
        (db) =>
          applyJobRunUpdates(db, [
            fresh('apply-a'),
            { runId: 'fx-run', status: 'completed' },
            bad,
          ] as Untyped),
        field,
      ),
    );
  // A null chunkSize is taken as "not set", as JavaScript callers mean it.
  for (const v of [0, -1, 1e9, 1.5, '10', Number.NaN])
    add(
      invalid(
        `applyJobRunUpdates refuses chunkSize ${show(v)}`,
        (db) => applyJobRunUpdates(db, [fresh('apply-c')] as Untyped, { chunkSize: v } as Untyped),
        'chunkSize',
      ),
    );
  add(
    refused(
      'applyJobRunUpdates writes nothing of a chunk whose insert fails',
      (db) =>
        applyJobRunUpdates(db, [fresh('apply-d'), { ...fresh('apply-e'), jobId: "ghost'; --" }] as Untyped),
      ForeignKeyError,
    ),
  );

  // createConstraintViolation
  const violation = { ...VIOLATION, id: 'new-violation' };
  add(
    ...badKeyCases(
      'createConstraintViolation',
      'id',
      (v) => (db) => createConstraintViolation(db, with_(violation, 'id', v) as Untyped),
    ),
  );
  for (const v of BAD_DATES)
    add(
      invalid(
        `createConstraintViolation refuses violationTime ${show(v)}`,
        (db) => createConstraintViolation(db, { ...violation, violationTime: v } as Untyped),
        'violationTime',
      ),
    );
  for (const v of [
    { message: 42 },
    {},
    { message: 'm', extra: undefined },
    { message: 'm', f: () => 1 },
    { message: 'm', n: Number.NaN },
    { message: 'm', self: circular },
    { message: 'm\0' },
    { message: 'm', webhookResponse: { status: -1, body: '' } },
    'details',
    [],
  ])
    add(
      invalid(
        `createConstraintViolation refuses details ${show(v)}`,
        (db) => createConstraintViolation(db, { ...violation, details: v } as Untyped),
        'details',
      ),
    );
  for (const v of [...UNSTORABLE, 'y'.repeat(MAX_TEXT_BYTES + 1), 7])
    add(
      invalid(
        `createConstraintViolation refuses actionTaken ${show(v)}`,
        (db) => createConstraintViolation(db, { ...violation, actionTaken: v } as Untyped),
        'actionTaken',
      ),
    );
  add(
    refused(
      'createConstraintViolation refuses a run that does not exist',
      (db) => createConstraintViolation(db, { ...violation, runId: "fx-run' --" }),
      ForeignKeyError,
    ),
    refused(
      'createConstraintViolation refuses an id that exists',
      (db) => createConstraintViolation(db, VIOLATION),
      DuplicateError,
    ),
  );

  // createSchedulerStats / createOrchestratorStats
  const period = { ...PERIOD, statsPeriodId: 'new-period' };
  add(
    ...badKeyCases(
      'createSchedulerStats',
      'statsPeriodId',
      (v) => (db) => createSchedulerStats(db, with_(period, 'statsPeriodId', v) as Untyped),
    ),
  );
  for (const field of ['iterations', 'runJobs', 'jobsCancelled', 'minInboxLength', 'maxTimeInInbox'])
    for (const v of BAD_COUNTS.filter((c) => !(c === null && field.includes('Inbox'))))
      add(
        invalid(
          `createSchedulerStats refuses ${field} ${show(v)}`,
          (db) => createSchedulerStats(db, { ...period, [field]: v } as Untyped),
          field,
        ),
      );
  for (const v of [-0.5, Number.NaN, Number.POSITIVE_INFINITY, '1.5'])
    add(
      invalid(
        `createSchedulerStats refuses avgInboxLength ${show(v)}`,
        (db) => createSchedulerStats(db, { ...period, avgInboxLength: v } as Untyped),
        'avgInboxLength',
      ),
    );
  for (const v of BAD_DATES)
    add(
      invalid(
        `createSchedulerStats refuses startTime ${show(v)}`,
        (db) => createSchedulerStats(db, { ...period, startTime: v } as Untyped),
        'startTime',
      ),
    );
  add(
    invalid(
      'createSchedulerStats refuses an end before the start',
      (db) => createSchedulerStats(db, { ...period, endTime: at(-1) }),
      'endTime',
    ),
  );
  const orchestrator = { ...ORCHESTRATOR, runId: 'new-orchestrated-run' };
  add(
    ...badKeyCases(
      'createOrchestratorStats',
      'runId',
      (v) => (db) => createOrchestratorStats(db, with_(orchestrator, 'runId', v) as Untyped),
    ),
  );
  for (const field of ['runtime', 'constraintsChecked', 'actionsTaken'])
    for (const v of BAD_COUNTS)
      add(
        invalid(
          `createOrchestratorStats refuses ${field} ${show(v)}`,
          (db) => createOrchestratorStats(db, { ...orchestrator, [field]: v } as Untyped),
          field,
        ),
      );
  add(
    refused(
      'createOrchestratorStats refuses a period that does not exist',
      (db) => createOrchestratorStats(db, { ...orchestrator, statsPeriodId: "ghost' OR 1=1 --" }),
      ForeignKeyError,
    ),
    refused(
      'createOrchestratorStats refuses a run written twice',
      (db) => createOrchestratorStats(db, ORCHESTRATOR),
      DuplicateError,
    ),
  );

  // Gets and deletes with bad keys: refused when malformed, not found when merely absent.
  const keyed: Array<[string, string, (db: Executor, key: unknown) => Promise<unknown>]> = [
    ['getJob', 'job id', (db, k) => getJob(db, k as Untyped)],
    ['deleteJob', 'job id', (db, k) => deleteJob(db, k as Untyped)],
    ['getConstraint', 'constraint id', (db, k) => getConstraint(db, k as Untyped)],
    ['deleteConstraint', 'constraint id', (db, k) => deleteConstraint(db, k as Untyped)],
    ['getAction', 'action id', (db, k) => getAction(db, k as Untyped)],
    ['deleteAction', 'action id', (db, k) => deleteAction(db, k as Untyped)],
    ['deleteJobAction', 'action id', (db, k) => deleteJobAction(db, 'fx-job', k as Untyped)],
    ['getJobRunByRunId', 'run id', (db, k) => getJobRunByRunId(db, k as Untyped)],
    ['getJobRun', 'job id', (db, k) => getJobRun(db, k as Untyped, at(0))],
  ];
  for (const [fn, field, call] of keyed) {
    for (const v of BAD_KEYS) add(invalid(`${fn} refuses key ${show(v)}`, (db) => call(db, v), field));
    // Absent keys that would match rows if they were spliced into SQL or matched with LIKE.
    for (const v of [
      "ghost' OR '1'='1",
      "fx-job' --",
      '%',
      'fx-%',
      'fx_job',
      'FX-JOB',
      "fx-action' OR 1=1 #",
    ])
      add(refused(`${fn} finds nothing for ${show(v)}`, (db) => call(db, v), NotFoundError));
  }
  for (const v of BAD_DATES)
    add(
      invalid(
        `getJobRun refuses scheduledAt ${show(v)}`,
        (db) => getJobRun(db, 'fx-job', v as Untyped),
        'scheduledAt',
      ),
    );
  for (const v of BAD_LIMITS) {
    add(
      invalid(`getJobRuns refuses limit ${show(v)}`, (db) => getJobRuns(db, 'fx-job', v as Untyped), 'limit'),
    );
    add(
      invalid(
        `getConstraintViolationsByConstraint refuses limit ${show(v)}`,
        (db) => getConstraintViolationsByConstraint(db, 'fx-constraint', v as Untyped),
        'limit',
      ),
    );
  }
  for (const v of BAD_DATES)
    add(
      invalid(
        `getSchedulerStats refuses startTime ${show(v)}`,
        (db) => getSchedulerStats(db, v as Untyped, at(10)),
        'startTime',
      ),
    );
  const empty = (name: string, call: BadInputCase['call']): BadInputCase => ({
    name,
    call,
    outcome: { kind: 'returns', equals: [] },
  });
  add(
    empty('getJobRuns finds no runs for an injected job id', (db) => getJobRuns(db, "fx-job' OR '1'='1", 10)),
    empty('getJobRuns finds no runs for a LIKE pattern', (db) => getJobRuns(db, 'fx-%', MAX_LIMIT)),
    empty('getJobActions finds no links for an injected job id', (db) => getJobActions(db, "' OR 1=1 --")),
    empty('getConstraintViolations finds none for an injected run id', (db) =>
      getConstraintViolations(db, "fx-run' OR '1'='1"),
    ),
    empty('getConstraintViolationsByConstraint finds none for a LIKE pattern', (db) =>
      getConstraintViolationsByConstraint(db, '%', 1),
    ),
    empty('getOrchestratorStats finds none for an injected period', (db) =>
      getOrchestratorStats(db, "fx-period' OR '1'='1"),
    ),
  );
  return cases;
}

/**
 * The whole corpus: every refusal (while the tables are small, as each one digests them all),
 * then values stored verbatim, then the largest values kept whole. Refusals aim at fixture
 * rows and at keys ("ghost…") that no stored case creates.
 */
export function badInputCorpus(): BadInputCase[] {
  return [
    ...refusalCases(),
    ...[...INJECTIONS, ...UNUSUAL_TEXT].flatMap((value, index) => storedCases(value, index)),
    ...longValueCases(),
  ];
}
