/**
 * Deciding a user read live. A user the decision finds inactive is read once more for the credentials
 * whose use IAM records nowhere (SSH public keys, service-specific credentials), and decided again with
 * them (engine/rules/inactive-user): the extra reads go only to the few users who would be acted on.
 */
import { decide, type RuleContext } from '../engine/decide';
import type { UnrecordedCredential, UserState, UserVerdict } from '../engine/types';

export interface DecidedUser {
  user: UserState;
  verdict: UserVerdict;
}

export async function decideLiveUser(
  readUnrecorded: (userName: string) => Promise<UnrecordedCredential[]>,
  user: UserState,
  ctx: RuleContext,
): Promise<DecidedUser> {
  const verdict = decide(user, ctx);
  if (!verdict.inactive || user.unrecorded !== undefined) return { user, verdict };
  const whole = { ...user, unrecorded: await readUnrecorded(user.name) };
  return { user: whole, verdict: decide(whole, ctx) };
}
