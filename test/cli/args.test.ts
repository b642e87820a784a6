/** Flag parsing and the help text: pure, with literal inputs. */
import { SETTINGS } from '../../lambdas/engine/config';
import { parseFlags, UsageError } from '../../lambdas/cli/args';
import { RUN_FLAGS, rawSettingsFromFlags } from '../../lambdas/cli/run-command';
import { RUN_USAGE } from '../../lambdas/cli/usage';

describe('parseFlags', () => {
  const spec = { '--mode': 'value', '--yes': 'switch', '--help': 'switch' } as const;

  test('reads --flag value, --flag=value and switches', () => {
    expect(parseFlags(['--mode', 'delete', '--yes'], spec, 'run')).toEqual({ '--mode': 'delete', '--yes': true });
    expect(parseFlags(['--mode=a=b'], spec, 'run')).toEqual({ '--mode': 'a=b' });
    expect(parseFlags(['-h'], spec, 'run')).toEqual({ '--help': true });
  });

  test.each([
    [['--bogus'], 'unknown flag --bogus for iam-sweep run'],
    [['delete'], 'unexpected argument "delete"'],
    [['--mode'], '--mode needs a value'],
    [['--mode', '--yes'], '--mode needs a value'],
    [['--mode=a', '--mode=b'], '--mode is given more than once'],
    [['--yes=no'], '--yes takes no value'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseFlags(argv, spec, 'run')).toThrow(UsageError);
    expect(() => parseFlags(argv, spec, 'run')).toThrow(message);
  });
});

describe('run flags', () => {
  test('every engine setting is a flag of run, with help', () => {
    for (const { flag } of Object.values(SETTINGS)) {
      expect(RUN_FLAGS[flag]).toBe('value');
      expect(RUN_USAGE).toContain(`  ${flag} <`);
    }
  });

  test('flags map to the settings the engine parser reads', () => {
    expect(rawSettingsFromFlags({ '--inactive-days': '30', '--yes': true })).toMatchObject({ inactiveDays: '30', mode: undefined });
  });
});
