/**
 * What the Step Functions engine calls (stacks/sweep-state-machine-definition.ts), declared as the product's
 * other service calls are: the stacks build the state machine's role and the scheduler's from these.
 */
import type { Permission, ServiceCalls } from '../engine/types';

/**
 * Set to `step-functions` by the sweep stack when the state machine runs the sweep: the orchestrator then
 * answers stage events only, since a whole run invoked beside the state machine's could overlap one of them.
 */
export const ENGINE_ENV = 'IAM_SWEEP_ENGINE';

/** A service takes up the role it is given by assuming it. */
const assumeGivenRole: Permission = { actions: ['sts:AssumeRole'], resource: 'role', access: 'write' };

/** Step Functions runs the state machine with its role. */
export const stateMachineRuntime: ServiceCalls = {
  servicePrincipal: 'states.amazonaws.com',
  assumeRole: assumeGivenRole,
  permissions: [
    // Every stage is an invocation of the orchestrator.
    { actions: ['lambda:InvokeFunction'], resource: 'orchestrator-function', access: 'write' },
    // The first state's guard against two runs at once.
    { actions: ['states:ListExecutions'], resource: 'state-machine', access: 'read' },
    // A Distributed Map runs its batches as child executions of the same state machine, and stops them on failure.
    { actions: ['states:StartExecution'], resource: 'state-machine', access: 'write' },
    { actions: ['states:DescribeExecution', 'states:StopExecution'], resource: 'state-machine-execution', access: 'write' },
  ],
};

/**
 * EventBridge Scheduler starts an execution of the state machine with the scheduler role, and sends a
 * start it could not make to the schedule's dead-letter queue.
 */
export const schedulerStartsStateMachine: ServiceCalls = {
  servicePrincipal: 'scheduler.amazonaws.com',
  assumeRole: assumeGivenRole,
  permissions: [
    { actions: ['states:StartExecution'], resource: 'state-machine', access: 'write' },
    { actions: ['sqs:SendMessage'], resource: 'schedule-dead-letter-queue', access: 'write' },
  ],
};
