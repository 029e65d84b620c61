import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { hookConfigSchema } from './hook-config.js';

describe('hookConfigSchema', () => {
  it('accepts the spec example and a hook without a channel', () => {
    const hook = {
      type: 'slack',
      url: 'https://hooks.slack.com/services/T000/B000/XXXX',
      channel: '#notifications',
    };
    expect(hookConfigSchema.parse(hook)).toEqual(hook);
    expect(hookConfigSchema.parse({ type: 'webhook', url: 'http://localhost:8080/hook' })).toEqual({
      type: 'webhook',
      url: 'http://localhost:8080/hook',
    });
  });

  it.each([
    [{ type: 'teams', url: 'https://x.test' }, 'type: "teams" is not one of: slack, webhook'],
    [{ type: 'slack', url: 'ftp://x.test/hook' }, 'url: "ftp://x.test/hook" is not an http or https URL'],
    [{ type: 'slack', url: 'hooks.slack.com/x' }, 'url: "hooks.slack.com/x" is not a valid URL'],
    [
      { type: 'slack', url: ' https://x.test' },
      'url: " https://x.test" must not start or end with whitespace',
    ],
    [{ type: 'slack' }, 'url: is required'],
    [{ type: 'slack', url: 'https://x.test', channel: '' }, 'channel: "" must not be empty or blank'],
    [
      { type: 'slack', url: 'https://x.test', Channel: '#a' },
      'unknown field "Channel" (did you mean "channel"?)',
    ],
  ])('refuses %j', (hook, message) => {
    expect(() => validate(hookConfigSchema, hook, 'hook')).toThrow(`invalid hook: ${message}`);
  });
});
