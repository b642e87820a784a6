/** Identity Center fixtures for report and metrics tests. */
import type { IdentityCenterUserVerdict } from '../../lambdas/engine/types';

export const IDENTITY_STORE = 'd-9067a1b2c3';

/** A verdict on an Identity Center user of IDENTITY_STORE, whose id is `id-<name>`. */
export const identityCenterVerdict = (
  userName: string,
  inactive: boolean,
  reason: string,
  excluded?: string,
): IdentityCenterUserVerdict => ({
  accountId: IDENTITY_STORE,
  userName,
  userId: `id-${userName}`,
  arn: `arn:aws:identitystore:::user/id-${userName}`,
  inactive,
  credentials: [],
  reason,
  ...(excluded ? { excluded } : {}),
});
