import type { PlacedAccount, TagMatch } from '../types';
import { describeMarkerTag, markerTag } from './marker-tag';

/**
 * An account opts out when it, or any OU or root above it, carries the opt-out tag: its key matched
 * ignoring case, any value but a clear no (markerTag).
 */
export function optedOutAccount(account: PlacedAccount, optOutTag: TagMatch): string | undefined {
  const own = account.tags && markerTag(account.tags, optOutTag);
  if (own) return `the account carries ${describeMarkerTag(own, optOutTag)}`;
  for (const ancestor of account.ancestors) {
    const tag = markerTag(ancestor.tags, optOutTag);
    if (!tag) continue;
    const kind = ancestor.id.startsWith('r-') ? 'root' : 'OU';
    return `${kind} ${ancestor.id}${ancestor.name ? ` (${ancestor.name})` : ''} carries ${describeMarkerTag(tag, optOutTag)}`;
  }
  return undefined;
}
