/** A member account of the scenario and its IAM: users with their credentials, roles, groups, and its trail. */
import { z } from 'zod';
import type { Partition } from '../partition';
import { CERTIFICATE, SSH_PUBLIC_KEY } from '../scenario';
import { REGION_PATTERN } from '../../lambdas/engine/region';
import {
  ACCOUNT_ID, EMAIL, fields, flag, IAM_IDS, list, oneOf, PATH, type PolicyDocument, policyDocument, show, tags, text, time, USER_NAME,
} from './fields';

const accountState = oneOf(['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']);
const credentialStatus = oneOf(['Active', 'Inactive']);

/** AWS managed policies are in the `aws` account of each partition: `arn:aws-us-gov:iam::aws:policy/…`. */
export const managedPolicyArn = (partition: Partition) =>
  text(new RegExp(`^arn:${partition}:iam::(aws|\\d{12}):policy\\/(.+\\/)?[\\w+=,.@-]+$`), `a managed policy ARN of partition ${partition}`);

/**
 * Inline policy documents by name; IAM takes a document as an object or as its JSON text. `Document` is
 * the type the simulator keeps them as, for users and for roles.
 */
const inlinePolicies = <Document>() =>
  z.record(
    z.string(),
    z.custom<Document>((document) => document !== null && (typeof document === 'object' || typeof document === 'string'), {
      error: (issue) => `must be a policy document (object or JSON text), got ${show(issue.input)}`,
    }),
    { error: (issue) => `must be an object of policy documents by name, got ${show(issue.input)}` },
  );

const accessKey = fields({
  id: IAM_IDS.accessKey,
  status: credentialStatus,
  created: time(),
  lastUsed: time().optional(),
  lastUsedService: text().optional(),
  lastUsedRegion: text().optional(),
});

const mfaDevice = fields({
  serial: IAM_IDS.mfaSerial,
  virtual: flag(),
  /** Whether the device is enabled for (assigned to) the user; a virtual device may exist unassigned. */
  enabled: flag().optional(),
  /** When the device was enabled for the user (default: the user's creation time). */
  enableDate: time().optional(),
}).refine((device) => device.enabled !== false || device.virtual, { path: ['enabled'], error: 'only a virtual MFA device can exist unassigned' });

/** `body`: the public material; the simulator makes one up from the id when absent. */
const uploadedKey = (id: z.ZodString, body: RegExp, bodyHint: string) =>
  fields({ id, status: credentialStatus, uploaded: time().optional(), body: text(body, bodyHint).optional() });

const userSchema = (partition: Partition) =>
  fields({
    name: USER_NAME,
    path: PATH.optional(),
    created: time(),
    passwordLastUsed: time().optional(),
    /**
     * `lastChanged`: the password's last reset (UpdateLoginProfile, ChangePassword; default `created`). AWS
     * keeps GetLoginProfile's CreateDate at `created` and gives `lastChanged` as the credential report's
     * password_last_changed.
     */
    loginProfile: fields({ created: time(), passwordResetRequired: flag().optional(), lastChanged: time().optional() }).optional(),
    accessKeys: list(accessKey).optional(),
    mfaDevices: list(mfaDevice).optional(),
    sshPublicKeys: list(uploadedKey(IAM_IDS.sshPublicKey, SSH_PUBLIC_KEY, 'an ssh-rsa public key or a PEM public key')).optional(),
    signingCertificates: list(uploadedKey(IAM_IDS.signingCertificate, CERTIFICATE, 'a PEM certificate')).optional(),
    /**
     * `expires`: the ExpirationDate of a Bedrock or CloudWatch Logs API key created with an expiration period
     * (ListServiceSpecificCredentials returns it; Status still says Active once it has passed).
     */
    serviceSpecificCredentials: list(
      fields({
        id: IAM_IDS.serviceSpecificCredential,
        serviceName: text(),
        status: credentialStatus.optional(),
        created: time().optional(),
        expires: time().optional(),
      }),
    ).optional(),
    inlinePolicies: inlinePolicies<unknown>().optional(),
    attachedPolicies: list(managedPolicyArn(partition)).optional(),
    groups: list(text()).optional(),
    permissionsBoundary: managedPolicyArn(partition).optional(),
    tags: tags().optional(),
  });

const roleSchema = (partition: Partition) =>
  fields({
    name: text(/^[\w+=,.@-]{1,64}$/, 'IAM role names: 1-64 of A-Z a-z 0-9 +=,.@_-'),
    path: PATH.optional(),
    /**
     * Accounts whose principals may assume the role. With `trustPolicy` it defaults to the accounts that
     * policy names as principals, and the policy's conditions are evaluated when authorization is on.
     */
    trustedAccountIds: list(ACCOUNT_ID).optional(),
    created: time().optional(),
    lastUsed: time().optional(),
    lastUsedRegion: text().optional(),
    tags: tags().optional(),
    /** The role's trust policy (authorization only; without it the role trusts `trustedAccountIds`). */
    trustPolicy: policyDocument().optional(),
    /** Identity policies of the role's sessions (authorization only), as for users. */
    inlinePolicies: inlinePolicies<PolicyDocument>().optional(),
    attachedPolicies: list(managedPolicyArn(partition)).optional(),
    permissionsBoundary: managedPolicyArn(partition).optional(),
  });

const groupSchema = fields({
  name: text(),
  path: PATH.optional(),
  /** Default: the simulator's start time. */
  created: time().optional(),
});

/** The Region pattern the scenario's trail events have always been checked with. */
const REGION = text(REGION_PATTERN, 'a Region such as us-east-1');

/** One CloudTrail management event in an account's trail, as LookupEvents returns it. */
const cloudTrailEvent = fields({
  time: time(),
  eventName: text(/^\w+$/, 'an API action name such as DeleteUser'),
  eventSource: text(/^[a-z0-9.-]+\.amazonaws\.com$/, 'a service endpoint such as iam.amazonaws.com'),
  /** Default us-east-1. */
  region: REGION.optional(),
  /** The IAM user that made the call (userIdentity.type IAMUser), for the cross-check before deletion. */
  userName: USER_NAME.optional(),
  accessKeyId: IAM_IDS.accessKey.optional(),
  /** The resources LookupEvents lists for the event (matched by the ResourceType and ResourceName lookups). */
  resources: list(fields({ type: text(), name: text() })).optional(),
  /** Any further fields of the CloudTrailEvent JSON; they override the generated ones (e.g. `readOnly`, `eventID`). */
  detail: z.record(z.string(), z.unknown(), { error: (issue) => `must be an object of CloudTrail record fields, got ${show(issue.input)}` }).optional(),
});

export const accountSchema = (partition: Partition) =>
  fields({
    id: ACCOUNT_ID,
    name: text(),
    email: EMAIL,
    state: accountState,
    parentId: text(),
    tags: tags().optional(),
    /** When the account joined the organization (default `-365d`). */
    joined: time().optional(),
    /** How the account joined the organization (default `CREATED`). */
    joinedMethod: oneOf(['INVITED', 'CREATED']).optional(),
    roles: list(roleSchema(partition)).optional(),
    groups: list(groupSchema).optional(),
    users: list(userSchema(partition)).optional(),
    /** Virtual MFA devices assigned to nobody and not listed under a user (as `GET /_sim/state` writes them). */
    virtualMfaDevices: list(fields({ serial: IAM_IDS.mfaSerial })).optional(),
    /** Management events in the account's trail (LookupEvents, last 90 days). */
    cloudTrailEvents: list(cloudTrailEvent).optional(),
  });

export type AccountState = z.infer<typeof accountState>;
export type AccountSpec = z.infer<ReturnType<typeof accountSchema>>;
export type UserSpec = z.infer<ReturnType<typeof userSchema>>;
export type RoleSpec = z.infer<ReturnType<typeof roleSchema>>;
export type GroupSpec = z.infer<typeof groupSchema>;
export type AccessKeySpec = z.infer<typeof accessKey>;
export type MfaDeviceSpec = z.infer<typeof mfaDevice>;
export type CloudTrailEventSpec = z.infer<typeof cloudTrailEvent>;
