/**
 * A policy for whoever runs `iam-sweep restore`, built from what the restore declares beside its calls.
 * iam-sweep deploys no restore principal: this is the policy to give one, and what tests run restore under.
 */
import { restorePermissions } from '../lambdas/cli/restore-command';
import { allowStatements, type PolicyDocument } from './policy-document';

export interface RestorePolicyProps {
  /** Partition of the ARNs, e.g. aws. */
  partition: string;
  /** Account whose users are restored: the IAM calls go there. */
  accountId: string;
  /** The report bucket, whose `backups/` restore reads. */
  reportBucketArn: string;
  /** The role restore assumes in that account when the caller is in another (`--role-name`). */
  roleName: string;
}

/**
 * Read the backup, assume the role in the user's account, recreate the user there (IAM), and recreate an
 * Identity Center user. When the caller and the assumed role are two principals, each needs its part: the
 * role the IAM statements, the caller the rest.
 */
export function restorePolicy(props: RestorePolicyProps): PolicyDocument {
  const where = {
    partition: props.partition,
    accountId: props.accountId,
    reportBucketArn: props.reportBucketArn,
    restoreRoleName: props.roleName,
  };
  return { Version: '2012-10-17', Statement: allowStatements(restorePermissions, where, 'Restore') };
}
