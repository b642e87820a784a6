import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOrganizationWithTruth } from '../../sim/generator';

const ROOT = join(__dirname, '../..');

function generateCli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'sim/generate-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('generate-cli', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'generate-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN valid flags WHEN run without --out THEN stdout is the scenario the generator makes', () => {
    const result = generateCli('--accounts', '5', '--users', '10', '--seed', '1');

    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(generateOrganizationWithTruth({ accounts: 5, usersPerAccount: 10, seed: 1 }).scenario);
  });

  it('GIVEN --out and --truth WHEN run THEN both files are written and stdout stays empty', () => {
    const out = join(dir, 'org.json');
    const truth = join(dir, 'truth.json');
    const result = generateCli('--accounts', '6', '--users', '4', '--seed', '2', '--full-dependents', '--inactive-share', '0.5', '--out', out, '--truth', truth);
    const expected = generateOrganizationWithTruth({ accounts: 6, usersPerAccount: 4, seed: 2, fullDependents: true, inactiveShare: 0.5 });

    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(expected.scenario);
    expect(JSON.parse(readFileSync(truth, 'utf8'))).toEqual(expected.truth);
  });

  it.each([
    [['--accounts', '5', '--users', '10'], /--seed is required/],
    [['--accounts', 'five', '--users', '10', '--seed', '1'], /--accounts="five" is not valid/],
    [['--accounts', '5', '--users', '10', '--seed', '1', '--bogus'], /Unknown option '--bogus'/],
    [['--accounts', '5', '--users', '10', '--seed', '1', '--inactive-share', '2'], /--inactive-share=2 is not valid/],
    [['--accounts', '5', '--users', '10', '--seed', '1', '--caller-account', '42'], /--caller-account=42 is not valid/],
    [['--accounts', '3', '--users', '10', '--seed', '1', '--suspended', '2'], /do not fit/],
  ])('GIVEN bad flags %j WHEN run THEN it exits 2 saying %s', (args, message) => {
    const result = generateCli(...args);

    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage:');
  });
});
