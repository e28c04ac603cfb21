// Mocha's spec reporter, plus one machine-readable line per run appended to $CIVICKIT_COUNTS
// ({"suite", "passed", "failed", "skipped", "failures"}), which .ci/run sums into its closing line; "failures" names
// the failed tests so the end of a CI log says which they were.
const fs = require('node:fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failed = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err) => {
      failed.push(
        `${test.fullTitle()}: ${String(err && err.message)
          .split('\n')[0]
          .slice(0, 300)}`,
      );
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.CIVICKIT_COUNTS;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      const suite = (options.reporterOption && options.reporterOption.suite) || 'mocha';
      fs.appendFileSync(file, `${JSON.stringify({ suite, passed: passes, failed: failures, skipped: pending, failures: failed.slice(0, 20) })}\n`);
    });
  }
}
module.exports = CountingReporter;
