/**
 * The kinds of value a sweep setting takes, each a zod schema from the setting's text (as environment
 * variables and flags carry it) to its typed value, and the way back to text. Each message says what is
 * allowed; the parser adds the setting's name and the bad value.
 */
import { z } from 'zod';
import { NO_VALUES, saysNo } from '../rules/marker-tag';
import type { TagMatch } from '../types';

/** How a setting's text becomes its value, and back. */
export interface SettingKind<T> {
  /** From the trimmed text (the default when none is given) to the value. */
  schema: z.ZodType<T, string | undefined>;
  /** The text that parses back to the value; undefined or empty leaves the setting unset. */
  text: (value: T) => string | undefined;
  /** Comma-separated items: the deploy configuration writes them as a JSON list. */
  list?: true;
}

/** Written for an empty list whose default is not empty, so that it survives the trip through the environment. */
export const NO_ITEMS = 'none';

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** A problem about `input`, which the message shows as the bad value. */
const problem = (ctx: z.RefinementCtx, input: string, message: string) => ctx.addIssue({ code: 'custom', input, message });

/** One of `values`. */
export function choice<const T extends string>(values: readonly [T, ...T[]]): SettingKind<T> {
  return { schema: z.enum(values, { error: `use one of ${values.join(', ')}` }), text: (value) => value };
}

/** Text matching `pattern`; `allowed` says what does. */
export function matching(pattern: RegExp, allowed: string): SettingKind<string> {
  return { schema: z.string().regex(pattern, allowed), text: (value) => value };
}

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number): SettingKind<number> {
  const schema = z
    .string()
    .refine((given) => /^\d+$/.test(given) && Number(given) >= min && Number(given) <= max, `use a whole number from ${min} to ${max}`)
    .transform(Number);
  return { schema, text: String };
}

/** A fraction greater than 0 and at most 1. */
export function fraction(): SettingKind<number> {
  const schema = z
    .string()
    .refine((given) => /^(0(\.\d+)?|1(\.0+)?)$/.test(given) && Number(given) > 0, 'use a fraction greater than 0 and at most 1, e.g. 0.5')
    .transform(Number);
  return { schema, text: String };
}

/** `true` or `false`. */
export function trueOrFalse(): SettingKind<boolean> {
  return { schema: z.enum(['true', 'false'], { error: 'use true or false' }).transform((given) => given === 'true'), text: String };
}

/** `key=value`, a marker tag; its value may not be a clear no, which would make every tag of that key say yes. */
export function markerTag(): SettingKind<TagMatch> {
  const schema = z.string().transform((given, ctx) => {
    const at = given.indexOf('=');
    const key = at < 0 ? '' : given.slice(0, at);
    const value = given.slice(at + 1);
    if (at < 0 || !TAG_KEY.test(key) || value.length > 256) {
      problem(ctx, given, 'use key=value, for example iam-sweep:opt-out=true');
    } else if (saysNo(value)) {
      problem(ctx, given, `the value says what marks, and ${NO_VALUES.join(', ')} never do: use e.g. ${key}=true`);
    }
    return { key, value };
  });
  return { schema, text: (tag) => `${tag.key}=${tag.value}` };
}

export interface ListRules {
  /** Names the list's items when one is not valid. */
  allowed: string;
  /** Refuse a list that names nothing, such as `,`. */
  atLeastOne?: boolean;
  /** Refuse an item named twice, saying this. */
  onceEach?: string;
  /** Take NO_ITEMS for the empty list, which then differs from an empty default. */
  noItemsWord?: boolean;
}

/** Comma-separated items, trimmed, empty ones dropped, each valid as `item` is. */
export function list(item: z.ZodType<string, string>, rules: ListRules): SettingKind<string[]> {
  const items = (given: string) =>
    given
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  const schema = z.string().transform((given, ctx) => {
    const parts = items(given);
    if (rules.noItemsWord && parts.length === 1 && parts[0] === NO_ITEMS) return [];
    const bad = parts.find((part) => !item.safeParse(part).success);
    if (bad !== undefined) problem(ctx, bad, rules.allowed);
    else if (rules.atLeastOne && parts.length === 0) problem(ctx, given, rules.allowed);
    else if (rules.onceEach && new Set(parts).size !== parts.length) problem(ctx, parts.join(','), rules.onceEach);
    return parts;
  });
  return { schema, text: (value) => (value.length === 0 && rules.noItemsWord ? NO_ITEMS : value.join(',')), list: true };
}

/** A setting that may be left unset; then its value is undefined. */
export function optional<T>(kind: SettingKind<T>): SettingKind<T | undefined> {
  return { ...kind, schema: kind.schema.optional(), text: (value) => (value === undefined ? undefined : kind.text(value)) };
}

/** A list that names nothing leaves the setting unset, as if it were not given. */
export function unsetWhenEmpty(kind: SettingKind<string[] | undefined>): SettingKind<string[] | undefined> {
  return { ...kind, schema: kind.schema.transform((value) => (value?.length ? value : undefined)) };
}
