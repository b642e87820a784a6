/**
 * Who is calling which service, from the SigV4 credential scope
 * (`Credential=<AccessKeyId>/<date>/<region>/<service>/aws4_request`). Signatures are not verified.
 */
import { SimError } from './errors';
import type { ServiceName } from './models';
import { PARTITIONS } from './partition';
import type { Principal, SimState } from './state';

export interface CredentialScope {
  accessKeyId: string;
  region: string;
  /** The signing name: `iam`, `sts`, `organizations`, `sns`, `s3`, ... */
  signingName: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** The credential scope of the Authorization header, or of a presigned URL's `X-Amz-Credential`. */
export function credentialScope(authorization: string | undefined, presignedCredential: string | null): CredentialScope | undefined {
  const source = authorization ?? (presignedCredential !== null ? `Credential=${presignedCredential}` : undefined);
  const match = source ? CREDENTIAL.exec(source) : null;
  return match ? { accessKeyId: match[1], region: match[2], signingName: match[3] } : undefined;
}

/** Each service's answer to an access key that does not (or no longer) exist. */
function invalidKey(service: ServiceName): SimError {
  if (service === 's3') return new SimError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { status: 403 });
  if (service === 'organizations' || service === 'cloudtrail' || service === 'identitystore' || service === 'sso-admin') {
    return new SimError('UnrecognizedClientException', 'The security token included in the request is invalid.', { status: 400 });
  }
  return new SimError('InvalidClientTokenId', 'The security token included in the request is invalid.');
}

/** Access-key last use is recorded once per 15 minutes, as IAM does. */
const LAST_USED_GRANULARITY_MS = 15 * 60_000;

/**
 * The principal an access key id acts as: a session AssumeRole issued, an IAM user of the scenario
 * (whose key's last use is then recorded), or else the scenario's caller.
 */
export function resolveCaller(state: SimState, scope: CredentialScope, service: ServiceName): Principal {
  const partition = PARTITIONS[state.partition];
  // A partition's credentials are unknown to every other partition's endpoints (a GovCloud key in us-east-1).
  if (!partition.regions.test(scope.region)) throw invalidKey(service);
  // Organizations has one endpoint per partition; a request scoped to another Region fails its signature check.
  if (service === 'organizations' && scope.region !== partition.organizationsRegion) {
    throw new SimError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${scope.region}'. `, { status: 400 });
  }
  const session = state.sessions.get(scope.accessKeyId);
  if (session) return session;
  const owner = state.userAccessKeys.get(scope.accessKeyId);
  if (owner === undefined) return state.caller;
  const key = owner?.user.accessKeys.find((k) => k.id === scope.accessKeyId);
  if (!owner || !key || key.status !== 'Active' || owner.account.users.get(owner.user.name.toLowerCase()) !== owner.user) {
    throw invalidKey(service);
  }
  const nowMs = state.clock.nowMs();
  if (!key.lastUsed || nowMs - key.lastUsed.getTime() >= LAST_USED_GRANULARITY_MS) {
    key.lastUsed = new Date(nowMs);
    key.lastUsedService = service;
    key.lastUsedRegion = scope.region;
  }
  return { accountId: owner.account.id, arn: owner.user.arn, userId: owner.user.id, userKey: owner.user.name.toLowerCase() };
}
