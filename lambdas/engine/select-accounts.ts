/** Which discovered accounts are swept, and why each other one is skipped. */
import { optedOutAccount } from './rules/opted-out-account';
import type { Account, PlacedAccount, SkippedAccount, TagMatch } from './types';

export interface AccountSelection {
  toSweep: Account[];
  skipped: SkippedAccount[];
}

export interface SelectionRules {
  optOutTag: TagMatch;
  allowList?: readonly string[];
  /** The organization's management account, and whether it is skipped. */
  managementAccount?: { id: string; skip: boolean };
  /**
   * Only member accounts below these OUs or roots are swept: where the StackSet deploys the cleanup role.
   * The management account is not held to them: the rollout gives it the role apart (`managementAccount`).
   */
  targetOus?: readonly string[];
}

export function selectAccounts(accounts: readonly PlacedAccount[], rules: SelectionRules): AccountSelection {
  const { optOutTag, allowList, managementAccount, targetOus } = rules;
  const outsideTargets = (placed: PlacedAccount) =>
    targetOus !== undefined && placed.id !== managementAccount?.id && !placed.ancestors.some((a) => targetOus.includes(a.id));
  const selection: AccountSelection = { toSweep: [], skipped: [] };
  for (const placed of [...accounts].sort((a, b) => a.id.localeCompare(b.id))) {
    const account: Account = { id: placed.id, name: placed.name, email: placed.email, state: placed.state };
    if (allowList && !allowList.includes(placed.id)) {
      selection.skipped.push({ ...account, reason: 'not-in-allow-list', detail: 'not listed in SWEEP_ACCOUNTS' });
      continue;
    }
    if (managementAccount?.skip && placed.id === managementAccount.id) {
      selection.skipped.push({ ...account, reason: 'management-account', detail: 'SWEEP_SKIP_MANAGEMENT_ACCOUNT is true' });
      continue;
    }
    if (outsideTargets(placed)) {
      selection.skipped.push({ ...account, reason: 'outside-target-ous', detail: `not below ${targetOus!.join(', ')} (SWEEP_TARGET_OUS)` });
      continue;
    }
    if (placed.state !== 'ACTIVE') {
      selection.skipped.push({ ...account, reason: 'not-active', detail: `account state is ${placed.state}` });
      continue;
    }
    const optedOut = optedOutAccount(placed, optOutTag);
    if (optedOut) {
      selection.skipped.push({ ...account, reason: 'opted-out', detail: optedOut });
      continue;
    }
    selection.toSweep.push(account);
  }
  return selection;
}

/**
 * The accounts in the order a run enters them: those the last run did not reach first, in the order it
 * would have entered them, then the others in their own order. An organization too large for one run is
 * so covered round after round, instead of the same accounts being left out every time.
 */
export function notReachedFirst(accounts: readonly Account[], notReachedLastRun: readonly string[]): Account[] {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const first = [...new Set(notReachedLastRun)].flatMap((id) => byId.get(id) ?? []);
  const taken = new Set(first);
  return [...first, ...accounts.filter((account) => !taken.has(account))];
}
