/**
 * Where a command's output goes: lines for people, or one JSON object per line for
 * pipelines. Every string passes through `redact`, so a password can never be printed.
 */
export interface Reporter {
  /** A line for people; ignored in JSON mode. */
  info(text: string): void;
  /** An event: printed as a JSON line in JSON mode, as `text` otherwise. */
  event(name: string, fields: Record<string, unknown>, text?: string): void;
  /** A failure, on stderr (human) or as an `error` event (JSON). */
  error(message: string, fields: Record<string, unknown>): void;
}

/** Builds the reporter for `--json` or human output; `secrets` are masked wherever they appear. */
export function createReporter(json: boolean, secrets: readonly string[]): Reporter {
  const redact = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  const line = (stream: NodeJS.WriteStream, text: string) => stream.write(`${redact(text)}\n`);
  if (json) {
    const emit = (name: string, fields: Record<string, unknown>) =>
      line(process.stdout, JSON.stringify({ event: name, time: new Date().toISOString(), ...fields }));
    return {
      info: () => undefined,
      event: emit,
      error: (message, fields) => emit('error', { message, ...fields }),
    };
  }
  return {
    info: (text) => line(process.stdout, text),
    event: (_name, _fields, text) => {
      if (text !== undefined) line(process.stdout, text);
    },
    error: (message) => line(process.stderr, `error: ${message}`),
  };
}

/** Prints `err` as a failure, with its error code and the exit code it ends the command with. */
export function reportFailure(reporter: Reporter, err: unknown, exitCode: number): void {
  const code = (err as { code?: unknown } | null)?.code;
  reporter.error(err instanceof Error ? err.message : String(err), {
    code: typeof code === 'string' ? code : undefined,
    exitCode,
  });
}
