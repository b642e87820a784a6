/**
 * What a restore cannot bring back: secrets never leave AWS, so a backup holds only their ids (public
 * certificates and SSH keys it holds whole, and restore uploads them). Pure: it reads only the backup.
 */
import type { UserBackup } from '../engine/types';

export interface Unrecoverable {
  /** What was lost, with its id where it has one. */
  what: string;
  /** What the user's owner or an administrator must do instead. */
  todo: string;
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : undefined);

/** Each credential of the backed-up user that is gone for good, and what to do about it. */
export function unrecoverable(backup: UserBackup): Unrecoverable[] {
  const user = backup.userName;
  const lost: Unrecoverable[] = [];
  const newPassword = `an administrator sets a new one: aws iam create-login-profile --user-name ${user} --password-reset-required --password <temporary>; send it to the owner out of band`;
  if (backup.loginProfile) {
    lost.push({
      what: `console password (set ${day(backup.loginProfile.created)}, last used ${day(backup.passwordLastUsed) ?? 'never'})`,
      todo: newPassword,
    });
  } else if (backup.passwordLastUsed) {
    // Disable mode removes a stale password before the user is deleted; the user did sign in to the console.
    lost.push({ what: `console password (removed before this backup; last used ${day(backup.passwordLastUsed)})`, todo: newPassword });
  }
  for (const key of backup.accessKeys) {
    const used = key.lastUsed ? `last used ${day(key.lastUsed)}${key.lastUsedService ? ` on ${key.lastUsedService}` : ''}` : 'never used';
    lost.push({
      what: `access key ${key.id} (${key.status}, ${used})`,
      todo: `create a new key (aws iam create-access-key --user-name ${user}) and replace ${key.id} wherever it is configured`,
    });
  }
  for (const serial of backup.mfaSerials) {
    lost.push({ what: `MFA device ${serial}`, todo: 'the owner registers an MFA device again (a virtual device gets a new serial)' });
  }
  // Certificates and SSH keys whose bodies the backup holds are uploaded again; older backups name only ids.
  const saved = new Set([...(backup.signingCertificates ?? []), ...(backup.sshPublicKeys ?? [])].map((item) => item.id));
  for (const id of backup.signingCertificateIds.filter((id) => !saved.has(id))) {
    lost.push({ what: `signing certificate ${id}`, todo: `upload the certificate again: aws iam upload-signing-certificate --user-name ${user}` });
  }
  for (const id of backup.sshPublicKeyIds.filter((id) => !saved.has(id))) {
    lost.push({ what: `SSH public key ${id}`, todo: `the owner uploads the public key again: aws iam upload-ssh-public-key --user-name ${user}` });
  }
  for (const credential of backup.serviceSpecificCredentials) {
    lost.push({
      what: `service-specific credential ${credential.id} for ${credential.serviceName}`,
      todo: `create a new one: aws iam create-service-specific-credential --user-name ${user} --service-name ${credential.serviceName}`,
    });
  }
  return lost;
}
