import {
  addConnectionOptions,
  addDirectUrlOption,
  type ConnectionFlags,
  parseCommandLine,
  parseWholeNumber,
} from '@itinerary/cli-support';
import { Command, Option } from 'commander';
import { runCommand } from './command-runner.js';
import { plan } from './commands/plan.js';
import { status } from './commands/status.js';
import { up } from './commands/up.js';
import { verify } from './commands/verify.js';
import { EXIT, type ExitCode } from './exit-codes.js';

interface CommonFlags extends ConnectionFlags {
  json?: boolean;
  migrationsDir?: string;
}

const EXIT_CODES_HELP = `
Exit codes:
  0  success, or nothing to do
  1  unexpected failure (a migration's SQL failed, the database cannot be reached, ...)
  2  bad usage or configuration
  3  migrations pending (status --check)
  4  timed out waiting for another migrator's lock
  5  drift: an applied migration was edited or is missing, the database is newer than the files,
     or the live schema differs from what the migrations built (verify)
  6  a MySQL migration was left half-applied: see the message for how to recover
  7  interrupted by SIGINT or SIGTERM (after the migration in progress; the lock was released)`;

function common(command: Command): Command {
  return addDirectUrlOption(addConnectionOptions(command))
    .option('--json', 'print one JSON event per line instead of text')
    .addOption(
      new Option('--migrations-dir <path>', 'read migrations from this folder instead of the packaged ones'),
    );
}

/** Builds the `itinerary-migrate` program; `done` receives the exit code of the command that ran. */
export function buildProgram(done: (code: ExitCode) => void): Command {
  const program = new Command('itinerary-migrate')
    .description("Applies Itinerary's database migrations. Safe to run from several deploy replicas at once.")
    .showHelpAfterError()
    .addHelpText('after', EXIT_CODES_HELP);

  common(program.command('up'))
    .description('apply pending migrations, in order, under a lock')
    .option('--to <version>', 'stop after this version', (v) => parseWholeNumber(v, '--to', 1))
    .option(
      '--lock-timeout <ms>',
      'how long to wait for another migrator before giving up',
      (v) => parseWholeNumber(v, '--lock-timeout'),
      30_000,
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (flags: CommonFlags & { to?: number; lockTimeout: number }) => {
      done(
        await runCommand('up', flags, (ctx) =>
          up(ctx, {
            lockTimeoutMs: flags.lockTimeout,
            ...(flags.to === undefined ? {} : { to: flags.to }),
            ...(flags.migrationsDir === undefined ? {} : { migrationsDir: flags.migrationsDir }),
          }),
        ),
      );
    });

  common(program.command('status'))
    .description('show applied and pending migrations and any problem')
    .option('--check', `exit with ${EXIT.pending} when migrations are pending`)
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (flags: CommonFlags & { check?: boolean }) => {
      done(
        await runCommand('status', flags, (ctx) =>
          status(ctx, {
            check: flags.check === true,
            ...(flags.migrationsDir === undefined ? {} : { migrationsDir: flags.migrationsDir }),
          }),
        ),
      );
    });

  common(program.command('plan'))
    .description('show what up would apply, with the SQL, without changing anything')
    .option('--to <version>', 'stop after this version', (v) => parseWholeNumber(v, '--to', 1))
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (flags: CommonFlags & { to?: number }) => {
      done(
        await runCommand('plan', flags, (ctx) =>
          plan(ctx, {
            ...(flags.to === undefined ? {} : { to: flags.to }),
            ...(flags.migrationsDir === undefined ? {} : { migrationsDir: flags.migrationsDir }),
          }),
        ),
      );
    });

  common(program.command('verify'))
    .description('check the history against the files and the live schema against the migrations')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (flags: CommonFlags) => {
      done(
        await runCommand('verify', flags, (ctx) =>
          verify(ctx, flags.migrationsDir === undefined ? {} : { migrationsDir: flags.migrationsDir }),
        ),
      );
    });

  return program;
}

/** Runs the command line and resolves to the process's exit code. */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  const early = await parseCommandLine(program, argv);
  if (early !== undefined) return early;
  if (program.args.length === 0 && argv.length <= 2) {
    program.outputHelp();
    return EXIT.usage;
  }
  return code;
}
