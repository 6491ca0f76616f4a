import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './support/contract';

// The rooms of src/ and the way imports may run between them: a case flows from the contract through
// the model to generation and the checks, the engine sends and judges it, reports format what it
// found, and the harness wires it into Playwright. Configuration and transport stand beside the flow.
// docs/architecture.md draws the same picture; this test keeps it true.

/** Each room, and the rooms it may import from. */
const MAY_IMPORT: Record<string, string[]> = {
  contract: [],
  model: ['contract'],
  validate: ['contract', 'model'],
  config: ['contract', 'model'],
  transport: ['contract', 'model', 'config'],
  generate: ['contract', 'model', 'validate'],
  checks: ['contract', 'model', 'validate'],
  engine: ['contract', 'model', 'validate', 'config', 'transport', 'generate', 'checks'],
  report: ['contract', 'model', 'engine'],
  harness: ['contract', 'model', 'validate', 'config', 'transport', 'generate', 'checks', 'engine', 'report'],
  // The commands use the engine and its plan, never the Playwright wiring.
  cli: ['contract', 'model', 'validate', 'config', 'transport', 'generate', 'checks', 'engine', 'report'],
  'spec-diff': ['contract', 'model'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    return entry.isDirectory() ? sourceFiles(relative) : entry.name.endsWith('.ts') ? [relative] : [];
  });
}

const roomOf = (file: string) => file.split('/')[1];
const IMPORT = /^(?:import|export)\s[^'"]*from\s+'(\.[^']+)'/gm;

test('every room of src/ is a known one, and every import runs with the flow', () => {
  const against: string[] = [];
  const files = sourceFiles('src');
  for (const file of files) {
    const room = roomOf(file);
    expect(Object.keys(MAY_IMPORT), `${file} is in a room the flow does not know`).toContain(room);
    for (const [, specifier] of readFileSync(path.join(ROOT, file), 'utf8').matchAll(IMPORT)) {
      const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), specifier));
      const to = roomOf(target);
      if (to !== room && !MAY_IMPORT[room].includes(to)) against.push(`${file} imports ${target} (${room} -> ${to})`);
    }
  }
  expect(files.length).toBeGreaterThan(100);
  expect(against).toEqual([]);
});

test('the check sees an import against the flow', () => {
  // What the test above reads, on a line it must refuse: a check importing the transport.
  const line = "import { jsonOf } from '../transport/http';";
  const [[, specifier]] = [...line.matchAll(IMPORT)];
  const to = roomOf(path.relative(ROOT, path.resolve(ROOT, 'src/checks', specifier)));
  expect(MAY_IMPORT.checks).not.toContain(to);
});

test('no source file is above 300 lines, and every room says what it holds', () => {
  const long = sourceFiles('src').map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8').split('\n').length] as const).filter(([, lines]) => lines > 300);
  expect(long).toEqual([]);
  for (const room of Object.keys(MAY_IMPORT)) {
    const readme = readFileSync(path.join(ROOT, 'src', room, 'README.md'), 'utf8');
    expect(readme, `src/${room}/README.md`).toMatch(/^# src\/[a-z-]+\n\n\S/);
  }
});
