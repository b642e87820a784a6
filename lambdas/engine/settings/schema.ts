/** The sweep's configuration as one zod schema, built from the settings table; its type is inferred from it. */
import { z } from 'zod';
import { SETTING_NAMES, SETTINGS, type SettingName } from './table';

type Value<K extends SettingName> = z.output<(typeof SETTINGS)[K]['schema']>;
type Unsettable = { [K in SettingName]: undefined extends Value<K> ? K : never }[SettingName];

/** The sweep's settings, typed; a setting that may be unset is an optional field. */
export type SweepConfig = { [K in Exclude<SettingName, Unsettable>]: Value<K> } & { [K in Unsettable]?: Value<K> };

const shape = Object.fromEntries(SETTING_NAMES.map((name) => [name, SETTINGS[name].schema])) as {
  [K in SettingName]: (typeof SETTINGS)[K]['schema'];
};

/** From each setting's text (its default filled in) to the SweepConfig. */
export const sweepConfigSchema: z.ZodType<SweepConfig, Partial<Record<SettingName, string>>> = z
  .object(shape)
  .superRefine((config, ctx) => {
    if (config.mode !== 'report' && config.reportBucket === undefined) {
      const why = `required in ${config.mode} mode: every user is backed up there before anything of it is deleted`;
      ctx.addIssue({ code: 'custom', path: ['reportBucket'], input: '', message: why });
    }
  });
