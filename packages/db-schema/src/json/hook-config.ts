import { z } from 'zod';
import { describeValue } from '../describe-value.js';
import { nameSchema, stringWithRule, textProblem } from '../values/text.js';

/** The kinds of endpoint a hook notifies. */
export const HOOK_TYPES = ['slack', 'webhook'] as const;
/** Accepts one of `HOOK_TYPES`. */
export const hookTypeSchema = z.enum(HOOK_TYPES);
export type HookType = (typeof HOOK_TYPES)[number];

function httpUrlProblem(text: string): string | undefined {
  const problem = textProblem(text);
  if (problem !== undefined) return problem;
  // The URL parser silently trims edge whitespace, so the stored string would differ from the one used.
  if (text.trim() !== text) return `${describeValue(text)} must not start or end with whitespace`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${describeValue(text)} is not a valid URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${describeValue(text)} is not an http or https URL`;
  }
  return undefined;
}

/** An absolute http:// or https:// URL. */
export const httpUrlSchema = stringWithRule(httpUrlProblem);

/** A pre-run or post-run hook, e.g. `{ "type": "slack", "url": "https://hooks.slack.com/...", "channel": "#alerts" }`. */
export const hookConfigSchema = z
  .object({
    type: hookTypeSchema,
    url: httpUrlSchema,
    channel: nameSchema.optional(),
  })
  .strict();
export type HookConfig = z.infer<typeof hookConfigSchema>;
