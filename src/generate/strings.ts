import fc from 'fast-check';

/**
 * Strings that real servers trip on, as named classes. Each class is built to a code-point length
 * range so that minLength/maxLength hold by construction (JSON Schema counts code points).
 */
export const STRING_EDGE_CLASSES = [
  'plain',
  'non-ascii',
  'astral',
  'combining',
  'control',
  'padded',
  'whitespace-only',
  'empty',
  'long',
] as const;
export type StringEdgeClass = (typeof STRING_EDGE_CLASSES)[number];

/** Names past this length are "long": the size at which naive column limits and buffers break. */
export const LONG_STRING_THRESHOLD = 1000;
const LONG_STRING_CEILING = 2500;
const SHORT_STRING_CEILING = 24;

const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));

export const UNITS = {
  ascii: codePoint(0x20, 0x7e),
  // BMP letters and symbols, surrogates excluded: Latin-1, Greek to Latin Extended, CJK, Hangul.
  nonAscii: fc.oneof(codePoint(0xa1, 0x2af), codePoint(0x370, 0x1fff), codePoint(0x3041, 0x9fff), codePoint(0xac00, 0xd7a3)),
  astral: fc.oneof(codePoint(0x1f300, 0x1faff), codePoint(0x10000, 0x10ffff)),
  combining: fc.oneof(codePoint(0x300, 0x36f), codePoint(0x1ab0, 0x1aff), codePoint(0x20d0, 0x20ff)),
  control: fc.oneof(codePoint(0x0, 0x1f), fc.constant('\u007f'), codePoint(0x80, 0x9f)),
  whitespace: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\u2028'),
};

export const codePointLength = (text: string) => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

interface LengthRange {
  min: number;
  max: number;
}

function clampRange(schemaMin: number, schemaMax: number, classMin: number, classMax: number): LengthRange | undefined {
  const min = Math.max(schemaMin, classMin);
  const max = Math.min(schemaMax, classMax);
  return min <= max ? { min, max } : undefined;
}

const mixed = fc.oneof(UNITS.ascii, UNITS.ascii, UNITS.nonAscii, UNITS.astral);

function stringOf(unit: fc.Arbitrary<string>, range: LengthRange): fc.Arbitrary<string> {
  return fc.array(unit, { minLength: range.min, maxLength: range.max }).map((units) => units.join(''));
}

/** A string of `range` code points, at least one of which comes from `special`. */
function withSpecial(special: fc.Arbitrary<string>, filler: fc.Arbitrary<string>, range: LengthRange): fc.Arbitrary<string> {
  return fc
    .tuple(special, fc.array(filler, { minLength: range.min - 1, maxLength: range.max - 1 }), fc.nat())
    .map(([one, rest, at]) => {
      const position = rest.length === 0 ? 0 : at % (rest.length + 1);
      return [...rest.slice(0, position), one, ...rest.slice(position)].join('');
    });
}

function edgeClass(name: StringEdgeClass, minLength: number, maxLength: number): fc.Arbitrary<string> | undefined {
  const range = (classMin: number, classMax: number) => clampRange(minLength, maxLength, classMin, classMax);
  const build = (r: LengthRange | undefined, make: (r: LengthRange) => fc.Arbitrary<string>) => (r ? make(r) : undefined);
  switch (name) {
    case 'plain':
      return build(range(1, SHORT_STRING_CEILING), (r) => stringOf(UNITS.ascii, r));
    case 'non-ascii':
      return build(range(1, SHORT_STRING_CEILING), (r) => withSpecial(UNITS.nonAscii, mixed, r));
    case 'astral':
      return build(range(1, SHORT_STRING_CEILING), (r) => withSpecial(UNITS.astral, mixed, r));
    case 'combining':
      return build(range(1, SHORT_STRING_CEILING), (r) => withSpecial(UNITS.combining, UNITS.ascii, r));
    case 'control':
      return build(range(1, SHORT_STRING_CEILING), (r) => withSpecial(UNITS.control, UNITS.ascii, r));
    case 'padded':
      return build(range(2, SHORT_STRING_CEILING), (r) =>
        fc
          .tuple(UNITS.whitespace, stringOf(mixed, { min: r.min - 1, max: r.max - 1 }), fc.boolean())
          .map(([space, core, leading]) => (leading ? space + core : core + space)),
      );
    case 'whitespace-only':
      return build(range(1, 8), (r) => stringOf(UNITS.whitespace, r));
    case 'empty':
      return minLength === 0 ? fc.constant('') : undefined;
    case 'long':
      return build(range(LONG_STRING_THRESHOLD + 1, LONG_STRING_CEILING), (r) => stringOf(mixed, r));
  }
}

/** Free-text strings biased to the edge classes, each class equally likely when the length bounds allow it. */
export function edgeBiasedString(minLength = 0, maxLength = Number.MAX_SAFE_INTEGER): fc.Arbitrary<string> {
  const classes = STRING_EDGE_CLASSES.map((name) => edgeClass(name, minLength, maxLength)).filter(
    (arb): arb is fc.Arbitrary<string> => arb !== undefined,
  );
  if (classes.length === 0) {
    // Bounds that no class fits (say minLength 30, maxLength 40): plain text of an allowed length.
    return stringOf(mixed, { min: minLength, max: maxLength });
  }
  return fc.oneof(...classes);
}

/** Which edge classes a string belongs to, judged from the text alone (the census uses it). */
export function classifyString(text: string): StringEdgeClass[] {
  const found: StringEdgeClass[] = [];
  const points = [...text].map((c) => c.codePointAt(0)!);
  if (text === '') found.push('empty');
  else if (/^\s+$/u.test(text)) found.push('whitespace-only');
  else if (/^\s|\s$/u.test(text)) found.push('padded');
  if (points.some((p) => p > 0x7f)) found.push('non-ascii');
  if (points.some((p) => p > 0xffff)) found.push('astral');
  if (/\p{M}/u.test(text)) found.push('combining');
  if (/\p{Cc}/u.test(text)) found.push('control');
  if (points.length > LONG_STRING_THRESHOLD) found.push('long');
  if (found.length === 0) found.push('plain');
  return found;
}
