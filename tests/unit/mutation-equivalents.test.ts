import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './support/contract';

// Every mutant marked equivalent in the source is listed in docs/mutation.md with the same reason, at the
// line it stands on, and it lists no other: the list a reader trusts is the one Stryker obeys.

const MARK = /\/\/ Stryker disable next-line ([^:]+): (.+)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    return entry.isDirectory() ? sourceFiles(relative) : entry.name.endsWith('.ts') ? [relative] : [];
  });
}

test('docs/mutation.md lists exactly the equivalent mutants the source marks, each at its line and with its reason', () => {
  const marked = sourceFiles('src').flatMap((file) => readFileSync(path.join(ROOT, file), 'utf8').split('\n').flatMap((line, i) => {
    const mark = MARK.exec(line);
    return mark ? [`\`${file}:${i + 2}\` | ${mark[1]} | ${mark[2]}`] : [];
  }));
  const readme = readFileSync(path.join(ROOT, 'docs', 'mutation.md'), 'utf8');
  const table = readme.slice(readme.indexOf('| where | mutator | why it is equivalent |'));
  const end = table.indexOf('\n\n');
  const listed = table.slice(0, end === -1 ? undefined : end).trimEnd().split('\n').slice(2).map((row) => row.replace(/^\| /, '').replace(/ \|$/, ''));
  expect(marked.length).toBeGreaterThan(0);
  expect(listed.sort()).toEqual(marked.sort());
});
