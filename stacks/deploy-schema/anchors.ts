/**
 * The fields the rest of the deploy configuration is checked against: the organization, its root, the two
 * accounts and the home Region (which gives the partition). Parsed first, so that the other fields'
 * messages can name the account or partition a value has to match.
 */
import { z } from 'zod';
import { ROOT_ID } from '../../lambdas/engine/config';
import { EXAMPLE_CONFIG_FILE, partitionOf } from './defaults';
import { deployableRegion, show, text } from './field-kinds';

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

export const anchorsSchema = z
  .looseObject(
    {
      /** `o-…`: the member accounts' cleanup role trusts only principals of this organization. */
      organizationId: text(
        'organizationId',
        ORGANIZATION_ID,
        'the organization id, o- and 10-32 letters or digits (aws organizations describe-organization)',
      ),
      /** `r-…`: the organization root, the default deployment target. */
      rootId: text('rootId', ROOT_ID, 'the root id, r- and 4-32 letters or digits (aws organizations list-roots)'),
      managementAccountId: text('managementAccountId', ACCOUNT_ID, 'a 12-digit account id'),
      /** The account the orchestrator runs in: delegated administrator for CloudFormation StackSets. */
      delegatedAdminAccountId: text('delegatedAdminAccountId', ACCOUNT_ID, 'a 12-digit account id'),
      homeRegion: text('homeRegion', deployableRegion, 'a Region code such as us-east-1'),
    },
    { error: `must hold one JSON object; start from ${EXAMPLE_CONFIG_FILE}` },
  )
  .superRefine(({ delegatedAdminAccountId, managementAccountId }, ctx) => {
    if (delegatedAdminAccountId !== managementAccountId) return;
    const fix =
      'use a member account, because the management account cannot be a delegated administrator (set sweepManagementAccount to sweep it)';
    ctx.addIssue({
      code: 'custom',
      path: ['delegatedAdminAccountId'],
      message: `delegatedAdminAccountId ${show(delegatedAdminAccountId)} is the management account: ${fix}`,
    });
  })
  .transform(({ organizationId, rootId, managementAccountId, delegatedAdminAccountId, homeRegion }) => ({
    organizationId,
    rootId,
    managementAccountId,
    delegatedAdminAccountId,
    homeRegion,
    /** Derived from the home Region: aws, aws-cn or aws-us-gov. */
    partition: partitionOf(homeRegion),
  }));

export type Anchors = z.output<typeof anchorsSchema>;
