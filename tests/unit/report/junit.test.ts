import { expect, test } from 'vitest';
import { nameChecksInJunit } from '../../../src/report/junit';

const xml = [
  '<testsuites><testsuite name="contract.spec.ts">',
  '<testcase name="listMemories (GET /v1/dev/user/memories) › auth" classname="contract.spec.ts" time="1"><error message="violations: auth_required on listMemories (403); status_code_conformance on listMemories (403)" type="violations"><![CDATA[the blocks </error> quoted]]></error></testcase>',
  '<testcase name="createMemory (POST /v1/dev/user/memories) › auth" classname="contract.spec.ts" time="1"><error message="boom" type="Error"><![CDATA[a crash of the suite]]></error></testcase>',
  '<testcase name="a &amp; b" classname="contract.spec.ts" time="1"><error message="m" type="x"></error></testcase>',
  '</testsuite></testsuites>',
].join('\n');

test('a gate test failed by violations is a JUnit failure typed by its checks; any other error stays an error', () => {
  const out = nameChecksInJunit(xml, new Map([['listMemories (GET /v1/dev/user/memories) › auth', ['auth_required', 'status_code_conformance']], ['a & b', ['page_exact']]]));
  expect(out).toContain('<failure message="violations: auth_required on listMemories (403); status_code_conformance on listMemories (403)" type="auth_required, status_code_conformance"><![CDATA[the blocks </error> quoted]]></failure></testcase>');
  expect(out).toContain('<error message="boom" type="Error"><![CDATA[a crash of the suite]]></error>');
  expect(out).toContain('<testcase name="a &amp; b" classname="contract.spec.ts" time="1"><failure message="m" type="page_exact"></failure>');
  expect(nameChecksInJunit(xml, new Map())).toBe(xml);
});
