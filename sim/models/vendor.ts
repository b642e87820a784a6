/**
 * Vendors the official AWS service models into `sim/models/<service>.json`, trimmed to the operations
 * the simulator implements, so the simulator runs without `../shared` and its wire formats come from
 * the same data the AWS SDKs are generated from.
 *
 *     npx tsx sim/models/vendor-cli.ts [path/to/aws-models]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Operations the simulator implements, per service model folder. Add names here, then re-run. */
export const IMPLEMENTED_OPERATIONS = {
  iam: [
    'ListUsers', 'GetUser', 'CreateUser', 'DeleteUser', 'ListUserTags', 'TagUser', 'UntagUser',
    'GetLoginProfile', 'DeleteLoginProfile', 'ListAccessKeys', 'GetAccessKeyLastUsed', 'UpdateAccessKey',
    'DeleteAccessKey', 'ListMFADevices', 'ListVirtualMFADevices', 'DeactivateMFADevice', 'DeleteVirtualMFADevice',
    'ListSigningCertificates', 'UploadSigningCertificate', 'UpdateSigningCertificate', 'DeleteSigningCertificate',
    'ListSSHPublicKeys', 'GetSSHPublicKey', 'UploadSSHPublicKey', 'UpdateSSHPublicKey', 'DeleteSSHPublicKey',
    'ListServiceSpecificCredentials', 'DeleteServiceSpecificCredential', 'ListUserPolicies', 'GetUserPolicy',
    'PutUserPolicy', 'DeleteUserPolicy', 'ListAttachedUserPolicies', 'AttachUserPolicy', 'DetachUserPolicy',
    'ListGroupsForUser', 'AddUserToGroup', 'RemoveUserFromGroup', 'PutUserPermissionsBoundary',
    'GenerateCredentialReport', 'GetCredentialReport', 'ListRoles', 'GetRole',
  ],
  sts: ['AssumeRole', 'GetCallerIdentity'],
  organizations: [
    'DescribeOrganization', 'ListAccounts', 'ListRoots', 'ListParents', 'ListOrganizationalUnitsForParent',
    'ListAccountsForParent', 'DescribeAccount', 'ListTagsForResource',
  ],
  sns: ['Publish'],
  s3: ['PutObject', 'GetObject', 'HeadObject', 'ListObjectsV2'],
  cloudtrail: ['LookupEvents'],
  identitystore: [
    'ListUsers', 'DescribeUser', 'CreateUser', 'DeleteUser', 'ListGroups', 'DescribeGroup', 'ListGroupMemberships',
    'ListGroupMembershipsForMember', 'CreateGroupMembership', 'DeleteGroupMembership',
  ],
  'sso-admin': [
    'ListInstances', 'ListPermissionSets', 'DescribePermissionSet', 'ListAccountsForProvisionedPermissionSet',
    'ListAccountAssignments', 'ListAccountAssignmentsForPrincipal', 'CreateAccountAssignment',
    'DescribeAccountAssignmentCreationStatus', 'DeleteAccountAssignment', 'DescribeAccountAssignmentDeletionStatus',
  ],
} as const satisfies Record<string, readonly string[]>;

/**
 * Error shapes the simulator answers although no implemented operation lists them (a service-wide
 * throttling error, for instance), so they must survive trimming.
 */
export const EXTRA_SHAPES: Partial<Record<VendoredService, readonly string[]>> = {
  sns: ['ThrottledException'],
  // LookupEvents does not list it, yet it is how CloudTrail answers over 2 LookupEvents calls a second.
  cloudtrail: ['ThrottlingException'],
};

export type VendoredService = keyof typeof IMPLEMENTED_OPERATIONS;
export const VENDORED_SERVICES = Object.keys(IMPLEMENTED_OPERATIONS) as VendoredService[];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function withoutDocumentation(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutDocumentation);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== 'documentation') out[key] = withoutDocumentation(item);
  }
  return out;
}

function shapeRefs(shape: JsonObject): string[] {
  const refs: string[] = [];
  const add = (ref: Json | undefined) => {
    if (ref && typeof ref === 'object' && !Array.isArray(ref) && typeof ref.shape === 'string') refs.push(ref.shape);
  };
  if (shape.members && typeof shape.members === 'object' && !Array.isArray(shape.members)) {
    Object.values(shape.members).forEach(add);
  }
  add(shape.member);
  add(shape.key);
  add(shape.value);
  return refs;
}

/** Keeps metadata, the listed operations and every shape reachable from them; drops documentation. */
export function trimModel(official: JsonObject, operations: readonly string[], extraShapes: readonly string[] = []): JsonObject {
  const allOperations = official.operations as Record<string, JsonObject>;
  const allShapes = official.shapes as Record<string, JsonObject>;
  const keptOperations: JsonObject = {};
  const pending: string[] = [...extraShapes];
  for (const name of operations) {
    const operation = allOperations[name];
    if (!operation) throw new Error(`Operation ${name} is not in the official model`);
    keptOperations[name] = withoutDocumentation(operation);
    for (const ref of [operation.input, operation.output, ...((operation.errors as Json[] | undefined) ?? [])]) {
      if (ref && typeof ref === 'object' && !Array.isArray(ref) && typeof ref.shape === 'string') pending.push(ref.shape);
    }
  }
  const keptNames = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (keptNames.has(name)) continue;
    const shape = allShapes[name];
    if (!shape) throw new Error(`Shape ${name} is not in the official model`);
    keptNames.add(name);
    pending.push(...shapeRefs(shape));
  }
  const keptShapes: JsonObject = {};
  for (const name of Object.keys(allShapes).filter((n) => keptNames.has(n)).sort()) {
    keptShapes[name] = withoutDocumentation(allShapes[name]);
  }
  return {
    version: official.version ?? '2.0',
    metadata: withoutDocumentation(official.metadata),
    operations: keptOperations,
    shapes: keptShapes,
  };
}

/** The vendored model text for one service, exactly as it is committed. */
export function vendoredModelText(service: VendoredService, modelsDir: string): string {
  const official = JSON.parse(readFileSync(join(modelsDir, service, 'service-2.json'), 'utf8')) as JsonObject;
  const trimmed = trimModel(official, IMPLEMENTED_OPERATIONS[service], EXTRA_SHAPES[service] ?? []);
  return JSON.stringify(trimmed, null, 1) + '\n';
}

export const DEFAULT_MODELS_DIR = join(__dirname, '..', '..', '..', 'shared', 'aws-models');
