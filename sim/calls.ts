/** Counts of the calls the simulator answered, by service, operation and calling account. */

export interface CallCounts {
  total: number;
  byService: Record<string, number>;
  /** Keyed `service:Operation`, e.g. `iam:DeleteUser`. */
  byOperation: Record<string, number>;
  byAccount: Record<string, number>;
  /** Error answers keyed `service:Code`, e.g. `iam:Throttling`. */
  byError: Record<string, number>;
  /** Calls the authorizer refused (sim/authorization.ts), keyed `<action> on <resource>`, e.g. `iam:DeleteUser on arn:aws:iam::…:user/bob`. */
  denied: Record<string, number>;
  calls: { service: string; operation: string; accountId: string; count: number }[];
}

export class CallCounter {
  private readonly counts = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly denials = new Map<string, number>();

  record(service: string, operation: string, accountId: string): void {
    const key = `${service}\0${operation}\0${accountId}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  recordError(service: string, code: string): void {
    const key = `${service}:${code}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }

  recordDenial(action: string, resource: string): void {
    const key = `${action} on ${resource}`;
    this.denials.set(key, (this.denials.get(key) ?? 0) + 1);
  }

  reset(): void {
    this.counts.clear();
    this.errors.clear();
    this.denials.clear();
  }

  snapshot(): CallCounts {
    const result: CallCounts = { total: 0, byService: {}, byOperation: {}, byAccount: {}, byError: Object.fromEntries(this.errors), denied: Object.fromEntries(this.denials), calls: [] };
    const add = (record: Record<string, number>, key: string, count: number) => { record[key] = (record[key] ?? 0) + count; };
    for (const [key, count] of this.counts) {
      const [service, operation, accountId] = key.split('\0');
      result.total += count;
      add(result.byService, service, count);
      add(result.byOperation, `${service}:${operation}`, count);
      add(result.byAccount, accountId, count);
      result.calls.push({ service, operation, accountId, count });
    }
    return result;
  }
}
