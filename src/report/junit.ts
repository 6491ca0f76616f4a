/**
 * Playwright's JUnit reporter files a thrown error as `<error type="Error">`; a gate test fails
 * because the target broke the contract, so its entry becomes a `<failure>` whose type names the
 * checks that saw it (the message already names every finding: failureMessageOf).
 */
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** `checksByTest`: for each failed test, by its JUnit name (its title path under the file), the checks that failed it. */
export function nameChecksInJunit(xml: string, checksByTest: ReadonlyMap<string, readonly string[]>): string {
  const byEscapedName = new Map([...checksByTest].map(([name, checks]) => [escapeXml(name), checks]));
  return xml.replace(/(<testcase name="([^"]*)"[^>]*>)([\s\S]*?<\/testcase>)/g, (whole, open: string, name: string, rest: string) => {
    const checks = byEscapedName.get(name);
    if (!checks || checks.length === 0) return whole;
    const body = rest.replace(/<error message="([^"]*)" type="[^"]*">((?:<!\[CDATA\[[\s\S]*?\]\]>)?)<\/error>/, (_e, message: string, text: string) => `<failure message="${message}" type="${escapeXml(checks.join(', '))}">${text}</failure>`);
    return open + body;
  });
}
