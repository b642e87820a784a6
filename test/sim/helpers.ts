/**
 * Helpers for the simulator's own tests: checks of SDK responses and errors against the vendored service
 * models, clients acting inside a member account, and raw signed-looking HTTP requests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { BASE, clientConfig } from '../support/sim';

interface RawShape {
  type: string;
  members?: Record<string, { shape: string; streaming?: boolean }>;
  member?: { shape: string };
  value?: { shape: string };
  required?: string[];
  enum?: string[];
  /** A document type (any JSON value), e.g. identitystore AttributeValue. */
  document?: boolean;
  error?: { code?: string; httpStatusCode?: number };
  exception?: boolean;
  fault?: boolean;
}
interface RawModel {
  operations: Record<string, { output?: { shape: string } }>;
  shapes: Record<string, RawShape>;
}

const models = new Map<string, RawModel>();
function model(service: string): RawModel {
  let found = models.get(service);
  if (!found) {
    found = JSON.parse(readFileSync(join(__dirname, '..', '..', 'sim', 'models', `${service}.json`), 'utf8')) as RawModel;
    models.set(service, found);
  }
  return found;
}

function problems(raw: RawModel, shapeName: string, value: unknown, path: string, out: string[]): void {
  const shape = raw.shapes[shapeName];
  const fail = (what: string): void => {
    out.push(`${path}: ${what}, got ${JSON.stringify(value)}`);
  };
  // A document type holds any JSON value.
  if (shape.document) return;
  switch (shape.type) {
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(`expected a ${shapeName} structure`);
      const record = value as Record<string, unknown>;
      for (const name of shape.required ?? []) if (record[name] === undefined) out.push(`${path}.${name}: required by ${shapeName} but missing`);
      for (const [name, item] of Object.entries(record)) {
        if (name === '$metadata' || item === undefined) continue;
        const member = shape.members?.[name];
        if (!member) out.push(`${path}.${name}: not a member of ${shapeName}`);
        else if (!member.streaming) problems(raw, member.shape, item, `${path}.${name}`, out);
      }
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return fail('expected a list');
      value.forEach((item, i) => problems(raw, shape.member!.shape, item, `${path}[${i}]`, out));
      return;
    case 'map':
      if (value === null || typeof value !== 'object') return fail('expected a map');
      for (const [key, item] of Object.entries(value)) problems(raw, shape.value!.shape, item, `${path}.${key}`, out);
      return;
    case 'string':
      if (typeof value !== 'string') return fail('expected a string');
      if (shape.enum && !shape.enum.includes(value)) fail(`expected one of ${shape.enum.join(', ')}`);
      return;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) fail('expected an integer');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('expected a boolean');
      return;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail('expected a valid Date');
      return;
    case 'blob':
      if (!(value instanceof Uint8Array)) fail('expected bytes');
      return;
    default:
      return;
  }
}

/** Asserts that an SDK output has the members, required members, types and enum values the model declares. */
export function expectModelShape(service: string, operation: string, output: unknown): void {
  const raw = model(service);
  const shapeName = raw.operations[operation].output?.shape;
  if (!shapeName) throw new Error(`${service}:${operation} has no output shape`);
  const found: string[] = [];
  problems(raw, shapeName, output, operation, found);
  expect(found).toEqual([]);
}

interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Awaits a call that must fail with `code`, and checks the SDK error's class name and HTTP status against
 * the model's error shape (or against `status` for common errors the models do not declare).
 */
export async function expectAwsError(call: Promise<unknown>, service: string, code: string, status?: number): Promise<SdkError> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  if (!caught) throw new Error(`expected ${service} error ${code}, but the call succeeded`);
  const error = caught as SdkError;
  const declared = Object.entries(model(service).shapes).find(([name, shape]) => shape.exception && (shape.error?.code ?? name) === code);
  const expectedName = declared ? declared[0] : code;
  const expectedStatus = status ?? declared?.[1].error?.httpStatusCode ?? (declared?.[1].fault ? 500 : 400);
  expect({ name: error.name, status: error.$metadata?.httpStatusCode }).toEqual({ name: expectedName, status: expectedStatus });
  return error;
}

/** Temporary credentials for the sweep's role in a member account, from the simulator's STS. */
export async function assumeSweepRole(url: string, accountId: string = BASE.memberAccountId) {
  const sts = new STSClient(clientConfig(url));
  const { Credentials } = await sts.send(new AssumeRoleCommand({
    RoleArn: `arn:aws:iam::${accountId}:role/${BASE.roleName}`,
    RoleSessionName: 'sim-test',
  }));
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
}

/** An IAM client acting in a member account through the sweep's role. */
export async function memberIam(url: string, accountId: string = BASE.memberAccountId): Promise<IAMClient> {
  return new IAMClient({ ...clientConfig(url, await assumeSweepRole(url, accountId)), maxAttempts: 1 });
}

/** An Authorization header with a SigV4 credential scope (the simulator reads the scope, not the signature). */
export function sigv4(service: string, accessKeyId = 'AKIDCALLER', region = 'us-east-1'): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** A raw request to the simulator, for wire-level checks the SDK would hide. */
export async function rawRequest(url: string, request: { method?: string; path?: string; headers?: Record<string, string>; body?: string }) {
  const response = await fetch(`${url}${request.path ?? '/'}`, {
    method: request.method ?? 'POST',
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
