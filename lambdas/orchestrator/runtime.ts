/**
 * What AWS does to run the orchestrator and to start it, with the roles the sweep stack gives it: the
 * stack builds those roles' trust and permission policies from these declarations.
 */
import type { Permission, ServiceCalls } from '../engine/types';

/** A service takes up the role it is given by assuming it. */
const assumeGivenRole: Permission = { actions: ['sts:AssumeRole'], resource: 'role', access: 'write' };

/**
 * Lambda runs `handler` with the execution role: it writes the function's logs, and sends the record of a
 * failed asynchronous invocation (the error, the request) to the on-failure destination.
 */
export const lambdaRuntime: ServiceCalls = {
  servicePrincipal: 'lambda.amazonaws.com',
  assumeRole: assumeGivenRole,
  permissions: [
    { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: 'orchestrator-log-streams', access: 'write' },
    { actions: ['sqs:SendMessage'], resource: 'failed-invocations-queue', access: 'write' },
  ],
};

/**
 * EventBridge Scheduler starts the orchestrator with the scheduler role, and sends a start it could not make
 * to the schedule's dead-letter queue.
 */
export const schedulerStart: ServiceCalls = {
  servicePrincipal: 'scheduler.amazonaws.com',
  assumeRole: assumeGivenRole,
  permissions: [
    { actions: ['lambda:InvokeFunction'], resource: 'orchestrator-function', access: 'write' },
    { actions: ['sqs:SendMessage'], resource: 'schedule-dead-letter-queue', access: 'write' },
  ],
};
