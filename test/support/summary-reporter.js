/**
 * Prints the Node.js version the tests ran on (the Lambda's major is the one that counts), then one closing
 * line, `jest: N passed, N failed`, that CI can read whatever jest's own format.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(
      `\nNode.js ${process.version}\njest: ${results.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : '') + '\n',
    );
  }
}
module.exports = SummaryReporter;
