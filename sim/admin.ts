/**
 * The simulator's own endpoints under `/_sim/` (plain JSON), for tests, the demo and benchmarks:
 *
 *   GET  /_sim/state        whole state in the scenario format, absolute ISO times
 *   GET  /_sim/sns          published messages [{ topicArn, subject, message, time, messageId }]
 *   GET  /_sim/s3           objects [{ bucket, key, size, body, contentType, lastModified }]
 *   GET  /_sim/calls        call counts (see CallCounts); POST /_sim/calls/reset clears them
 *   GET  /_sim/faults       current faults; POST /_sim/faults replaces them (scenario `faults` shape)
 *   GET  /_sim/clock        { now, startedAt, offsetMs }; POST /_sim/clock { "advance": "5h" } moves it forward
 */
import type { CallCounter } from './calls';
import type { FaultInjector } from './faults';
import { ScenarioError, validateFaultsInput } from './load-scenario';
import { dumpState, type SimState } from './state';

export interface AdminContext {
  state: SimState;
  faults: FaultInjector;
  calls: CallCounter;
}

export interface AdminAnswer {
  status: number;
  body: unknown;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

class AdminError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new AdminError(400, 'The request body is not valid JSON');
  }
}

function clockOf(state: SimState) {
  return { now: state.clock.now().toISOString(), startedAt: state.clock.startedAt.toISOString(), offsetMs: state.clock.offset };
}

function advanceClock(state: SimState, body: string) {
  const request = parseJson(body) as { advance?: unknown } | null;
  const advance = request?.advance;
  const match = typeof advance === 'string' ? /^\+?(\d+(?:\.\d+)?)([smhd])$/.exec(advance.trim()) : null;
  if (!match) throw new AdminError(400, `advance: expected a duration such as "5h", "30m", "90d" or "15s", got ${JSON.stringify(advance)}`);
  state.clock.advance(Number(match[1]) * UNIT_MS[match[2]]);
  return clockOf(state);
}

function replaceFaults(faults: FaultInjector, body: string) {
  try {
    faults.replace(validateFaultsInput(parseJson(body)));
  } catch (error) {
    if (error instanceof ScenarioError) throw new AdminError(400, error.message);
    throw error;
  }
  return faults.current;
}

function objects(state: SimState) {
  return [...state.buckets.values()].flatMap((bucket) => [...bucket.objects].map(([key, object]) => ({
    bucket: bucket.name,
    key,
    size: object.body.length,
    body: object.body.toString('utf8'),
    contentType: object.contentType,
    lastModified: object.lastModified.toISOString(),
  })));
}

/** Answers one admin request; unknown paths answer 404 and a list of the known ones. */
export function handleAdmin(admin: AdminContext, method: string, path: string, body: string): AdminAnswer {
  const { state } = admin;
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /_sim/state': return { status: 200, body: dumpState(state, admin.faults.current) };
      case 'GET /_sim/sns': return { status: 200, body: state.published };
      case 'GET /_sim/s3': return { status: 200, body: objects(state) };
      case 'GET /_sim/calls': return { status: 200, body: admin.calls.snapshot() };
      case 'POST /_sim/calls/reset':
        admin.calls.reset();
        return { status: 200, body: admin.calls.snapshot() };
      case 'GET /_sim/faults': return { status: 200, body: admin.faults.current };
      case 'POST /_sim/faults': return { status: 200, body: replaceFaults(admin.faults, body) };
      case 'GET /_sim/clock': return { status: 200, body: clockOf(state) };
      case 'POST /_sim/clock': return { status: 200, body: advanceClock(state, body) };
      default:
        return {
          status: 404,
          body: {
            error: `No simulator endpoint ${route}`,
            endpoints: ['GET /_sim/state', 'GET /_sim/sns', 'GET /_sim/s3', 'GET /_sim/calls', 'POST /_sim/calls/reset',
              'GET /_sim/faults', 'POST /_sim/faults', 'GET /_sim/clock', 'POST /_sim/clock'],
          },
        };
    }
  } catch (error) {
    if (error instanceof AdminError) return { status: error.status, body: { error: error.message } };
    throw error;
  }
}
