/**
 * The scenario format: the whole state of a simulated AWS Organization, as the simulator loads it and as
 * `GET /_sim/state` returns it. The shape of each field is checked here; what refers to what (parents,
 * assignments, unique ids) is checked once the shape holds, by scenario-references.ts.
 */
import { z } from 'zod';
import { PARTITIONS, type Partition } from '../partition';
import { accountSchema, managedPolicyArn } from './account';
import { partialFaultsSchema } from './faults';
import { ACCOUNT_ID, fields, list, numberFrom, oneOf, policyDocument, show, tags, text } from './fields';
import { identityCenterSchema } from './identity-center';

const PARTITION_NAMES = Object.keys(PARTITIONS) as [Partition, ...Partition[]];
export const partitionSchema = oneOf(PARTITION_NAMES);

/**
 * A service control policy attached to the root, OUs or accounts named in `targetIds`. Every root, OU
 * and account also holds AWS's `FullAWSAccess`, as an organization has it by default, so a scenario's
 * SCPs only take away.
 */
const serviceControlPolicySchema = fields({
  name: text(),
  document: policyDocument(),
  targetIds: list(z.string({ error: (issue) => `no root, organizational unit or account has id ${show(issue.input)}` })),
});

const organizationalUnitSchema = fields({
  id: text(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'ou-<root part>-<8-32 of a-z 0-9>'),
  name: text(),
  parentId: z.string({ error: (issue) => `no root or other organizational unit has id ${show(issue.input)}` }),
  tags: tags().optional(),
});

const organizationSchema = fields({
  id: text(/^o-[a-z0-9]{10,32}$/, 'o- then 10-32 of a-z 0-9'),
  managementAccountId: ACCOUNT_ID,
  rootId: text(/^r-[0-9a-z]{4,32}$/, 'r- then 4-32 of a-z 0-9'),
  rootTags: tags().optional(),
  organizationalUnits: list(organizationalUnitSchema).optional(),
  /** Accounts besides the management account that may read Organizations (default `[callerAccountId]`). */
  delegatedAdministratorAccountIds: list(ACCOUNT_ID).optional(),
  /** Authorization only; they never apply to the management account, as at AWS. */
  serviceControlPolicies: list(serviceControlPolicySchema).optional(),
});

/** Resource policies by the name of what they are on. */
const resourcePolicies = z.record(z.string(), policyDocument(), {
  error: (issue) => `must be an object of policy documents by name, got ${show(issue.input)}`,
});

/** The scenario's shape, with every ARN in `partition`. */
function buildScenarioSchema(partition: Partition) {
  return fields({
    /**
     * The AWS partition (default `aws`): `aws-us-gov` or `aws-cn` put every ARN in that partition, and the
     * simulator then answers only requests signed for that partition's Regions (sim/partition.ts).
     */
    partition: partitionSchema.optional(),
    organization: organizationSchema,
    /** The account the sweep runs in (delegated administrator); unknown access key ids belong to it. */
    callerAccountId: ACCOUNT_ID,
    /**
     * The principal that unknown access key ids act as; must be in `callerAccountId`
     * (default `arn:aws:sts::<callerAccountId>:assumed-role/IamSweepOrchestrator/iam-sweep`).
     */
    callerArn: text(new RegExp(`^arn:${partition}:(iam|sts)::\\d{12}:\\S+$`), `an IAM or STS principal ARN of partition ${partition}`).optional(),
    snsTopics: list(
      text(new RegExp(`^arn:${partition}:sns:[a-z0-9-]+:\\d{12}:[\\w-]{1,256}(\\.fifo)?$`), `arn:${partition}:sns:<region>:<account>:<name>`),
    ).optional(),
    s3Buckets: list(text(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3 bucket names: 3-63 of a-z 0-9 . -')).optional(),
    accounts: list(accountSchema(partition)),
    faults: partialFaultsSchema.optional(),
    /** Seconds a new credential report stays INPROGRESS after GenerateCredentialReport (default 0). */
    credentialReportDelaySeconds: numberFrom(0).optional(),
    /** IAM Identity Center, administered from `identityCenter.adminAccountId`. */
    identityCenter: identityCenterSchema(partition).optional(),
    /**
     * Documents of the managed policies that users and roles name in `attachedPolicies` and
     * `permissionsBoundary`. Authorization only (see sim/scenarios/README.md): a policy named without a
     * document here grants nothing, except AWS's `AdministratorAccess`.
     */
    managedPolicies: list(fields({ arn: managedPolicyArn(partition), document: policyDocument() })).optional(),
    /** Resource policies of the report buckets, by bucket name (authorization only). */
    bucketPolicies: resourcePolicies.optional(),
    /** Resource (access) policies of the SNS topics, by topic ARN (authorization only). */
    topicPolicies: resourcePolicies.optional(),
  });
}

const schemas = new Map<Partition, ReturnType<typeof buildScenarioSchema>>();

/** The scenario's schema for a partition, built once. */
export function scenarioSchema(partition: Partition): ReturnType<typeof buildScenarioSchema> {
  const built = schemas.get(partition) ?? buildScenarioSchema(partition);
  schemas.set(partition, built);
  return built;
}

export type Scenario = z.infer<ReturnType<typeof buildScenarioSchema>>;
export type OrganizationSpec = z.infer<typeof organizationSchema>;
export type OrganizationalUnitSpec = z.infer<typeof organizationalUnitSchema>;
export type ServiceControlPolicySpec = z.infer<typeof serviceControlPolicySchema>;
export type Tags = z.infer<ReturnType<typeof tags>>;
