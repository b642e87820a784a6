/** What a restore brings back of a user, to compare a restored user with the original. */
import { isStateTag } from '../../lambdas/engine/state-tags';
import type { UserSpec } from '../../sim/scenario';

/** Certificates and SSH keys come back with the same bodies and status, under new ids. */
const uploaded = (items: { status: string; body?: string }[] | undefined) =>
  (items ?? []).map(({ status, body }) => ({ status, body })).sort((a, b) => (a.body ?? '').localeCompare(b.body ?? ''));

/** Everything but secrets and iam-sweep's own tags. */
export const restorable = (user: UserSpec) => ({
  path: user.path ?? '/',
  tags: Object.fromEntries(Object.entries(user.tags ?? {}).filter(([key]) => !isStateTag(key))),
  groups: [...(user.groups ?? [])].sort(),
  inlinePolicies: user.inlinePolicies ?? {},
  attachedPolicies: [...(user.attachedPolicies ?? [])].sort(),
  permissionsBoundary: user.permissionsBoundary,
  signingCertificates: uploaded(user.signingCertificates),
  sshPublicKeys: uploaded(user.sshPublicKeys),
});
