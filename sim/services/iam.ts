/** IAM operations on the calling account's users, roles and groups, with IAM's own errors and messages. */
import { createHash } from 'node:crypto';
import type * as IAM from '@aws-sdk/client-iam';
import { generateCredentialReport, getCredentialReport } from '../credential-report';
import { SimError } from '../errors';
import { CERTIFICATE, SSH_PUBLIC_KEY } from '../scenario';
import { newUser, sortedUserKeys, stableId, type SimAccount, type SimGroup, type SimRole, type SimUser, type UploadedCredential } from '../state';
import type { CallContext, Handlers } from './context';

const DEFAULT_MAX_ITEMS = 100;

interface PageInput {
  Marker?: string;
  MaxItems?: number;
}

interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/**
 * One page of a list. For lists sorted by `keyOf` the marker names the next item's key, so it stays
 * valid when items are deleted between pages; for short lists in creation order it is an index.
 */
function paginate<T>(items: readonly T[], input: PageInput, keyOf?: (item: T) => string): Page<T> {
  const maxItems = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  let start = 0;
  if (input.Marker !== undefined) {
    const decoded = Buffer.from(input.Marker, 'base64url').toString('utf8');
    if (keyOf && decoded.startsWith('k:')) {
      const key = decoded.slice(2);
      let low = 0;
      let high = items.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (keyOf(items[mid]) < key) low = mid + 1;
        else high = mid;
      }
      start = low;
    } else if (!keyOf && /^i:\d+$/.test(decoded)) {
      start = Number(decoded.slice(2));
    } else {
      throw new SimError('ValidationError', `Invalid Marker: ${input.Marker}`);
    }
  }
  const end = Math.min(items.length, start + maxItems);
  const page = items.slice(start, end);
  if (end >= items.length) return { items: page, IsTruncated: false };
  const marker = keyOf ? `k:${keyOf(items[end])}` : `i:${end}`;
  return { items: page, IsTruncated: true, Marker: Buffer.from(marker).toString('base64url') };
}

function pageFields<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.IsTruncated ? { IsTruncated: true, Marker: page.Marker } : { IsTruncated: false };
}

function noSuchUser(name: string): SimError {
  return new SimError('NoSuchEntity', `The user with name ${name} cannot be found.`);
}

/** The named user, or the calling IAM user when the name is omitted (as IAM does). */
function userOf(ctx: CallContext, userName: string | undefined): SimUser {
  if (userName === undefined) {
    const self = ctx.caller.userKey && ctx.account.users.get(ctx.caller.userKey);
    if (self) return self;
    throw new SimError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  const user = ctx.account.users.get(userName.toLowerCase());
  if (!user) throw noSuchUser(userName);
  if (ctx.faults.takeUserDeletion(ctx.account.id, user.name, ctx.operation)) {
    deletedBySomeoneElse(ctx, user);
    throw noSuchUser(userName);
  }
  return user;
}

/** The `deleteUserOnCall` fault: another administrator deletes the user with everything it holds. */
function deletedBySomeoneElse(ctx: CallContext, user: SimUser): void {
  for (const serial of user.mfaSerials) ctx.account.mfaDevices.delete(serial);
  for (const key of user.accessKeys) ctx.state.userAccessKeys.set(key.id, null);
  ctx.account.users.delete(user.name.toLowerCase());
  ctx.account.sortedUserKeys = undefined;
}

function groupOf(account: SimAccount, groupName: string): SimGroup {
  const group = account.groups.get(groupName.toLowerCase());
  if (!group) throw new SimError('NoSuchEntity', `The group with name ${groupName} cannot be found.`);
  return group;
}

function tagList(tags: Record<string, string>): IAM.Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function userSummary(user: SimUser): IAM.User {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: user.created,
    PasswordLastUsed: user.passwordLastUsed,
  };
}

/** GetUser's fuller view: ListUsers leaves out the permissions boundary and tags, as IAM does. */
function userDetail(user: SimUser): IAM.User {
  const tags = tagList(user.tags);
  return {
    ...userSummary(user),
    PermissionsBoundary: user.permissionsBoundary
      ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: user.permissionsBoundary }
      : undefined,
    Tags: tags.length > 0 ? tags : undefined,
  };
}

const MANAGED_POLICY_ARN = /^arn:([\w-]+):iam::(aws|\d{12}):policy\/(?:.*\/)?([\w+=,.@-]+)$/;

/** A managed policy the account may attach: any AWS-managed one, or a customer-managed one of the account. */
function attachablePolicy(ctx: CallContext, arn: string): string {
  const match = MANAGED_POLICY_ARN.exec(arn);
  // Another partition's ARN names nothing IAM of this partition knows.
  if (!match || match[1] !== ctx.state.partition) throw new SimError('InvalidInput', `ARN ${arn} is not valid.`);
  if (match[2] !== 'aws' && match[2] !== ctx.account.id) {
    throw new SimError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
  }
  return match[3];
}

function assumeRolePolicyDocument(role: SimRole): string {
  const partition = role.arn.split(':')[1];
  const principals = role.trustedAccountIds.map((id) => `arn:${partition}:iam::${id}:root`);
  const statement = principals.length === 0 ? [] : [{
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: 'sts:AssumeRole',
  }];
  return encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statement }));
}

function roleSummary(role: SimRole): IAM.Role {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.created,
    AssumeRolePolicyDocument: assumeRolePolicyDocument(role),
    MaxSessionDuration: 3600,
  };
}

function groupSummary(group: SimGroup): IAM.Group {
  return { Path: group.path, GroupName: group.name, GroupId: group.id, Arn: group.arn, CreateDate: group.created };
}

/** The key material of an SSH public key or certificate body: its base64, decoded. */
function material(body: string): Buffer {
  const ssh = /^ssh-rsa ([A-Za-z0-9+/]+={0,2})/.exec(body);
  return Buffer.from(ssh ? ssh[1] : body.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
}

/** The MD5 digest of the key, as IAM gives an SSH public key's fingerprint. */
function fingerprint(body: string): string {
  return createHash('md5').update(material(body)).digest('hex').match(/../g)!.join(':');
}

function sshPublicKeyOf(user: SimUser, id: string): UploadedCredential {
  const key = user.sshPublicKeys.find((k) => k.id === id);
  if (!key) throw new SimError('NoSuchEntity', `The Public Key with id ${id} cannot be found.`);
  return key;
}

function certificateOf(user: SimUser, id: string): UploadedCredential {
  const certificate = user.signingCertificates.find((c) => c.id === id);
  if (!certificate) throw new SimError('NoSuchEntity', `The Certificate with id ${id} cannot be found.`);
  return certificate;
}

function sshPublicKeyDetail(user: SimUser, key: UploadedCredential, encoding: string): IAM.SSHPublicKey {
  const body = encoding === 'PEM' && key.body.startsWith('ssh-rsa ')
    ? `-----BEGIN PUBLIC KEY-----\n${material(key.body).toString('base64')}\n-----END PUBLIC KEY-----`
    : key.body;
  return {
    UserName: user.name, SSHPublicKeyId: key.id, Fingerprint: fingerprint(key.body), SSHPublicKeyBody: body,
    Status: key.status, UploadDate: key.uploaded,
  };
}

const certificateDetail = (user: SimUser, c: UploadedCredential): IAM.SigningCertificate =>
  ({ UserName: user.name, CertificateId: c.id, CertificateBody: c.body, Status: c.status, UploadDate: c.uploaded });

/** IAM's limits per user. */
const MAX_SSH_PUBLIC_KEYS = 5;
const MAX_SIGNING_CERTIFICATES = 2;

/** Why DeleteUser refuses, in IAM's words; undefined when nothing blocks it. */
function deleteConflict(user: SimUser): string | undefined {
  if (user.loginProfile) return 'must delete login profile first';
  if (user.accessKeys.length > 0) return 'must delete access keys first';
  if (user.signingCertificates.length > 0) return 'must delete certificates first';
  if (user.sshPublicKeys.length > 0 || user.serviceSpecificCredentials.length > 0) return 'must remove referenced objects first';
  if (user.mfaSerials.length > 0) return 'must delete MFA device first';
  if (user.groups.length > 0) return 'must remove users from group first';
  if (user.attachedPolicies.length > 0) return 'must detach all policies first';
  if (user.inlinePolicies.size > 0) return 'must delete policies first';
  return undefined;
}

function accessKeyOf(user: SimUser, accessKeyId: string) {
  const key = user.accessKeys.find((k) => k.id === accessKeyId);
  if (!key) throw new SimError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);
  return key;
}

export const iamHandlers = {
  ListUsers(ctx: CallContext, input: IAM.ListUsersRequest): IAM.ListUsersResponse {
    const { account } = ctx;
    let users = sortedUserKeys(account).map((key) => account.users.get(key)!);
    if (input.PathPrefix) users = users.filter((u) => u.path.startsWith(input.PathPrefix!));
    const page = paginate(users, input, (u) => u.name.toLowerCase());
    return { Users: page.items.map(userSummary), ...pageFields(page) };
  },

  GetUser(ctx: CallContext, input: IAM.GetUserRequest): IAM.GetUserResponse {
    return { User: userDetail(userOf(ctx, input.UserName)) };
  },

  CreateUser(ctx: CallContext, input: IAM.CreateUserRequest): IAM.CreateUserResponse {
    const name = input.UserName!;
    const key = name.toLowerCase();
    if (ctx.account.users.has(key)) throw new SimError('EntityAlreadyExists', `User with name ${name} already exists.`);
    const path = input.Path ?? '/';
    if (!/^\/(.*\/)?$/.test(path)) throw new SimError('ValidationError', `The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.`);
    if (input.PermissionsBoundary) attachablePolicy(ctx, input.PermissionsBoundary);
    const user = newUser(ctx.state.partition, ctx.account.id, name, path, ctx.now);
    user.permissionsBoundary = input.PermissionsBoundary;
    for (const tag of input.Tags ?? []) user.tags[tag.Key!] = tag.Value!;
    ctx.account.users.set(key, user);
    ctx.account.sortedUserKeys = undefined;
    return { User: userDetail(user) };
  },

  DeleteUser(ctx: CallContext, input: IAM.DeleteUserRequest): void {
    const user = userOf(ctx, input.UserName!);
    const injected = ctx.faults.takeDeleteUserFailure(ctx.account.id, user.name);
    if (injected) throw injected;
    const conflict = deleteConflict(user);
    if (conflict) throw new SimError('DeleteConflict', `Cannot delete entity, ${conflict}.`);
    ctx.account.users.delete(user.name.toLowerCase());
    ctx.account.sortedUserKeys = undefined;
  },

  ListUserTags(ctx: CallContext, input: IAM.ListUserTagsRequest): IAM.ListUserTagsResponse {
    const page = paginate(tagList(userOf(ctx, input.UserName!).tags), input);
    return { Tags: page.items, ...pageFields(page) };
  },

  TagUser(ctx: CallContext, input: IAM.TagUserRequest): void {
    const user = userOf(ctx, input.UserName!);
    const tags = { ...user.tags };
    for (const tag of input.Tags ?? []) tags[tag.Key!] = tag.Value!;
    if (Object.keys(tags).length > 50) throw new SimError('LimitExceeded', 'Cannot exceed quota for TagsPerUser: 50.');
    user.tags = tags;
  },

  UntagUser(ctx: CallContext, input: IAM.UntagUserRequest): void {
    const user = userOf(ctx, input.UserName!);
    for (const key of input.TagKeys ?? []) delete user.tags[key];
  },

  GetLoginProfile(ctx: CallContext, input: IAM.GetLoginProfileRequest): IAM.GetLoginProfileResponse {
    const user = userOf(ctx, input.UserName);
    if (!user.loginProfile) throw new SimError('NoSuchEntity', `Login Profile for User ${user.name} cannot be found.`);
    return {
      LoginProfile: { UserName: user.name, CreateDate: user.loginProfile.created, PasswordResetRequired: user.loginProfile.passwordResetRequired },
    };
  },

  DeleteLoginProfile(ctx: CallContext, input: IAM.DeleteLoginProfileRequest): void {
    const user = userOf(ctx, input.UserName);
    if (!user.loginProfile) throw new SimError('NoSuchEntity', `Login Profile for User ${user.name} cannot be found.`);
    user.loginProfile = undefined;
  },

  ListAccessKeys(ctx: CallContext, input: IAM.ListAccessKeysRequest): IAM.ListAccessKeysResponse {
    const user = userOf(ctx, input.UserName);
    const page = paginate(user.accessKeys, input);
    return {
      AccessKeyMetadata: page.items.map((k) => ({ UserName: user.name, AccessKeyId: k.id, Status: k.status, CreateDate: k.created })),
      ...pageFields(page),
    };
  },

  GetAccessKeyLastUsed(ctx: CallContext, input: IAM.GetAccessKeyLastUsedRequest): IAM.GetAccessKeyLastUsedResponse {
    const owner = ctx.state.userAccessKeys.get(input.AccessKeyId!);
    const key = owner && owner.account === ctx.account && owner.user.accessKeys.find((k) => k.id === input.AccessKeyId);
    if (!owner || !key) throw new SimError('NoSuchEntity', `The Access Key with id ${input.AccessKeyId} cannot be found.`);
    return {
      UserName: owner.user.name,
      AccessKeyLastUsed: key.lastUsed
        ? { LastUsedDate: key.lastUsed, ServiceName: key.lastUsedService ?? 'N/A', Region: key.lastUsedRegion ?? 'N/A' }
        : { ServiceName: 'N/A', Region: 'N/A' },
    };
  },

  UpdateAccessKey(ctx: CallContext, input: IAM.UpdateAccessKeyRequest): void {
    if (input.Status === 'Expired') throw new SimError('ValidationError', "Status must be 'Active' or 'Inactive'");
    const key = accessKeyOf(userOf(ctx, input.UserName), input.AccessKeyId!);
    key.status = input.Status as 'Active' | 'Inactive';
  },

  DeleteAccessKey(ctx: CallContext, input: IAM.DeleteAccessKeyRequest): void {
    const user = userOf(ctx, input.UserName);
    const key = accessKeyOf(user, input.AccessKeyId!);
    user.accessKeys = user.accessKeys.filter((k) => k !== key);
    // A deleted key stops working; it must not fall back to acting as the default caller.
    ctx.state.userAccessKeys.set(key.id, null);
  },

  ListMFADevices(ctx: CallContext, input: IAM.ListMFADevicesRequest): IAM.ListMFADevicesResponse {
    const user = userOf(ctx, input.UserName);
    const page = paginate(user.mfaSerials, input);
    return {
      MFADevices: page.items.map((serial) => ({
        UserName: user.name,
        SerialNumber: serial,
        EnableDate: ctx.account.mfaDevices.get(serial)!.enableDate,
      })),
      ...pageFields(page),
    };
  },

  ListVirtualMFADevices(ctx: CallContext, input: IAM.ListVirtualMFADevicesRequest): IAM.ListVirtualMFADevicesResponse {
    const status = input.AssignmentStatus ?? 'Any';
    const devices = [...ctx.account.mfaDevices.values()].filter((d) =>
      d.virtual && (status === 'Any' || (status === 'Assigned') === (d.assignedTo !== undefined)));
    const page = paginate(devices, input);
    return {
      VirtualMFADevices: page.items.map((d) => {
        const user = d.assignedTo ? ctx.account.users.get(d.assignedTo) : undefined;
        return { SerialNumber: d.serial, User: user && userSummary(user), EnableDate: d.enableDate };
      }),
      ...pageFields(page),
    };
  },

  DeactivateMFADevice(ctx: CallContext, input: IAM.DeactivateMFADeviceRequest): void {
    const user = userOf(ctx, input.UserName);
    const serial = input.SerialNumber!;
    const device = ctx.account.mfaDevices.get(serial);
    if (!device || !user.mfaSerials.includes(serial)) {
      throw new SimError('NoSuchEntity', `MFA Device with serial number ${serial} does not exist for user ${user.name}.`);
    }
    user.mfaSerials = user.mfaSerials.filter((s) => s !== serial);
    // A virtual device outlives its assignment and stays listed until DeleteVirtualMFADevice.
    if (device.virtual) {
      device.assignedTo = undefined;
      device.enableDate = undefined;
    } else {
      ctx.account.mfaDevices.delete(serial);
    }
  },

  DeleteVirtualMFADevice(ctx: CallContext, input: IAM.DeleteVirtualMFADeviceRequest): void {
    const serial = input.SerialNumber!;
    const device = ctx.account.mfaDevices.get(serial);
    if (!device || !device.virtual) throw new SimError('NoSuchEntity', `VMFA with serial number ${serial} doesn't exist.`);
    if (device.assignedTo) throw new SimError('DeleteConflict', 'MFA Device is still in use');
    ctx.account.mfaDevices.delete(serial);
  },

  ListSigningCertificates(ctx: CallContext, input: IAM.ListSigningCertificatesRequest): IAM.ListSigningCertificatesResponse {
    const user = userOf(ctx, input.UserName);
    const page = paginate(user.signingCertificates, input);
    return { Certificates: page.items.map((c) => certificateDetail(user, c)), ...pageFields(page) };
  },

  UploadSigningCertificate(ctx: CallContext, input: IAM.UploadSigningCertificateRequest): IAM.UploadSigningCertificateResponse {
    const user = userOf(ctx, input.UserName);
    const body = input.CertificateBody!;
    if (!CERTIFICATE.test(body)) throw new SimError('MalformedCertificate', 'The certificate is malformed: it must be a PEM-encoded X.509 certificate.');
    const same = material(body);
    for (const other of ctx.account.users.values()) {
      if (other.signingCertificates.some((c) => material(c.body).equals(same))) {
        throw new SimError('DuplicateCertificate', `The certificate is already associated with user ${other.name}.`);
      }
    }
    if (user.signingCertificates.length >= MAX_SIGNING_CERTIFICATES) {
      throw new SimError('LimitExceeded', `Cannot exceed quota for CertificatesPerUser: ${MAX_SIGNING_CERTIFICATES}`);
    }
    const id = createHash('sha1').update(`${ctx.account.id}\0${user.name}\0${body}\0${ctx.now.getTime()}`).digest('hex').slice(0, 32).toUpperCase();
    const certificate: UploadedCredential = { id, status: 'Active', uploaded: ctx.now, body };
    user.signingCertificates.push(certificate);
    return { Certificate: certificateDetail(user, certificate) };
  },

  UpdateSigningCertificate(ctx: CallContext, input: IAM.UpdateSigningCertificateRequest): void {
    certificateOf(userOf(ctx, input.UserName), input.CertificateId!).status = input.Status as 'Active' | 'Inactive';
  },

  DeleteSigningCertificate(ctx: CallContext, input: IAM.DeleteSigningCertificateRequest): void {
    const user = userOf(ctx, input.UserName);
    const certificate = certificateOf(user, input.CertificateId!);
    user.signingCertificates = user.signingCertificates.filter((c) => c !== certificate);
  },

  ListSSHPublicKeys(ctx: CallContext, input: IAM.ListSSHPublicKeysRequest): IAM.ListSSHPublicKeysResponse {
    const user = userOf(ctx, input.UserName);
    const page = paginate(user.sshPublicKeys, input);
    return {
      SSHPublicKeys: page.items.map((k) => ({ UserName: user.name, SSHPublicKeyId: k.id, Status: k.status, UploadDate: k.uploaded })),
      ...pageFields(page),
    };
  },

  GetSSHPublicKey(ctx: CallContext, input: IAM.GetSSHPublicKeyRequest): IAM.GetSSHPublicKeyResponse {
    const user = userOf(ctx, input.UserName!);
    return { SSHPublicKey: sshPublicKeyDetail(user, sshPublicKeyOf(user, input.SSHPublicKeyId!), input.Encoding!) };
  },

  UploadSSHPublicKey(ctx: CallContext, input: IAM.UploadSSHPublicKeyRequest): IAM.UploadSSHPublicKeyResponse {
    const user = userOf(ctx, input.UserName!);
    const body = input.SSHPublicKeyBody!;
    if (!SSH_PUBLIC_KEY.test(body)) throw new SimError('InvalidPublicKey', 'The public key is not in ssh-rsa or PEM format.');
    if (user.sshPublicKeys.some((k) => material(k.body).equals(material(body)))) {
      throw new SimError('DuplicateSSHPublicKey', 'The public key is already associated with this user.');
    }
    if (user.sshPublicKeys.length >= MAX_SSH_PUBLIC_KEYS) {
      throw new SimError('LimitExceeded', `Cannot exceed quota for SSHPublicKeysPerUser: ${MAX_SSH_PUBLIC_KEYS}`);
    }
    const key: UploadedCredential = {
      id: stableId('APKA', ctx.account.id, user.name, body, String(ctx.now.getTime())), status: 'Active', uploaded: ctx.now, body,
    };
    user.sshPublicKeys.push(key);
    return { SSHPublicKey: sshPublicKeyDetail(user, key, 'SSH') };
  },

  UpdateSSHPublicKey(ctx: CallContext, input: IAM.UpdateSSHPublicKeyRequest): void {
    sshPublicKeyOf(userOf(ctx, input.UserName!), input.SSHPublicKeyId!).status = input.Status as 'Active' | 'Inactive';
  },

  DeleteSSHPublicKey(ctx: CallContext, input: IAM.DeleteSSHPublicKeyRequest): void {
    const user = userOf(ctx, input.UserName!);
    const key = sshPublicKeyOf(user, input.SSHPublicKeyId!);
    user.sshPublicKeys = user.sshPublicKeys.filter((k) => k !== key);
  },

  ListServiceSpecificCredentials(ctx: CallContext, input: IAM.ListServiceSpecificCredentialsRequest): IAM.ListServiceSpecificCredentialsResponse {
    const users = input.AllUsers
      ? sortedUserKeys(ctx.account).map((key) => ctx.account.users.get(key)!)
      : [userOf(ctx, input.UserName)];
    const credentials = users.flatMap((user) => user.serviceSpecificCredentials
      .filter((c) => !input.ServiceName || c.serviceName === input.ServiceName)
      .map((c): IAM.ServiceSpecificCredentialMetadata => ({
        UserName: user.name,
        Status: c.status,
        ServiceUserName: `${user.name}-at-${ctx.account.id}`,
        CreateDate: c.created,
        ...(c.expires ? { ExpirationDate: c.expires } : {}),
        ServiceSpecificCredentialId: c.id,
        ServiceName: c.serviceName,
      })));
    const page = paginate(credentials, input);
    return { ServiceSpecificCredentials: page.items, ...pageFields(page) };
  },

  DeleteServiceSpecificCredential(ctx: CallContext, input: IAM.DeleteServiceSpecificCredentialRequest): void {
    const user = userOf(ctx, input.UserName);
    const remaining = user.serviceSpecificCredentials.filter((c) => c.id !== input.ServiceSpecificCredentialId);
    if (remaining.length === user.serviceSpecificCredentials.length) {
      throw new SimError('NoSuchEntity', `No such credential ${input.ServiceSpecificCredentialId} exists for user ${user.name}.`);
    }
    user.serviceSpecificCredentials = remaining;
  },

  ListUserPolicies(ctx: CallContext, input: IAM.ListUserPoliciesRequest): IAM.ListUserPoliciesResponse {
    const page = paginate([...userOf(ctx, input.UserName!).inlinePolicies.keys()], input);
    return { PolicyNames: page.items, ...pageFields(page) };
  },

  GetUserPolicy(ctx: CallContext, input: IAM.GetUserPolicyRequest): IAM.GetUserPolicyResponse {
    const user = userOf(ctx, input.UserName!);
    const document = user.inlinePolicies.get(input.PolicyName!);
    if (document === undefined) throw new SimError('NoSuchEntity', `The user policy with name ${input.PolicyName} cannot be found.`);
    // IAM answers policy documents URL-encoded (RFC 3986).
    return { UserName: user.name, PolicyName: input.PolicyName!, PolicyDocument: encodeURIComponent(document) };
  },

  PutUserPolicy(ctx: CallContext, input: IAM.PutUserPolicyRequest): void {
    const user = userOf(ctx, input.UserName!);
    try {
      const parsed: unknown = JSON.parse(input.PolicyDocument!);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    } catch {
      throw new SimError('MalformedPolicyDocument', 'Syntax errors in policy.');
    }
    user.inlinePolicies.set(input.PolicyName!, input.PolicyDocument!);
  },

  DeleteUserPolicy(ctx: CallContext, input: IAM.DeleteUserPolicyRequest): void {
    const user = userOf(ctx, input.UserName!);
    if (!user.inlinePolicies.delete(input.PolicyName!)) {
      throw new SimError('NoSuchEntity', `The user policy with name ${input.PolicyName} cannot be found.`);
    }
  },

  ListAttachedUserPolicies(ctx: CallContext, input: IAM.ListAttachedUserPoliciesRequest): IAM.ListAttachedUserPoliciesResponse {
    const user = userOf(ctx, input.UserName!);
    const prefix = input.PathPrefix ?? '/';
    const policies = user.attachedPolicies
      .map((arn) => {
        const [, policyPath, name] = /:policy(\/(?:.*\/)?)([^/]+)$/.exec(arn) ?? [arn, '/', arn];
        return { PolicyName: name, PolicyArn: arn, path: policyPath };
      })
      .filter((p) => p.path.startsWith(prefix))
      .map(({ PolicyName, PolicyArn }) => ({ PolicyName, PolicyArn }));
    const page = paginate(policies, input);
    return { AttachedPolicies: page.items, ...pageFields(page) };
  },

  AttachUserPolicy(ctx: CallContext, input: IAM.AttachUserPolicyRequest): void {
    const user = userOf(ctx, input.UserName!);
    attachablePolicy(ctx, input.PolicyArn!);
    if (!user.attachedPolicies.includes(input.PolicyArn!)) user.attachedPolicies.push(input.PolicyArn!);
  },

  DetachUserPolicy(ctx: CallContext, input: IAM.DetachUserPolicyRequest): void {
    const user = userOf(ctx, input.UserName!);
    if (!user.attachedPolicies.includes(input.PolicyArn!)) throw new SimError('NoSuchEntity', `Policy ${input.PolicyArn} was not found.`);
    user.attachedPolicies = user.attachedPolicies.filter((arn) => arn !== input.PolicyArn);
  },

  ListGroupsForUser(ctx: CallContext, input: IAM.ListGroupsForUserRequest): IAM.ListGroupsForUserResponse {
    const user = userOf(ctx, input.UserName!);
    const page = paginate(user.groups.map((key) => ctx.account.groups.get(key)!), input);
    return { Groups: page.items.map(groupSummary), ...pageFields(page) };
  },

  AddUserToGroup(ctx: CallContext, input: IAM.AddUserToGroupRequest): void {
    const group = groupOf(ctx.account, input.GroupName!);
    const user = userOf(ctx, input.UserName!);
    const key = group.name.toLowerCase();
    if (!user.groups.includes(key)) user.groups.push(key);
  },

  RemoveUserFromGroup(ctx: CallContext, input: IAM.RemoveUserFromGroupRequest): void {
    const group = groupOf(ctx.account, input.GroupName!);
    const user = userOf(ctx, input.UserName!);
    const key = group.name.toLowerCase();
    if (!user.groups.includes(key)) throw new SimError('NoSuchEntity', `User ${user.name} is not in group ${group.name}.`);
    user.groups = user.groups.filter((g) => g !== key);
  },

  PutUserPermissionsBoundary(ctx: CallContext, input: IAM.PutUserPermissionsBoundaryRequest): void {
    const user = userOf(ctx, input.UserName!);
    attachablePolicy(ctx, input.PermissionsBoundary!);
    user.permissionsBoundary = input.PermissionsBoundary;
  },

  GenerateCredentialReport: (ctx: CallContext): IAM.GenerateCredentialReportResponse => generateCredentialReport(ctx),

  GetCredentialReport: (ctx: CallContext): IAM.GetCredentialReportResponse => getCredentialReport(ctx),

  ListRoles(ctx: CallContext, input: IAM.ListRolesRequest): IAM.ListRolesResponse {
    let roles = [...ctx.account.roles.values()].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
    if (input.PathPrefix) roles = roles.filter((r) => r.path.startsWith(input.PathPrefix!));
    const page = paginate(roles, input, (r) => r.name.toLowerCase());
    return { Roles: page.items.map(roleSummary), ...pageFields(page) };
  },

  GetRole(ctx: CallContext, input: IAM.GetRoleRequest): IAM.GetRoleResponse {
    const role = ctx.account.roles.get(input.RoleName!.toLowerCase());
    if (!role) throw new SimError('NoSuchEntity', `The role with name ${input.RoleName} cannot be found.`);
    const tags = tagList(role.tags);
    return {
      Role: {
        ...roleSummary(role),
        Tags: tags.length > 0 ? tags : undefined,
        RoleLastUsed: role.lastUsed ? { LastUsedDate: role.lastUsed, Region: role.lastUsedRegion } : {},
      },
    };
  },
} satisfies Handlers;
