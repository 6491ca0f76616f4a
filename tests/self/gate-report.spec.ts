import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { startReferenceServer } from '../../fixtures/reference-server';
import { cleanUpAfterTests, CONTRACT_PATH, PLAYWRIGHT, ROOT, runGateCli, spawnTracked } from './support';

test.afterAll(cleanUpAfterTests);

// The gate's own report (reports/gate.html), opened as a person would: in Chromium, from file:// and
// from show-report. Debian's chromium (apt-get install chromium; .ci/run installs it): Playwright's
// own browser download does not work on this machine.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TOKEN = 'omi_test_report_credential_7d2e';

interface ReportedViolation {
  check: string;
  operationId: string;
}

/** Every finding shown, each with its request and response readable, and none of the run's secrets anywhere in the page. */
async function expectReadableAndRedacted(page: Page, violations: ReportedViolation[], secrets: string[]): Promise<void> {
  await expect(page.locator('#verdict')).toHaveText(/^Gate failed: \d+ cause\(s\)/);
  const shown = page.locator('article.violation');
  await expect(shown).toHaveCount(violations.length);
  for (let i = 0; i < violations.length; i++) {
    const block = shown.nth(i);
    await block.scrollIntoViewIfNeeded();
    await expect(block).toBeVisible();
    // Request, response, replay, curl: each a visible block of text, the response with its status line.
    await expect(block.locator('pre')).toHaveCount(4);
    for (const pre of await block.locator('pre').all()) await expect(pre).toBeVisible();
    await expect(block.locator('.exchange pre').nth(0)).toContainText(/^(GET|POST|PATCH|PUT|DELETE) http:\/\/127\.0\.0\.1:/);
    await expect(block.locator('.exchange pre').nth(1)).toContainText(/^(\d{3}|no response)/);
  }
  for (const { check, operationId } of violations) await expect(page.locator('section.finding h3', { hasText: `${operationId} · ${check}` }).first()).toBeVisible();
  await expect(page.locator('table.matrix tbody tr')).not.toHaveCount(0);
  // What a person can read and what the page holds (attributes, hidden parts): no secret in either.
  const rendered = `${await page.content()}\n${await page.locator('body').innerText()}`;
  expect(rendered).toContain('[Filtered]');
  expect(secrets.filter((secret) => rendered.includes(secret))).toEqual([]);
}

test('gate.html shows every finding with its request and response, in Chromium, from file:// and show-report, with no secret in it', async ({}, testInfo) => {
  test.setTimeout(240_000);
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (the README's setup)`).toBe(true);
  // list-leaks-secret puts created keys' secrets in list bodies: the page's evidence holds them, filtered.
  const server = await startReferenceServer({ token: TOKEN, fault: 'list-leaks-secret' });
  let browser: Browser | undefined;
  try {
    const result = await runGateCli({ OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '3' });
    expect(result.code, result.stdout.slice(-2000)).toBe(1);
    const violations = JSON.parse(readFileSync(path.join(result.reportDir, 'violations.json'), 'utf8')) as ReportedViolation[];
    expect(violations.map((v) => v.check)).toContain('list_hides_secrets');
    const secrets = [TOKEN, ...server.issuedSecrets()];
    expect(secrets.length).toBeGreaterThan(10);

    browser = await chromium.launch({ executablePath: CHROMIUM });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(path.join(result.reportDir, 'gate.html')).href);
    await expectReadableAndRedacted(page, violations, secrets);
    await expect(page.locator('dl.facts')).toContainText(`live: ${server.url}`);
    await expect(page.locator('dl.facts dd').nth(1)).toHaveText('3');
    // The causes open the page and link to their evidence; the filter shows one check's violations only.
    const link = page.locator('#causes ~ ol a').first();
    const target = (await link.getAttribute('href'))!.slice(1);
    await link.click();
    await expect(page.locator(`article#${target}`)).toBeInViewport();
    await page.selectOption('#by-check', 'list_hides_secrets');
    await expect(page.locator('section.finding:visible')).toHaveCount(await page.locator('section.finding[data-check="list_hides_secrets"]').count());
    await expect(page.locator('section.finding[data-check="list_hides_secrets"]').first()).toBeVisible();
    await page.selectOption('#by-check', '');
    // The top of the page: the verdict and the facts a blocked engineer reads first.
    await page.locator('#verdict').scrollIntoViewIfNeeded();
    const shot = testInfo.outputPath('gate.png');
    await page.screenshot({ path: shot, fullPage: false });
    await testInfo.attach('gate.html in Chromium', { path: shot, contentType: 'image/png' });

    // The same page served by Playwright's show-report, beside its own report.
    const port = 9300 + testInfo.workerIndex;
    const serving = spawnTracked(PLAYWRIGHT, ['show-report', path.join(result.reportDir, 'html'), '--host', '127.0.0.1', '--port', String(port)], { cwd: ROOT, env: { ...process.env, PW_TEST_HTML_REPORT_OPEN: 'never' } });
    try {
      await expect(async () => {
        const response = await page.goto(`http://127.0.0.1:${port}/gate.html`);
        expect(response?.status()).toBe(200);
        expect(response?.headers()['content-type']).toMatch(/text\/html/);
      }).toPass({ timeout: 20_000 });
      await expectReadableAndRedacted(page, violations, secrets);
    } finally {
      process.kill(-serving.pid!, 'SIGTERM');
    }
  } finally {
    await browser?.close();
    await server.close();
  }
});
