/**
 * The Amazon States Language definition of the Step Functions engine (`sweep.engine: "step-functions"`):
 * the run's stages (lambdas/sweep/) each in an invocation of the orchestrator Lambda, the accounts spread
 * over Distributed Maps of batches. Pure: the stack passes Terraform tokens, tests pass literal ARNs and run
 * the definition with aws-local-stepfunctions.
 *
 *   CheckNoOtherRun → OnlyThisRun? ─ another run → AnotherRunIsRunning (Fail)
 *     → Discover → PlanAndIdentityCenter (Parallel: PlanAccounts map ‖ IdentityCenter)
 *     → Brakes → ActOnAccounts (map) → Finish
 *
 * What the stages hand on is in the report bucket under runs/<runId>/; the payloads carry only the run id
 * and the batch numbers. A batch that fails after its retries ends there (Catch): Finish reports its
 * accounts as failed in the one report and sends the one email.
 */
import { ACCOUNTS_PER_BATCH, type StageEvent } from '../lambdas/sweep/run-stage';

export interface SweepStateMachineProps {
  /** ARN of the orchestrator Lambda, which runs every stage. */
  functionArn: string;
  /** Accounts in a batch. Default ACCOUNTS_PER_BATCH (lambdas/sweep/run-stage.ts). */
  accountsPerBatch?: number;
  /** Batches run at once by each Distributed Map. Default DEFAULT_MAX_CONCURRENCY. */
  maxConcurrency?: number;
  /** The whole execution's limit, in seconds. Default DEFAULT_TIMEOUT_SECONDS. */
  timeoutSeconds?: number;
}

/** Batches at once: each batch sweeps its accounts `concurrency` at a time, so IAM and STS see their product. */
export const DEFAULT_MAX_CONCURRENCY = 20;
/** A day: far beyond any organization's run, far below the week between two runs. */
export const DEFAULT_TIMEOUT_SECONDS = 24 * 3600;

/** The errors of the Lambda service itself, before or around the function: retried by every stage. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/** The error the first state raises when another execution of the state machine is running. */
export const ANOTHER_RUN_ERROR = 'AnotherRunIsRunning';

/** The names of the states, for tests and the overrides that run them locally. */
export const STATE = {
  checkNoOtherRun: 'CheckNoOtherRun',
  onlyThisRun: 'OnlyThisRun',
  anotherRun: 'AnotherRunIsRunning',
  discover: 'Discover',
  planAndIdentityCenter: 'PlanAndIdentityCenter',
  planAccounts: 'PlanAccounts',
  planBatch: 'PlanBatch',
  planBatchFailed: 'PlanBatchFailed',
  identityCenter: 'IdentityCenter',
  identityCenterFailed: 'IdentityCenterFailed',
  brakes: 'Brakes',
  actOnAccounts: 'ActOnAccounts',
  actBatch: 'ActBatch',
  actBatchFailed: 'ActBatchFailed',
  finish: 'Finish',
} as const;

type State = Record<string, unknown>;

const serviceRetry = { ErrorEquals: LAMBDA_SERVICE_ERRORS, IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: 'FULL' };
/** For stages that change nothing: any failure is worth another try. */
const anyFailureRetry = { ErrorEquals: ['States.ALL'], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 2 };

/** A stage of the run, in an invocation of the orchestrator: the payload names the stage and the run. */
function stageTask(props: SweepStateMachineProps, stage: StageEvent['stage'], extra: State, next: State): State {
  return {
    Type: 'Task',
    Resource: props.functionArn,
    Parameters: { stage, 'runId.$': '$.runId', ...extra },
    ...next,
  };
}

/**
 * A Distributed Map over the run's batches: each child runs `stage` on one batch, retried as `retry` says,
 * and ends in a Pass state when it still fails, so that the map goes on and Finish reports the batch.
 */
function batchMap(props: SweepStateMachineProps, names: { task: string; failed: string }, stage: 'plan' | 'act', retry: State[]): State {
  return {
    Type: 'Map',
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: names.task,
      States: {
        [names.task]: {
          ...stageTask(props, stage, { 'batch.$': '$.batch' }, { End: true }),
          ResultPath: null,
          Retry: retry,
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: names.failed }],
        },
        [names.failed]: { Type: 'Pass', End: true },
      },
    },
    ItemsPath: '$.batches',
    ItemSelector: { 'runId.$': '$.runId', 'batch.$': '$$.Map.Item.Value' },
    MaxConcurrency: props.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    // Every child catches its own failure; a failure of the map itself still reaches Finish (Catch).
    ToleratedFailurePercentage: 100,
    Label: stage === 'plan' ? 'PlanBatches' : 'ActBatches',
    ResultPath: null,
  };
}

/** The state machine's definition, as an object (JSON.stringify it for the stack). */
export function sweepStateMachineDefinition(props: SweepStateMachineProps): State {
  const toFinish = { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: STATE.finish };
  return {
    Comment: 'iam-sweep: one run of the sweep, its accounts spread over batches (stacks/sweep-state-machine-definition.ts)',
    StartAt: STATE.checkNoOtherRun,
    TimeoutSeconds: props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    States: {
      // Two runs must never overlap: they would race on the same users (the Lambda engine: reserved concurrency 1).
      [STATE.checkNoOtherRun]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:sfn:listExecutions',
        Parameters: { 'StateMachineArn.$': '$$.StateMachine.Id', StatusFilter: 'RUNNING', MaxResults: 2 },
        ResultSelector: { 'running.$': 'States.ArrayLength($.Executions)' },
        ResultPath: '$.guard',
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
        Next: STATE.onlyThisRun,
      },
      [STATE.onlyThisRun]: {
        Type: 'Choice',
        Choices: [{ Variable: '$.guard.running', NumericLessThanEquals: 1, Next: STATE.discover }],
        Default: STATE.anotherRun,
      },
      // Failed, so that the failed-executions alarm says a scheduled run was left out.
      [STATE.anotherRun]: {
        Type: 'Fail',
        Error: ANOTHER_RUN_ERROR,
        Cause: 'another execution of this state machine is running: this one stopped before reading anything',
      },
      [STATE.discover]: {
        Type: 'Task',
        Resource: props.functionArn,
        Parameters: { stage: 'discover', accountsPerBatch: props.accountsPerBatch ?? ACCOUNTS_PER_BATCH },
        Retry: [serviceRetry],
        Next: STATE.planAndIdentityCenter,
      },
      [STATE.planAndIdentityCenter]: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: STATE.planAccounts,
            States: {
              [STATE.planAccounts]: {
                ...batchMap(props, { task: STATE.planBatch, failed: STATE.planBatchFailed }, 'plan', [serviceRetry, anyFailureRetry]),
                Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'PlanAccountsFailed' }],
                End: true,
              },
              PlanAccountsFailed: { Type: 'Pass', End: true },
            },
          },
          {
            StartAt: STATE.identityCenter,
            States: {
              [STATE.identityCenter]: stageTask(props, 'identity-center', {}, {
                ResultPath: null,
                Retry: [serviceRetry],
                Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: STATE.identityCenterFailed }],
                End: true,
              }),
              [STATE.identityCenterFailed]: { Type: 'Pass', End: true },
            },
          },
        ],
        ResultPath: null,
        Catch: [toFinish],
        Next: STATE.brakes,
      },
      // Pure over what planning stored: any failure is worth another try. Without it no account acts.
      [STATE.brakes]: stageTask(props, 'brakes', {}, {
        ResultPath: null,
        Retry: [serviceRetry, anyFailureRetry],
        Catch: [toFinish],
        Next: STATE.actOnAccounts,
      }),
      // Acting is retried only where the function did not run: a second attempt would re-read users it deleted.
      [STATE.actOnAccounts]: {
        ...batchMap(props, { task: STATE.actBatch, failed: STATE.actBatchFailed }, 'act', [serviceRetry]),
        Catch: [toFinish],
        Next: STATE.finish,
      },
      [STATE.finish]: stageTask(props, 'finish', {}, { Retry: [serviceRetry], End: true }),
    },
  };
}
