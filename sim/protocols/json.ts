/**
 * The AWS JSON 1.1 protocol (Organizations, CloudTrail, identitystore, sso-admin):
 * `X-Amz-Target: <prefix>.<Op>`, JSON bodies, timestamps as epoch seconds, blobs as base64.
 */
import type { Shape } from '../models';
import type { ResolvedError } from '../errors';
import { SimError } from '../errors';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * The operation a `X-Amz-Target` header names, when its prefix is the service's. A dotted model prefix
 * (CloudTrail's `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`) is also accepted by its last
 * part alone, which is what the Smithy-generated SDKs (JS v3 among them) send.
 */
export function operationFromTarget(target: string | undefined, targetPrefix: string): string | undefined {
  if (!target) return undefined;
  const dot = target.lastIndexOf('.');
  const prefix = target.slice(0, dot);
  if (dot === -1 || (prefix !== targetPrefix && !targetPrefix.endsWith(`.${prefix}`))) return undefined;
  return target.slice(dot + 1);
}

function fromJson(shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (shape.document) return value;
  switch (shape.type) {
    case 'structure': {
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const member of shape.members) {
        const item = fromJson(member.shape, record[member.wireName]);
        if (item !== undefined) out[member.name] = item;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => fromJson(shape.member!.shape, item));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = fromJson(shape.value!.shape, item);
      return out;
    }
    case 'timestamp':
      return typeof value === 'number' ? new Date(value * 1000) : new Date(value as string);
    case 'blob':
      return Buffer.from(value as string, 'base64');
    default:
      return value;
  }
}

export function readJsonInput(shape: Shape | undefined, body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new SimError('SerializationException', 'The request body is not valid JSON', { status: 400 });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SimError('SerializationException', 'The request body must be a JSON object', { status: 400 });
  }
  return shape ? (fromJson(shape, parsed) as Record<string, unknown>) : {};
}

function toJson(shape: Shape, value: unknown): unknown {
  if (shape.document) return value;
  switch (shape.type) {
    case 'structure': {
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const member of shape.members) {
        const item = record[member.name];
        if (item !== undefined && item !== null) out[member.wireName] = toJson(member.shape, item);
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => toJson(shape.member!.shape, item));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = toJson(shape.value!.shape, item);
      return out;
    }
    case 'timestamp':
      return (value instanceof Date ? value.getTime() : new Date(value as string).getTime()) / 1000;
    case 'blob': {
      const bytes = value as Uint8Array;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    }
    default:
      return value;
  }
}

export function jsonResponse(shape: Shape | undefined, output: unknown): string {
  return shape ? JSON.stringify(toJson(shape, output ?? {})) : '{}';
}

/** The body of a JSON error; the model's error members (e.g. `Reason`) are carried in `fields`. */
export function jsonError(error: ResolvedError): string {
  return JSON.stringify({ __type: error.code, Message: error.message, ...error.fields });
}
