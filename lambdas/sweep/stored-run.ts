/**
 * The typed parts of a run spread over several invocations, kept in the report store (ReportStore
 * putRunPart): JSON written as the report is, read back with its dates as dates.
 */
import type { ReportStore, RunPart } from '../engine/ports/report-store';
import type { AccountResult, IdentityCenterResult, RunReport } from '../engine/types';
import type { StoredPlan } from './act-accounts';
import type { BrakedPlans } from './brakes';
import type { DiscoveredRun } from './discover';

/** What discovery stored: the run, and how many of its accounts each batch takes in order. */
export interface StoredRun extends DiscoveredRun {
  accountsPerBatch: number;
  batchCount: number;
}

/** The fields of the engine's types that hold a Date: JSON gives them back as ISO strings. */
const DATE_FIELDS = new Set([
  'created',
  'lastUsed',
  'passwordLastUsed',
  'passwordLastChanged',
  'lastRotated',
  'since',
  'expires',
  'lastActivity',
  'disabledAt',
  'on',
  'time',
  'lastSignIn',
  'markedDisabledAt',
  'markedOn',
  'tagged',
  'checkedAt',
  'generatedAt',
  'date',
]);
/** Exactly what Date.prototype.toJSON writes, so that a revived date is written back unchanged. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const reviveDates = (key: string, value: unknown) =>
  typeof value === 'string' && DATE_FIELDS.has(key) && ISO_DATE.test(value) ? new Date(value) : value;

interface PartValue {
  run: StoredRun;
  plans: StoredPlan[];
  brakes: BrakedPlans;
  results: AccountResult[];
  'identity-center': IdentityCenterResult;
  report: RunReport;
}

/** A run's parts, typed. */
export class StoredRunParts {
  constructor(
    private readonly store: Pick<ReportStore, 'putRunPart' | 'getRunPart'>,
    readonly runId: string,
  ) {}

  async put<P extends RunPart>(part: P, value: PartValue[P['kind']]): Promise<void> {
    await this.store.putRunPart(this.runId, part, JSON.stringify(value));
  }

  async get<P extends RunPart>(part: P): Promise<PartValue[P['kind']] | undefined> {
    const text = await this.store.getRunPart(this.runId, part);
    return text === undefined ? undefined : (JSON.parse(text, reviveDates) as PartValue[P['kind']]);
  }

  /** The run as discovery stored it; throws when it is missing, since no stage can go on without it. */
  async run(): Promise<StoredRun> {
    const run = await this.get({ kind: 'run' });
    if (!run) throw new Error(`run ${this.runId} has no stored discovery: the Discover stage did not finish`);
    return run;
  }
}

/** The accounts of one batch, in the order they are entered. */
export const batchAccounts = (run: StoredRun, batch: number) => run.order.slice(batch * run.accountsPerBatch, (batch + 1) * run.accountsPerBatch);
