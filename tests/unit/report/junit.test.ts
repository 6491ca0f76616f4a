import { expect, test } from 'vitest';
import { nameChecksInJunit } from '../../../src/report/junit';

// As Playwright 1.65 writes it: the error's text on lines of its own, and the counts on both levels.
const xml = [
  '<testsuites id="" name="" tests="4" failures="0" skipped="0" errors="3" time="1">',
  '<testsuite name="contract.spec.ts" timestamp="t" hostname="" tests="4" failures="0" skipped="0" time="1" errors="3">',
  '<testcase name="listMemories (GET /v1/dev/user/memories) › auth" classname="contract.spec.ts" time="1">',
  '<error message="violations: auth_required on listMemories (403); status_code_conformance on listMemories (403)" type="Error">',
  '<![CDATA[the blocks </error> quoted]]>',
  '</error>',
  '</testcase>',
  '<testcase name="createMemory (POST /v1/dev/user/memories) › auth" classname="contract.spec.ts" time="1">',
  '<error message="boom" type="Error">',
  '<![CDATA[a crash of the suite]]>',
  '</error>',
  '</testcase>',
  '<testcase name="a &amp; b" classname="contract.spec.ts" time="1"><error message="m" type="x"></error></testcase>',
  '<testcase name="passes" classname="contract.spec.ts" time="1"></testcase>',
  '</testsuite>',
  '</testsuites>',
].join('\n');

test('a gate test failed by violations is a JUnit failure typed by its checks, counted as one; any other error stays an error', () => {
  const out = nameChecksInJunit(xml, new Map([['listMemories (GET /v1/dev/user/memories) › auth', ['auth_required', 'status_code_conformance']], ['a & b', ['page_exact']]]));
  expect(out).toContain('<failure message="violations: auth_required on listMemories (403); status_code_conformance on listMemories (403)" type="auth_required, status_code_conformance">\n<![CDATA[the blocks </error> quoted]]>\n</failure>\n</testcase>');
  expect(out).toContain('<error message="boom" type="Error">\n<![CDATA[a crash of the suite]]>\n</error>');
  expect(out).toContain('<testcase name="a &amp; b" classname="contract.spec.ts" time="1"><failure message="m" type="page_exact"></failure>');
  expect(out.split('\n')[0]).toBe('<testsuites id="" name="" tests="4" failures="2" skipped="0" errors="1" time="1">');
  expect(out.split('\n')[1]).toBe('<testsuite name="contract.spec.ts" timestamp="t" hostname="" tests="4" failures="2" skipped="0" time="1" errors="1">');
  expect(nameChecksInJunit(xml, new Map())).toBe(xml);
});
