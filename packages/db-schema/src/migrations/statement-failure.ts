/** The part of a failed statement a message quotes: enough to recognise it, never a whole file. */
export function quoteStatement(statement: string, maxLength = 600): string {
  const text = statement.length > maxLength ? `${statement.slice(0, maxLength)}…` : statement;
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** The driver's message of a failure, for the sentence that explains it. */
export function causeMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
