/**
 * IAM Identity Center administration (sso-admin, signing name `sso`): the instance, its permission sets
 * and account assignments. Creating and deleting an assignment is asynchronous: the call answers
 * IN_PROGRESS with a request id, and the change happens when the scenario's delay has passed (the
 * Describe…Status operations then answer SUCCEEDED or FAILED).
 */
import { randomUUID } from 'node:crypto';
import type * as SsoAdmin from '@aws-sdk/client-sso-admin';
import { SimError } from '../errors';
import {
  assignmentKey,
  startAssignmentRequest,
  type AccountAssignment,
  type AssignmentRequest,
  type IdentityCenterState,
  type PermissionSet,
} from '../identity-center';
import type { CallContext, Handlers } from './context';
import { administeredIdentityCenter } from './identitystore';

const DEFAULT_MAX_RESULTS = 100;
const DEFAULT_DELETION_FAILURE = 'Received a 500 status error: the permission set could not be removed from the account.';

/** The instance named in the request: it lives in its Region only. */
function instance(ctx: CallContext, instanceArn: string): IdentityCenterState {
  const ic = administeredIdentityCenter(ctx, 'sso');
  if (instanceArn !== ic.instanceArn || ctx.region !== ic.region) {
    throw new SimError('ResourceNotFoundException', `Could not find Instance with InstanceArn: ${instanceArn}`);
  }
  return ic;
}

function permissionSetOf(ic: IdentityCenterState, arn: string): PermissionSet {
  const permissionSet = ic.permissionSets.get(arn);
  if (!permissionSet) throw new SimError('ResourceNotFoundException', `Could not find PermissionSet with PermissionSetArn: ${arn}`);
  return permissionSet;
}

/** One page in list order; the token names the next item's place, so deleting listed items skips nothing. */
function paginate<T>(ctx: CallContext, items: readonly T[], seqOf: (item: T, index: number) => number, input: { MaxResults?: number; NextToken?: string }) {
  let from = 0;
  if (input.NextToken !== undefined) {
    const match = /^(\w+):(\d+)$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (!match || match[1] !== ctx.operation) throw new SimError('ValidationException', 'The NextToken is not valid.');
    from = Number(match[2]);
  }
  const maxResults = input.MaxResults ?? DEFAULT_MAX_RESULTS;
  const page: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const seq = seqOf(items[i], i);
    if (seq < from) continue;
    if (page.length === maxResults) return { page, NextToken: Buffer.from(`${ctx.operation}:${seq}`).toString('base64url') };
    page.push(items[i]);
  }
  return { page, NextToken: undefined };
}

const bySeq = (item: { seq: number }) => item.seq;
const byIndex = (_item: unknown, index: number) => index;

interface AssignmentInput {
  TargetId?: string;
  PermissionSetArn?: string;
  PrincipalType?: SsoAdmin.PrincipalType;
  PrincipalId?: string;
}

/**
 * The assignment a Create or Delete request names. A delegated administrator may not change assignments
 * in the management account.
 */
function assignmentOf(ctx: CallContext, ic: IdentityCenterState, input: AssignmentInput): Omit<AccountAssignment, 'seq'> {
  const accountId = input.TargetId!;
  if (!ctx.state.accounts.has(accountId)) throw new SimError('ValidationException', `TargetId ${accountId} is not an account of the organization.`);
  const management = ctx.state.organization.managementAccountId;
  if (accountId === management && ctx.caller.accountId !== management) {
    throw new SimError('AccessDeniedException', 'A delegated administrator cannot manage account assignments in the management account.');
  }
  permissionSetOf(ic, input.PermissionSetArn!);
  return { accountId, permissionSetArn: input.PermissionSetArn!, principalType: input.PrincipalType!, principalId: input.PrincipalId! };
}

function statusOf(request: AssignmentRequest): SsoAdmin.AccountAssignmentOperationStatus {
  return {
    Status: request.status,
    RequestId: request.requestId,
    FailureReason: request.failureReason,
    TargetId: request.assignment.accountId,
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: request.assignment.permissionSetArn,
    PrincipalType: request.assignment.principalType,
    PrincipalId: request.assignment.principalId,
    CreatedDate: request.created,
  };
}

function requestOf(ic: IdentityCenterState, kind: AssignmentRequest['kind'], requestId: string): AssignmentRequest {
  const request = ic.requests.get(requestId);
  if (!request || request.kind !== kind) {
    throw new SimError('ResourceNotFoundException', `Could not find the account assignment ${kind === 'create' ? 'creation' : 'deletion'} request ${requestId}.`);
  }
  return request;
}

export const ssoAdminHandlers = {
  /** The instance, to its administrators in its Region; elsewhere the list is empty, as in a Region without one. */
  ListInstances(ctx: CallContext, input: SsoAdmin.ListInstancesRequest): SsoAdmin.ListInstancesResponse {
    const ic = administeredIdentityCenter(ctx, 'sso');
    const instances: SsoAdmin.InstanceMetadata[] = ctx.region !== ic.region ? [] : [{
      InstanceArn: ic.instanceArn,
      IdentityStoreId: ic.identityStoreId,
      OwnerAccountId: ctx.state.organization.managementAccountId,
      CreatedDate: ic.created,
      Status: 'ACTIVE',
    }];
    const { page, NextToken } = paginate(ctx, instances, byIndex, input);
    return { Instances: page, NextToken };
  },

  ListPermissionSets(ctx: CallContext, input: SsoAdmin.ListPermissionSetsRequest): SsoAdmin.ListPermissionSetsResponse {
    const ic = instance(ctx, input.InstanceArn!);
    const { page, NextToken } = paginate(ctx, [...ic.permissionSets.values()], bySeq, input);
    return { PermissionSets: page.map((p) => p.arn), NextToken };
  },

  DescribePermissionSet(ctx: CallContext, input: SsoAdmin.DescribePermissionSetRequest): SsoAdmin.DescribePermissionSetResponse {
    const ic = instance(ctx, input.InstanceArn!);
    const permissionSet = permissionSetOf(ic, input.PermissionSetArn!);
    return {
      PermissionSet: { Name: permissionSet.name, PermissionSetArn: permissionSet.arn, CreatedDate: permissionSet.created, SessionDuration: 'PT1H' },
    };
  },

  ListAccountsForProvisionedPermissionSet(
    ctx: CallContext,
    input: SsoAdmin.ListAccountsForProvisionedPermissionSetRequest,
  ): SsoAdmin.ListAccountsForProvisionedPermissionSetResponse {
    const ic = instance(ctx, input.InstanceArn!);
    const permissionSet = permissionSetOf(ic, input.PermissionSetArn!);
    // Every provisioned account holds the latest version: the simulator has no permission set updates.
    const accounts = input.ProvisioningStatus === 'LATEST_PERMISSION_SET_NOT_PROVISIONED' ? [] : permissionSet.provisionedTo;
    const { page, NextToken } = paginate(ctx, accounts, byIndex, input);
    return { AccountIds: page, NextToken };
  },

  ListAccountAssignments(ctx: CallContext, input: SsoAdmin.ListAccountAssignmentsRequest): SsoAdmin.ListAccountAssignmentsResponse {
    const ic = instance(ctx, input.InstanceArn!);
    permissionSetOf(ic, input.PermissionSetArn!);
    const assignments = [...ic.assignments.values()].filter((a) => a.accountId === input.AccountId && a.permissionSetArn === input.PermissionSetArn);
    const { page, NextToken } = paginate(ctx, assignments, bySeq, input);
    return {
      AccountAssignments: page.map((a) => ({
        AccountId: a.accountId, PermissionSetArn: a.permissionSetArn, PrincipalType: a.principalType, PrincipalId: a.principalId,
      })),
      NextToken,
    };
  },

  /** Only the management account may call it, not a delegated administrator. */
  ListAccountAssignmentsForPrincipal(
    ctx: CallContext,
    input: SsoAdmin.ListAccountAssignmentsForPrincipalRequest,
  ): SsoAdmin.ListAccountAssignmentsForPrincipalResponse {
    const ic = instance(ctx, input.InstanceArn!);
    if (ctx.caller.accountId !== ctx.state.organization.managementAccountId) {
      throw new SimError('AccessDeniedException', 'ListAccountAssignmentsForPrincipal can be called only from the management account.');
    }
    const accountId = input.Filter?.AccountId;
    const assignments = [...ic.assignments.values()].filter((a) =>
      a.principalId === input.PrincipalId && a.principalType === input.PrincipalType && (accountId === undefined || a.accountId === accountId));
    const { page, NextToken } = paginate(ctx, assignments, bySeq, input);
    return {
      AccountAssignments: page.map((a) => ({
        AccountId: a.accountId, PermissionSetArn: a.permissionSetArn, PrincipalType: a.principalType, PrincipalId: a.principalId,
      })),
      NextToken,
    };
  },

  /**
   * Starts creating an assignment (idempotent: an existing one just succeeds). It ends FAILED when the
   * principal is not in the identity store by then; on success the permission set is provisioned to the account.
   */
  CreateAccountAssignment(ctx: CallContext, input: SsoAdmin.CreateAccountAssignmentRequest): SsoAdmin.CreateAccountAssignmentResponse {
    const ic = instance(ctx, input.InstanceArn!);
    const assignment = assignmentOf(ctx, ic, input);
    const request = startAssignmentRequest(ic, 'create', assignment, randomUUID(), ctx.now);
    return { AccountAssignmentCreationStatus: statusOf(request) };
  },

  DescribeAccountAssignmentCreationStatus(
    ctx: CallContext,
    input: SsoAdmin.DescribeAccountAssignmentCreationStatusRequest,
  ): SsoAdmin.DescribeAccountAssignmentCreationStatusResponse {
    const ic = instance(ctx, input.InstanceArn!);
    return { AccountAssignmentCreationStatus: statusOf(requestOf(ic, 'create', input.AccountAssignmentCreationRequestId!)) };
  },

  /**
   * Starts deleting an assignment. A missing assignment is ResourceNotFoundException; one whose deletion is
   * already under way is ConflictException. The `failAssignmentDeletion` fault makes the request end FAILED.
   */
  DeleteAccountAssignment(ctx: CallContext, input: SsoAdmin.DeleteAccountAssignmentRequest): SsoAdmin.DeleteAccountAssignmentResponse {
    const ic = instance(ctx, input.InstanceArn!);
    const assignment = assignmentOf(ctx, ic, input);
    const key = assignmentKey(assignment);
    if (!ic.assignments.has(key)) {
      throw new SimError('ResourceNotFoundException', `Could not find an account assignment of ${assignment.principalType} ${assignment.principalId} in account ${assignment.accountId} with that permission set.`);
    }
    if (ic.pending.some((r) => r.kind === 'delete' && assignmentKey(r.assignment) === key)) {
      throw new SimError('ConflictException', 'A deletion of this account assignment is already in progress.');
    }
    const fault = ctx.faults.current.failAssignmentDeletion?.find((f) =>
      f.principalId === assignment.principalId && f.accountId === assignment.accountId
      && (f.permissionSetArn === undefined || f.permissionSetArn === assignment.permissionSetArn));
    const request = startAssignmentRequest(ic, 'delete', assignment, randomUUID(), ctx.now, fault && (fault.reason ?? DEFAULT_DELETION_FAILURE));
    return { AccountAssignmentDeletionStatus: statusOf(request) };
  },

  DescribeAccountAssignmentDeletionStatus(
    ctx: CallContext,
    input: SsoAdmin.DescribeAccountAssignmentDeletionStatusRequest,
  ): SsoAdmin.DescribeAccountAssignmentDeletionStatusResponse {
    const ic = instance(ctx, input.InstanceArn!);
    return { AccountAssignmentDeletionStatus: statusOf(requestOf(ic, 'delete', input.AccountAssignmentDeletionRequestId!)) };
  },
} satisfies Handlers;
