/**
 * The deploy configuration (`iam-sweep.config.json`): parsed and validated once, at synth time, into a
 * typed object. A bad value fails here with a message that names the file, the field, the value and the
 * fix, before any stack is built. The schema is in deploy-schema/; the engine's own settings are checked by
 * the engine's schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { anchorsSchema } from './deploy-schema/anchors';
import { CONFIG_FILE, EXAMPLE_CONFIG_FILE } from './deploy-schema/defaults';
import { deployConfigSchema, type DeployConfig } from './deploy-schema/schema';

export { CONFIG_FILE, DEFAULT_SCHEDULE, EXAMPLE_CONFIG_FILE, TOPIC_NAME } from './deploy-schema/defaults';
export type { IdentityCenterScope } from './deploy-schema/identity-center-scope';
export type { ProviderCredentials } from './deploy-schema/providers';
export type { DeployConfig } from './deploy-schema/schema';
export type { StateBackend } from './deploy-schema/state-backend';
export { SWEEP_ENGINES, type SweepEngine } from './deploy-schema/sweep-engine';

/** Environment variable that points synth at another configuration file. */
export const CONFIG_PATH_ENV = 'IAM_SWEEP_CONFIG';

/** A deploy configuration value that cannot be used; the message names the file, the field and the fix. */
export class DeployConfigError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${problem}`, options);
    this.name = 'DeployConfigError';
  }
}

/** The value `schema` makes of `raw`, or a DeployConfigError for its first problem. */
function parsedBy<T>(schema: z.ZodType<T>, raw: unknown, source: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  // An unknown field is reported on its object; the operator looks for the field itself.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  throw new DeployConfigError(source, path.join('.'), issue.message);
}

/**
 * Validates a parsed configuration file into a DeployConfig. `source` names the file in messages.
 *
 * @example parseDeployConfig(JSON.parse(text), 'iam-sweep.config.json')
 */
export function parseDeployConfig(raw: unknown, source: string): DeployConfig {
  const anchors = parsedBy(anchorsSchema, raw, source);
  return parsedBy(deployConfigSchema(anchors), raw, source);
}

export interface LoadedDeployConfig {
  config: DeployConfig;
  /** The file read, relative to the project directory when inside it. */
  source: string;
  /** Set when no configuration file exists and the checked-in example was used instead. */
  warning?: string;
}

/**
 * Reads and validates the deploy configuration of the project in `projectDir`: the file named by
 * IAM_SWEEP_CONFIG, else iam-sweep.config.json, else (with a warning) the checked-in example, so that
 * synth works on a clean clone.
 */
export function loadDeployConfig(projectDir: string, env: Record<string, string | undefined> = process.env): LoadedDeployConfig {
  const override = env[CONFIG_PATH_ENV]?.trim();
  let path = join(projectDir, CONFIG_FILE);
  let warning: string | undefined;
  if (override) {
    path = resolve(projectDir, override);
    if (!existsSync(path)) {
      throw new DeployConfigError(override, CONFIG_PATH_ENV, `${CONFIG_PATH_ENV} names this file, which does not exist: fix the path or unset ${CONFIG_PATH_ENV}`);
    }
  } else if (!existsSync(path)) {
    path = join(projectDir, EXAMPLE_CONFIG_FILE);
    warning =
      `iam-sweep: no ${CONFIG_FILE} found, synthesizing with ${EXAMPLE_CONFIG_FILE} ` +
      `(copy it to ${CONFIG_FILE} and fill in your organization before deploying)`;
  }
  const inside = relative(projectDir, path);
  const source = inside.startsWith('..') || isAbsolute(inside) ? path : inside;

  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DeployConfigError(source, '', `cannot be read as JSON (${reason}): fix the file`, { cause: error });
  }
  return { config: parseDeployConfig(raw, source), source, warning };
}
