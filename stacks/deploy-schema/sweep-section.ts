/**
 * The `sweep` section: the engine's settings by their names in the settings table, as JSON values. They
 * are checked by the engine's own schema, naming each as `sweep.<name>`, once the values the stack derives
 * (topic, bucket, management account, target OUs) are filled in.
 */
import { z } from 'zod';
import {
  ConfigError,
  NO_ITEMS,
  parseSweepConfig,
  SETTING_NAMES,
  SETTINGS,
  type RawSettings,
  type SettingName,
} from '../../lambdas/engine/config';
import type { SweepConfig } from '../../lambdas/engine/types';
import { show, withDefault } from './field-kinds';
import { DEFAULT_SWEEP_ENGINE, ENGINE_KEY, sweepEngineOf, type SweepEngine } from './sweep-engine';

/** Engine settings the stack derives; configuring them would only disagree with the resources. */
const DERIVED: readonly SettingName[] = ['topicArn', 'reportBucket', 'skipManagementAccount', 'targetOus'];
const CONFIGURABLE = SETTING_NAMES.filter((name) => !DERIVED.includes(name));

const isSettingName = (key: string): key is SettingName => (SETTING_NAMES as readonly string[]).includes(key);

/** The engine parses strings, as they come from environment variables; JSON gives numbers and lists too. */
function settingText(name: SettingName, value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (!SETTINGS[name].list || !Array.isArray(value) || !value.every((item) => typeof item === 'string' && !item.includes(',')))
    return undefined;
  // An empty list where the default is not empty means none, not the default.
  return value.length === 0 && SETTINGS[name].default ? NO_ITEMS : value.join(',');
}

/** The entry's text for the engine, or why it cannot be one. */
function entryOf(key: string, value: unknown): { text: string } | { problem: string } {
  const field = `sweep.${key}`;
  if (!isSettingName(key))
    return { problem: `${field} is not an engine setting: remove it or fix its spelling (known: ${CONFIGURABLE.join(', ')})` };
  if (DERIVED.includes(key)) {
    return { problem: `${field} is derived (from delegatedAdminAccountId, homeRegion, sweepManagementAccount and targetOuIds): remove it` };
  }
  const text = settingText(key, value);
  if (text !== undefined) return { text };
  const what = SETTINGS[key].list ? 'a list of strings without commas' : 'a string, a number or true/false';
  return { problem: `${field} ${show(value)} must be ${what}` };
}

/** The section as the engine's raw settings, and `sweep.engine` apart (what runs them). */
export const sweepSectionSchema = withDefault(
  z
    .record(z.string(), z.unknown(), {
      error: (issue) => `sweep ${show(issue.input)} must be an object of engine settings`,
    })
    .transform((section, ctx): { settings: RawSettings; engine: SweepEngine } => {
      const raw: RawSettings = {};
      const engine = sweepEngineOf(section[ENGINE_KEY]);
      if ('problem' in engine) {
        ctx.addIssue({ code: 'custom', path: [ENGINE_KEY], message: engine.problem });
        return z.NEVER;
      }
      for (const [key, value] of Object.entries(section)) {
        if (key === ENGINE_KEY) continue;
        const entry = entryOf(key, value);
        if ('problem' in entry) {
          ctx.addIssue({ code: 'custom', path: [key], message: entry.problem });
          return z.NEVER;
        }
        raw[key as SettingName] = entry.text;
      }
      return { settings: raw, engine: engine.engine };
    }),
  { settings: {}, engine: DEFAULT_SWEEP_ENGINE },
);

/** What the stack derives for the engine. */
export interface DerivedSettings {
  topicArn: string;
  reportBucket: string;
  skipManagementAccount: boolean;
  targetOus: string[];
}

/** The engine's configuration from the section and the derived settings; adds the engine's first problem to `ctx`. */
export function sweepConfigOf(raw: RawSettings, derived: DerivedSettings, ctx: z.RefinementCtx): SweepConfig | undefined {
  const settings: RawSettings = {
    ...raw,
    topicArn: derived.topicArn,
    reportBucket: derived.reportBucket,
    skipManagementAccount: String(derived.skipManagementAccount),
    targetOus: derived.targetOus.join(','),
  };
  try {
    return parseSweepConfig(settings, (name) => `sweep.${name}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    ctx.addIssue({
      code: 'custom',
      path: error.setting.split('.'),
      message: error.message,
    });
    return undefined;
  }
}
