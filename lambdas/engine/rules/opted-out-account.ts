import type { PlacedAccount, TagMatch } from '../types';

/** An account opts out when it, or any OU or root above it, carries the opt-out tag. */
export function optedOutAccount(account: PlacedAccount, optOutTag: TagMatch): string | undefined {
  const { key, value } = optOutTag;
  if (account.tags?.[key] === value) return `the account carries ${key}=${value}`;
  const ancestor = account.ancestors.find((a) => a.tags[key] === value);
  if (!ancestor) return undefined;
  const kind = ancestor.id.startsWith('r-') ? 'root' : 'OU';
  return `${kind} ${ancestor.id}${ancestor.name ? ` (${ancestor.name})` : ''} carries ${key}=${value}`;
}
