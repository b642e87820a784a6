/**
 * The REST-XML protocol (S3): operations routed by method and the model's `requestUri` template,
 * input from URI labels, query string, headers and payload; output to headers and an XML or raw body.
 */
import type { Member, Operation, ServiceModel, Shape } from '../models';
import type { ResolvedError } from '../errors';
import { SimError } from '../errors';
import { escapeXml, xmlMembers } from './xml';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** Root elements of output documents, which the S3 model does not name. */
const ROOT_ELEMENTS: Record<string, string> = { ListObjectsV2: 'ListBucketResult' };

interface Route {
  operation: Operation;
  method: string;
  segments: string[];
  query: [string, string][];
}

export interface RestMatch {
  operation: Operation;
  labels: Record<string, string>;
}

/** Routes REST requests to the model's operations; the most specific query-string match wins. */
export class RestRouter {
  private readonly routes: Route[];

  constructor(model: ServiceModel) {
    this.routes = [...model.operations.values()].map((operation) => {
      const [path, queryText = ''] = operation.requestUri.split('?');
      const query = [...new URLSearchParams(queryText)];
      return { operation, method: operation.method, segments: path.split('/').filter(Boolean), query };
    });
    this.routes.sort((a, b) => b.query.length - a.query.length);
  }

  match(method: string, path: string, query: URLSearchParams): RestMatch | undefined {
    const segments = path.split('/').slice(1);
    if (segments.length === 2 && segments[1] === '') segments.pop();
    for (const route of this.routes) {
      if (route.method !== method) continue;
      if (!route.query.every(([key, value]) => query.has(key) && (value === '' || query.get(key) === value))) continue;
      const labels = matchSegments(route.segments, segments);
      if (labels) return { operation: route.operation, labels };
    }
    return undefined;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SimError('InvalidURI', `Couldn't parse the specified URI: ${segment}`, { status: 400 });
  }
}

function matchSegments(template: string[], segments: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i];
    if (part.startsWith('{') && part.endsWith('+}')) {
      const rest = segments.slice(i);
      if (rest.length === 0 || rest.join('') === '') return undefined;
      labels[part.slice(1, -2)] = rest.map(decodeSegment).join('/');
      return labels;
    }
    const segment = segments[i];
    if (segment === undefined || segment === '') return undefined;
    if (part.startsWith('{')) labels[part.slice(1, -1)] = decodeSegment(segment);
    else if (part !== segment) return undefined;
  }
  return segments.length === template.length ? labels : undefined;
}

/** The bucket named by a virtual-host style Host header (`bucket.localhost`, `bucket.s3.amazonaws.com`). */
export function virtualHostBucket(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '');
  const match = /^(.+)\.localhost$/.exec(name) ?? /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(name);
  return match?.[1];
}

/**
 * Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=…]\r\n<data>\r\n…0\r\n<trailers>`), which
 * the SDKs send when they stream a checksum trailer.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd === -1) throw new SimError('IncompleteBody', 'The aws-chunked body ends before its last chunk', { status: 400 });
    const size = parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0], 16);
    if (Number.isNaN(size)) throw new SimError('InvalidChunkSizeError', 'An aws-chunked chunk size is not hexadecimal', { status: 400 });
    if (size === 0) return Buffer.concat(chunks);
    chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

function readScalar(shape: Shape, raw: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      const number = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(number)) throw new SimError('InvalidArgument', `Provided value "${raw}" is not a valid integer`);
      return number;
    }
    case 'boolean':
      return raw === 'true';
    case 'timestamp':
      return new Date(raw);
    default:
      return raw;
  }
}

export interface RestRequest {
  labels: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function readMember(member: Member, request: RestRequest, payloadName: string | undefined): unknown {
  switch (member.location) {
    case 'uri':
      return request.labels[member.wireName];
    case 'querystring': {
      const raw = request.query.get(member.wireName);
      return raw === null ? undefined : readScalar(member.shape, raw);
    }
    case 'header': {
      const raw = headerText(request.headers[member.wireName.toLowerCase()]);
      return raw === undefined ? undefined : readScalar(member.shape, raw);
    }
    case 'headers': {
      const prefix = member.wireName.toLowerCase();
      const map: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (name.startsWith(prefix) && value !== undefined) map[name.slice(prefix.length)] = headerText(value) as string;
      }
      return Object.keys(map).length > 0 ? map : undefined;
    }
    default:
      if (member.name !== payloadName) return undefined;
      if (member.shape.type === 'blob') return request.body;
      throw new SimError('NotImplemented', `The simulator does not parse XML request payloads (${member.name})`);
  }
}

export function readRestInput(operation: Operation, request: RestRequest): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const shape = operation.input;
  if (!shape) return input;
  for (const member of shape.members) {
    const value = readMember(member, request, shape.payload);
    if (value !== undefined) input[member.name] = value;
  }
  return input;
}

export interface RestResponse {
  headers: Record<string, string>;
  body: Buffer | string;
}

function headerValue(shape: Shape, value: unknown): string {
  if (shape.type === 'timestamp') return (value instanceof Date ? value : new Date(value as string)).toUTCString();
  return String(value);
}

export function restResponse(operation: Operation, output: unknown): RestResponse {
  const headers: Record<string, string> = {};
  const shape = operation.output;
  if (!shape) return { headers, body: '' };
  const record = (output ?? {}) as Record<string, unknown>;
  let hasBodyMembers = false;
  for (const member of shape.members) {
    const value = record[member.name];
    if (!member.location) {
      hasBodyMembers = true;
      continue;
    }
    if (value === undefined || value === null) continue;
    if (member.location === 'header') headers[member.wireName.toLowerCase()] = headerValue(member.shape, value);
    else if (member.location === 'headers') {
      for (const [key, item] of Object.entries(value as Record<string, string>)) headers[`${member.wireName.toLowerCase()}${key}`] = item;
    }
  }
  if (shape.payload) {
    const payload = shape.memberByName.get(shape.payload)!;
    const value = record[payload.name];
    if (payload.shape.type === 'blob') {
      const body = value === undefined ? Buffer.alloc(0) : Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
      return { headers, body };
    }
    if (value === undefined) return { headers, body: '' };
    const root = payload.locationName ?? payload.shape.locationName ?? payload.name;
    return { headers, body: xmlDocument(root, xmlMembers(payload.shape, value as Record<string, unknown>)) };
  }
  if (!hasBodyMembers) return { headers, body: '' };
  const root = shape.locationName ?? ROOT_ELEMENTS[operation.name] ?? `${operation.name}Result`;
  headers['content-type'] = 'application/xml';
  return { headers, body: xmlDocument(root, xmlMembers(shape, record)) };
}

function xmlDocument(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${inner}</${root}>`;
}

export function restXmlError(error: ResolvedError, requestId: string): string {
  let extra = '';
  for (const [name, value] of Object.entries(error.fields)) extra += `<${name}>${escapeXml(value)}</${name}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code>`
    + `<Message>${escapeXml(error.message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`;
}
