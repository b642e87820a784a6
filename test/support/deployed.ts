/**
 * Organizations as the rollout leaves them, for suites that run under authorization: each cleanup role holds
 * exactly the trust and permission policies that stacks/ renders into the StackSet template, the caller is
 * the orchestrator's execution role with the policy the sweep stack renders (or, when the scenario runs as an
 * IAM user, a CLI operator the cleanup role trusts, with the same permissions), and the restore role of each
 * account holds the restore policy. Every call is then put to iam-simulate.
 *
 * @example
 *   const sim = await startDeployedSimulator(organization([...]));
 */
import { cleanupRolePermissionPolicy, cleanupRoleTrustPolicy, CLEANUP_POLICY_NAME, ORCHESTRATOR_ROLE_NAME } from '../../stacks/cleanup-role';
import { orchestratorPolicy } from '../../stacks/orchestrator-policy';
import { restorePolicy } from '../../stacks/restore-policy';
import { DEFAULT_ADMIN_ROLE } from '../../lambdas/cli/restore-command';
import { FAILED_INVOCATIONS_QUEUE_NAME, FUNCTION_NAME } from '../../stacks/sweep-stack';
import { loadScenario } from '../../sim/load-scenario';
import type { PolicyDocument, RoleSpec, Scenario } from '../../sim/scenario';
import { iamSimulateAuthorizer } from './authorizer';
import { startTestSimulator, type TestSimulator } from './sim';

export interface DeployedOptions {
  /** The sweep's exclude tag, as the deploy config gives it to the cleanup role's Deny (default the engine's). */
  excludeTag?: { key: string; value: string };
  /** Whether the rollout sweeps the management account (default true, as the tests' sweeps do). */
  sweepManagementAccount?: boolean;
  /** The cleanup role's name (default IamSweepRole). */
  roleName?: string;
  /**
   * Give every account the restore role (OrganizationAccountAccessRole, trusting the caller's account, in
   * place of one the scenario has); default false, so that role listings stay as the scenario wrote them.
   */
  restoreRole?: boolean;
  /** Whether the orchestrator's policy is the Step Functions engine's (stage parts under runs/); default false. */
  stepFunctions?: boolean;
  /** More identity policies for the caller, for work of a test's own besides the sweep and restore; default none. */
  callerPolicies?: Record<string, PolicyDocument>;
}

const USER_ARN = /^arn:[\w-]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/;

/** The scenario with the rollout's policies on its roles and caller (a copy; the argument is not changed). */
export function withDeployedPolicies(source: Scenario, options: DeployedOptions = {}): Scenario {
  const scenario = structuredClone(source);
  const { excludeTag = { key: 'iam-sweep:exclude', value: 'true' }, sweepManagementAccount = true, roleName = 'IamSweepRole' } = options;
  const partition = scenario.partition ?? 'aws';
  const caller = scenario.callerAccountId;
  const organizationId = scenario.organization.id;
  const bucketArn = `arn:${partition}:s3:::${scenario.s3Buckets?.[0] ?? 'no-report-bucket'}`;
  const region = scenario.snsTopics?.[0]?.split(':')[3] ?? 'us-east-1';
  const operator = scenario.callerArn && USER_ARN.exec(scenario.callerArn) ? scenario.callerArn : undefined;

  const sweepPermissions: PolicyDocument = orchestratorPolicy({
    partition,
    organizationId,
    managementAccountId: scenario.organization.managementAccountId,
    sweepManagementAccount,
    cleanupRoleName: roleName,
    topicArn: scenario.snsTopics?.[0] ?? `arn:${partition}:sns:${region}:${caller}:no-report-topic`,
    reportBucketArn: bucketArn,
    logGroupArn: `arn:${partition}:logs:${region}:${caller}:log-group:/aws/lambda/${FUNCTION_NAME}`,
    identityCenter: scenario.identityCenter !== undefined,
    // Scoped as the deploy config scopes it: to the scenario's one instance and identity store.
    identityCenterScope: scenario.identityCenter && {
      instanceArn: scenario.identityCenter.instanceArn,
      identityStoreId: scenario.identityCenter.identityStoreId,
    },
    failureQueueArn: `arn:${partition}:sqs:${region}:${caller}:${FAILED_INVOCATIONS_QUEUE_NAME}`,
    stepFunctions: options.stepFunctions,
  });

  for (const account of scenario.accounts) {
    const documents = {
      partition, accountId: account.id, orchestratorAccountId: caller, organizationId, excludeTag,
      operatorPrincipalArns: operator ? [operator] : [],
    };
    const restore = restorePolicy({ partition, accountId: account.id, reportBucketArn: bucketArn, roleName: DEFAULT_ADMIN_ROLE });
    const roles = (account.roles ?? []).filter((role) => !(options.restoreRole && role.name === DEFAULT_ADMIN_ROLE));
    if (options.restoreRole) roles.push({ name: DEFAULT_ADMIN_ROLE, trustedAccountIds: [caller] });
    account.roles = roles.map((role): RoleSpec => {
      // Only roles the rollout made: a test's role that trusts someone else stays as the test wrote it.
      const trustsCaller = (role.trustedAccountIds ?? []).includes(caller);
      if (role.name === roleName && trustsCaller) {
        return {
          ...role,
          trustedAccountIds: undefined,
          trustPolicy: cleanupRoleTrustPolicy(documents),
          inlinePolicies: { [CLEANUP_POLICY_NAME]: cleanupRolePermissionPolicy(documents) },
        };
      }
      if (role.name === DEFAULT_ADMIN_ROLE && trustsCaller) return { ...role, inlinePolicies: { restore } };
      return role;
    });
  }

  const callerAccount = scenario.accounts.find((account) => account.id === caller)!;
  // The restore is run by the same principal in these tests: it holds the restore policy for every account.
  const callerPolicies: Record<string, PolicyDocument> = { ...options.callerPolicies, 'iam-sweep-orchestrator': sweepPermissions };
  for (const { id } of scenario.accounts) {
    callerPolicies[`iam-sweep-restore-${id}`] = restorePolicy({ partition, accountId: id, reportBucketArn: bucketArn, roleName: DEFAULT_ADMIN_ROLE });
  }
  if (operator) {
    const name = USER_ARN.exec(operator)![2];
    callerAccount.users = (callerAccount.users ?? []).map((user) => (user.name === name ? { ...user, inlinePolicies: { ...user.inlinePolicies, ...callerPolicies } } : user));
  } else {
    callerAccount.roles = [
      ...(callerAccount.roles ?? []).filter((role) => role.name !== ORCHESTRATOR_ROLE_NAME),
      { name: ORCHESTRATOR_ROLE_NAME, inlinePolicies: callerPolicies },
    ];
  }
  return scenario;
}

/** A simulator serving the scenario as the rollout leaves it, every call evaluated by iam-simulate. */
export async function startDeployedSimulator(scenario: Scenario | string, options: DeployedOptions = {}): Promise<TestSimulator> {
  const loaded = typeof scenario === 'string' ? await loadScenario(scenario) : scenario;
  return startTestSimulator(withDeployedPolicies(loaded, options), { authorizer: iamSimulateAuthorizer });
}
