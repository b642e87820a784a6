/**
 * The Step Functions engine in the benchmark: the run goes through its stages one invocation after another
 * on this machine (bench/sweep-process.ts), each stage's own time measured; the wall an execution would
 * take is modeled from them at the map's concurrency:
 *
 *   modeled = max(discover + map(plan batches) + brakes + map(act batches) + finish,
 *                 the caller account's bucket for every call charged to it + brakes + finish)
 *   map(b)  = max(the batches laid out on `mapConcurrency` slots in order (each as soon as a slot is free),
 *                 the caller account's bucket for the map's STS and Organizations calls, made by all its
 *                 batches at once in AWS but one batch after another here)
 *
 * Every call charged to the caller account: the STS and Organizations calls every stage made (discovery's,
 * each account's tags and AssumeRole calls), counted as calls, not attempts (a throttled attempt takes no
 * token), and the IAM calls of the caller's own account, which is swept like any member and shares the
 * bucket (the lower bound's count of them: the stages cannot tell its calls from other members').
 *
 * Each batch runs in an invocation of its own, with its own vCPU at the deployed 1,769 MB, so batches do not
 * share CPU. Step Functions' own time per state (tens of milliseconds) is left out.
 */
import type { StageTime } from './sweep-process';

export interface StepFunctionsOptions {
  accountsPerBatch: number;
  /** MaxConcurrency of each Distributed Map. */
  mapConcurrency: number;
}

export interface StagedModel {
  wallSeconds: number;
  /** The caller account's bucket over the whole run, with brakes and finish after it. */
  callerFloorSeconds: number;
  discoverSeconds: number;
  /** Each map's modeled time, and its slowest batch. */
  plan: MapModel;
  brakesSeconds: number;
  act: MapModel;
  finishSeconds: number;
  batches: number;
  /** Billed Lambda time at the deployed memory: every invocation's wall. */
  lambdaGbSeconds: number;
  /** State transitions of one execution without retries (its Distributed Maps' child executions included). */
  stateTransitions: number;
}

export interface MapModel {
  seconds: number;
  slowestBatchSeconds: number;
  /** The map's calls through the caller account's bucket, and the time they need at its rate. */
  callerCalls: number;
  callerSeconds: number;
}

/** The orchestrator's deployed memory (stacks/sweep-stack.ts ORCHESTRATOR_MEMORY_MB). */
const DEPLOYED_MEMORY_GB = 1769 / 1024;

/**
 * States entered by one execution: CheckNoOtherRun, OnlyThisRun, Discover, PlanAndIdentityCenter,
 * PlanAccounts, IdentityCenter, Brakes, ActOnAccounts, Finish; and per batch and map, its child
 * execution's one task state.
 */
export const stateTransitions = (batches: number) => 9 + 2 * batches;

/** Jobs laid out in order on `slots`, each on the slot free first: when the last one ends. */
export function makespan(seconds: readonly number[], slots: number): number {
  const free = new Array<number>(Math.max(1, Math.min(slots, seconds.length))).fill(0);
  for (const job of seconds) {
    const slot = free.indexOf(Math.min(...free));
    free[slot] += job;
  }
  return Math.max(0, ...free);
}

export function stagedModel(
  stages: readonly StageTime[],
  options: StepFunctionsOptions,
  model: { latencyMs: number; ratePerSecond: number },
  callerOwnAccountCalls: number,
): StagedModel {
  const L = model.latencyMs / 1000;
  const R = model.ratePerSecond;
  const bucket = (calls: number) => (R > 0 ? Math.max(0, calls - R) / R + L : 0);
  const of = (stage: StageTime['stage']) => stages.filter((time) => time.stage === stage);
  const seconds = (stage: StageTime['stage']) => of(stage).reduce((sum, time) => sum + time.wallMs, 0) / 1000;
  const map = (stage: 'plan' | 'act'): MapModel => {
    const batches = of(stage);
    const callerCalls = batches.reduce((sum, time) => sum + time.callerCalls, 0);
    const times = batches.map((time) => time.wallMs / 1000);
    const laidOut = makespan(times, options.mapConcurrency);
    const callerSeconds = bucket(callerCalls);
    return { seconds: Math.max(laidOut, callerSeconds), slowestBatchSeconds: Math.max(0, ...times), callerCalls, callerSeconds };
  };
  const plan = map('plan');
  const act = map('act');
  // Identity Center runs beside the planning map (a Parallel state).
  const planning = Math.max(plan.seconds, seconds('identity-center'));
  const batches = of('plan').length;
  const parts = { discover: seconds('discover'), brakes: seconds('brakes'), finish: seconds('finish') };
  const callerCalls = stages.reduce((sum, time) => sum + time.callerCalls, 0) + callerOwnAccountCalls;
  const callerFloorSeconds = bucket(callerCalls) + parts.brakes + parts.finish;
  return {
    wallSeconds: Math.max(parts.discover + planning + parts.brakes + act.seconds + parts.finish, callerFloorSeconds),
    callerFloorSeconds,
    discoverSeconds: parts.discover,
    plan,
    brakesSeconds: parts.brakes,
    act,
    finishSeconds: parts.finish,
    batches,
    lambdaGbSeconds: (stages.reduce((sum, time) => sum + time.wallMs, 0) / 1000) * DEPLOYED_MEMORY_GB,
    stateTransitions: stateTransitions(batches),
  };
}

const s = (value: number) => `${value.toFixed(1)} s`;

/** What the model is made of, in one line per run. */
export function describeModel(label: string, model: StagedModel, options: StepFunctionsOptions): string {
  return (
    `${label}: ${model.batches} batches of ${options.accountsPerBatch} accounts, ${options.mapConcurrency} at once: ` +
    `discover ${s(model.discoverSeconds)} + plan ${s(model.plan.seconds)} (slowest batch ${s(model.plan.slowestBatchSeconds)}, ` +
    `caller bucket ${s(model.plan.callerSeconds)} for ${model.plan.callerCalls} calls) + brakes ${s(model.brakesSeconds)} + ` +
    `act ${s(model.act.seconds)} (slowest batch ${s(model.act.slowestBatchSeconds)}, caller bucket ${s(model.act.callerSeconds)} ` +
    `for ${model.act.callerCalls} calls) + finish ${s(model.finishSeconds)}, at least the caller bucket's ` +
    `${s(model.callerFloorSeconds)} with brakes and finish: ${s(model.wallSeconds)}; ` +
    `${Math.round(model.lambdaGbSeconds)} Lambda GB-s at 1,769 MB, ${model.stateTransitions} state transitions`
  );
}
