/**
 * The vendored service models, loaded once and compiled into linked shapes so that parsing and
 * serialising a request walks object references, never looks names up.
 */
import cloudtrail from './cloudtrail.json';
import iam from './iam.json';
import identitystore from './identitystore.json';
import organizations from './organizations.json';
import s3 from './s3.json';
import sns from './sns.json';
import ssoAdmin from './sso-admin.json';
import sts from './sts.json';
import type { VendoredService } from './vendor';

/** Imported, not read from disk, so that a bundle of the simulator (the CLI's demo) carries them. */
const VENDORED_MODELS: Record<VendoredService, unknown> = {
  iam, sts, organizations, sns, s3, cloudtrail, identitystore, 'sso-admin': ssoAdmin,
};

export type ServiceName = VendoredService;
export type Protocol = 'query' | 'json' | 'rest-xml';

interface RawRef {
  shape: string;
  location?: string;
  locationName?: string;
  flattened?: boolean;
  streaming?: boolean;
  xmlNamespace?: unknown;
  xmlAttribute?: boolean;
}
interface RawShape {
  type: string;
  members?: Record<string, RawRef>;
  member?: RawRef;
  key?: RawRef;
  value?: RawRef;
  required?: string[];
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  /** A structure that is a JSON document (any value), e.g. identitystore AttributeValue. */
  document?: boolean;
  locationName?: string;
  payload?: string;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}
interface RawOperation {
  name: string;
  http: { method: string; requestUri: string };
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
}
interface RawModel {
  metadata: {
    apiVersion: string;
    endpointPrefix: string;
    protocol: string;
    xmlNamespace?: string;
    targetPrefix?: string;
    signingName?: string;
    jsonVersion?: string;
  };
  operations: Record<string, RawOperation>;
  shapes: Record<string, RawShape>;
}

export type ShapeType =
  | 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob'
  | 'double' | 'float';

/** A member of a structure (or the member/key/value of a list/map) with its wire name and location. */
export interface Member {
  name: string;
  /** Name on the wire: the model's locationName, else the member name. */
  wireName: string;
  /** The model's own locationName, when it gives one. */
  locationName?: string;
  /** `header`, `headers`, `uri`, `querystring` for REST protocols; undefined means the body. */
  location?: string;
  flattened: boolean;
  streaming: boolean;
  shape: Shape;
}

export interface Shape {
  name: string;
  type: ShapeType;
  members: Member[];
  memberByName: Map<string, Member>;
  required: Set<string>;
  member?: Member;
  key?: Member;
  value?: Member;
  enum?: Set<string>;
  min?: number;
  max?: number;
  /** The model's pattern (`text`), matched against the whole value as AWS does. */
  pattern?: { text: string; regexp: RegExp };
  flattened: boolean;
  /** A document type: any JSON value, carried as it is. */
  document: boolean;
  payload?: string;
  locationName?: string;
}

export interface ErrorDefinition {
  code: string;
  httpStatusCode: number;
  senderFault: boolean;
  shape: Shape;
}

export interface Operation {
  name: string;
  method: string;
  requestUri: string;
  input?: Shape;
  output?: Shape;
  resultWrapper?: string;
}

export interface ServiceModel {
  service: ServiceName;
  protocol: Protocol;
  apiVersion: string;
  signingName: string;
  xmlNamespace?: string;
  targetPrefix?: string;
  operations: Map<string, Operation>;
  /** Error definitions by wire code (the model's `error.code`, else the shape name). */
  errors: Map<string, ErrorDefinition>;
}

/**
 * A model pattern as a JavaScript RegExp over the whole value. The models write Java patterns: `\p{L}`
 * needs the `u` flag, which refuses some escapes others use, so `u` is tried first; a pattern neither way
 * compiles is not checked.
 */
function wholeValuePattern(text: string): Shape['pattern'] {
  for (const flags of ['u', '']) {
    try {
      return { text, regexp: new RegExp(`^(?:${text})$`, flags) };
    } catch {
      // the next flags
    }
  }
  return undefined;
}

function compile(service: ServiceName, raw: RawModel): ServiceModel {
  const shapes = new Map<string, Shape>();
  const shapeFor = (name: string): Shape => {
    const existing = shapes.get(name);
    if (existing) return existing;
    const rawShape = raw.shapes[name];
    if (!rawShape) throw new Error(`${service} model: shape ${name} is missing`);
    const shape: Shape = {
      name,
      type: rawShape.type as ShapeType,
      members: [],
      memberByName: new Map(),
      required: new Set(rawShape.required ?? []),
      enum: rawShape.enum ? new Set(rawShape.enum) : undefined,
      min: rawShape.min,
      max: rawShape.max,
      pattern: rawShape.pattern === undefined ? undefined : wholeValuePattern(rawShape.pattern),
      flattened: rawShape.flattened === true,
      document: rawShape.document === true,
      payload: rawShape.payload,
      locationName: rawShape.locationName,
    };
    // Registered before its members are linked: shapes may be recursive.
    shapes.set(name, shape);
    const link = (memberName: string, ref: RawRef, defaultWireName: string): Member => {
      const target = shapeFor(ref.shape);
      return {
        name: memberName,
        wireName: ref.locationName ?? defaultWireName,
        locationName: ref.locationName,
        location: ref.location,
        flattened: ref.flattened === true || target.flattened,
        streaming: ref.streaming === true,
        shape: target,
      };
    };
    for (const [memberName, ref] of Object.entries(rawShape.members ?? {})) {
      const member = link(memberName, ref, memberName);
      shape.members.push(member);
      shape.memberByName.set(memberName, member);
    }
    if (rawShape.member) shape.member = link('member', rawShape.member, 'member');
    if (rawShape.key) shape.key = link('key', rawShape.key, 'key');
    if (rawShape.value) shape.value = link('value', rawShape.value, 'value');
    return shape;
  };

  const operations = new Map<string, Operation>();
  for (const [name, op] of Object.entries(raw.operations)) {
    operations.set(name, {
      name,
      method: op.http.method,
      requestUri: op.http.requestUri,
      input: op.input ? shapeFor(op.input.shape) : undefined,
      output: op.output ? shapeFor(op.output.shape) : undefined,
      resultWrapper: op.output?.resultWrapper,
    });
  }
  const errors = new Map<string, ErrorDefinition>();
  for (const [name, rawShape] of Object.entries(raw.shapes)) {
    if (!rawShape.exception) continue;
    const code = rawShape.error?.code ?? name;
    errors.set(code, {
      code,
      httpStatusCode: rawShape.error?.httpStatusCode ?? (rawShape.fault ? 500 : 400),
      senderFault: rawShape.error?.senderFault ?? !rawShape.fault,
      shape: shapeFor(name),
    });
  }
  const protocol = raw.metadata.protocol;
  if (protocol !== 'query' && protocol !== 'json' && protocol !== 'rest-xml') {
    throw new Error(`${service} model: protocol ${protocol} is not supported`);
  }
  return {
    service,
    protocol,
    apiVersion: raw.metadata.apiVersion,
    signingName: raw.metadata.signingName ?? raw.metadata.endpointPrefix,
    xmlNamespace: raw.metadata.xmlNamespace,
    targetPrefix: raw.metadata.targetPrefix,
    operations,
    errors,
  };
}

let loaded: Map<ServiceName, ServiceModel> | undefined;

/** All vendored models, read and compiled on first use. */
export function serviceModels(): Map<ServiceName, ServiceModel> {
  if (!loaded) {
    loaded = new Map();
    for (const [service, raw] of Object.entries(VENDORED_MODELS) as [VendoredService, RawModel][]) {
      loaded.set(service, compile(service, raw));
    }
  }
  return loaded;
}

export function serviceModel(service: ServiceName): ServiceModel {
  const model = serviceModels().get(service);
  if (!model) throw new Error(`No model for service ${service}`);
  return model;
}
