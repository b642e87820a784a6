/**
 * Organizations read operations. Only the management account and delegated administrators may list and
 * describe; any member may describe the organization.
 */
import type * as Org from '@aws-sdk/client-organizations';
import { SimError } from '../errors';
import type { SimAccount, SimState } from '../state';
import type { AccountState } from '../scenario';
import type { CallContext, Handlers } from './context';

const DEFAULT_MAX_RESULTS = 20;
const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

/** The retired `Status` field, derived from `State` as Organizations still reports it. */
const STATUS_OF_STATE: Record<AccountState, Org.AccountStatus> = {
  PENDING_ACTIVATION: 'ACTIVE',
  ACTIVE: 'ACTIVE',
  SUSPENDED: 'SUSPENDED',
  PENDING_CLOSURE: 'PENDING_CLOSURE',
  CLOSED: 'SUSPENDED',
};

function invalidInput(message: string, reason: Org.InvalidInputExceptionReason): SimError {
  return new SimError('InvalidInputException', message, { fields: { Reason: reason } });
}

function memberOf(ctx: CallContext): void {
  if (!ctx.state.accounts.has(ctx.caller.accountId)) {
    throw new SimError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
}

/** Listing and describing accounts is for the management account and delegated administrators. */
function requireReader(ctx: CallContext): void {
  memberOf(ctx);
  const org = ctx.state.organization;
  const caller = ctx.caller.accountId;
  if (caller !== org.managementAccountId && !org.delegatedAdministratorAccountIds.includes(caller)) {
    throw new SimError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
}

interface PageInput {
  NextToken?: string;
  MaxResults?: number;
}

/**
 * One page of a list. Tokens are bound to the operation; with the `emptyPages` fault the first page is
 * empty but carries a token, which AWS documents as possible and callers must follow.
 */
function paginate<T>(ctx: CallContext, items: readonly T[], input: PageInput): { items: T[]; NextToken?: string } {
  const token = (offset: number) => Buffer.from(`${ctx.operation}:${offset}`).toString('base64url');
  let start = 0;
  if (input.NextToken !== undefined) {
    const match = /^(\w+):(\d+)$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (!match || match[1] !== ctx.operation) throw invalidInput('The NextToken is not valid for this operation.', 'INVALID_NEXT_TOKEN');
    start = Number(match[2]);
  } else if (ctx.faults.emptyPages) {
    return { items: [], NextToken: token(0) };
  }
  const end = Math.min(items.length, start + (input.MaxResults ?? DEFAULT_MAX_RESULTS));
  return end < items.length ? { items: items.slice(start, end), NextToken: token(end) } : { items: items.slice(start, end) };
}

function accountArn(state: SimState, accountId: string): string {
  return `arn:${state.partition}:organizations::${state.organization.managementAccountId}:account/${state.organization.id}/${accountId}`;
}

function accountOf(state: SimState, account: SimAccount): Org.Account {
  return {
    Id: account.id,
    Arn: accountArn(state, account.id),
    Email: account.email,
    Name: account.name,
    Status: STATUS_OF_STATE[account.state],
    State: account.state,
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: account.joined,
  };
}

function ouArn(state: SimState, id: string): string {
  return `arn:${state.partition}:organizations::${state.organization.managementAccountId}:ou/${state.organization.id}/${id}`;
}

function requireParent(state: SimState, parentId: string): void {
  if (!ROOT_ID.test(parentId) && !OU_ID.test(parentId)) {
    throw invalidInput(`The ParentId ${parentId} is not a root or organizational unit id.`, 'INVALID_PATTERN');
  }
  if (parentId !== state.organization.rootId && !state.organization.units.has(parentId)) {
    throw new SimError('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
  }
}

function tagList(tags: Record<string, string>): Org.Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export const organizationsHandlers = {
  DescribeOrganization(ctx: CallContext): Org.DescribeOrganizationResponse {
    memberOf(ctx);
    const org = ctx.state.organization;
    const management = ctx.state.accounts.get(org.managementAccountId)!;
    return {
      Organization: {
        Id: org.id,
        Arn: `arn:${ctx.state.partition}:organizations::${org.managementAccountId}:organization/${org.id}`,
        FeatureSet: 'ALL',
        MasterAccountArn: accountArn(ctx.state, org.managementAccountId),
        MasterAccountId: org.managementAccountId,
        MasterAccountEmail: management.email,
        AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
      },
    };
  },

  ListAccounts(ctx: CallContext, input: Org.ListAccountsRequest): Org.ListAccountsResponse {
    requireReader(ctx);
    const page = paginate(ctx, ctx.state.accountList, input);
    return { Accounts: page.items.map((a) => accountOf(ctx.state, a)), NextToken: page.NextToken };
  },

  ListRoots(ctx: CallContext, input: Org.ListRootsRequest): Org.ListRootsResponse {
    requireReader(ctx);
    const org = ctx.state.organization;
    const root: Org.Root = {
      Id: org.rootId,
      Arn: `arn:${ctx.state.partition}:organizations::${org.managementAccountId}:root/${org.id}/${org.rootId}`,
      Name: 'Root',
      PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    };
    const page = paginate(ctx, [root], input);
    return { Roots: page.items, NextToken: page.NextToken };
  },

  ListParents(ctx: CallContext, input: Org.ListParentsRequest): Org.ListParentsResponse {
    requireReader(ctx);
    const childId = input.ChildId!;
    if (!ACCOUNT_ID.test(childId) && !OU_ID.test(childId)) {
      throw invalidInput(`The ChildId ${childId} is not an account or organizational unit id.`, 'INVALID_PATTERN');
    }
    const org = ctx.state.organization;
    const parentId = ctx.state.accounts.get(childId)?.parentId ?? org.units.get(childId)?.parentId;
    if (!parentId) {
      throw new SimError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
    }
    const parent: Org.Parent = { Id: parentId, Type: parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
    const page = paginate(ctx, [parent], input);
    return { Parents: page.items, NextToken: page.NextToken };
  },

  ListOrganizationalUnitsForParent(ctx: CallContext, input: Org.ListOrganizationalUnitsForParentRequest): Org.ListOrganizationalUnitsForParentResponse {
    requireReader(ctx);
    requireParent(ctx.state, input.ParentId!);
    const units = [...ctx.state.organization.units.values()]
      .filter((u) => u.parentId === input.ParentId)
      .map((u): Org.OrganizationalUnit => ({ Id: u.id, Arn: ouArn(ctx.state, u.id), Name: u.name }));
    const page = paginate(ctx, units, input);
    return { OrganizationalUnits: page.items, NextToken: page.NextToken };
  },

  ListAccountsForParent(ctx: CallContext, input: Org.ListAccountsForParentRequest): Org.ListAccountsForParentResponse {
    requireReader(ctx);
    requireParent(ctx.state, input.ParentId!);
    const accounts = ctx.state.accountList.filter((a) => a.parentId === input.ParentId);
    const page = paginate(ctx, accounts, input);
    return { Accounts: page.items.map((a) => accountOf(ctx.state, a)), NextToken: page.NextToken };
  },

  DescribeAccount(ctx: CallContext, input: Org.DescribeAccountRequest): Org.DescribeAccountResponse {
    requireReader(ctx);
    if (!ACCOUNT_ID.test(input.AccountId!)) throw invalidInput(`The AccountId ${input.AccountId} is not 12 digits.`, 'INVALID_PATTERN');
    const account = ctx.state.accounts.get(input.AccountId!);
    if (!account) throw new SimError('AccountNotFoundException', "You specified an account that doesn't exist.");
    return { Account: accountOf(ctx.state, account) };
  },

  ListTagsForResource(ctx: CallContext, input: Org.ListTagsForResourceRequest): Org.ListTagsForResourceResponse {
    requireReader(ctx);
    const id = input.ResourceId!;
    if (!ACCOUNT_ID.test(id) && !OU_ID.test(id) && !ROOT_ID.test(id)) {
      throw invalidInput(`The ResourceId ${id} is not an account, organizational unit or root id.`, 'INVALID_PATTERN');
    }
    const org = ctx.state.organization;
    const tags = id === org.rootId ? org.rootTags : ctx.state.accounts.get(id)?.tags ?? org.units.get(id)?.tags;
    if (!tags) throw new SimError('TargetNotFoundException', "We can't find a resource that you specified.");
    const page = paginate(ctx, tagList(tags), input);
    return { Tags: page.items, NextToken: page.NextToken };
  },
} satisfies Handlers;
