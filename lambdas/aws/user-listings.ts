/**
 * Everything IAM lists for one user, each listing fully paginated. A user that is already gone lists
 * nothing, so deletion steps built on these stay idempotent.
 */
import {
  IAMClient,
  ListServiceSpecificCredentialsCommand,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  paginateListUserPolicies,
  type ServiceSpecificCredentialMetadata,
} from '@aws-sdk/client-iam';
import { idempotent } from './aws-errors';

async function listAll<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  const collected = await idempotent(async () => {
    for await (const page of pages) all.push(...(items(page) ?? []));
    return all;
  });
  return collected ?? [];
}

export const listAccessKeys = (iam: IAMClient, userName: string) =>
  listAll(paginateListAccessKeys({ client: iam }, { UserName: userName }), (p) => p.AccessKeyMetadata);

export const listMfaDevices = (iam: IAMClient, userName: string) =>
  listAll(paginateListMFADevices({ client: iam }, { UserName: userName }), (p) => p.MFADevices);

export const listSigningCertificates = (iam: IAMClient, userName: string) =>
  listAll(paginateListSigningCertificates({ client: iam }, { UserName: userName }), (p) => p.Certificates);

export const listSshPublicKeys = (iam: IAMClient, userName: string) =>
  listAll(paginateListSSHPublicKeys({ client: iam }, { UserName: userName }), (p) => p.SSHPublicKeys);

export const listInlinePolicyNames = (iam: IAMClient, userName: string) =>
  listAll(paginateListUserPolicies({ client: iam }, { UserName: userName }), (p) => p.PolicyNames);

export const listAttachedPolicies = (iam: IAMClient, userName: string) =>
  listAll(paginateListAttachedUserPolicies({ client: iam }, { UserName: userName }), (p) => p.AttachedPolicies);

export const listGroups = (iam: IAMClient, userName: string) =>
  listAll(paginateListGroupsForUser({ client: iam }, { UserName: userName }), (p) => p.Groups);

/** Without ServiceName, so that every kind (CodeCommit, Keyspaces, Bedrock) is listed. */
export async function listServiceSpecificCredentials(
  iam: IAMClient,
  userName: string,
): Promise<ServiceSpecificCredentialMetadata[]> {
  const all: ServiceSpecificCredentialMetadata[] = [];
  let marker: string | undefined;
  do {
    const page = await idempotent(() =>
      iam.send(new ListServiceSpecificCredentialsCommand({ UserName: userName, Marker: marker })),
    );
    all.push(...(page?.ServiceSpecificCredentials ?? []));
    marker = page?.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return all;
}
