import { describeValue } from '../describe-value.js';
import { stringWithRule } from './text.js';

// Kubernetes' validTimeZoneCharacters (pkg/apis/batch/validation): IANA's naming rules, with
// digits and '+' tolerated for legacy names such as Etc/GMT+5.
const ZONE_NAME_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

// Intl ignores case ("america/new_york" works) but Go's time.LoadLocation, which Kubernetes
// checks the name with, does not; the canonical names give the spelling to suggest.
let canonicalByLowerCase: Map<string, string> | undefined;
function canonicalSpelling(name: string): string | undefined {
  if (canonicalByLowerCase === undefined) {
    canonicalByLowerCase = new Map(
      Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]),
    );
  }
  return canonicalByLowerCase.get(name.toLowerCase());
}

function readZone(name: string): string | undefined {
  if (name === '') return 'must be null (UTC) or a non-empty IANA time zone name';
  const unknown = `unknown time zone ${describeValue(name)}`;
  for (const part of name.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !ZONE_NAME_PART.test(part)) return unknown;
  }
  if (name.toLowerCase() === 'local') {
    return `${describeValue(name)} is not an explicit time zone; use an IANA name such as "Europe/London", or null for UTC`;
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return `${unknown}: this runtime's time zone database does not have it`;
  }
  const spelling = [canonicalSpelling(name), resolved].find(
    (candidate) =>
      candidate !== undefined && candidate !== name && candidate.toLowerCase() === name.toLowerCase(),
  );
  if (spelling !== undefined) {
    return `${unknown}: zone names are case-sensitive, did you mean ${describeValue(spelling)}?`;
  }
  return undefined;
}

// Constructing an Intl.DateTimeFormat costs tens of microseconds, and jobs share few zones.
const verdicts = new Map<string, string | undefined>();
const VERDICT_LIMIT = 1000;

/**
 * Why `name` is not a job time zone, or undefined when it is: Kubernetes' rules for a
 * CronJob's `.spec.timeZone` (no empty string, no `Local`, IANA characters), checked against
 * the runtime's zone database.
 */
export function timeZoneProblem(name: string): string | undefined {
  if (verdicts.has(name)) return verdicts.get(name);
  const problem = readZone(name);
  if (verdicts.size >= VERDICT_LIMIT) verdicts.clear();
  verdicts.set(name, problem);
  return problem;
}

/** An IANA time zone name such as `Europe/London`, as a CronJob's `.spec.timeZone`. */
export const timeZoneSchema = stringWithRule(timeZoneProblem);
