/**
 * The sweep's configuration, parsed and validated once at the boundary (Lambda environment, CLI flags,
 * deploy configuration) into a typed object. A bad value fails here, naming the setting, the value and
 * what is allowed, before any AWS call. The settings themselves are described in settings/table.ts.
 */
import { SweepError } from './errors';
import { sweepConfigSchema, type SweepConfig } from './settings/schema';
import { SETTING_NAMES, SETTINGS, type SettingName } from './settings/table';

export { NO_ITEMS } from './settings/kinds';
export { OU_ID, ROOT_ID, SETTING_NAMES, SETTINGS, type SettingName } from './settings/table';

export class ConfigError extends SweepError {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super('ConfigError', message);
  }
}

/** Raw values by setting name, as strings, from whichever boundary they came. */
export type RawSettings = Partial<Record<SettingName, string | undefined>>;

/** How the boundary names a setting in its messages: `SWEEP_MODE` for the Lambda, `--mode` for the CLI. */
export type SettingLabel = (name: SettingName) => string;

export const envLabel: SettingLabel = (name) => SETTINGS[name].env;
export const flagLabel: SettingLabel = (name) => SETTINGS[name].flag;

/** Reads the settings from environment variables, as the Lambda gets them. */
export function rawSettingsFromEnv(env: Record<string, string | undefined>): RawSettings {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, env[SETTINGS[name].env]]));
}

/** The text a setting is parsed from: as given, trimmed, or its default when not given. */
function textOf(raw: RawSettings, name: SettingName): string | undefined {
  const given = raw[name]?.trim();
  return given === undefined || given === '' ? SETTINGS[name].default : given;
}

/**
 * Validates raw settings into a SweepConfig; throws ConfigError for the first bad setting, naming it as
 * `label` does, with the bad value and what is allowed.
 *
 * @example parseSweepConfig({ mode: 'purge' }, flagLabel) // throws '--mode="purge" is not valid: use one of …'
 */
export function parseSweepConfig(raw: RawSettings, label: SettingLabel = envLabel): SweepConfig {
  const texts = Object.fromEntries(SETTING_NAMES.map((name) => [name, textOf(raw, name)]));
  const parsed = sweepConfigSchema.safeParse(texts, { reportInput: true });
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const name = issue.path[0] as SettingName;
  const given = typeof issue.input === 'string' ? issue.input : '';
  throw new ConfigError(label(name), `${label(name)}=${JSON.stringify(given)} is not valid: ${issue.message}`);
}

/** The environment variables that carry `config` to the Lambda; parses back to an equal config. */
export function configToEnv(config: SweepConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    // Each setting's text takes its own value; TypeScript cannot pair them up across the union of names.
    const text = (SETTINGS[name].text as (value: unknown) => string | undefined)(config[name]);
    if (text !== undefined && text !== '') env[SETTINGS[name].env] = text;
  }
  return env;
}
