/** `iam-sweep demo` (what `npm run demo` runs) as a child process. */
import { runCli } from './cli-process';

test('demo runs report then delete mode against the demo organization, prints both reports and exits 0', async () => {
  // WHEN the demo runs with nothing but the repository
  const result = await runCli(['demo']);

  // THEN both reports and the before/after summary are printed, and the simulator is gone (the process ended)
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('iam-sweep report for organization o-exampledemo (nothing was changed)');
  expect(result.stdout).toContain('iam-sweep delete for organization o-exampledemo');
  expect(result.stdout).toMatch(/dev +333333333333 +16 +\d+ +.*former-employee-alice/);
  expect(result.stdout).toMatch(/security-tooling +222222222222 +6 +6 +-/);
  expect(result.stderr).toContain('account 777777777777 legacy-no-sweep-role: failed');
}, 60_000);
