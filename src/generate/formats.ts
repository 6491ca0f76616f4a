import fc from 'fast-check';

// Values of each string format across its whole space, not one spelling: a server that mishandles an
// offset (+05:30, -08:00) or seconds without a fraction is met, not passed by. Lower-case `t` and `z`,
// which RFC 3339 allows but Go's time.Parse refuses, are not sent: their reading is not pinned.

const DAY_MS = 86_400_000;
const FROM = Date.UTC(1970, 0, 1);
const TO = Date.UTC(2100, 0, 1);

const two = (n: number) => String(n).padStart(2, '0');

/** A calendar day, as YYYY-MM-DD. */
const day = fc.integer({ min: 0, max: Math.floor((TO - FROM) / DAY_MS) }).map((d) => new Date(FROM + d * DAY_MS).toISOString().slice(0, 10));

/** Fractions of a second as people write them: none, milliseconds, one digit (finer ones are not pinned: docs/unpinned-values.md). */
const fraction = fc.constantFrom('', '.000', '.5', '.250', '.1');

/** Offsets as RFC 3339 allows them: Z, z, positive and negative, with minutes that are not zero. */
const offset = fc.oneof(
  fc.constantFrom('Z', '+00:00', '+05:30', '-08:00', '+14:00', '-12:00', '+09:45'),
  fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 13 }), fc.constantFrom(0, 15, 30, 45)).map(([sign, h, m]) => `${sign}${two(h)}:${two(m)}`),
);

/** A time of day with its offset, as RFC 3339's full-time. */
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fraction, offset)
  .map(([h, m, s, f, o]) => `${two(h)}:${two(m)}:${two(s)}${f}${o}`);

const dateTime = fc.tuple(day, time).map(([d, rest]) => `${d}T${rest}`);

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.'));

/** Every string format the generators write, each a value ajv-formats' full mode accepts. */
export const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  'date-time': () => fc.oneof({ arbitrary: fc.date({ min: new Date(FROM), max: new Date(TO), noInvalidDate: true }).map((d) => d.toISOString()), weight: 1 }, { arbitrary: dateTime, weight: 2 }),
  date: () => day,
  time: () => time,
  uuid: () => fc.uuid(),
  email: () => fc.emailAddress(),
  uri: () => fc.webUrl(),
  'uri-reference': () => fc.oneof(fc.webUrl(), fc.webPath()),
  hostname: () => fc.domain(),
  ipv4: () => ipv4,
  ipv6: () => fc.ipV6(),
  byte: () => fc.base64String({ maxLength: 64 }),
  binary: () => fc.string({ maxLength: 32 }),
  password: () => fc.string({ minLength: 1, maxLength: 32 }),
};

/** Formats of numbers, which bound the value: as integer ranges. */
export const NUMBER_FORMATS: Record<string, { min: number; max: number }> = {
  int32: { min: -(2 ** 31), max: 2 ** 31 - 1 },
  int64: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
};

/** Number formats that say only how the value is stored: every JSON number of the type fits. */
export const STORAGE_FORMATS = new Set(['float', 'double']);
