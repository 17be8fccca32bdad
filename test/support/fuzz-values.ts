import fc from 'fast-check';

/** Strings that have broken other servers: SQL, script, template and path injection, odd numbers. */
export const INJECTION = [
  "' OR '1'='1",
  "'; DROP TABLE case_events; --",
  '"; DELETE FROM cases; --',
  "1; UPDATE cases SET state='closed'",
  "' UNION SELECT password_hash FROM users --",
  '$1',
  '\\',
  '\\\\x00',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%s%s%s%n',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  '-2147483649',
  '0x7fffffff',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '{"$ne":null}',
  '$where',
  'system',
  'admin',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20',
  '2026-13-45T25:61:61Z',
  ' ',
  '\t\n\r',
  '\u00a0',
  '\u200b',
  '\u202e反转',
  '\ufeff',
  '🙂',
  '𠜎𠜱𠝹',
  'ｱｲｳ',
  'Ω≈ç√',
  '整改台账',
  '12345热线工单',
] as const;

/** Strings that are not valid Unicode (lone surrogates) or carry NUL. */
export const BROKEN_UNICODE = ['\ud800', '\udfff', 'a\ud800b', '\udc00\ud800', '\u0000', 'a\u0000b', '\u0000\u0000\u0000'] as const;

/** Keys that pollute prototypes in naive merge code. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', 'isPrototypeOf'] as const;

/** A long string, up to about the 1 MB body limit once serialised. */
export const hugeString = fc
  .tuple(fc.integer({ min: 1_000, max: 340_000 }), fc.constantFrom('x', '题', '🙂', "'", '\\', '"'))
  .map(([n, unit]) => unit.repeat(unit === '题' || unit === '🙂' ? n : Math.min(n * 3, 1_000_000)));

export const fuzzString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 80 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 60 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 40 },
  { arbitrary: fc.constantFrom(...INJECTION), weight: 100 },
  { arbitrary: fc.constantFrom(...BROKEN_UNICODE), weight: 20 },
  { arbitrary: fc.uuid(), weight: 20 },
  { arbitrary: fc.integer({ min: 201, max: 20_000 }).map((n) => 'a'.repeat(n)), weight: 20 },
  { arbitrary: hugeString, weight: 3 },
);

/** Any JSON-ish value: wrong types, odd numbers, nested containers with hostile keys. */
export const fuzzValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fuzzString, weight: 5 },
    { arbitrary: fc.integer(), weight: 2 },
    { arbitrary: fc.double(), weight: 1 },
    { arbitrary: fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE), weight: 1 },
    { arbitrary: fc.boolean(), weight: 1 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...PROTO_KEYS, ...INJECTION)), tie('value'), { maxKeys: 4 }), weight: 1 },
  ),
})).value;

/** JSON text of `value`, keeping keys such as "__proto__" as own keys (an object literal would not). */
export function toJsonText(value: unknown, extraKeys: [string, unknown][] = []): string {
  const text = JSON.stringify(value) ?? 'null';
  if (!extraKeys.length || !text.startsWith('{')) return text;
  const extra = extraKeys.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',');
  return text === '{}' ? `{${extra}}` : `{${extra},${text.slice(1)}`;
}

/** Percent-encodes any JS string, lone surrogates included (as the bytes a naive encoder would emit). */
export function encodeAny(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          const c = ch.charCodeAt(0);
          return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
        }
      })
      .join('');
  }
}

/** Path segment or query value, sometimes raw malformed percent-escapes. */
export const fuzzUrlPart: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fuzzString.filter((s) => s.length < 5_000).map(encodeAny), weight: 30 },
  { arbitrary: fc.constantFrom('%', '%%', '%G1', '%ZZ', '%C0%AF', '%FF%FE', '%ED%A0%80', '%00', '%2F', '%2E%2E', '..', '.', '~', '%25', '+', '%20'), weight: 15 },
  { arbitrary: fc.integer({ min: 5_000, max: 20_000 }).map((n) => 'z'.repeat(n)), weight: 1 },
);

/** Header values a client could send (Node refuses control characters, so these stay within Latin-1). */
export const fuzzHeaderValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  fc.constantFrom('', ' ', '-1', '0', '1.5', '99999999999999999999', 'W/"3"', '"3"', '*', 'null', "' OR 1=1 --", '../..', 'clé'),
  fc.integer({ min: 100, max: 6_000 }).map((n) => 'h'.repeat(n)),
);
