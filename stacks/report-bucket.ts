/** The report bucket's policy; its layout is the engine's (lambdas/aws/report-bucket-layout). */
import { backupDeletionPermissions } from '../lambdas/aws/report-bucket';
import { actionsOf, scopeArn, type PolicyDocument } from './policy-document';

export interface ReportBucketPolicyProps {
  /** Partition of the ARNs, e.g. aws. */
  partition: string;
  bucketArn: string;
  /** Principals (ArnLike) that may delete backups; default none. */
  backupAdminPrincipalArns?: readonly string[];
}

/**
 * TLS only; and no one but the backup administrators deletes an object or version under `backups/`, which
 * restore needs: not the orchestrator, not an account administrator, not the root user. Lifecycle
 * expiry (backupRetentionDays) is S3's own and not subject to the policy.
 */
export function reportBucketPolicy(props: ReportBucketPolicyProps): PolicyDocument {
  const { partition, bucketArn, backupAdminPrincipalArns = [] } = props;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        // Every request without TLS, whoever makes it and whatever it calls: the service's wildcard names no
        // action, so no declaration can be forgotten in it.
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'ProtectBackups',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: actionsOf(backupDeletionPermissions),
        Resource: scopeArn('backups', { partition, reportBucketArn: bucketArn }),
        ...(backupAdminPrincipalArns.length > 0 ? { Condition: { ArnNotLike: { 'aws:PrincipalArn': [...backupAdminPrincipalArns] } } } : {}),
      },
    ],
  };
}
