/** The first SIGINT or SIGTERM as an abort signal, and the way to stop listening. */
export interface SignalStop {
  readonly signal: AbortSignal;
  /** Removes the handlers; call it in `finally`. */
  dispose(): void;
}

/**
 * Turns the first SIGINT or SIGTERM into an abort of `signal`, telling the user (through `say`)
 * that the command stops after `after`. A second signal gets Node's default behaviour, so a
 * user who presses Ctrl-C twice ends the process at once.
 */
export function stopOnSignals(say: (message: string) => void, after: string): SignalStop {
  const controller = new AbortController();
  const dispose = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
  function stop(signal: NodeJS.Signals) {
    dispose();
    say(`received ${signal}: stopping after ${after}`);
    controller.abort(new Error(`received ${signal}`));
  }
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { signal: controller.signal, dispose };
}
