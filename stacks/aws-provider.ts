import type { Construct } from 'constructs';
import { LocalBackend, S3Backend } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { ProviderCredentials, StateBackend } from './deploy-config';

export interface SweepAwsProviderProps {
  /** Profile and/or role to assume, from the deploy configuration. */
  credentials: ProviderCredentials;
  /** The only account this provider may act in: a plan with other credentials fails before any change. */
  accountId: string;
  region: string;
  /** Tags the organization mandates (deploy config `tags`); they win over DEFAULT_TAGS on the same key. Default none. */
  tags?: Record<string, string>;
}

/** Tags on every resource iam-sweep creates, to find them again. */
export const DEFAULT_TAGS = { Project: 'iam-sweep', ManagedBy: 'cdktf' };

/** The AWS provider of one stack, pinned to that stack's account. */
export function sweepAwsProvider(scope: Construct, id: string, props: SweepAwsProviderProps): AwsProvider {
  const { credentials, accountId, region, tags = {} } = props;
  return new AwsProvider(scope, id, {
    region,
    profile: credentials.profile,
    assumeRole: credentials.roleArn ? [{ roleArn: credentials.roleArn, sessionName: 'iam-sweep-deploy' }] : undefined,
    allowedAccountIds: [accountId],
    defaultTags: [{ tags: { ...DEFAULT_TAGS, ...tags } }],
  });
}

/**
 * Where a stack keeps its Terraform state: `<keyPrefix>/<stack>.tfstate` in the configured S3 bucket,
 * locked with Terraform's S3 lock file (`use_lockfile`, Terraform 1.10 or later), or else
 * `terraform.<stack>.tfstate` in the project directory. Either way the synthesized JSON names no path of
 * this machine: the local path is relative to the directory Terraform runs in, `cdktf.out/stacks/<stack>`.
 */
export function sweepStateBackend(scope: Construct, stackId: string, backend: StateBackend | undefined): void {
  if (!backend) {
    new LocalBackend(scope, { path: `../../../terraform.${stackId}.tfstate` });
    return;
  }
  const s3 = new S3Backend(scope, {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}/${stackId}.tfstate`,
    region: backend.region,
    encrypt: true,
    ...(backend.profile ? { profile: backend.profile } : {}),
  });
  // cdktf 0.21 predates the S3 backend's native locking, so its config type lacks the argument.
  s3.addOverride('use_lockfile', true);
}
