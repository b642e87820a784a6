/** The roles iam-sweep deploys under fixed names: never reported, never touched. */

/** The orchestrator's execution role in the delegated-admin account; member cleanup roles trust it by name. */
export const ORCHESTRATOR_ROLE_NAME = 'IamSweepOrchestrator';
/** The role EventBridge Scheduler uses to start the orchestrator. */
export const SCHEDULER_ROLE_NAME = 'IamSweepScheduler';

/** Every role name the sweep itself uses, with the configured cleanup role. */
export const ownRoleNames = (cleanupRoleName: string): string[] => [cleanupRoleName, ORCHESTRATOR_ROLE_NAME, SCHEDULER_ROLE_NAME];
