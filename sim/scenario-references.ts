/**
 * What the scenario's parts say of each other, checked once every part has its shape (scenario-schema/):
 * ids are unique where AWS keeps them unique, and every parent, member, target and assignment names
 * something the scenario holds. Throws ScenarioError naming the first field that does not hold.
 */
import { fail } from './scenario-error';
import type { AccountSpec, IdentityCenterSpec, Scenario, UserSpec } from './scenario';
import { show } from './scenario-schema/fields';

function unique(seen: Set<string>, key: string, path: string, what: string): void {
  if (seen.has(key)) fail(path, `duplicate ${what} ${show(key)}`);
  seen.add(key);
}

/** The ids of the root and every organizational unit, each unit under a parent that exists. */
function organizationalParents(scenario: Scenario): Set<string> {
  const parents = new Set<string>([scenario.organization.rootId]);
  const units = scenario.organization.organizationalUnits ?? [];
  units.forEach((unit, i) => unique(parents, unit.id, `organization.organizationalUnits[${i}].id`, 'id'));
  // Parents are checked once every unit id is known: units may be listed before their parent.
  units.forEach((unit, i) => {
    if (!parents.has(unit.parentId) || unit.parentId === unit.id) {
      fail(`organization.organizationalUnits[${i}].parentId`, `no root or other organizational unit has id ${show(unit.parentId)}`);
    }
  });
  return parents;
}

function checkUser(user: UserSpec, path: string, accessKeyIds: Set<string>, mfaSerials: Set<string>): void {
  user.accessKeys?.forEach((key, i) => unique(accessKeyIds, key.id, `${path}.accessKeys[${i}].id`, 'access key id'));
  user.mfaDevices?.forEach((device, i) => unique(mfaSerials, device.serial, `${path}.mfaDevices[${i}].serial`, 'MFA serial'));
  for (const field of ['sshPublicKeys', 'signingCertificates', 'serviceSpecificCredentials'] as const) {
    const ids = new Set<string>();
    user[field]?.forEach((credential, i) => unique(ids, credential.id, `${path}.${field}[${i}].id`, 'id'));
  }
}

/** Access key ids are unique in the whole organization; the other names and serials within the account. */
function checkAccount(account: AccountSpec, path: string, parents: Set<string>, accessKeyIds: Set<string>): void {
  if (!parents.has(account.parentId)) fail(`${path}.parentId`, `no root or organizational unit has id ${show(account.parentId)}`);
  const roleNames = new Set<string>();
  account.roles?.forEach((role, i) => unique(roleNames, role.name.toLowerCase(), `${path}.roles[${i}].name`, 'role'));
  const groupNames = new Set<string>();
  account.groups?.forEach((group, i) => unique(groupNames, group.name.toLowerCase(), `${path}.groups[${i}].name`, 'group'));
  const userNames = new Set<string>();
  const mfaSerials = new Set<string>();
  account.users?.forEach((user, i) => {
    checkUser(user, `${path}.users[${i}]`, accessKeyIds, mfaSerials);
    unique(userNames, user.name.toLowerCase(), `${path}.users[${i}].name`, 'user (IAM user names ignore case)');
  });
  account.virtualMfaDevices?.forEach((device, i) => unique(mfaSerials, device.serial, `${path}.virtualMfaDevices[${i}].serial`, 'MFA serial'));
}

function checkAccounts(scenario: Scenario, parents: Set<string>): Set<string> {
  const accountIds = new Set<string>();
  const accessKeyIds = new Set<string>();
  scenario.accounts.forEach((account, i) => {
    checkAccount(account, `accounts[${i}]`, parents, accessKeyIds);
    unique(accountIds, account.id, `accounts[${i}].id`, 'account');
  });
  const { managementAccountId } = scenario.organization;
  if (!accountIds.has(managementAccountId)) fail('organization.managementAccountId', `${managementAccountId} is not in accounts`);
  if (!accountIds.has(scenario.callerAccountId)) fail('callerAccountId', `${scenario.callerAccountId} is not in accounts`);
  return accountIds;
}

/** The ids of the identity store's users and of its groups, each group's members being users. */
function identityStorePrincipals(ic: IdentityCenterSpec): { userIds: Set<string>; groupIds: Set<string> } {
  const principals = new Set<string>();
  const userNames = new Set<string>();
  ic.users.forEach((user, i) => {
    unique(principals, user.id, `identityCenter.users[${i}].id`, 'user or group id');
    unique(userNames, user.userName.toLowerCase(), `identityCenter.users[${i}].userName`, 'user name (identity store user names ignore case)');
  });
  const userIds = new Set(ic.users.map((user) => user.id));
  ic.groups?.forEach((group, i) => {
    const path = `identityCenter.groups[${i}]`;
    unique(principals, group.id, `${path}.id`, 'user or group id');
    const members = new Set<string>();
    group.memberUserIds?.forEach((userId, j) => {
      unique(members, userId, `${path}.memberUserIds[${j}]`, 'member');
      if (!userIds.has(userId)) fail(`${path}.memberUserIds[${j}]`, `no identityCenter user has id ${show(userId)}`);
    });
  });
  return { userIds, groupIds: new Set((ic.groups ?? []).map((group) => group.id)) };
}

/** The permission sets' ARNs, each set of this instance and provisioned to accounts of the organization. */
function permissionSetArns(ic: IdentityCenterSpec, accountIds: Set<string>): Set<string> {
  const instanceId = ic.instanceArn.slice(ic.instanceArn.lastIndexOf('/') + 1);
  const arns = new Set<string>();
  ic.permissionSets?.forEach((permissionSet, i) => {
    const path = `identityCenter.permissionSets[${i}]`;
    if (permissionSet.arn.split('/')[1] !== instanceId) fail(`${path}.arn`, `must belong to the instance ${instanceId}, got ${show(permissionSet.arn)}`);
    unique(arns, permissionSet.arn, `${path}.arn`, 'permission set');
    const accounts = new Set<string>();
    permissionSet.provisionedToAccountIds.forEach((accountId, j) => {
      unique(accounts, accountId, `${path}.provisionedToAccountIds[${j}]`, 'account');
      if (!accountIds.has(accountId)) fail(`${path}.provisionedToAccountIds[${j}]`, `${accountId} is not in accounts`);
    });
  });
  return arns;
}

function checkIdentityCenter(ic: IdentityCenterSpec, accountIds: Set<string>): void {
  if (!accountIds.has(ic.adminAccountId)) fail('identityCenter.adminAccountId', `${ic.adminAccountId} is not in accounts`);
  const { userIds, groupIds } = identityStorePrincipals(ic);
  const arns = permissionSetArns(ic, accountIds);
  const assignments = new Set<string>();
  ic.assignments?.forEach((assignment, i) => {
    const path = `identityCenter.assignments[${i}]`;
    if (!accountIds.has(assignment.accountId)) fail(`${path}.accountId`, `${assignment.accountId} is not in accounts`);
    if (!arns.has(assignment.permissionSetArn)) fail(`${path}.permissionSetArn`, `no identityCenter permission set has arn ${show(assignment.permissionSetArn)}`);
    const kind = assignment.principalType === 'USER' ? 'user' : 'group';
    if (!(kind === 'user' ? userIds : groupIds).has(assignment.principalId)) {
      fail(`${path}.principalId`, `no identityCenter ${kind} has id ${show(assignment.principalId)}`);
    }
    unique(assignments, `${assignment.accountId} ${assignment.permissionSetArn} ${assignment.principalId}`, path, 'assignment');
  });
}

/** Policies of the organization and its resources name targets, topics and buckets that exist. */
function checkPolicies(scenario: Scenario, targets: Set<string>): void {
  scenario.organization.serviceControlPolicies?.forEach((scp, i) =>
    scp.targetIds.forEach((target, j) => {
      if (!targets.has(target)) fail(`organization.serviceControlPolicies[${i}].targetIds[${j}]`, `no root, organizational unit or account has id ${show(target)}`);
    }));
  const arns = new Set<string>();
  scenario.managedPolicies?.forEach((policy, i) => unique(arns, policy.arn, `managedPolicies[${i}].arn`, 'managed policy'));
  const resourcePolicies = (field: 'bucketPolicies' | 'topicPolicies', known: string[]) => {
    for (const name of Object.keys(scenario[field] ?? {})) {
      if (!known.includes(name)) fail(`${field}.${name}`, `unknown field (known: ${known.join(', ')})`);
    }
  };
  resourcePolicies('bucketPolicies', scenario.s3Buckets ?? []);
  resourcePolicies('topicPolicies', scenario.snsTopics ?? []);
}

/** Checks what the parts of a well-shaped scenario say of each other; throws ScenarioError at the first that does not hold. */
export function checkReferences(scenario: Scenario): void {
  const parents = organizationalParents(scenario);
  if (scenario.callerArn !== undefined && scenario.callerArn.split(':')[4] !== scenario.callerAccountId) {
    fail('callerArn', `must be a principal of callerAccountId ${scenario.callerAccountId}, got ${show(scenario.callerArn)}`);
  }
  const accountIds = checkAccounts(scenario, parents);
  if (scenario.identityCenter !== undefined) checkIdentityCenter(scenario.identityCenter, accountIds);
  checkPolicies(scenario, new Set([...parents, ...accountIds]));
}
