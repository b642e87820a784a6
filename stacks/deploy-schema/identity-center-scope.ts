/**
 * The Identity Center instance the orchestrator may touch: required with the Identity Center sweep,
 * refused without it, because the orchestrator's grants are scoped to it.
 */
import type { z } from 'zod';
import { show } from './field-kinds';

const SSO_INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const IDENTITY_STORE_ID = /^(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const LIST_INSTANCES = 'aws sso-admin list-instances, in the Identity Center Region';

export interface IdentityCenterScope {
  /** `arn:aws:sso:::instance/ssoins-…` (aws sso-admin list-instances). */
  instanceArn: string;
  /** `d-…` (aws sso-admin list-instances). */
  identityStoreId: string;
}

/** The two fields as the file gives them, not yet checked. */
export interface IdentityCenterFields {
  identityCenterInstanceArn?: unknown;
  identityStoreId?: unknown;
}

function problems(fields: IdentityCenterFields, partition: string): [field: string, message: string][] {
  const { identityCenterInstanceArn: instanceArn, identityStoreId } = fields;
  const found: [string, string][] = [];
  if (typeof instanceArn !== 'string' || !SSO_INSTANCE_ARN.test(instanceArn) || !instanceArn.startsWith(`arn:${partition}:`)) {
    const problem =
      instanceArn === undefined ? 'is missing' : `${show(instanceArn)} is not an Identity Center instance ARN in partition ${partition}`;
    const why = `with sweep.identityCenter the orchestrator may touch only this instance; copy InstanceArn from ${LIST_INSTANCES}`;
    found.push(['identityCenterInstanceArn', `identityCenterInstanceArn ${problem}: ${why}`]);
  }
  if (typeof identityStoreId !== 'string' || !IDENTITY_STORE_ID.test(identityStoreId)) {
    const problem = identityStoreId === undefined ? 'is missing' : `${show(identityStoreId)} is not an identity store id (d-…)`;
    const why = `with sweep.identityCenter the orchestrator may touch only this identity store; copy IdentityStoreId from ${LIST_INSTANCES}`;
    found.push(['identityStoreId', `identityStoreId ${problem}: ${why}`]);
  }
  return found;
}

/**
 * The scope when the Identity Center sweep is on, none when it is off; `refused` when a field is missing or
 * wrong, or set without the sweep, each problem added to `ctx`.
 */
export function identityCenterScopeOf(
  fields: IdentityCenterFields,
  identityCenter: boolean,
  partition: string,
  ctx: z.RefinementCtx,
): { scope?: IdentityCenterScope; refused: boolean } {
  const found: [string, string][] = identityCenter
    ? problems(fields, partition)
    : Object.entries(fields)
        .filter(([, value]) => value !== undefined)
        .map(([field]) => [
          field,
          `${field} is set but sweep.identityCenter is not true: remove ${field}, or set sweep.identityCenter to true`,
        ]);
  for (const [field, message] of found) ctx.addIssue({ code: 'custom', path: [field], message });
  if (!identityCenter || found.length > 0) return { refused: found.length > 0 };
  return {
    scope: {
      instanceArn: fields.identityCenterInstanceArn as string,
      identityStoreId: fields.identityStoreId as string,
    },
    refused: false,
  };
}
