import { UsageError } from '../errors.js';

/**
 * Imports a driver package on first use. Drivers are optional peer dependencies, so a missing
 * one is a set-up mistake: say which package to install instead of a bare module error.
 */
export async function loadDriver<T>(packageName: string, forDriver: string): Promise<T> {
  try {
    const mod = (await import(packageName)) as { default?: T } & T;
    return (mod.default ?? mod) as T;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new UsageError(
        `the ${forDriver} driver needs the npm package "${packageName}", which is not installed: add it to your project (for example \`pnpm add ${packageName}\`)`,
        { cause: err, code: 'DRIVER_NOT_INSTALLED' },
      );
    }
    throw err;
  }
}
