/** Shared by the stack tests: the cdktf jest matchers, configurations from the example and a stand-in bundle. */
import 'cdktf/lib/testing/adapters/jest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { build } from 'esbuild';
import { parseDeployConfig } from '../../stacks/deploy-config';
import type { DeployConfig } from '../../stacks/deploy-config';
import { memberAccountPermissions, scopesOf } from '../../lambdas/aws/permissions';
import { scopeArn, type PolicyDocument } from '../../stacks/policy-document';

Testing.setupJest();

export const PROJECT_DIR = join(__dirname, '../..');
export const CONFIG_SOURCE = 'iam-sweep.config.json';

/** The checked-in example configuration, as parsed JSON. */
export function exampleConfigJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(PROJECT_DIR, 'iam-sweep.config.example.json'), 'utf8'));
}

/** The example configuration with top-level fields replaced, validated. */
export function deployConfig(overrides: Record<string, unknown> = {}): DeployConfig {
  return parseDeployConfig({ ...exampleConfigJson(), ...overrides }, CONFIG_SOURCE);
}

/** A directory holding a stand-in orchestrator bundle, so stack tests need no esbuild run. */
export function fakeBundleDir(source = 'exports.handler = async () => ({});\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-sweep-bundle-'));
  writeFileSync(join(dir, 'index.js'), source);
  return dir;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The resources of one type in a synthesized stack, as objects. */
export function resourcesOf(synthesized: string, type: string): Record<string, unknown>[] {
  const resources = (JSON.parse(synthesized) as { resource?: Resources }).resource ?? {};
  return Object.values(resources[type] ?? {});
}

/** The single resource of a type, failing when there is not exactly one. */
export function onlyResource(synthesized: string, type: string): Record<string, unknown> {
  const found = resourcesOf(synthesized, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

export const policyIn = (text: unknown): PolicyDocument => JSON.parse(text as string) as PolicyDocument;

/** Action → resources granted by Allow statements, for comparing policies with declarations. */
export function grants(document: PolicyDocument): Map<string, unknown[]> {
  const granted = new Map<string, unknown[]>();
  for (const statement of document.Statement) {
    if (statement.Effect !== 'Allow') continue;
    const actions = ([] as string[]).concat(statement.Action);
    const resources = ([] as unknown[]).concat(statement.Resource ?? []);
    for (const action of actions) granted.set(action, [...(granted.get(action) ?? []), ...resources]);
  }
  return granted;
}

/** Action → resources as the engine declares them, for one account: what the cleanup role must grant. */
export function declaredGrants(partition: string, accountId: string): Map<string, unknown[]> {
  const expected = new Map<string, unknown[]>();
  for (const permission of memberAccountPermissions()) {
    const arns = scopesOf(permission).map((scope) => scopeArn(scope, { partition, accountId }));
    for (const action of permission.actions) expected.set(action, [...(expected.get(action) ?? []), ...arns]);
  }
  return expected;
}

/** A CloudFormation document with its Fn::Sub pseudo parameters resolved for one account. */
export function resolvedForAccount(document: unknown, partition: string, accountId: string): PolicyDocument {
  const text = JSON.stringify(document).replace(/\{"Fn::Sub":("[^"]*")\}/g, (_match, value: string) =>
    value.replaceAll('${AWS::Partition}', partition).replaceAll('${AWS::AccountId}', accountId),
  );
  return JSON.parse(text) as PolicyDocument;
}

/**
 * Every `<service>:<Operation>` for which the orchestrator's own source files import a command or
 * paginator from one of `clients` (SDK client package → IAM service prefix).
 */
export async function actionsImportedByOrchestrator(clients: Record<string, string>): Promise<Set<string>> {
  const { metafile } = await build({
    entryPoints: [join(PROJECT_DIR, 'lambdas/orchestrator/handler.ts')],
    absWorkingDir: PROJECT_DIR,
    bundle: true,
    platform: 'node',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const called = new Set<string>();
  const importStatement = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z-]+)'/g;
  for (const file of Object.keys(metafile.inputs).filter((input) => input.startsWith('lambdas/'))) {
    const source = readFileSync(join(PROJECT_DIR, file), 'utf8');
    for (const [, names, client] of source.matchAll(importStatement)) {
      const service = clients[client];
      if (!service) continue;
      for (const imported of names.split(',').map((name) => name.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0])) {
        const operation = /^(\w+)Command$/.exec(imported)?.[1] ?? /^paginate(\w+)$/.exec(imported)?.[1];
        if (operation) called.add(`${service}:${operation}`);
      }
    }
  }
  return called;
}
