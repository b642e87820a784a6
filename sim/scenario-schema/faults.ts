/** The faults a scenario or `POST /_sim/faults` may inject (sim/faults.ts acts on them). */
import { z } from 'zod';
import { PARTITIONS } from '../partition';
import { ACCOUNT_ID, fields, flag, IDENTITY_STORE_RESOURCE_ID, list, numberFrom, oneOf, permissionSetArn, text } from './fields';

/**
 * How a malformed credential report is broken: `truncated` (its last line cut short), `bad-date` (a user's
 * creation time is not a time), `missing-column` (access_key_1_last_used_date left out), `missing-user` (the
 * last user's line left out), `empty`, `not-csv` (an HTML error page).
 */
const credentialReportCorruption = oneOf(['truncated', 'bad-date', 'missing-column', 'missing-user', 'empty', 'not-csv']);

/** A fault is set without its scenario at hand (POST /_sim/faults): any partition's ARN. */
const ANY_PARTITION = `(${Object.keys(PARTITIONS).join('|')})`;

export const faultsSchema = fields({
  /** Added to every call. */
  latencyMs: numberFrom(0),
  /** Probability (0–1) that a call answers the service's throttling error. */
  throttleRate: numberFrom(0, 1),
  /** Probability (0–1) that a call answers HTTP 500. */
  serverErrorRate: numberFrom(0, 1),
  /** Token bucket per account (calls per second, burst of the same size); 0 = unlimited. */
  perAccountRequestsPerSecond: numberFrom(0),
  /** Accounts into which AssumeRole answers AccessDenied. */
  denyAssumeRole: list(ACCOUNT_ID),
  /** Users whose next DeleteUser fails: `{ accountId, userName, code }`, each used once. */
  failDeleteUser: list(fields({ accountId: ACCOUNT_ID, userName: text(), code: text(), message: text().optional() })).optional(),
  /** Operations that fail every time, e.g. `{ service: "sns", operation: "Publish", code: "InternalError" }`. */
  failOperations: list(
    fields({ service: text(), operation: text(), code: text(), accountId: ACCOUNT_ID.optional(), message: text().optional() }),
  ).optional(),
  /** When true, the first page of every Organizations list call is empty but carries a NextToken (as AWS may). */
  emptyPages: flag().optional(),
  /** Seed of the pseudo-random generator behind `throttleRate` and `serverErrorRate` (default 1). */
  seed: numberFrom(-Infinity).optional(),
  /**
   * Identity Center account assignments whose DeleteAccountAssignment ends FAILED (the assignment stays),
   * every time while the fault is set; `permissionSetArn` narrows it to one permission set.
   */
  failAssignmentDeletion: list(
    fields({
      principalId: IDENTITY_STORE_RESOURCE_ID,
      accountId: ACCOUNT_ID,
      permissionSetArn: permissionSetArn(ANY_PARTITION, '<partition>').optional(),
      reason: text().optional(),
    }),
  ).optional(),
  /** Probability (0–1) that a call waits `latencySpikeMs` more, from a generator of its own (seeded by `seed`). */
  latencySpikeRate: numberFrom(0, 1).optional(),
  /** The extra wait of a latency spike (default 1000). */
  latencySpikeMs: numberFrom(0).optional(),
  /** Accounts whose credential report GetCredentialReport serves malformed, in the given way (default `truncated`). */
  corruptCredentialReport: list(fields({ accountId: ACCOUNT_ID, corruption: credentialReportCorruption.optional() })).optional(),
  /**
   * Users someone else deletes mid-run: just before the `occurrence`-th (default first) call of `operation` that
   * names the user in that account, the user is deleted with everything it holds, MFA devices included; each
   * entry acts once.
   */
  deleteUserOnCall: list(
    fields({
      accountId: ACCOUNT_ID,
      userName: text(),
      operation: text(/^[A-Z]\w+$/, 'an IAM operation such as GetUser'),
      occurrence: numberFrom(1).optional(),
    }),
  ).optional(),
});

/** Faults as a scenario or `POST /_sim/faults` gives them: any of them, the others left as they are. */
export const partialFaultsSchema = faultsSchema.partial();

export type Faults = z.infer<typeof faultsSchema>;
export type CredentialReportCorruption = z.infer<typeof credentialReportCorruption>;
