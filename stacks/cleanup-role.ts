/**
 * The cleanup role the orchestrator assumes in every swept account: one definition, rendered as a
 * CloudFormation template for the StackSet (member accounts) and as Terraform resources for the
 * management account. Its permissions come from the IAM actions the engine's steps declare.
 */
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { assumeCleanupRolePermissions } from '../lambdas/aws/clients';
import { memberAccountPermissions, scopesOf } from '../lambdas/aws/permissions';
import { ORCHESTRATOR_ROLE_NAME } from '../lambdas/engine/own-roles';
import { NO_VALUES } from '../lambdas/engine/rules/marker-tag';
import type { Permission, TagMatch } from '../lambdas/engine/types';
import { allowStatements, scopeArn, trustStatement, type PolicyDocument, type PolicyStatement } from './policy-document';

/** The orchestrator's execution role in the delegated-admin account; fixed, so member roles can name it. */
export { ORCHESTRATOR_ROLE_NAME };
export type { PolicyDocument, PolicyStatement };
export const CLEANUP_POLICY_NAME = 'iam-sweep-cleanup';
/** Longer than any run: the Lambda stops at 900 s. */
const MAX_SESSION_SECONDS = 3600;

export interface CleanupRoleDocumentsProps {
  /** Partition of the ARNs; `${AWS::Partition}` in the CloudFormation template. */
  partition: string;
  /** Account that holds the role; `${AWS::AccountId}` in the CloudFormation template. */
  accountId: string;
  /** Delegated-admin account where the orchestrator's execution role lives. */
  orchestratorAccountId: string;
  /** Only principals of this organization may assume the role. */
  organizationId: string;
  /** The sweep's exclude tag (`sweep.excludeTag`): the role may write nothing to a user that carries it. */
  excludeTag: TagMatch;
  /**
   * People or pipelines that run the CLI (`operatorPrincipalArns` of the deploy config): IAM role or user
   * ARNs of the organization, `*` allowed (`ArnLike`), e.g. an Identity Center permission set's roles.
   * Default: none, only the orchestrator.
   */
  operatorPrincipalArns?: readonly string[];
  /** The engine's declared permissions. Default: memberAccountPermissions(). */
  permissions?: readonly Permission[];
}

/**
 * Who may assume the cleanup role: the orchestrator's execution role (and the configured CLI operators),
 * and only from inside the
 * organization. The principal is the account with the role's ARN as a condition rather than the role ARN
 * itself: IAM rejects a trust policy naming a role that does not exist yet (the management stack is
 * deployed first), and it would silently stop matching when the orchestrator's role is recreated.
 */
export function cleanupRoleTrustPolicy(props: CleanupRoleDocumentsProps): PolicyDocument {
  const { partition, orchestratorAccountId, organizationId, operatorPrincipalArns = [] } = props;
  const operatorAccounts = [...new Set(operatorPrincipalArns.map((arn) => arn.split(':')[4]))].sort();
  const operators: PolicyStatement[] = operatorPrincipalArns.length === 0 ? [] : [
    trustStatement(
      'CliOperators',
      { AWS: operatorAccounts.map((account) => `arn:${partition}:iam::${account}:root`) },
      assumeCleanupRolePermissions,
      { ArnLike: { 'aws:PrincipalArn': [...operatorPrincipalArns] }, StringEquals: { 'aws:PrincipalOrgID': organizationId } },
    ),
  ];
  return {
    Version: '2012-10-17',
    Statement: [
      trustStatement('OrchestratorOnly', { AWS: `arn:${partition}:iam::${orchestratorAccountId}:root` }, assumeCleanupRolePermissions, {
        ArnEquals: { 'aws:PrincipalArn': `arn:${partition}:iam::${orchestratorAccountId}:role/${ORCHESTRATOR_ROLE_NAME}` },
        StringEquals: { 'aws:PrincipalOrgID': organizationId },
      }),
      ...operators,
    ],
  };
}

/**
 * Exactly the actions the engine declares, one statement per resource scope, scoped to the account; tag
 * writes limited to the sweep's own tag keys; and a Deny of every declared write to a user that carries
 * the exclude tag.
 *
 * The engine never plans anything for an excluded user; the Deny makes a defect fail at IAM instead of
 * touching one. It has the engine's meaning (markerTag): the tag present with any value but a clear no,
 * the key matched ignoring case as IAM matches condition keys. IAM cannot trim a value, so a padded no
 * (`"false "`) is denied although the engine acts on it: the Deny errs on the side of the user, and such a
 * user is reported as failed, untouched. It cannot cover what IAM authorizes on another resource than the
 * user, whose tags it does not see: RemoveUserFromGroup (the group) and DeleteVirtualMFADevice (the
 * device, which IAM will not delete while it is still assigned to the user, and DeactivateMFADevice is
 * denied).
 */
export function cleanupRolePermissionPolicy(props: CleanupRoleDocumentsProps): PolicyDocument {
  const { partition, accountId, excludeTag, permissions = memberAccountPermissions() } = props;
  const where = { partition, accountId };
  const userWrites = permissions
    .filter((permission) => permission.access === 'write' && scopesOf(permission).includes('user'))
    .flatMap((permission) => permission.actions);
  const denyExcluded: PolicyStatement[] =
    userWrites.length === 0
      ? []
      : [
          {
            Sid: 'NoWritesToExcludedUsers',
            Effect: 'Deny',
            Action: [...new Set(userWrites)].sort(),
            Resource: scopeArn('user', where),
            Condition: {
              Null: { [`aws:ResourceTag/${excludeTag.key}`]: 'false' },
              StringNotEqualsIgnoreCase: { [`aws:ResourceTag/${excludeTag.key}`]: [...NO_VALUES] },
            },
          },
        ];
  return { Version: '2012-10-17', Statement: [...allowStatements(permissions, where), ...denyExcluded] };
}

export interface CleanupRoleTemplateProps {
  /** Name of the role in every member account (the engine's `roleName`). */
  roleName: string;
  orchestratorAccountId: string;
  organizationId: string;
  /** The sweep's exclude tag (`sweep.excludeTag`): the role may write nothing to a user that carries it. */
  excludeTag: TagMatch;
  /** See CleanupRoleDocumentsProps.operatorPrincipalArns. */
  operatorPrincipalArns?: readonly string[];
  /** The engine's declared permissions. Default: memberAccountPermissions(). */
  permissions?: readonly Permission[];
}

/**
 * The CloudFormation template (JSON) the StackSet deploys to each member account. Partition and account
 * come from CloudFormation pseudo parameters through Fn::Sub, so one template fits every account.
 */
export function cleanupRoleTemplate(props: CleanupRoleTemplateProps): string {
  const documents: CleanupRoleDocumentsProps = {
    partition: '${AWS::Partition}',
    accountId: '${AWS::AccountId}',
    orchestratorAccountId: props.orchestratorAccountId,
    organizationId: props.organizationId,
    excludeTag: props.excludeTag,
    operatorPrincipalArns: props.operatorPrincipalArns,
    permissions: props.permissions,
  };
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'iam-sweep: the role the iam-sweep orchestrator assumes to clean up inactive IAM users',
    Resources: {
      CleanupRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: props.roleName,
          Description: 'Assumed by the iam-sweep orchestrator to report, disable and delete inactive IAM users',
          MaxSessionDuration: MAX_SESSION_SECONDS,
          AssumeRolePolicyDocument: substituted(cleanupRoleTrustPolicy(documents)),
          Policies: [{ PolicyName: CLEANUP_POLICY_NAME, PolicyDocument: substituted(cleanupRolePermissionPolicy(documents)) }],
        },
      },
    },
    Outputs: { RoleArn: { Value: { 'Fn::GetAtt': ['CleanupRole', 'Arn'] } } },
  };
  return JSON.stringify(template);
}

/** Wraps every string that uses a pseudo parameter in Fn::Sub. */
function substituted(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('${AWS::') ? { 'Fn::Sub': value } : value;
  if (Array.isArray(value)) return value.map(substituted);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituted(item)]));
  }
  return value;
}

export interface CleanupRoleProps extends CleanupRoleDocumentsProps {
  /** Name of the role (the engine's `roleName`). */
  roleName: string;
}

/** The cleanup role as Terraform resources, for an account the StackSet cannot reach (the management account). */
export class CleanupRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: CleanupRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: 'Assumed by the iam-sweep orchestrator to report, disable and delete inactive IAM users',
      maxSessionDuration: MAX_SESSION_SECONDS,
      assumeRolePolicy: JSON.stringify(cleanupRoleTrustPolicy(props)),
    });
    new IamRolePolicy(this, 'policy', {
      role: this.role.name,
      name: CLEANUP_POLICY_NAME,
      policy: JSON.stringify(cleanupRolePermissionPolicy(props)),
    });
  }
}
