// Mocha's spec reporter, plus one machine-readable line per run appended to $CIVICKIT_COUNTS
// ({"suite", "passed", "failed", "skipped"}), which .ci/run sums into its closing line.
const fs = require('node:fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.CIVICKIT_COUNTS;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      const suite = (options.reporterOption && options.reporterOption.suite) || 'mocha';
      fs.appendFileSync(file, `${JSON.stringify({ suite, passed: passes, failed: failures, skipped: pending })}\n`);
    });
  }
}
module.exports = CountingReporter;
