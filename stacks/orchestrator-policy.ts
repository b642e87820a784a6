/**
 * The permission policy of the orchestrator's execution role, as a pure function of concrete values: the
 * sweep stack passes Terraform references, a test passes literal ARNs.
 */
import { assumeCleanupRolePermissions } from '../lambdas/aws/clients';
import { publishPermissions } from '../lambdas/aws/delivery';
import { identityCenterPermissions } from '../lambdas/aws/identity-center';
import { reportBucketPermissions, runPartPermissions } from '../lambdas/aws/report-bucket';
import { lambdaRuntime } from '../lambdas/orchestrator/runtime';
import { organizationReadStatements } from './organization-access';
import { actionsOf, allowStatements, scopeArn, type ArnContext, type PolicyDocument, type PolicyStatement } from './policy-document';

export interface OrchestratorPolicyProps {
  /** Partition of the ARNs, e.g. aws. */
  partition: string;
  /** The organization swept: the cleanup role may be assumed only in its accounts. */
  organizationId: string;
  managementAccountId: string;
  /** Whether the management account is swept; when false, no role there may be assumed. */
  sweepManagementAccount: boolean;
  /** Name of the cleanup role in every swept account (`sweep.roleName`). */
  cleanupRoleName: string;
  /** The report topic. */
  topicArn: string;
  /** The report bucket (reports, backups, state). */
  reportBucketArn: string;
  /** The orchestrator's log group, without the `:*` suffix. */
  logGroupArn: string;
  /** Whether the orchestrator sweeps Identity Center, in its own account. */
  identityCenter: boolean;
  /** With identityCenter: the one instance and identity store it may touch. Default: any (`*`). */
  identityCenterScope?: { instanceArn: string; identityStoreId: string };
  /** The queue the orchestrator's failed asynchronous invocations are sent to (Lambda on-failure destination). */
  failureQueueArn: string;
  /** Whether the Step Functions engine runs the sweep, its stages handing their parts on under runs/. Default false. */
  stepFunctions?: boolean;
}

/**
 * Assume the cleanup role inside the organization (never a role of the management account unless it is
 * swept), read the organization, publish the report, what Lambda does with the role (write the logs,
 * record a failed invocation), what the report bucket's store calls (write reports and backups, read
 * backups and state), and, with the Identity Center sweep, what that sweep declares. Every action comes
 * from the declarations beside the calls.
 */
export function orchestratorPolicy(props: OrchestratorPolicyProps): PolicyDocument {
  const { partition, organizationId, managementAccountId } = props;
  const where: ArnContext = {
    partition,
    organization: { id: organizationId, managementAccountId },
    cleanupRoleName: props.cleanupRoleName,
    reportBucketArn: props.reportBucketArn,
    resources: { reportTopic: props.topicArn, failedInvocationsQueue: props.failureQueueArn, orchestratorLogGroup: props.logGroupArn },
  };
  const statements: PolicyStatement[] = [
    ...allowStatements(assumeCleanupRolePermissions, where, 'Assume'),
    ...(props.sweepManagementAccount
      ? []
      : [
          {
            Sid: 'NoRoleInManagementAccount',
            Effect: 'Deny' as const,
            Action: actionsOf(assumeCleanupRolePermissions),
            Resource: scopeArn('role', { partition, accountId: managementAccountId }),
          },
        ]),
    ...organizationReadStatements({ partition, organizationId, managementAccountId }),
    ...allowStatements(publishPermissions, where, 'Publish'),
    // Lambda writes the function's logs and records a failed asynchronous invocation with the function's own role.
    ...allowStatements(lambdaRuntime.permissions, where, 'LambdaRuntime'),
    ...allowStatements(reportBucketPermissions, where, 'Store'),
    // The Step Functions engine's stages hand their parts on under runs/.
    ...(props.stepFunctions ? allowStatements(runPartPermissions, where, 'StepFunctions') : []),
    // The Identity Center sweep runs in this account with this role.
    ...(props.identityCenter ? allowStatements(identityCenterPermissions, { partition, identityCenter: props.identityCenterScope }, 'IdentityCenter') : []),
  ];
  return { Version: '2012-10-17', Statement: statements };
}
