/**
 * One place that makes AWS SDK clients, so that every client of a run shares the connection pool, the
 * retry policy, the pacing under AWS's per-account rate limits (./pacing) and the endpoint override (the
 * simulator, or `AWS_ENDPOINT_URL`).
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { MiddlewareStack } from '@smithy/types';
import type { Permission } from '../engine/types';
import { isThrottling } from './aws-errors';
import { PacedRetryStrategy, PaceFamily, type PacedCall, type Pacer } from './pacing';
import { DEFAULT_PARTITION, organizationsRegion } from './partition';

/** What `assumeRole` calls: each caller declares it on the role it assumes. */
export const assumeRoleActions: readonly string[] = ['sts:AssumeRole'];

/**
 * The sweep (the orchestrator, or the CLI of an operator) assumes the cleanup role in each swept account,
 * which is always an account of the organization: the cleanup role's trust policy admits these actions too.
 */
export const assumeCleanupRolePermissions: readonly Permission[] = [
  { actions: assumeRoleActions, resource: 'cleanup-role', access: 'write' },
];

export interface AwsSettings {
  region: string;
  /** Every AWS call goes here instead of the real endpoints (the simulator). */
  endpoint?: string;
  /** Named profile of the shared config files, for the CLI. */
  profile?: string;
  /** The caller's credentials, when neither the environment nor a profile should be read (the simulator). */
  credentials?: AwsCredentialIdentity;
  /**
   * Attempts per call, throttling included. IAM, STS and Organizations calls are paced (./pacing); other
   * clients' adaptive retry slows down per client when throttled.
   */
  maxAttempts?: number;
  /** Sockets to the endpoint, shared by every client. */
  maxSockets?: number;
}

/** Temporary credentials of an assumed role. */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

type Credentials = AwsCredentialIdentity | undefined;

type Paceable = { middlewareStack: Pick<MiddlewareStack<object, object>, 'add'> };

interface PacingContext {
  /** The first attempt's turn, taken before the request was even built. */
  firstTurn?: PacedCall;
}

/**
 * Waits for the account's pacer before every attempt and tells it of throttling. The first attempt waits
 * before the request is built, so that calls held back hold little memory; a retry waits again.
 */
function paced<C extends Paceable>(client: C, pacer: Pacer): C {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (context as PacingContext).firstTurn = await pacer.take();
      return next(args);
    },
    { step: 'initialize', name: 'iamSweepPacingTurn' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const pacing = context as PacingContext;
      const call = pacing.firstTurn ?? (await pacer.take());
      pacing.firstTurn = undefined;
      try {
        return await next(args);
      } catch (error) {
        if (isThrottling(error)) pacer.throttled(call);
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'iamSweepPacing' },
  );
  return client;
}

/** The clients of one run. `close()` frees the shared sockets when the run is over. */
export class AwsClients {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;
  /** Member accounts share what they learn of IAM's per-account limit; each gets its own pacer. */
  private readonly memberIam = new PaceFamily();
  /** The caller's own account: one pacer per service, however many clients the run makes. */
  private readonly callerPacers = new Map<string, Pacer>();

  constructor(readonly settings: AwsSettings) {
    const maxSockets = settings.maxSockets ?? 64;
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });
  }

  private config(assumed: Credentials, pacedClient = false) {
    const endpoint = this.settings.endpoint;
    const credentials = assumed ?? this.settings.credentials;
    const maxAttempts = this.settings.maxAttempts ?? 10;
    return {
      region: this.settings.region,
      ...(endpoint ? { endpoint } : {}),
      ...(credentials ? { credentials } : this.settings.profile ? { profile: this.settings.profile } : {}),
      maxAttempts,
      // A paced client's pacer slows it down on throttling; adaptive retry would slow it twice.
      ...(pacedClient ? { retryStrategy: new PacedRetryStrategy(maxAttempts) } : { retryMode: 'adaptive' }),
      cacheMiddleware: true,
      requestHandler: { httpAgent: this.httpAgent, httpsAgent: this.httpsAgent, connectionTimeout: 10_000, requestTimeout: 60_000 },
    };
  }

  private callerPacer(service: string): Pacer {
    let pacer = this.callerPacers.get(service);
    if (!pacer) {
      pacer = new PaceFamily().pacer();
      this.callerPacers.set(service, pacer);
    }
    return pacer;
  }

  /**
   * The caller's own clients (management or delegated-admin account). Organizations has one endpoint per
   * partition, in its own Region (us-east-1, us-gov-west-1, cn-northwest-1, …): pass the caller's partition.
   */
  organizations = (partition = DEFAULT_PARTITION) =>
    paced(
      new OrganizationsClient({ ...this.config(undefined, true), region: organizationsRegion(partition, this.settings.region) }),
      this.callerPacer('organizations'),
    );
  sts = () => paced(new STSClient(this.config(undefined, true)), this.callerPacer('sts'));
  sns = () => new SNSClient(this.config(undefined));
  s3 = () => {
    const pathStyle = Boolean(this.settings.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
    return new S3Client({ ...this.config(undefined), forcePathStyle: pathStyle });
  };

  /** IAM Identity Center in the caller's own account (which administers it), in the instance's Region. */
  ssoAdmin = (region: string) => new SSOAdminClient({ ...this.config(undefined), region });
  identityStore = (region: string) => new IdentitystoreClient({ ...this.config(undefined), region });

  /** Clients in a member account, with the credentials of the assumed cleanup role. */
  iam = (credentials?: Credentials) =>
    paced(new IAMClient(this.config(credentials, true)), credentials ? this.memberIam.pacer() : this.callerPacer('iam'));
  cloudTrail = (credentials?: Credentials, region?: string) =>
    new CloudTrailClient({ ...this.config(credentials), ...(region ? { region } : {}) });

  /** Assumes `roleName` in `accountId` with the caller's credentials. */
  async assumeRole(sts: STSClient, accountId: string, roleName: string, partition = DEFAULT_PARTITION): Promise<AwsCredentialIdentity> {
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:${partition}:iam::${accountId}:role/${roleName}`,
        RoleSessionName: 'iam-sweep',
        DurationSeconds: 3600,
      }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
