/**
 * IAM Identity Center: one instance and its identity store. Sign-ins are given as times per user; the
 * simulator lays each out as the real CloudTrail sequence (signin.amazonaws.com CredentialChallenge →
 * CredentialVerification → UserAuthentication, with `userIdentity.onBehalfOf.userId` and the
 * identityStoreArn) in the admin account's trail, in `region`.
 */
import { z } from 'zod';
import { STORED_USER_ATTRIBUTES, SUPPORTED_EXTENSIONS } from '../identity-center';
import { PARTITIONS, type Partition } from '../partition';
import {
  ACCOUNT_ID, EMAIL, fields, IDENTITY_STORE_RESOURCE_ID, list, numberFrom, oneOf, permissionSetArn, show, text, time,
} from './fields';

const anyValues = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, z.unknown()]));

/**
 * The user's other CreateUser attributes as the identity store returns them, and `Extensions`
 * (`aws:identitystore:enterprise`: employeeNumber, costCenter, department, manager, …).
 */
const userAttributes = fields({
  ...anyValues(STORED_USER_ATTRIBUTES),
  Extensions: fields(anyValues(SUPPORTED_EXTENSIONS)).optional(),
});

const userSchema = fields({
  /** The identity store user id (a UUID, or `<10 hex>-<uuid>` as AWS issues them). */
  id: IDENTITY_STORE_RESOURCE_ID,
  userName: text(/^\S{1,128}$/, '1-128 characters, no spaces'),
  displayName: text().optional(),
  email: EMAIL.optional(),
  /**
   * When set, DescribeUser returns these instead of a Name and Emails made from displayName and email.
   * CreateUser stores what it is given here.
   */
  attributes: userAttributes.optional(),
  created: time(),
  /**
   * How the user signs in, which decides where CloudTrail names the user: `password` (the built-in
   * directory; UserName only on CredentialChallenge) or `external-idp` (UserName on UserAuthentication).
   */
  signInKind: oneOf(['password', 'external-idp']).optional(),
  /** Times of successful sign-ins. */
  signIns: list(time()).optional(),
  /**
   * Times of failed sign-ins (CredentialChallenge, then CredentialVerification with a failure). Only the
   * built-in directory logs them: an external IdP rejects the user before Identity Center sees a thing,
   * so for `external-idp` users they leave no event (and a successful sign-in is UserAuthentication alone).
   */
  failedSignIns: list(time()).optional(),
});

const groupSchema = fields({ id: IDENTITY_STORE_RESOURCE_ID, displayName: text(), memberUserIds: list(text()).optional() });

/** A list that must be there even when empty. */
const presentList = <Item extends z.ZodType>(item: Item) =>
  z.array(item, { error: (issue) => (issue.input === undefined ? 'must be a list (it may be empty)' : `must be a list, got ${show(issue.input)}`) });

const permissionSetSchema = (partition: Partition) =>
  fields({
    arn: permissionSetArn(partition),
    name: text(/^[\w+=,.@-]{1,32}$/, 'permission set names: 1-32 of A-Z a-z 0-9 +=,.@_-'),
    /** Accounts the permission set is provisioned to. */
    provisionedToAccountIds: presentList(ACCOUNT_ID),
  });

const assignmentSchema = fields({
  accountId: ACCOUNT_ID,
  permissionSetArn: text(),
  principalType: oneOf(['USER', 'GROUP']),
  principalId: text(),
});

export const identityCenterSchema = (partition: Partition) =>
  fields({
    /** The account that administers Identity Center (the management account or its delegated admin). */
    adminAccountId: ACCOUNT_ID,
    /** Where the instance lives and its sign-in events land (default us-east-1). */
    region: text(PARTITIONS[partition].regions, `a Region of partition ${partition}`).optional(),
    /** `arn:aws:sso:::instance/ssoins-…` */
    instanceArn: text(new RegExp(`^arn:${partition}:sso:::instance\\/(sso)?ins-[a-zA-Z0-9-.]{16}$`), `arn:${partition}:sso:::instance/ssoins-<16 characters>`),
    /** `d-…` */
    identityStoreId: text(/^d-[0-9a-f]{10}$/, 'd- then 10 of 0-9 a-f'),
    users: presentList(userSchema),
    groups: list(groupSchema).optional(),
    permissionSets: list(permissionSetSchema(partition)).optional(),
    assignments: list(assignmentSchema).optional(),
    /** Milliseconds (simulator clock) a DeleteAccountAssignment stays IN_PROGRESS before it ends (default 200). */
    assignmentDeletionDelayMs: numberFrom(0).optional(),
    /** Milliseconds (simulator clock) a CreateAccountAssignment stays IN_PROGRESS before it ends (default 200). */
    assignmentCreationDelayMs: numberFrom(0).optional(),
  });

export type IdentityCenterSpec = z.infer<ReturnType<typeof identityCenterSchema>>;
export type IdentityCenterUserSpec = z.infer<typeof userSchema>;
export type IdentityCenterPermissionSetSpec = z.infer<ReturnType<typeof permissionSetSchema>>;
export type IdentityCenterAssignmentSpec = z.infer<typeof assignmentSchema>;
