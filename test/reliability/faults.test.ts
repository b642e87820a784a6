/**
 * The fault campaign (campaign.ts), as `npm run test:faults` prints it: every case runs at once, each in its
 * own simulator, after a clean run that says what each is expected to do. Each case must keep every
 * invariant of the promise, pass its own checks on the final state and the report, and lose nothing.
 */
import { CASES, renderTable, runCampaign, type CaseResult } from './campaign';

let results: CaseResult[] = [];
beforeAll(async () => {
  results = await runCampaign();
}, 300_000);

const resultOf = (name: string) => {
  const result = results.find((r) => r.name === name);
  if (!result) throw new Error(`case ${name} did not run`);
  return result;
};

test('the clean run does something to lose: every kind of destructive action', () => {
  const clean = resultOf('none (clean run)');
  expect(clean.problems).toEqual([]);
  expect(clean.tally).toMatchObject({ expected: 5, done: 5, lost: [] });
});

test.each(CASES.map((c) => [c.name, c.faults]))('%s (%s): the promise holds, its checks pass, nothing is lost', (name) => {
  const result = resultOf(name);
  expect(result.problems).toEqual([]);
  expect(result.tally.lost).toEqual([]);
  expect(result.tally.done + result.tally.reported).toBe(result.tally.expected);
});

test('the table shows nothing lost', () => {
  const table = renderTable(results);
  expect(table).toMatch(/^case +faults injected +expected +done +reported +lost/);
  expect(table).toContain('lost in all: 0');
  expect(table).toContain('lost      expected actions neither done nor reported');
  for (const c of CASES) expect(table).toContain(c.name);
});
