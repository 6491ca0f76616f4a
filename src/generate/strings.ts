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

type Span = readonly [weight: number, min: number, max: number];

/**
 * Characters from weighted code-point ranges, each decoded from one random integer: strings are
 * arrays of integers mapped once, since an arbitrary (and a map) per character is most of what
 * generation would otherwise cost.
 */
class Alphabet {
  private readonly slots: Span[];

  constructor(spans: readonly Span[]) {
    this.slots = spans.flatMap((span) => Array.from({ length: span[0] }, () => span));
  }

  char(draw: number): string {
    const [, min, max] = this.slots[draw % this.slots.length];
    return String.fromCodePoint(min + (Math.floor(draw / this.slots.length) % (max - min + 1)));
  }

  text(draws: number[]): string {
    let out = '';
    for (const draw of draws) out += this.char(draw);
    return out;
  }
}

const DRAW = fc.integer({ min: 0, max: 0x7fffffff });
const single = (...points: number[]): Span[] => points.map((p) => [1, p, p]);

const SPANS = {
  ascii: [[1, 0x20, 0x7e]],
  // BMP letters and symbols, surrogates excluded: Latin-1, Greek to Latin Extended, CJK, Hangul.
  nonAscii: [[1, 0xa1, 0x2af], [1, 0x370, 0x1fff], [1, 0x3041, 0x9fff], [1, 0xac00, 0xd7a3]],
  astral: [[1, 0x1f300, 0x1faff], [1, 0x10000, 0x10ffff]],
  combining: [[1, 0x300, 0x36f], [1, 0x1ab0, 0x1aff], [1, 0x20d0, 0x20ff]],
  control: [[2, 0x0, 0x1f], [1, 0x7f, 0x7f], [1, 0x80, 0x9f]],
  whitespace: single(0x20, 0x09, 0x0a, 0x0d, 0xa0, 0x2003, 0x3000, 0x2028),
} satisfies Record<string, Span[]>;

const ALPHABETS = {
  ascii: new Alphabet(SPANS.ascii),
  nonAscii: new Alphabet(SPANS.nonAscii),
  astral: new Alphabet(SPANS.astral),
  combining: new Alphabet(SPANS.combining),
  control: new Alphabet(SPANS.control),
  whitespace: new Alphabet(SPANS.whitespace),
  /** Mostly ASCII, with BMP letters and astral characters mixed in. */
  mixed: new Alphabet([[8, 0x20, 0x7e], ...SPANS.nonAscii, ...SPANS.astral]),
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

const draws = (range: LengthRange) => fc.array(DRAW, { minLength: range.min, maxLength: range.max });

function stringOf(alphabet: Alphabet, range: LengthRange): fc.Arbitrary<string> {
  return draws(range).map((d) => alphabet.text(d));
}

/**
 * A long string: a short random core repeated to a random length. Drawing each of thousands of code
 * points would make long strings the bulk of generation time for no extra reach.
 */
function repeatedTo(alphabet: Alphabet, range: LengthRange): fc.Arbitrary<string> {
  return fc.tuple(draws({ min: 1, max: SHORT_STRING_CEILING }), fc.integer(range)).map(([core, length]) => {
    const text = alphabet.text(core);
    return text.repeat(Math.floor(length / core.length)) + alphabet.text(core.slice(0, length % core.length));
  });
}

/** A string of `range` code points, at least one of which comes from `special`. */
function withSpecial(special: Alphabet, filler: Alphabet, range: LengthRange): fc.Arbitrary<string> {
  return fc.tuple(DRAW, draws({ min: range.min - 1, max: range.max - 1 }), fc.nat()).map(([one, rest, at]) => {
    const position = at % (rest.length + 1);
    return filler.text(rest.slice(0, position)) + special.char(one) + filler.text(rest.slice(position));
  });
}

function edgeClass(name: StringEdgeClass, minLength: number, maxLength: number): fc.Arbitrary<string> | undefined {
  const range = (classMin: number, classMax: number) => clampRange(minLength, maxLength, classMin, classMax);
  const build = (r: LengthRange | undefined, make: (r: LengthRange) => fc.Arbitrary<string>) => (r ? make(r) : undefined);
  switch (name) {
    case 'plain':
      return build(range(1, SHORT_STRING_CEILING), (r) => stringOf(ALPHABETS.ascii, r));
    case 'non-ascii':
      return build(range(1, SHORT_STRING_CEILING), (r) => withSpecial(ALPHABETS.nonAscii, ALPHABETS.mixed, r));
    case 'astral':
      return build(range(1, SHORT_STRING_CEILING), (r) => withSpecial(ALPHABETS.astral, ALPHABETS.mixed, r));
    case 'combining':
      return build(range(1, SHORT_STRING_CEILING), (r) => withSpecial(ALPHABETS.combining, ALPHABETS.ascii, r));
    case 'control':
      return build(range(1, SHORT_STRING_CEILING), (r) => withSpecial(ALPHABETS.control, ALPHABETS.ascii, r));
    case 'padded':
      return build(range(2, SHORT_STRING_CEILING), (r) =>
        fc.tuple(DRAW, draws({ min: r.min - 1, max: r.max - 1 }), fc.boolean()).map(([space, core, leading]) => {
          const [pad, text] = [ALPHABETS.whitespace.char(space), ALPHABETS.mixed.text(core)];
          return leading ? pad + text : text + pad;
        }),
      );
    case 'whitespace-only':
      return build(range(1, 8), (r) => stringOf(ALPHABETS.whitespace, r));
    case 'empty':
      return minLength === 0 ? fc.constant('') : undefined;
    case 'long':
      return build(range(LONG_STRING_THRESHOLD + 1, LONG_STRING_CEILING), (r) => repeatedTo(ALPHABETS.mixed, r));
  }
}

/** Free-text strings biased to the edge classes, each class equally likely when the length bounds allow it. */
export function edgeBiasedString(minLength = 0, maxLength = Number.MAX_SAFE_INTEGER): fc.Arbitrary<string> {
  const classes = STRING_EDGE_CLASSES.map((name) => edgeClass(name, minLength, maxLength)).filter(
    (arb): arb is fc.Arbitrary<string> => arb !== undefined,
  );
  if (classes.length === 0) {
    // Bounds that no class fits (say minLength 30, maxLength 40): plain text of an allowed length.
    return stringOf(ALPHABETS.mixed, { min: minLength, max: maxLength });
  }
  return fc.oneof(...classes);
}

/** Control characters other than the whitespace ones (tab, line feed, carriage return). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Which edge classes a string belongs to, judged from the text alone (the census uses it). */
export function classifyString(text: string): StringEdgeClass[] {
  const found: StringEdgeClass[] = [];
  const points = [...text].map((c) => c.codePointAt(0)!);
  if (text === '') found.push('empty');
  else if (/^\s+$/u.test(text)) found.push('whitespace-only');
  else if (/^\s|\s$/u.test(text)) found.push('padded');
  // Whitespace (tab, newline, no-break space) counts for the whitespace classes only.
  // Stryker disable next-line EqualityOperator: p >= 0x7f adds only U+007F, a control character the CONTROL test leaves out either way
  if (points.some((p) => p > 0x7f && !/\s/u.test(String.fromCodePoint(p)) && !CONTROL.test(String.fromCodePoint(p)))) found.push('non-ascii');
  if (points.some((p) => p > 0xffff)) found.push('astral');
  if (/\p{M}/u.test(text)) found.push('combining');
  if (CONTROL.test(text)) found.push('control');
  if (points.length > LONG_STRING_THRESHOLD) found.push('long');
  if (found.length === 0) found.push('plain');
  return found;
}
