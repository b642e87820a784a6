/**
 * The local AWS simulator: one HTTP server on loopback that speaks IAM, STS, SNS (Query), Organizations,
 * CloudTrail, identitystore, sso-admin (JSON 1.1) and S3 (REST-XML), so unmodified AWS SDK clients work
 * with only an endpoint override.
 *
 * @example
 *   const sim = await startSimulator({ scenario: 'sim/scenarios/small.json' });
 *   const iam = new IAMClient({ endpoint: sim.url, region: 'us-east-1' });
 *   await sim.stop();
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin';
import { credentialScope, resolveCaller } from './auth';
import { authorize, AuthorizationDenial, type Authorizer } from './authorization';
import { CallCounter } from './calls';
import { resolveError, SimError } from './errors';
import { FaultInjector } from './faults';
import { loadScenario } from './load-scenario';
import { serviceModels, type Operation, type ServiceModel, type ServiceName } from './models';
import { JSON_CONTENT_TYPE, jsonError, jsonResponse, operationFromTarget, readJsonInput } from './protocols/json';
import { parseQueryBody, queryError, queryResponse, readQueryInput } from './protocols/query';
import {
  decodeAwsChunked, readRestInput, restResponse, restXmlError, RestRouter, virtualHostBucket,
} from './protocols/rest-xml';
import { findViolation, type Violation } from './protocols/validate';
import type { Scenario } from './scenario';
import { cloudtrailHandlers, cloudTrailValidationError } from './services/cloudtrail';
import type { CallContext, Handler, Handlers } from './services/context';
import { iamHandlers } from './services/iam';
import { identitystoreHandlers } from './services/identitystore';
import { organizationsHandlers } from './services/organizations';
import { s3Handlers } from './services/s3';
import { snsHandlers } from './services/sns';
import { ssoAdminHandlers } from './services/sso-admin';
import { stsHandlers } from './services/sts';
import { buildState, type SimState } from './state';

const HANDLERS: Record<ServiceName, Handlers> = {
  iam: iamHandlers,
  sts: stsHandlers,
  sns: snsHandlers,
  organizations: organizationsHandlers,
  s3: s3Handlers,
  cloudtrail: cloudtrailHandlers,
  identitystore: identitystoreHandlers,
  'sso-admin': ssoAdminHandlers,
};

/** How each service words a broken input constraint. */
const VALIDATION_ERROR: Record<ServiceName, (violation: Violation) => SimError> = {
  iam: (v) => new SimError('ValidationError', v.message),
  sts: (v) => new SimError('ValidationError', v.message),
  sns: (v) => new SimError('InvalidParameter', `Invalid parameter: ${v.message}`),
  organizations: (v) => new SimError('InvalidInputException', v.message, { fields: { Reason: v.reason } }),
  s3: (v) => new SimError('InvalidArgument', v.message),
  cloudtrail: cloudTrailValidationError,
  identitystore: (v) => new SimError('ValidationException', v.message),
  'sso-admin': (v) => new SimError('ValidationException', v.message),
};

/** Far above anything the SDKs send (an SNS message is 256 KiB); guards memory against a runaway client. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Longer than the SDKs' idle socket timeouts, so the server never closes a socket a client is about to reuse. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

interface ServiceRuntime {
  model: ServiceModel;
  handlers: Map<string, Handler>;
  router?: RestRouter;
}

function buildRuntimes(): Map<string, ServiceRuntime> {
  const runtimes = new Map<string, ServiceRuntime>();
  for (const model of serviceModels().values()) {
    const handlers = new Map(Object.entries(HANDLERS[model.service]));
    for (const name of model.operations.keys()) {
      if (!handlers.has(name)) throw new Error(`${model.service}: operation ${name} is vendored but has no handler`);
    }
    for (const name of handlers.keys()) {
      if (!model.operations.has(name)) throw new Error(`${model.service}: handler ${name} has no vendored operation`);
    }
    runtimes.set(model.signingName, { model, handlers, router: model.protocol === 'rest-xml' ? new RestRouter(model) : undefined });
  }
  return runtimes;
}

interface Simulator {
  state: SimState;
  faults: FaultInjector;
  calls: CallCounter;
  runtimes: Map<string, ServiceRuntime>;
  authorizer?: Authorizer;
}

interface Decoded {
  operation: Operation;
  input: Record<string, unknown>;
}

function unknownOperation(model: ServiceModel, name: string): SimError {
  const code = model.protocol === 'json' ? 'UnknownOperationException' : model.protocol === 'rest-xml' ? 'NotImplemented' : 'InvalidAction';
  return new SimError(code, `The action ${name} is not valid for this web service (${model.service})`);
}

function decodeQuery(model: ServiceModel, text: string): Decoded {
  const request = parseQueryBody(text);
  if (!request.action) throw new SimError('MissingAction', `The request has no Action parameter (${model.service})`);
  const operation = model.operations.get(request.action);
  if (!operation) throw unknownOperation(model, request.action);
  return { operation, input: readQueryInput(operation, request) };
}

function decodeJson(model: ServiceModel, req: IncomingMessage, text: string): Decoded {
  const target = req.headers['x-amz-target'] as string | undefined;
  const name = operationFromTarget(target, model.targetPrefix ?? '');
  const operation = name === undefined ? undefined : model.operations.get(name);
  if (!operation) throw unknownOperation(model, target ?? '(no X-Amz-Target header)');
  return { operation, input: readJsonInput(operation.input, text) };
}

function decodeRest(runtime: ServiceRuntime, req: IncomingMessage, path: string, query: URLSearchParams, body: Buffer): Decoded {
  const bucket = virtualHostBucket(req.headers.host);
  const routedPath = bucket ? `/${encodeURIComponent(bucket)}${path}` : path;
  const match = runtime.router!.match(req.method ?? 'GET', routedPath, query);
  if (!match) throw unknownOperation(runtime.model, query.get('x-id') ?? `${req.method} ${path}`);
  const encoding = String(req.headers['content-encoding'] ?? '');
  const sha256 = String(req.headers['x-amz-content-sha256'] ?? '');
  const payload = encoding.includes('aws-chunked') || sha256.startsWith('STREAMING-') ? decodeAwsChunked(body) : body;
  const input = readRestInput(match.operation, { labels: match.labels, query, headers: req.headers, body: payload });
  return { operation: match.operation, input };
}

function decode(runtime: ServiceRuntime, req: IncomingMessage, path: string, query: URLSearchParams, rawQuery: string, body: Buffer): Decoded {
  switch (runtime.model.protocol) {
    case 'query':
      // The Query protocol also accepts its parameters in the URL of a GET.
      return decodeQuery(runtime.model, req.method === 'GET' ? rawQuery : body.toString('utf8'));
    case 'json':
      return decodeJson(runtime.model, req, body.toString('utf8'));
    case 'rest-xml':
      return decodeRest(runtime, req, path, query, body);
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  // A HEAD answer declares the length of the body it leaves out.
  headers['content-length'] ??= String(bytes.length);
  res.writeHead(status, headers);
  res.end(bytes);
}

function sendSuccess(res: ServerResponse, model: ServiceModel, operation: Operation, output: unknown, requestId: string): void {
  switch (model.protocol) {
    case 'query':
      send(res, 200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, queryResponse(model, operation, output, requestId));
      return;
    case 'json':
      send(res, 200, { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId }, jsonResponse(operation.output, output));
      return;
    case 'rest-xml': {
      const response = restResponse(operation, output);
      send(res, 200, { ...response.headers, 'x-amz-request-id': requestId }, response.body);
    }
  }
}

function sendError(res: ServerResponse, model: ServiceModel | undefined, error: SimError, requestId: string): string {
  const resolved = resolveError(model, error);
  if (model?.protocol === 'json') {
    send(res, resolved.status, { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId, 'x-amzn-errortype': resolved.code }, jsonError(resolved));
  } else if (model?.protocol === 'rest-xml') {
    send(res, resolved.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, restXmlError(resolved, requestId));
  } else {
    send(res, resolved.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, queryError(model, resolved, requestId));
  }
  return resolved.code;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function handleAws(sim: Simulator, req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, body: Buffer): Promise<void> {
  const requestId = randomUUID();
  const latency = sim.faults.latencyMs;
  if (latency > 0) await sleep(latency);
  let runtime: ServiceRuntime | undefined;
  try {
    const query = new URLSearchParams(rawQuery);
    const scope = credentialScope(req.headers.authorization, query.get('X-Amz-Credential'));
    if (!scope) throw new SimError('MissingAuthenticationToken', 'Request is missing Authentication Token');
    runtime = sim.runtimes.get(scope.signingName);
    if (!runtime) {
      throw new SimError('UnrecognizedService',
        `The simulator does not serve the service ${scope.signingName}; it serves ${[...sim.runtimes.keys()].join(', ')}`, { status: 400 });
    }
    const { model } = runtime;
    const caller = resolveCaller(sim.state, scope, model.service);
    const { operation, input } = decode(runtime, req, path, query, rawQuery, body);
    sim.calls.record(model.service, operation.name, caller.accountId);
    const fault = sim.faults.beforeCall(model.service, operation.name, caller.accountId);
    if (fault) throw fault;
    const violation = operation.input && findViolation(operation.input, input);
    if (violation) throw VALIDATION_ERROR[model.service](violation);
    const ctx: CallContext = {
      state: sim.state,
      faults: sim.faults,
      caller,
      account: sim.state.accounts.get(caller.accountId)!,
      region: scope.region,
      service: model.service,
      operation: operation.name,
      requestId,
      now: sim.state.clock.now(),
    };
    if (sim.authorizer) await authorize(sim.authorizer, ctx, input);
    const output = runtime.handlers.get(operation.name)!(ctx, input as never);
    sendSuccess(res, model, operation, output, requestId);
  } catch (thrown) {
    let error: SimError;
    if (thrown instanceof SimError) {
      error = thrown;
    } else {
      process.stderr.write(`iam-sweep simulator: unexpected error: ${(thrown as Error).stack ?? String(thrown)}\n`);
      error = new SimError('InternalFailure', `Simulator error: ${(thrown as Error).message}`, { status: 500 });
    }
    const code = sendError(res, runtime?.model, error, requestId);
    sim.calls.recordError(runtime?.model.service ?? 'unknown', code);
    if (error instanceof AuthorizationDenial) sim.calls.recordDenial(error.action, error.resource);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function handle(sim: Simulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : url.slice(queryAt + 1);
  const body = await readBody(req);
  // AWS states its own time in every answer (RFC 7231 IMF-fixdate); the SDK corrects its signing clock from
  // it. Node would send the host's time: this is the simulator's clock, which POST /_sim/clock moves.
  res.setHeader('date', sim.state.clock.now().toUTCString());
  if (path.startsWith('/_sim/')) {
    const answer = handleAdmin(sim, req.method ?? 'GET', path, body.toString('utf8'));
    send(res, answer.status, { 'content-type': 'application/json' }, JSON.stringify(answer.body));
    return;
  }
  await handleAws(sim, req, res, path, rawQuery, body);
}

export interface StartOptions {
  /** A scenario object, or the path of a scenario JSON file. */
  scenario: Scenario | string;
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Evaluates every call against the policies of the scenario (sim/authorization.ts); default: every
   * call is allowed. Tests and the bench pass one built on iam-simulate (test/support/authorizer.ts).
   */
  authorizer?: Authorizer;
}

export interface RunningSimulator {
  /** Base URL to pass as every SDK client's `endpoint`, e.g. `http://127.0.0.1:39271`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Loads and validates the scenario, then serves it until `stop()`. */
export async function startSimulator(options: StartOptions): Promise<RunningSimulator> {
  const scenario = await loadScenario(options.scenario);
  const state = buildState(scenario, new Date());
  const sim: Simulator = {
    state, faults: new FaultInjector(scenario.faults ?? {}), calls: new CallCounter(), runtimes: buildRuntimes(), authorizer: options.authorizer,
  };
  const server = createServer((req, res) => {
    handle(sim, req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, { 'content-type': 'text/plain' }, `iam-sweep simulator: ${error.message}`);
      else res.destroy(error);
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stop: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
