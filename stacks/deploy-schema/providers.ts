/** How the AWS provider of each stack gets its credentials: a profile, a role to assume, or both. */
import { z } from 'zod';
import { fieldsOf, show, textOr } from './field-kinds';

const PROFILE = /^[\w.+@-]{1,128}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** A profile name from the AWS config files. */
export const profileName = (field: string) =>
  textOr(PROFILE, (input) => `${field} ${show(input)} must be a profile name from your AWS config`);

/** The credentials of one stack, which deploys to `accountId` (the value of `accountField`). */
function credentials(stack: 'management' | 'sweep', accountId: string, accountField: string) {
  const field = `providers.${stack}`;
  const notRoleArn = (input: unknown) =>
    `${field}.roleArn ${show(input)} must be an IAM role ARN such as arn:aws:iam::${accountId}:role/<role>`;
  const roleArn = z.string({ error: (issue) => notRoleArn(issue.input) }).superRefine((arn, ctx) => {
    const account = ROLE_ARN.exec(arn)?.[1];
    if (account === undefined) ctx.addIssue({ code: 'custom', message: notRoleArn(arn) });
    else if (account !== accountId) {
      const inAccount = `is in account ${account}, but the ${stack} stack deploys to ${accountField} ${accountId}: use a role in that account`;
      ctx.addIssue({
        code: 'custom',
        message: `${field}.roleArn ${show(arn)} ${inAccount}`,
      });
    }
  });
  const howToSay =
    `${field} must say how the ${stack} stack gets credentials for account ${accountId}: ` +
    `{ "profile": "<profile name>" } or { "roleArn": "arn:aws:iam::${accountId}:role/<role>" }`;
  return fieldsOf(
    `${field}.`,
    {
      profile: profileName(`${field}.profile`).optional(),
      roleArn: roleArn.optional(),
    },
    () => howToSay,
  ).refine((given) => given.profile !== undefined || given.roleArn !== undefined, howToSay);
}

/** Both stacks' credentials; the management stack deploys to the management account, the sweep stack to the delegated admin. */
export function providers(accounts: { managementAccountId: string; delegatedAdminAccountId: string }) {
  return fieldsOf(
    'providers.',
    {
      management: credentials('management', accounts.managementAccountId, 'managementAccountId'),
      sweep: credentials('sweep', accounts.delegatedAdminAccountId, 'delegatedAdminAccountId'),
    },
    (input) =>
      `providers ${input === undefined ? 'is missing' : `${show(input)} is not an object`}: ` +
      'set providers.management and providers.sweep, each to { "profile": … } or { "roleArn": … }',
  );
}

/** How the AWS provider of one stack gets its credentials; with both, the profile assumes the role. */
export type ProviderCredentials = z.output<ReturnType<typeof credentials>>;
