import { defineConfig } from '@playwright/test';

// `npx playwright merge-reports --config playwright.merge.config.ts <blob folders>`: one HTML report,
// one JUnit file and one summary from the shards of a run.
const reportDir = process.env.OMI_REPORT_DIR ?? 'reports';

export default defineConfig({
  testDir: 'tests/gate',
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: `${reportDir}/html` }],
    ['junit', { outputFile: `${reportDir}/junit.xml` }],
    ['./src/harness/summary-reporter.ts', { outputFile: `${reportDir}/summary.json`, htmlReportDir: `${reportDir}/html`, junitFile: `${reportDir}/junit.xml` }],
  ],
});
