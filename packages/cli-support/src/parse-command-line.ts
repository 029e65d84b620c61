import { type Command, CommanderError } from 'commander';
import { COMMON_EXIT } from './exit-codes.js';

/**
 * Runs `program` on `argv` without letting commander exit the process. Resolves to `undefined`
 * when a command ran (it reports its own exit code), to 0 after `--help` or `--version`, and to
 * the usage code after a usage error, which commander or an option parser (a bad number) has
 * printed or which is printed here on stderr.
 */
export async function parseCommandLine(
  program: Command,
  argv: readonly string[],
): Promise<typeof COMMON_EXIT.ok | typeof COMMON_EXIT.usage | undefined> {
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return undefined;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? COMMON_EXIT.ok : COMMON_EXIT.usage;
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return COMMON_EXIT.usage;
  }
}
