import type { z } from 'zod';

/**
 * A `when` guard for a cross-field refinement: run it as soon as the fields it reads parsed
 * cleanly, so its issue is reported alongside unrelated field errors instead of after them.
 */
export function whenFieldsValid(...fields: string[]): (payload: z.core.ParsePayload) => boolean {
  return (payload) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some((issue) => {
      const first = issue.path?.[0];
      return typeof first === 'string' && fields.includes(first);
    });
}
