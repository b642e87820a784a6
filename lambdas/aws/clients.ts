/**
 * One place that makes AWS SDK clients, so that every client of a run shares the connection pool, the
 * retry policy and the endpoint override (the simulator, or `AWS_ENDPOINT_URL`).
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

export interface AwsSettings {
  region: string;
  /** Every AWS call goes here instead of the real endpoints (the simulator). */
  endpoint?: string;
  /** Named profile of the shared config files, for the CLI. */
  profile?: string;
  /** The caller's credentials, when neither the environment nor a profile should be read (the simulator). */
  credentials?: AwsCredentialIdentity;
  /** Attempts per call, throttling included; adaptive retry slows down per client when throttled. */
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

/** The clients of one run. `close()` frees the shared sockets when the run is over. */
export class AwsClients {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(readonly settings: AwsSettings) {
    const maxSockets = settings.maxSockets ?? 64;
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });
  }

  private config(assumed: Credentials) {
    const endpoint = this.settings.endpoint;
    const credentials = assumed ?? this.settings.credentials;
    return {
      region: this.settings.region,
      ...(endpoint ? { endpoint } : {}),
      ...(credentials ? { credentials } : this.settings.profile ? { profile: this.settings.profile } : {}),
      maxAttempts: this.settings.maxAttempts ?? 10,
      retryMode: 'adaptive',
      cacheMiddleware: true,
      requestHandler: { httpAgent: this.httpAgent, httpsAgent: this.httpsAgent, connectionTimeout: 10_000, requestTimeout: 60_000 },
    };
  }

  /** The caller's own clients (management or delegated-admin account). */
  organizations = () => new OrganizationsClient({ ...this.config(undefined), region: 'us-east-1' });
  sts = () => new STSClient(this.config(undefined));
  sns = () => new SNSClient(this.config(undefined));
  s3 = () => {
    const pathStyle = Boolean(this.settings.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
    return new S3Client({ ...this.config(undefined), forcePathStyle: pathStyle });
  };

  /** IAM Identity Center in the caller's own account (which administers it), in the instance's Region. */
  ssoAdmin = (region: string) => new SSOAdminClient({ ...this.config(undefined), region });
  identityStore = (region: string) => new IdentitystoreClient({ ...this.config(undefined), region });

  /** Clients in a member account, with the credentials of the assumed cleanup role. */
  iam = (credentials?: Credentials) => new IAMClient(this.config(credentials));
  cloudTrail = (credentials?: Credentials, region?: string) =>
    new CloudTrailClient({ ...this.config(credentials), ...(region ? { region } : {}) });

  /** Assumes `roleName` in `accountId` with the caller's credentials. */
  async assumeRole(sts: STSClient, accountId: string, roleName: string, partition = 'aws'): Promise<AwsCredentialIdentity> {
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
