/**
 * The kinds of field the deploy configuration has, as zod schemas whose messages name the field, show the
 * value as written and say what to write instead. Each takes the field's name as the file spells it.
 */
import { z } from 'zod';
import { REGION_PATTERN } from '../../lambdas/engine/region';

export const show = (value: unknown) => JSON.stringify(value);

type Issue = { input?: unknown };
type Check = RegExp | ((value: string) => boolean);

const passes = (check: Check) => (value: string) => typeof check === 'function' ? check(value) : check.test(value);

/** A Region of a partition iam-sweep deploys to: the isolated partitions are not among them. */
export const deployableRegion = (region: string) => REGION_PATTERN.test(region) && !region.includes('-iso');

/** A field left out, or null as JSON writes "nothing", takes `fallback`. */
export function withDefault<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return z.preprocess((value) => value ?? undefined, schema.default(fallback as never) as z.ZodDefault<T>);
}

/** A string that passes `check`; `expected` is what it must be. */
export function text(field: string, check: Check, expected: string) {
  const error = (issue: Issue) =>
    issue.input === undefined ? `${field} is missing: set it to ${expected}` : `${field} ${show(issue.input)} must be ${expected}`;
  return z.string({ error }).refine(passes(check), { error, abort: true });
}

/** A string that passes `check`, with one message whatever is wrong. */
export function textOr(check: Check, message: (input: unknown) => string) {
  const error = (issue: Issue) => message(issue.input);
  return z.string({ error }).refine(passes(check), { error, abort: true });
}

/** A whole number of at least `least`; `unit` is what it counts. */
export function wholeNumber(field: string, least: number, unit: string, most = Number.MAX_SAFE_INTEGER) {
  const error = (issue: Issue) => `${field} ${show(issue.input)} must be a whole number of ${unit}, at least ${least}`;
  return z.number({ error }).int({ error }).min(least, { error }).max(most, { error });
}

/** A number of days from 1 to 36500, one of `allowed` when given. */
export function days(field: string, fallback: number, allowed?: readonly number[]) {
  const schema = wholeNumber(field, 1, 'days', 36500).refine((value) => !allowed || allowed.includes(value), {
    error: (issue) => `${field} ${show(issue.input)} is not a retention CloudWatch Logs accepts: use one of ${allowed?.join(', ')}`,
  });
  return withDefault(schema, fallback);
}

/** One of `allowed`, `fallback` when left out. */
export function choice<const T extends string>(field: string, allowed: readonly [T, ...T[]], fallback: T) {
  const error = (issue: Issue) =>
    `${field} ${show(issue.input)} must be one of ${allowed.map(show).join(', ')} (default ${show(fallback)})`;
  return z.enum(allowed, { error }).optional().default(fallback);
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A list of strings, none twice; null, as JSON writes nothing, is a missing list. */
export function stringList(field: string) {
  const error = (issue: Issue) =>
    issue.input === undefined
      ? `${field} is missing: set it to a list of strings`
      : `${field} ${show(issue.input)} must be a list of strings`;
  const list = z.custom<string[]>(isStrings, { error }).superRefine((items, ctx) => {
    const twice = items.find((item, index) => items.indexOf(item) !== index);
    if (twice !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `${field} lists ${show(twice)} twice: remove one`,
      });
  });
  return z.preprocess((value) => value ?? undefined, list);
}

/**
 * An object with only the fields of `shape`; `notObject` says what to write when it is something else. A
 * field it does not know is named in full, `prefix` and all.
 */
export function fieldsOf<T extends z.ZodRawShape>(prefix: string, shape: T, notObject: (input: unknown) => string) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${prefix}${issue.keys[0]} is not a known field: remove it or fix its spelling (known: ${known})`
        : notObject(issue.input),
  });
}
