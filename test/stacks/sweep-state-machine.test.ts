/**
 * The Step Functions engine in the sweep stack: its definition is valid ASL, it is deployed only with
 * `sweep.engine: "step-functions"`, the schedule starts it, alarms watch its executions, and its role and
 * the scheduler's hold what lambdas/orchestrator/step-functions.ts declares.
 */
import aslValidator from 'asl-validator';
import { Testing } from 'cdktf';
import { ENGINE_ENV, stateMachineRuntime } from '../../lambdas/orchestrator/step-functions';
import { SweepStack } from '../../stacks/sweep-stack';
import { STATE_MACHINE_NAME } from '../../stacks/sweep-state-machine';
import { DEFAULT_MAX_CONCURRENCY, STATE, sweepStateMachineDefinition } from '../../stacks/sweep-state-machine-definition';
import { deployConfig, exampleConfigJson, fakeBundleDir, onlyResource, policyIn, resourcesOf } from './support';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:222222222222:function:iam-sweep-orchestrator';
const bundleDir = fakeBundleDir();

const synth = (engine?: string) => {
  const example = exampleConfigJson();
  const sweep = { ...(example.sweep as Record<string, unknown>), ...(engine ? { engine } : {}) };
  return Testing.synth(new SweepStack(Testing.app(), 'sweep', { config: deployConfig({ sweep }), orchestratorBundleDir: bundleDir }));
};

type States = Record<string, Record<string, unknown>>;

describe('the state machine definition', () => {
  test('is valid Amazon States Language', () => {
    // GIVEN the definition for a literal function ARN
    const definition = sweepStateMachineDefinition({ functionArn: FUNCTION_ARN });
    // WHEN asl-validator checks it, ARNs and paths included
    const { isValid, errorsText } = aslValidator(definition);
    // THEN it is valid
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  test('maps the batches in Distributed Maps that tolerate their children failing, each child catching its own failure', () => {
    const { States: states } = sweepStateMachineDefinition({ functionArn: FUNCTION_ARN }) as { States: States };
    const plan = ((states[STATE.planAndIdentityCenter].Branches as { States: States }[])[0].States)[STATE.planAccounts];
    for (const map of [plan, states[STATE.actOnAccounts]]) {
      expect(map).toMatchObject({
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
        MaxConcurrency: DEFAULT_MAX_CONCURRENCY,
        ToleratedFailurePercentage: 100,
        ResultPath: null,
      });
    }
    // Acting is not retried on the function's own errors: it may have changed users already.
    const act = (states[STATE.actOnAccounts].ItemProcessor as { States: States }).States[STATE.actBatch];
    expect((act.Retry as { ErrorEquals: string[] }[]).flatMap((retry) => retry.ErrorEquals)).not.toContain('States.ALL');
    expect(states[STATE.finish]).toMatchObject({ Type: 'Task', End: true });
  });
});

describe('sweep stack with sweep.engine "step-functions"', () => {
  test('deploys a Standard state machine running the definition with the orchestrator', () => {
    // GIVEN the example configuration with the Step Functions engine
    // WHEN the sweep stack is synthesized
    const synthesized = synth('step-functions');
    // THEN the state machine runs the definition, every stage invoking the orchestrator function
    const machine = onlyResource(synthesized, 'aws_sfn_state_machine');
    expect(machine).toMatchObject({ name: STATE_MACHINE_NAME, type: 'STANDARD' });
    const functionArn = '${aws_lambda_function.orchestrator.arn}';
    expect(JSON.parse(machine.definition as string)).toEqual(sweepStateMachineDefinition({ functionArn }));
    // AND the schedule starts it, with a role that may do only that (and dead-letter)
    expect(onlyResource(synthesized, 'aws_scheduler_schedule')).toMatchObject({ target: { arn: expect.stringContaining('aws_sfn_state_machine') } });
    const schedulerPolicy = resourcesOf(synthesized, 'aws_iam_role_policy').find((p) => p.name === 'iam-sweep-scheduler')!;
    expect(policyIn(schedulerPolicy.policy).Statement.map((s) => s.Action).flat().sort()).toEqual(['sqs:SendMessage', 'states:StartExecution']);
    // AND the orchestrator may run a map's batches and Identity Center at once, and answers stage events only
    expect(onlyResource(synthesized, 'aws_lambda_function')).toMatchObject({
      reserved_concurrent_executions: DEFAULT_MAX_CONCURRENCY + 1,
      environment: { variables: { [ENGINE_ENV]: 'step-functions' } },
    });
  });

  test("grants the state machine's role exactly the declared permissions", () => {
    const synthesized = synth('step-functions');
    const policy = resourcesOf(synthesized, 'aws_iam_role_policy').find((p) => p.name === 'iam-sweep-state-machine')!;
    const granted = policyIn(policy.policy).Statement.flatMap((s) => s.Action).sort();
    expect(granted).toEqual(stateMachineRuntime.permissions.flatMap((p) => p.actions).sort());
  });

  test('alarms on executions that fail, time out or are stopped', () => {
    const alarms = resourcesOf(synth('step-functions'), 'aws_cloudwatch_metric_alarm').filter((a) => a.namespace === 'AWS/States');
    expect(alarms.map((a) => a.metric_name).sort()).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
  });
});

test('the default engine is the single Lambda: no state machine, and one run at a time by reserved concurrency', () => {
  const synthesized = synth();
  expect(resourcesOf(synthesized, 'aws_sfn_state_machine')).toEqual([]);
  const orchestrator = onlyResource(synthesized, 'aws_lambda_function') as { environment: { variables: Record<string, string> } };
  expect(orchestrator).toMatchObject({ reserved_concurrent_executions: 1 });
  expect(orchestrator.environment.variables[ENGINE_ENV]).toBeUndefined();
});

describe('deploy config sweep.engine', () => {
  const withSweep = (extra: Record<string, unknown>) => deployConfig({ sweep: { ...(exampleConfigJson().sweep as object), ...extra } });

  test('defaults to the single Lambda and takes "step-functions"', () => {
    expect(withSweep({}).engine).toBe('lambda');
    expect(withSweep({ engine: 'step-functions' }).engine).toBe('step-functions');
  });

  test('refuses another value, naming the setting and what it may be', () => {
    expect(() => withSweep({ engine: 'stepfunctions' })).toThrow(/sweep\.engine "stepfunctions" must be one of "lambda", "step-functions"/);
  });
});
