import type { CredentialVerdict } from '../types';
import type { Credential } from './stale-credential';

/**
 * A quarantine means the user is disabled: it stands only while the user holds no active key and no password
 * that the sweep takes away. IAM keeps no time for a key's status change, so a key a person turned back on
 * (or a password whose removal failed) shows only as still being there. Returns why the user is not disabled.
 */
export function notDisabled(held: readonly Credential[], verdicts: readonly CredentialVerdict[], markedOn: Date): string | undefined {
  const open = held
    .filter((credential, index) => credential.active && verdicts[index].stale)
    .map((credential) => (credential.kind === 'password' ? 'a console password is set' : `${credential.label} is active`));
  if (open.length === 0) return undefined;
  return (
    `${open.join(' and ')} though the user was marked disabled on ${markedOn.toISOString().slice(0, 10)}, ` +
    'so it is disabled again and its quarantine starts over'
  );
}
