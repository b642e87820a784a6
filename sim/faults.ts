/**
 * Fault injection: latency, random throttling and server errors (from a seeded generator, so runs are
 * reproducible), a token bucket per calling account, and failures aimed at one operation or one user.
 */
import { SimError } from './errors';
import type { ServiceName } from './models';
import type { CredentialReportCorruption, Faults } from './scenario';

const RATE_EXCEEDED = 'Rate exceeded';
const UNKNOWN_FAILURE = 'The request processing has failed because of an unknown error, exception or failure.';

/** Each service's own throttling answer (AWS facts and the service models). */
const THROTTLING: Record<ServiceName, () => SimError> = {
  iam: () => new SimError('Throttling', RATE_EXCEEDED),
  sts: () => new SimError('Throttling', RATE_EXCEEDED),
  sns: () => new SimError('Throttled', RATE_EXCEEDED),
  organizations: () => new SimError('TooManyRequestsException',
    'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.'),
  s3: () => new SimError('SlowDown', 'Please reduce your request rate.'),
  cloudtrail: () => new SimError('ThrottlingException', RATE_EXCEEDED),
  identitystore: () => new SimError('ThrottlingException', RATE_EXCEEDED),
  'sso-admin': () => new SimError('ThrottlingException', RATE_EXCEEDED),
};

/** Each service's own internal error (HTTP 500). */
const SERVER_ERROR: Record<ServiceName, () => SimError> = {
  iam: () => new SimError('ServiceFailure', UNKNOWN_FAILURE),
  sts: () => new SimError('InternalFailure', UNKNOWN_FAILURE),
  sns: () => new SimError('InternalError', 'Request could not be completed because of an internal error.'),
  organizations: () => new SimError('ServiceException',
    "AWS Organizations can't complete your request because of an internal service error. Try again later."),
  s3: () => new SimError('InternalError', 'We encountered an internal error. Please try again.'),
  cloudtrail: () => new SimError('InternalFailure', UNKNOWN_FAILURE),
  identitystore: () => new SimError('InternalServerException', UNKNOWN_FAILURE),
  'sso-admin': () => new SimError('InternalServerException', UNKNOWN_FAILURE),
};

const DEFAULT_MESSAGES: Record<string, string> = {
  ConcurrentModification: 'The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.',
  DeleteConflict: 'Cannot delete entity, must remove referenced objects first.',
  EntityTemporarilyUnmodifiable: 'The request was rejected because it referenced an entity that is temporarily unmodifiable. Try again later.',
  LimitExceeded: RATE_EXCEEDED,
  ServiceFailure: UNKNOWN_FAILURE,
  InternalError: 'Request could not be completed because of an internal error.',
  InternalFailure: UNKNOWN_FAILURE,
  AccessDenied: 'Access Denied',
  Throttling: RATE_EXCEEDED,
};

function injected(code: string, message: string | undefined): SimError {
  return new SimError(code, message ?? DEFAULT_MESSAGES[code] ?? `Injected failure ${code}`);
}

/** mulberry32: a small, fast, seedable generator; the same seed gives the same fault sequence. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface TokenBucket {
  tokens: number;
  updatedMs: number;
}

/** Breaks a credential report's CSV the way `corruption` says (the first two lines are the header and the root). */
export function corruptReport(csv: string, corruption: CredentialReportCorruption): string {
  const lines = csv.split('\n');
  switch (corruption) {
    case 'truncated': {
      // Cut the last line at its fifth comma: it ends mid-record, as a report cut off in transit would.
      const last = lines[lines.length - 1];
      let cut = -1;
      for (let commas = 0; commas < 5; commas++) cut = last.indexOf(',', cut + 1);
      lines[lines.length - 1] = last.slice(0, cut > 0 ? cut : Math.floor(last.length / 2));
      return lines.join('\n');
    }
    case 'bad-date': {
      const row = Math.min(2, lines.length - 1);
      const fields = lines[row].split(',');
      fields[2] = 'yesterday';
      lines[row] = fields.join(',');
      return lines.join('\n');
    }
    case 'missing-column': {
      const column = lines[0].split(',').indexOf('access_key_1_last_used_date');
      return lines.map((line) => line.split(',').filter((_, i) => i !== column).join(',')).join('\n');
    }
    case 'missing-user':
      return (lines.length > 2 ? lines.slice(0, -1) : lines).join('\n');
    case 'empty':
      return '';
    case 'not-csv':
      return '<html><head><title>503 Service Unavailable</title></head><body>Service Unavailable</body></html>';
  }
}

export class FaultInjector {
  private faults: Partial<Faults> = {};
  private random: () => number = seededRandom(1);
  /** Latency spikes draw from their own sequence, so that adding them leaves the other draws as they were. */
  private spikeRandom: () => number = seededRandom(1);
  private readonly buckets = new Map<string, TokenBucket>();
  /** Calls seen so far per `deleteUserOnCall` entry. */
  private readonly userDeletionCalls = new Map<object, number>();

  constructor(faults: Partial<Faults>) {
    this.replace(faults);
  }

  /** Replaces every fault setting; the generator restarts from the seed and the token buckets refill. */
  replace(faults: Partial<Faults>): void {
    this.faults = {
      ...faults,
      failDeleteUser: faults.failDeleteUser?.map((f) => ({ ...f })),
      deleteUserOnCall: faults.deleteUserOnCall?.map((f) => ({ ...f })),
    };
    this.random = seededRandom(faults.seed ?? 1);
    this.spikeRandom = seededRandom((faults.seed ?? 1) ^ 0x5bd1e995);
    this.buckets.clear();
    this.userDeletionCalls.clear();
  }

  get current(): Partial<Faults> {
    return this.faults;
  }

  /** The wait before one call's answer: `latencyMs`, plus a spike now and then (`latencySpikeRate`). */
  get latencyMs(): number {
    const spikeRate = this.faults.latencySpikeRate ?? 0;
    const spike = spikeRate > 0 && this.spikeRandom() < spikeRate ? (this.faults.latencySpikeMs ?? 1000) : 0;
    return (this.faults.latencyMs ?? 0) + spike;
  }

  get emptyPages(): boolean {
    return this.faults.emptyPages === true;
  }

  /** The failure injected before an operation runs, if any. Throttled calls never reach the operation. */
  beforeCall(service: ServiceName, operation: string, accountId: string): SimError | undefined {
    const rate = this.faults.perAccountRequestsPerSecond ?? 0;
    if (rate > 0 && !this.takeToken(accountId, rate)) return THROTTLING[service]();
    const throttleRate = this.faults.throttleRate ?? 0;
    const serverErrorRate = this.faults.serverErrorRate ?? 0;
    if (throttleRate > 0 || serverErrorRate > 0) {
      const draw = this.random();
      if (draw < throttleRate) return THROTTLING[service]();
      if (draw < throttleRate + serverErrorRate) return SERVER_ERROR[service]();
    }
    for (const failure of this.faults.failOperations ?? []) {
      if (failure.service === service && failure.operation === operation && (!failure.accountId || failure.accountId === accountId)) {
        return injected(failure.code, failure.message);
      }
    }
    return undefined;
  }

  /** The failure planned for this user's next DeleteUser, consumed by this call. */
  takeDeleteUserFailure(accountId: string, userName: string): SimError | undefined {
    const list = this.faults.failDeleteUser;
    const index = list?.findIndex((f) => f.accountId === accountId && f.userName.toLowerCase() === userName.toLowerCase()) ?? -1;
    if (!list || index === -1) return undefined;
    const [failure] = list.splice(index, 1);
    return injected(failure.code, failure.message);
  }

  /**
   * Whether someone else deletes this user now, just before this call of `operation` names it
   * (`deleteUserOnCall`); an entry that fires is used up.
   */
  takeUserDeletion(accountId: string, userName: string, operation: string): boolean {
    const list = this.faults.deleteUserOnCall;
    const index =
      list?.findIndex((f) => f.accountId === accountId && f.operation === operation && f.userName.toLowerCase() === userName.toLowerCase()) ?? -1;
    if (!list || index === -1) return false;
    const entry = list[index];
    const seen = (this.userDeletionCalls.get(entry) ?? 0) + 1;
    this.userDeletionCalls.set(entry, seen);
    if (seen < (entry.occurrence ?? 1)) return false;
    list.splice(index, 1);
    return true;
  }

  /** The credential report as GetCredentialReport serves it to this account: malformed when `corruptCredentialReport` says so. */
  credentialReportContent(accountId: string, content: Buffer): Buffer {
    const fault = this.faults.corruptCredentialReport?.find((f) => f.accountId === accountId);
    return fault ? Buffer.from(corruptReport(content.toString('utf8'), fault.corruption ?? 'truncated')) : content;
  }

  deniesAssumeRoleInto(accountId: string): boolean {
    return this.faults.denyAssumeRole?.includes(accountId) ?? false;
  }

  private takeToken(accountId: string, rate: number): boolean {
    const nowMs = performance.now();
    let bucket = this.buckets.get(accountId);
    if (!bucket) {
      bucket = { tokens: rate, updatedMs: nowMs };
      this.buckets.set(accountId, bucket);
    }
    bucket.tokens = Math.min(rate, bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * rate);
    bucket.updatedMs = nowMs;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
