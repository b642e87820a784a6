/**
 * The Step Functions engine (`sweep.engine: "step-functions"`): a Standard workflow whose stages are
 * invocations of the orchestrator Lambda (stacks/sweep-state-machine-definition.ts), its role granted what
 * lambdas/orchestrator/step-functions.ts declares, and alarms on executions that fail, time out or are
 * stopped, to the report topic.
 */
import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { stateMachineRuntime } from '../lambdas/orchestrator/step-functions';
import { whenAboveZero } from './alarm';
import { allowStatements, serviceTrustPolicy } from './policy-document';
import { sweepStateMachineDefinition, type SweepStateMachineProps } from './sweep-state-machine-definition';

export const STATE_MACHINE_NAME = 'iam-sweep';
export const STATE_MACHINE_ROLE_NAME = 'iam-sweep-state-machine';

export interface SweepStateMachineConstructProps extends SweepStateMachineProps {
  partition: string;
  accountId: string;
  region: string;
  /** Where the alarms go: the report topic. */
  alarmTopicArn: string;
}

/** The state machine's ARN and its executions' prefix, known before it exists: no reference cycle with its role. */
export function stateMachineArns(where: { partition: string; region: string; accountId: string }) {
  const base = `arn:${where.partition}:states:${where.region}:${where.accountId}`;
  return { stateMachine: `${base}:stateMachine:${STATE_MACHINE_NAME}`, stateMachineExecutions: `${base}:execution:${STATE_MACHINE_NAME}` };
}

/** The state machine role's policy, from the declared permissions. */
export function stateMachinePolicy(props: { partition: string; region: string; accountId: string; functionArn: string }) {
  return {
    Version: '2012-10-17' as const,
    Statement: allowStatements(
      stateMachineRuntime.permissions,
      { partition: props.partition, resources: { ...stateMachineArns(props), orchestratorFunction: props.functionArn } },
      'StateMachine',
    ),
  };
}

export class SweepStateMachine extends Construct {
  readonly stateMachine: SfnStateMachine;

  constructor(scope: Construct, id: string, props: SweepStateMachineConstructProps) {
    super(scope, id);
    const role = new IamRole(this, 'role', {
      name: STATE_MACHINE_ROLE_NAME,
      description: 'Execution role of the iam-sweep state machine',
      assumeRolePolicy: JSON.stringify(
        serviceTrustPolicy('StepFunctionsRunsStateMachine', stateMachineRuntime, { StringEquals: { 'aws:SourceAccount': props.accountId } }),
      ),
    });
    const policy = new IamRolePolicy(this, 'permissions', {
      role: role.name,
      name: 'iam-sweep-state-machine',
      policy: JSON.stringify(stateMachinePolicy(props)),
    });
    this.stateMachine = new SfnStateMachine(this, 'state-machine', {
      name: STATE_MACHINE_NAME,
      type: 'STANDARD',
      roleArn: role.arn,
      definition: JSON.stringify(sweepStateMachineDefinition(props)),
      dependsOn: [policy],
    });
    const alarms = {
      ExecutionsFailed: 'failed: see its execution history for the state and error',
      ExecutionsTimedOut: 'ran past its time limit: see its execution history for the stage it was in',
      ExecutionsAborted: 'was stopped before it finished',
    };
    for (const [metricName, what] of Object.entries(alarms)) {
      new CloudwatchMetricAlarm(this, `${metricName}-alarm`, {
        alarmName: `iam-sweep-state-machine-${metricName.replace('Executions', '').toLowerCase()}`,
        alarmDescription: `An execution of the iam-sweep state machine ${what}`,
        namespace: 'AWS/States',
        metricName,
        ...whenAboveZero(props.alarmTopicArn),
        dimensions: { StateMachineArn: this.stateMachine.arn },
      });
    }
  }
}
