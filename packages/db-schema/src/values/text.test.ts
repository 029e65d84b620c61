import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { idSchema, MAX_TEXT_BYTES, nameSchema, textColumnSchema, textSchema } from './text.js';

describe('textSchema', () => {
  it('accepts any well-formed string without NUL, including emoji and empty text', () => {
    for (const text of ['', 'plain', 'caf\u00e9', '\u{1F600} ok', ' padded '])
      expect(textSchema.parse(text)).toBe(text);
  });

  it('refuses a NUL character, naming the value', () => {
    expect(() => validate(textSchema, 'a\0b', 'text')).toThrow(
      'invalid text: "a\\u0000b" contains a NUL character (U+0000), which PostgreSQL cannot store',
    );
  });

  it('refuses lone surrogates but not surrogate pairs', () => {
    expect(() => validate(textSchema, 'x\uD800', 'text')).toThrow('contains a lone surrogate (U+D800)');
    expect(() => validate(textSchema, '\uDC00y', 'text')).toThrow('contains a lone surrogate (U+DC00)');
    expect(textSchema.parse('\uD83D\uDE00')).toBe('\u{1F600}');
  });
});

describe('idSchema', () => {
  it('accepts ordinary ids up to 255 characters, counting code points', () => {
    expect(idSchema.parse('job-123')).toBe('job-123');
    expect(idSchema.parse('a'.repeat(255))).toHaveLength(255);
    const emoji = '\u{1F600}'.repeat(255);
    expect(idSchema.parse(emoji)).toBe(emoji);
  });

  it.each([
    ['', 'must not be empty'],
    ['job-1 ', '"job-1 " must not start or end with whitespace'],
    [' job-1', '" job-1" must not start or end with whitespace'],
    ['job-1\t', 'must not start or end with whitespace'],
    ['a'.repeat(256), 'is longer than 255 characters'],
    ['job\0', 'contains a NUL character'],
    ['job\uDFFF', 'contains a lone surrogate'],
  ])('refuses %j', (id, message) => {
    expect(() => validate(idSchema, id, 'id')).toThrow(message);
  });
});

describe('nameSchema', () => {
  it('accepts names with inner and edge spaces', () => {
    expect(nameSchema.parse('Daily Report')).toBe('Daily Report');
  });

  it('refuses blank, overlong and unstorable names', () => {
    expect(() => validate(nameSchema, '   ', 'job')).toThrow('"   " must not be empty or blank');
    expect(() => validate(nameSchema, 'n'.repeat(256), 'job')).toThrow('is longer than 255 characters');
    expect(() => validate(nameSchema, 'Daily\0Report', 'job')).toThrow(
      '"Daily\\u0000Report" contains a NUL character',
    );
  });
});

describe('textColumnSchema', () => {
  it('accepts text up to the 65,535 UTF-8 bytes of a MySQL TEXT column, counting bytes', () => {
    expect(textColumnSchema.parse('x'.repeat(MAX_TEXT_BYTES))).toHaveLength(MAX_TEXT_BYTES);
    // 4 bytes each: 16,383 emoji are 65,532 bytes.
    const emoji = '\u{1F680}'.repeat(16_383);
    expect(textColumnSchema.parse(emoji)).toBe(emoji);
  });

  it('refuses longer text, saying how long it is, and what textSchema refuses', () => {
    expect(() => validate(textColumnSchema, 'x'.repeat(MAX_TEXT_BYTES + 1), 'job run')).toThrow(
      'is 65536 bytes in UTF-8, more than the 65535 a TEXT column holds on MySQL',
    );
    expect(() => validate(textColumnSchema, '\u{1F680}'.repeat(16_384), 'job run')).toThrow(
      'is 65536 bytes in UTF-8',
    );
    expect(() => validate(textColumnSchema, 'a\0', 'job run')).toThrow('contains a NUL character');
  });
});
