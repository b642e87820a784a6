/**
 * Reads and validates a scenario once, at the boundary, so that a bad one fails with a message
 * naming the field (`accounts[2].users[0].created: invalid time "yesterday" ...`) instead of
 * misbehaving during a run. The value given is what the simulator gets: validation never changes it.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { DEFAULT_PARTITION } from './partition';
import type { Faults, Scenario } from './scenario';
import { fail, ScenarioError } from './scenario-error';
import { checkReferences } from './scenario-references';
import { partialFaultsSchema } from './scenario-schema/faults';
import { partitionSchema, scenarioSchema } from './scenario-schema/scenario';

export { ScenarioError } from './scenario-error';

/** `accounts[2].users[0].created`, from zod's `['accounts', 2, 'users', 0, 'created']`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

const isWithin = (outer: readonly PropertyKey[], inner: readonly PropertyKey[]) => outer.every((key, i) => inner[i] === key);

/**
 * The issue to report: the first, unless an object around it has an unknown field, which is named first
 * (a misspelt field is why the one it stands for seems missing).
 */
function firstProblem(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  const first = issues[0];
  const unknownField = issues.find((issue) => issue.code === 'unrecognized_keys' && isWithin(issue.path, first.path));
  return unknownField ?? first;
}

/** The value, checked against `schema`; a refusal names the first bad field, under `root` when given. */
function checked<T>(schema: z.ZodType, value: unknown, root: string[] = []): T {
  const result = schema.safeParse(value);
  if (result.success) return value as T;
  const issue = firstProblem(result.error.issues);
  // An unknown field is refused at its object: name the field itself.
  const at = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  return fail(fieldPath([...root, ...at]), issue.message);
}

/** Checks a fault set as `POST /_sim/faults` receives it; throws ScenarioError naming the bad field. */
export const validateFaultsInput = (value: unknown): Partial<Faults> => checked(partialFaultsSchema, value, ['faults']);

/** The partition the scenario's ARNs are checked in; a bad one is refused by the scenario's own schema. */
function partitionOf(value: unknown): z.infer<typeof partitionSchema> {
  const partition = (value as { partition?: unknown } | null)?.partition;
  return partitionSchema.safeParse(partition).data ?? DEFAULT_PARTITION;
}

/** Checks a parsed scenario; throws ScenarioError naming the first bad field. */
export function validateScenario(value: unknown): Scenario {
  const scenario = checked<Scenario>(scenarioSchema(partitionOf(value)), value);
  checkReferences(scenario);
  return scenario;
}

/** A scenario given as an object or as the path of a JSON file, validated. */
export async function loadScenario(source: Scenario | string): Promise<Scenario> {
  if (typeof source !== 'string') return validateScenario(source);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new ScenarioError(`Cannot read scenario file ${source}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`Scenario file ${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  try {
    return validateScenario(parsed);
  } catch (error) {
    if (error instanceof ScenarioError) throw new ScenarioError(`${source}: ${error.message}`, { cause: error });
    throw error;
  }
}
