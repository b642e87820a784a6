/**
 * Runs the Step Functions engine's definition (stacks/sweep-state-machine-definition.ts) with
 * aws-local-stepfunctions, each Lambda task overridden by the built orchestrator handler against the
 * simulator, as Step Functions would invoke it. ListExecutions (the overlap guard) answers what the test
 * says is running.
 *
 * @example
 *   const run = await runStateMachine(sim.url, { SWEEP_MODE: 'delete' });
 */
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { RunSummary } from '../../lambdas/orchestrator/handler';
import { STATE, sweepStateMachineDefinition, type SweepStateMachineProps } from '../../stacks/sweep-state-machine-definition';
import { handlerEnvironment, loadBuiltHandler } from './handler';

export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:222222222222:function:iam-sweep-orchestrator';
const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:222222222222:stateMachine:iam-sweep';

/** The task states that invoke the orchestrator. */
export const LAMBDA_TASKS = [STATE.discover, STATE.planBatch, STATE.identityCenter, STATE.brakes, STATE.actBatch, STATE.finish] as const;
export type LambdaTask = (typeof LAMBDA_TASKS)[number];

/** What a test may do before a task runs: throw to fail that attempt (e.g. an error named Lambda.ServiceException). */
export type TaskInterceptor = (task: LambdaTask, input: Record<string, unknown>) => void;

export interface StateMachineRunOptions {
  definition?: Partial<SweepStateMachineProps>;
  /** Other executions ListExecutions reports as RUNNING besides this one; default none. */
  otherRunning?: number;
  intercept?: TaskInterceptor;
}

export interface StateMachineRun {
  /** What the execution ended with: Finish's answer, or the error that ended it. */
  output?: RunSummary;
  error?: { name: string; cause?: string };
  /** Each orchestrator invocation, by task, with its input, in the order they started. */
  invocations: { task: LambdaTask; input: Record<string, unknown> }[];
}

/** A named error, as Step Functions names a Lambda's failure after the error's type. */
export function namedError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Runs `work` with the handler's environment for the simulator at `url`, its log lines held back. */
async function withHandlerEnvironment<T>(url: string, settings: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = process.env;
  process.env = handlerEnvironment(saved, url, settings);
  const spy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return await work();
  } finally {
    spy.mockRestore();
    process.env = saved;
  }
}

/** One invocation of the built orchestrator with a stage's event, as a task of the state machine makes it. */
export function invokeStage(url: string, settings: Record<string, string>, event: Record<string, unknown>): Promise<unknown> {
  const handler = loadBuiltHandler();
  return withHandlerEnvironment(url, settings, () => handler(event as never));
}

/** Runs one execution to its end; `settings` are SWEEP_* variables on top of the report topic and bucket. */
export async function runStateMachine(url: string, settings: Record<string, string> = {}, options: StateMachineRunOptions = {}): Promise<StateMachineRun> {
  const handler = loadBuiltHandler();
  const definition = sweepStateMachineDefinition({ functionArn: FUNCTION_ARN, ...options.definition });
  const machine = new StateMachine(definition as unknown as ConstructorParameters<typeof StateMachine>[0]);
  const invocations: StateMachineRun['invocations'] = [];
  const task = (name: LambdaTask) => async (input: Record<string, unknown>) => {
    invocations.push({ task: name, input });
    options.intercept?.(name, input);
    return handler(input as never);
  };
  const overrides: Record<string, (input: never) => Promise<unknown>> = Object.fromEntries(LAMBDA_TASKS.map((name) => [name, task(name)]));
  const running = Array.from({ length: 1 + (options.otherRunning ?? 0) }, (_, index) => ({ ExecutionArn: `${STATE_MACHINE_ARN}:run-${index}` }));
  overrides[STATE.checkNoOtherRun] = async () => ({ Executions: running });
  const noWaits = Object.fromEntries([...LAMBDA_TASKS, STATE.checkNoOtherRun].map((name) => [name, 0]));

  // The handler reads its settings from the environment, as Lambda gives them: one environment for the run.
  return withHandlerEnvironment(url, settings, async () => {
    try {
      const execution = machine.run(
        {},
        {
          overrides: { taskResourceLocalHandlers: overrides as never, retryIntervalOverrides: noWaits },
          context: { StateMachine: { Id: STATE_MACHINE_ARN, Name: 'iam-sweep' } } as never,
        },
      );
      return { output: (await execution.result) as RunSummary, invocations };
    } catch (error) {
      if (!(error instanceof ExecutionError)) throw error;
      const cause = error.cause as Error;
      return { error: { name: cause.name, cause: cause.message }, invocations };
    }
  });
}
