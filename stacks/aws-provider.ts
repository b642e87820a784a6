import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { ProviderCredentials } from './deploy-config';

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
