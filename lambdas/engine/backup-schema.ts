/**
 * The user backups' format, described once: the sweep writes these shapes to the report bucket before it
 * deletes a user, and restore reads them back through the same schemas. Each refusal names the field and
 * what it should be; restore/backup-format.ts adds which file it was.
 */
import { z } from 'zod';
import { REGION_PATTERN } from './region';

const json = (value: unknown) => JSON.stringify(value);

const supportedVersion = z.literal(1, {
  error: (issue) => `version ${json(issue.input)} is not supported (this iam-sweep reads version 1)`,
});

const required = (field: string) => z.string({ error: `"${field}" is missing` }).min(1, { error: `"${field}" is missing` });

const matching = (field: string, pattern: RegExp, what: string) =>
  required(field).regex(pattern, { error: (issue) => `"${field}" ${json(issue.input)} is not ${what}` });

/**
 * A field that no reader has ever checked (restore only prints it): a backup that loaded before must
 * still load, so any value is taken as it was written.
 */
const unchecked = <T>() => z.custom<T>().optional();

const stringList = (problem: string) => z.array(z.string({ error: problem }), { error: problem });

/** A list that earlier versions could leave out or write as null: both read as empty. */
const listOrNothing = <T extends z.ZodType>(list: z.ZodArray<T>) => list.nullish().transform((items) => items ?? []);

const uploadedPublicKey = (problem: string) =>
  z.object(
    { id: z.string({ error: problem }), status: z.string({ error: problem }), body: z.string({ error: problem }) },
    { error: problem },
  );

const uploadedList = (field: string) => {
  const problem = `"${field}" is not a list of { id, status, body }`;
  return z.array(uploadedPublicKey(problem), { error: problem }).nullish();
};

const credentialList = <Shape extends z.ZodRawShape>(field: string, shape: Shape) => {
  const problem = `"${field}" is not a list of credentials with ids`;
  return listOrNothing(z.array(z.object({ id: z.string({ error: problem }), ...shape }, { error: problem }), { error: problem }));
};

/** A JSON object: the documents are kept as they were parsed, for IAM to judge when restore puts them back. */
const isPolicyDocument = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

const tagsProblem = '"tags" is not a map of strings';
const policiesProblem = '"inlinePolicies" is not a map of policy documents';

/**
 * A user's whole configuration, saved to the report bucket before anything of it is deleted, so that
 * `iam-sweep restore` can recreate the user (secrets cannot come back). Lists that are absent read as empty.
 */
export const userBackupSchema = z.object({
  version: supportedVersion,
  accountId: matching('accountId', /^\d{12}$/, 'an account id'),
  userName: required('userName'),
  arn: required('arn'),
  path: matching('path', /^\/(.*\/)?$/, 'an IAM path'),
  /**
   * IAM's id of the user (GetUser), which tells it from another user once or later of the same name: only
   * backups of the same id lend their MFA serials to finishing a deletion. Optional for hand-written backups.
   */
  userId: unchecked<string>(),
  created: unchecked<string>(),
  savedAt: unchecked<string>(),
  /** Why the sweep was about to change the user. */
  reason: unchecked<string>(),
  tags: z
    .record(z.string(), z.string({ error: tagsProblem }), { error: tagsProblem })
    .nullish()
    .transform((tags) => tags ?? {}),
  /** Inline policy documents by policy name, as parsed JSON. */
  inlinePolicies: z
    .record(z.string(), z.unknown().refine(isPolicyDocument, { error: policiesProblem }), { error: policiesProblem })
    .nullish()
    .transform((policies) => policies ?? {}),
  groups: stringList('"groups" is not a list of strings').default([]),
  attachedPolicies: stringList('"attachedPolicies" is not a list of strings').default([]),
  mfaSerials: stringList('"mfaSerials" is not a list of strings').default([]),
  signingCertificateIds: stringList('"signingCertificateIds" is not a list of strings').default([]),
  sshPublicKeyIds: stringList('"sshPublicKeyIds" is not a list of strings').default([]),
  permissionsBoundary: z.string({ error: '"permissionsBoundary" is not a policy ARN' }).optional(),
  passwordLastUsed: unchecked<string>(),
  loginProfile: unchecked<{ created: string; passwordResetRequired: boolean }>(),
  /**
   * The certificates and SSH public keys themselves: public material, which restore uploads again. Absent
   * in backups written before it was saved; the id lists above name the same objects.
   */
  signingCertificates: uploadedList('signingCertificates'),
  sshPublicKeys: uploadedList('sshPublicKeys'),
  accessKeys: credentialList('accessKeys', {
    status: unchecked<string>(),
    created: unchecked<string>(),
    lastUsed: unchecked<string>(),
    lastUsedService: unchecked<string>(),
  }),
  /** `expires`: the ExpirationDate of a credential created with one (Bedrock API keys). */
  serviceSpecificCredentials: credentialList('serviceSpecificCredentials', {
    serviceName: unchecked<string>(),
    status: unchecked<string>(),
    expires: unchecked<string>(),
  }),
});

/** A signing certificate (PEM) or SSH public key (ssh-rsa) of a user, as uploaded. */
export type UploadedPublicKey = z.infer<ReturnType<typeof uploadedPublicKey>>;

const assignmentsProblem = '"assignments" is not a list of { accountId, permissionSetArn }';

/** An account assignment of a permission set to an Identity Center user. */
const accountAssignmentSchema = z.object(
  {
    accountId: z.string({ error: assignmentsProblem }).regex(/^\d{12}$/, { error: assignmentsProblem }),
    permissionSetArn: z.string({ error: assignmentsProblem }),
  },
  { error: assignmentsProblem },
);

/** The Region pattern restore has always read Identity Center backups with. */

/**
 * An Identity Center user's whole configuration, saved to the report bucket before it is deleted, so
 * that `iam-sweep restore` can recreate it (with a new user id; passwords and MFA cannot come back).
 */
export const identityCenterUserBackupSchema = z.object({
  kind: z.literal('identity-center-user', { error: (issue) => `"kind" ${json(issue.input)} is not identity-center-user` }),
  version: supportedVersion,
  region: matching('region', REGION_PATTERN, 'a Region'),
  instanceArn: matching('instanceArn', /^arn:aws[a-z-]*:sso:::instance\/\S+$/, 'an Identity Center instance ARN'),
  identityStoreId: required('identityStoreId'),
  userId: required('userId'),
  userName: required('userName'),
  created: unchecked<string>(),
  savedAt: unchecked<string>(),
  reason: unchecked<string>(),
  /** The attributes CreateUser takes (DisplayName, Name, Emails, …), as DescribeUser returned them. */
  attributes: z.record(z.string(), z.unknown(), { error: '"attributes" is not an object of user attributes' }),
  /** Group ids the user was a direct member of. */
  groupIds: listOrNothing(stringList('"groupIds" is not a list of group ids')),
  /** Direct (principalType USER) account assignments. */
  assignments: listOrNothing(z.array(accountAssignmentSchema, { error: assignmentsProblem })),
});

export type UserBackup = z.infer<typeof userBackupSchema>;
export type AccountAssignment = z.infer<typeof accountAssignmentSchema>;
export type IdentityCenterUserBackup = z.infer<typeof identityCenterUserBackupSchema>;
