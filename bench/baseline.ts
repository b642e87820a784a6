/**
 * The baseline: the published single-account scripts, run over the organization the way their guides
 * say: every account in turn, and in each, for every user one after another, GetUser, ListAccessKeys and
 * GetAccessKeyLastUsed per key. Read only, like report mode.
 */
import {
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import type { AwsClients } from '../lambdas/aws/clients';

export interface BaselineAccountTime {
  accountId: string;
  ms: number;
  /** Users it found inactive (no sign-in or key use within the window), so the reads are not dead code. */
  inactive: number;
}

/** ListAccounts, page by page, as the guides start; returns the time it took. */
export async function baselineListAccounts(clients: AwsClients): Promise<{ ms: number; accounts: number }> {
  const started = performance.now();
  let accounts = 0;
  for await (const page of paginateListAccounts({ client: clients.organizations() }, {})) accounts += page.Accounts?.length ?? 0;
  return { ms: performance.now() - started, accounts };
}

/** One account the guides' way; an account whose role cannot be assumed counts its one failed call. */
export async function baselineAccount(
  clients: AwsClients,
  accountId: string,
  roleName: string,
  inactiveDays: number,
): Promise<BaselineAccountTime> {
  const started = performance.now();
  const cutoff = Date.now() - inactiveDays * 86_400_000;
  let inactive = 0;
  let credentials;
  try {
    credentials = await clients.assumeRole(clients.sts(), accountId, roleName);
  } catch {
    return { accountId, ms: performance.now() - started, inactive };
  }
  const iam = clients.iam(credentials);
  for await (const page of paginateListUsers({ client: iam }, {})) {
    for (const listed of page.Users ?? []) {
      const { User: user } = await iam.send(new GetUserCommand({ UserName: listed.UserName }));
      const { AccessKeyMetadata: keys = [] } = await iam.send(new ListAccessKeysCommand({ UserName: listed.UserName }));
      let newest = user?.PasswordLastUsed?.getTime() ?? 0;
      for (const key of keys) {
        const { AccessKeyLastUsed: used } = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
        newest = Math.max(newest, used?.LastUsedDate?.getTime() ?? 0);
      }
      if (newest < cutoff && (user?.CreateDate?.getTime() ?? 0) < cutoff) inactive += 1;
    }
  }
  return { accountId, ms: performance.now() - started, inactive };
}
