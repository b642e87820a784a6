/**
 * Structural checks of a scenario that both the generated and the hand-written scenarios must pass.
 * Returns the problems found, so a failing test names all of them at once.
 */
import { resolveTime, type Scenario, type UserSpec } from '../../sim/scenario';

export const ACCESS_KEY_ID = /^AKIA[A-Z2-7]{16}$/;
export const SSH_KEY_ID = /^APKA[A-Z2-7]{16}$/;
export const SERVICE_CREDENTIAL_ID = /^ACCA[A-Z2-7]{17}$/;
export const CERTIFICATE_ID = /^\w{24,128}$/;

const START = new Date('2030-01-01T00:00:00Z');

/** Every time a scenario user carries, with a label naming it. */
export function userTimes(user: UserSpec): [string, string | undefined][] {
  return [
    ['created', user.created],
    ['passwordLastUsed', user.passwordLastUsed],
    ['loginProfile.created', user.loginProfile?.created],
    ...(user.accessKeys ?? []).flatMap((key): [string, string | undefined][] => [
      [`${key.id}.created`, key.created],
      [`${key.id}.lastUsed`, key.lastUsed],
    ]),
    ...(user.sshPublicKeys ?? []).map((key): [string, string | undefined] => [`${key.id}.uploaded`, key.uploaded]),
    ...(user.signingCertificates ?? []).map((cert): [string, string | undefined] => [`${cert.id}.uploaded`, cert.uploaded]),
    ...(user.serviceSpecificCredentials ?? []).map((cred): [string, string | undefined] => [`${cred.id}.created`, cred.created]),
    ...(user.mfaDevices ?? []).map((device): [string, string | undefined] => [`${device.serial}.enableDate`, device.enableDate]),
  ];
}

export function wellFormedProblems(scenario: Scenario): string[] {
  const problems: string[] = [];
  const problem = (text: string) => problems.push(text);
  const time = (where: string, value: string | undefined): Date | undefined => {
    if (value === undefined) return undefined;
    try {
      const resolved = resolveTime(value, START);
      if (resolved.getTime() > START.getTime()) problem(`${where}: ${value} is in the future`);
      return resolved;
    } catch (error) {
      problem(`${where}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const unique = (kind: string, seen: Set<string>, value: string) => {
    if (seen.has(value)) problem(`duplicate ${kind} ${value}`);
    seen.add(value);
  };

  const { organization } = scenario;
  const accountIds = new Set<string>();
  for (const account of scenario.accounts) {
    if (!/^\d{12}$/.test(account.id)) problem(`account id ${account.id} is not 12 digits`);
    unique('account id', accountIds, account.id);
  }
  const parents = new Set<string>([organization.rootId]);
  const ouIds = new Set<string>();
  for (const ou of organization.organizationalUnits ?? []) {
    unique('OU id', ouIds, ou.id);
    parents.add(ou.id);
  }
  for (const ou of organization.organizationalUnits ?? []) {
    if (!parents.has(ou.parentId)) problem(`OU ${ou.id} has unknown parent ${ou.parentId}`);
  }
  const management = scenario.accounts.find((account) => account.id === organization.managementAccountId);
  if (!management) problem(`management account ${organization.managementAccountId} is missing`);
  else if (management.parentId !== organization.rootId) problem('the management account is not at the root');
  if (!accountIds.has(scenario.callerAccountId)) problem(`caller account ${scenario.callerAccountId} is missing`);
  if (scenario.callerArn !== undefined && !scenario.callerArn.includes(`::${scenario.callerAccountId}:`)) {
    problem(`callerArn ${scenario.callerArn} is not in the caller account`);
  }
  const callerUser = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(scenario.callerArn ?? '')?.[1];
  const caller = scenario.accounts.find((account) => account.id === scenario.callerAccountId);
  if (callerUser && !caller?.users?.some((user) => user.name === callerUser)) problem(`callerArn names unknown user ${callerUser}`);
  for (const id of organization.delegatedAdministratorAccountIds ?? []) {
    if (!accountIds.has(id)) problem(`delegated administrator ${id} is missing`);
  }

  const keyIds = new Set<string>();
  const sshIds = new Set<string>();
  const certIds = new Set<string>();
  const credentialIds = new Set<string>();
  const mfaSerials = new Set<string>();
  for (const account of scenario.accounts) {
    if (!parents.has(account.parentId)) problem(`account ${account.id} has unknown parent ${account.parentId}`);
    time(`account ${account.id}.joined`, account.joined);
    for (const group of account.groups ?? []) time(`group ${account.id}/${group.name}.created`, group.created);
    const roleNames = new Set<string>();
    for (const role of account.roles ?? []) {
      unique(`role name in ${account.id}`, roleNames, role.name);
      for (const trusted of role.trustedAccountIds ?? []) {
        if (!accountIds.has(trusted)) problem(`role ${account.id}/${role.name} trusts unknown account ${trusted}`);
      }
      time(`role ${account.id}/${role.name}.created`, role.created);
      time(`role ${account.id}/${role.name}.lastUsed`, role.lastUsed);
    }
    const groupNames = new Set((account.groups ?? []).map((group) => group.name));
    const userNames = new Set<string>();
    for (const user of account.users ?? []) {
      const where = `${account.id}/${user.name}`;
      if (!/^[\w+=,.@-]{1,64}$/.test(user.name)) problem(`${where}: invalid user name`);
      unique(`user name in ${account.id}`, userNames, user.name);
      for (const group of user.groups ?? []) {
        if (!groupNames.has(group)) problem(`${where}: group ${group} does not exist in the account`);
      }
      const resolved = new Map(userTimes(user).map(([label, value]) => [label, time(`${where} ${label}`, value)]));
      const created = resolved.get('created');
      if (!created) problem(`${where}: no creation time`);
      for (const [label, value] of resolved) {
        if (created && value && value.getTime() < created.getTime()) problem(`${where}: ${label} is before the user was created`);
      }
      if ((user.accessKeys ?? []).length > 2) problem(`${where}: more than 2 access keys`);
      for (const key of user.accessKeys ?? []) {
        if (!ACCESS_KEY_ID.test(key.id)) problem(`${where}: access key id ${key.id} is malformed`);
        unique('access key id', keyIds, key.id);
        const keyCreated = resolved.get(`${key.id}.created`);
        const lastUsed = resolved.get(`${key.id}.lastUsed`);
        if (keyCreated && lastUsed && lastUsed.getTime() < keyCreated.getTime()) problem(`${where}: ${key.id} used before created`);
      }
      for (const key of user.sshPublicKeys ?? []) {
        if (!SSH_KEY_ID.test(key.id)) problem(`${where}: SSH key id ${key.id} is malformed`);
        unique('SSH key id', sshIds, key.id);
      }
      for (const cert of user.signingCertificates ?? []) {
        if (!CERTIFICATE_ID.test(cert.id)) problem(`${where}: certificate id ${cert.id} is malformed`);
        unique('certificate id', certIds, cert.id);
      }
      for (const credential of user.serviceSpecificCredentials ?? []) {
        if (!SERVICE_CREDENTIAL_ID.test(credential.id)) problem(`${where}: credential id ${credential.id} is malformed`);
        unique('service-specific credential id', credentialIds, credential.id);
      }
      for (const device of user.mfaDevices ?? []) {
        unique('MFA serial', mfaSerials, device.serial);
        if (device.virtual && !device.serial.startsWith(`arn:aws:iam::${account.id}:mfa/`)) {
          problem(`${where}: virtual MFA ${device.serial} is not in the account`);
        }
      }
    }
  }
  return problems;
}
