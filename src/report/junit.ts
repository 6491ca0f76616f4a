/**
 * Playwright's JUnit reporter files a thrown error as `<error type="Error">`; a gate test fails
 * because the target broke the contract, so its entry becomes a `<failure>` whose type names the
 * checks that saw it (the message already names every finding: failureMessageOf), and the suites'
 * counts move it from errors to failures.
 */
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** An `<error>` element as Playwright writes it: its message, then (on lines of their own) its text. */
const ERROR = /<error message="([^"]*)" type="[^"]*">(\s*(?:<!\[CDATA\[[\s\S]*?\]\]>)?\s*)<\/error>/;

/** A count attribute of an element's opening tag, moved by `delta`. */
const moveCount = (tag: string, name: string, delta: number) => tag.replace(new RegExp(`\\b${name}="(\\d+)"`), (_m, n: string) => `${name}="${Number(n) + delta}"`);

/** `checksByTest`: for each failed test, by its JUnit name (its title path under the file), the checks that failed it. */
export function nameChecksInJunit(xml: string, checksByTest: ReadonlyMap<string, readonly string[]>): string {
  const byEscapedName = new Map([...checksByTest].map(([name, checks]) => [escapeXml(name), checks]));
  let moved = 0;
  const suites = xml.replace(/(<testsuite [^>]*>)([\s\S]*?<\/testsuite>)/g, (_whole, suiteOpen: string, suiteBody: string) => {
    let inSuite = 0;
    const body = suiteBody.replace(/(<testcase name="([^"]*)"[^>]*>)([\s\S]*?<\/testcase>)/g, (whole, open: string, name: string, rest: string) => {
      const checks = byEscapedName.get(name);
      if (!checks || checks.length === 0 || !ERROR.test(rest)) return whole;
      inSuite++;
      return open + rest.replace(ERROR, (_e, message: string, text: string) => `<failure message="${message}" type="${escapeXml(checks.join(', '))}">${text}</failure>`);
    });
    moved += inSuite;
    return moveCount(moveCount(suiteOpen, 'failures', inSuite), 'errors', -inSuite) + body;
  });
  return suites.replace(/<testsuites [^>]*>/, (open) => moveCount(moveCount(open, 'failures', moved), 'errors', -moved));
}
