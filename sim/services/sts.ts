/** STS: AssumeRole into member accounts (trust, account state and faults decide) and GetCallerIdentity. */
import { randomBytes } from 'node:crypto';
import type * as STS from '@aws-sdk/client-sts';
import { SimError } from '../errors';
import type { Principal } from '../state';
import type { CallContext, Handlers } from './context';

const ROLE_ARN = /^arn:([\w-]+):iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)?([\w+=,.@-]+)$/;
const DEFAULT_DURATION_SECONDS = 3600;
/** Every simulated role has IAM's default maximum session duration. */
const MAX_SESSION_DURATION_SECONDS = 3600;

let issued = 0;

/** A unique temporary access key id in AWS's shape: `ASIA` and 16 upper-case letters or digits. */
function temporaryAccessKeyId(): string {
  issued += 1;
  const serial = issued.toString(36).toUpperCase().padStart(8, '0');
  const random = randomBytes(8).toString('hex').toUpperCase().slice(0, 8);
  return `ASIA${random}${serial}`;
}

export const stsHandlers = {
  AssumeRole(ctx: CallContext, input: STS.AssumeRoleRequest): STS.AssumeRoleResponse {
    const roleArn = input.RoleArn!;
    const match = ROLE_ARN.exec(roleArn);
    if (!match) throw new SimError('ValidationError', `${roleArn} is invalid`);
    const [, partition, accountId, path = '/', roleName] = match;
    const denied = () => new SimError('AccessDenied', `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    // A role ARN of another partition names no role here: STS answers as for any role it cannot find.
    if (partition !== ctx.state.partition || ctx.faults.deniesAssumeRoleInto(accountId)) throw denied();
    const account = ctx.state.accounts.get(accountId);
    if (!account || account.state !== 'ACTIVE') throw denied();
    const role = account.roles.get(roleName.toLowerCase());
    if (!role || role.path !== path || !role.trustedAccountIds.includes(ctx.caller.accountId)) throw denied();
    const duration = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
    if (duration > MAX_SESSION_DURATION_SECONDS) {
      throw new SimError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const session = input.RoleSessionName!;
    const principal: Principal = {
      accountId,
      arn: `arn:${ctx.state.partition}:sts::${accountId}:assumed-role/${role.name}/${session}`,
      userId: `${role.id}:${session}`,
    };
    const accessKeyId = temporaryAccessKeyId();
    ctx.state.sessions.set(accessKeyId, principal);
    role.lastUsed = ctx.now;
    role.lastUsedRegion = ctx.region;
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: randomBytes(30).toString('base64'),
        SessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`,
        Expiration: new Date(ctx.now.getTime() + duration * 1000),
      },
      AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
    };
  },

  GetCallerIdentity(ctx: CallContext): STS.GetCallerIdentityResponse {
    return { UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn };
  },
} satisfies Handlers;
