import type { CredentialKind, CredentialVerdict } from '../types';
import { days, newest, olderThan } from '../dates';
import type { RuleContext } from './context';

export interface Credential {
  kind: CredentialKind;
  /** How the report names it: "password", "key …J7QA". */
  label: string;
  id?: string;
  active: boolean;
  created: Date;
  lastUsed?: Date;
}

/**
 * A credential is stale when both its creation and its last use, if any, are more than `inactiveDays`
 * ago: disuse is measured from last use, and creation only ages a credential that was never used.
 */
export function staleCredential(credential: Credential, ctx: RuleContext): CredentialVerdict {
  const { created, lastUsed, label } = credential;
  const lastActivity = newest([created, lastUsed])!;
  const stale = olderThan(lastActivity, ctx.inactiveDays, ctx.now);
  const reason = lastUsed
    ? lastUsed >= created
      ? `${label} ${stale ? 'unused' : 'last used'} ${days(lastUsed, ctx.now)}${stale ? '' : ' ago'}`
      : `${label} ${stale ? 'unused since it was set' : 'set'} ${days(created, ctx.now)} ago`
    : `${label} never used, created ${days(created, ctx.now)} ago`;
  return { kind: credential.kind, id: credential.id, active: credential.active, stale, lastActivity, reason };
}
