/**
 * The AWS Query protocol (IAM, STS, SNS): form-encoded requests, XML responses wrapped in
 * `<OpResponse><OpResult>`, errors in `<ErrorResponse>`.
 */
import type { Operation, ServiceModel, Shape } from '../models';
import type { ResolvedError } from '../errors';
import { SimError } from '../errors';
import { escapeXml, xmlMembers } from './xml';

export interface QueryRequest {
  action: string | undefined;
  params: Map<string, string>;
  /** Every parameter name and each of its dotted prefixes, so nested values are found in O(1). */
  prefixes: Set<string>;
}

export function parseQueryBody(body: string): QueryRequest {
  const params = new Map<string, string>();
  const prefixes = new Set<string>();
  for (const [key, value] of new URLSearchParams(body)) {
    params.set(key, value);
    prefixes.add(key);
    for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1)) prefixes.add(key.slice(0, dot));
  }
  return { action: params.get('Action'), params, prefixes };
}

function child(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function readScalar(shape: Shape, raw: string, name: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const number = Number(raw);
      if (raw.trim() === '' || Number.isNaN(number)) {
        throw new SimError('ValidationError', `1 validation error detected: Value '${raw}' at '${name}' is not a number`);
      }
      return number;
    }
    case 'boolean':
      return raw === 'true';
    case 'timestamp':
      return new Date(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : raw);
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}

function readValue(shape: Shape, prefix: string, request: QueryRequest): unknown {
  const { params, prefixes } = request;
  switch (shape.type) {
    case 'structure': {
      if (prefix && !prefixes.has(prefix)) return undefined;
      const out: Record<string, unknown> = {};
      for (const member of shape.members) {
        const value = readValue(member.shape, child(prefix, member.wireName), request);
        if (value !== undefined) out[member.name] = value;
      }
      return out;
    }
    case 'list': {
      // The SDKs send `Name=` for an empty list.
      if (params.get(prefix) === '') return [];
      const item = shape.member!;
      const base = shape.flattened ? prefix : `${prefix}.${item.wireName}`;
      const items: unknown[] = [];
      for (let i = 1; prefixes.has(`${base}.${i}`); i++) items.push(readValue(item.shape, `${base}.${i}`, request));
      return items.length > 0 ? items : undefined;
    }
    case 'map': {
      if (params.get(prefix) === '') return {};
      const base = shape.flattened ? prefix : `${prefix}.entry`;
      const map: Record<string, unknown> = {};
      let found = false;
      for (let i = 1; prefixes.has(`${base}.${i}`); i++) {
        const key = params.get(`${base}.${i}.${shape.key!.wireName}`);
        if (key === undefined) continue;
        map[key] = readValue(shape.value!.shape, `${base}.${i}.${shape.value!.wireName}`, request);
        found = true;
      }
      return found ? map : undefined;
    }
    default: {
      const raw = params.get(prefix);
      return raw === undefined ? undefined : readScalar(shape, raw, prefix);
    }
  }
}

/** The operation's input, shaped as the SDK's `<Op>Request` type (lists as arrays, maps as records). */
export function readQueryInput(operation: Operation, request: QueryRequest): Record<string, unknown> {
  if (!operation.input) return {};
  return readValue(operation.input, '', request) as Record<string, unknown>;
}

export function queryResponse(model: ServiceModel, operation: Operation, output: unknown, requestId: string): string {
  const result = operation.output && operation.resultWrapper
    ? `<${operation.resultWrapper}>${xmlMembers(operation.output, (output ?? {}) as Record<string, unknown>)}</${operation.resultWrapper}>`
    : '';
  return `<${operation.name}Response xmlns="${model.xmlNamespace}">${result}`
    + `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation.name}Response>`;
}

export function queryError(model: ServiceModel | undefined, error: ResolvedError, requestId: string): string {
  const namespace = model?.xmlNamespace ? ` xmlns="${model.xmlNamespace}"` : '';
  return `<ErrorResponse${namespace}><Error><Type>${error.sender ? 'Sender' : 'Receiver'}</Type>`
    + `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>`
    + `<RequestId>${requestId}</RequestId></ErrorResponse>`;
}
