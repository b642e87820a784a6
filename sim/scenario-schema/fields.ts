/**
 * The kinds of field a scenario is made of, each with the message that names what it must be. The path
 * (`accounts[2].users[0].created`) is added by load-scenario.ts, which reports the first refusal.
 */
import { z } from 'zod';
import { resolveTime } from '../scenario';

/** A value as the scenario spelled it, for messages: `"yesterday"`, `12`, `undefined`. */
export const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** An object with these fields only: any other is refused as unknown, naming the known ones. */
export const fields = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown field (known: ${Object.keys(shape).join(', ')})` : `must be an object, got ${show(issue.input)}`,
  });

/** A non-empty string, matching `pattern` when given; `hint` says what the pattern wants. */
export const text = (pattern?: RegExp, hint?: string) => {
  const nonEmpty = z
    .string({ error: (issue) => `must be a non-empty string, got ${show(issue.input)}` })
    .min(1, { error: (issue) => `must be a non-empty string, got ${show(issue.input)}` });
  if (!pattern) return nonEmpty;
  return nonEmpty.regex(pattern, { error: (issue) => `invalid value ${show(issue.input)}${hint ? ` (${hint})` : ''}` });
};

export const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: (issue) => `must be one of ${values.join(', ')}, got ${show(issue.input)}` });

/** A finite number from `min`, up to `max` when given. */
export const numberFrom = (min: number, max = Infinity) => {
  const problem = (issue: { input?: unknown }) => `must be a number from ${min}${max === Infinity ? '' : ` to ${max}`}, got ${show(issue.input)}`;
  return z.number({ error: problem }).min(min, { error: problem }).max(max, { error: problem });
};

export const flag = () => z.boolean({ error: (issue) => `must be true or false, got ${show(issue.input)}` });

/** A list; the scenario format leaves out empty lists, so every list may be absent. */
export const list = <Item extends z.ZodType>(item: Item) => z.array(item, { error: (issue) => `must be a list, got ${show(issue.input)}` });

/** Times already seen valid: large scenarios repeat a few relative times many thousand times. */
const validTimes = new Set<string>();

function isTime(value: string): boolean {
  if (validTimes.has(value)) return true;
  try {
    resolveTime(value, new Date());
  } catch {
    return false;
  }
  if (validTimes.size < 10_000) validTimes.add(value);
  return true;
}

/** A time: ISO 8601, or relative to the simulator's start such as `-120d`. */
export const time = () =>
  z
    .string({ error: (issue) => `must be a time (ISO 8601 or relative such as -120d), got ${show(issue.input)}` })
    .refine(isTime, { error: (issue) => `invalid time ${show(issue.input)} (use ISO 8601 or a relative time such as -120d, -3h, -15m)` });

export const tags = () =>
  z.record(z.string(), z.string({ error: (issue) => `tag values must be strings, got ${show(issue.input)}` }), {
    error: (issue) => `must be an object of tag values, got ${show(issue.input)}`,
  });

/** An IAM policy document (`{ Version, Statement }`), as AWS takes it. */
export type PolicyDocument = object;

const isPolicyDocument = (value: unknown): value is PolicyDocument =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { Statement?: unknown }).Statement !== undefined;

/** A policy document: an object with a Statement, as IAM requires. */
export const policyDocument = () =>
  z.custom<PolicyDocument>(isPolicyDocument, {
    error: (issue) => `must be a policy document ({ "Version": "2012-10-17", "Statement": [...] }), got ${show(issue.input)}`,
  });

export const ACCOUNT_ID = text(/^\d{12}$/, '12 digits');
export const PATH = text(/^\/(.*\/)?$/, 'a path starts and ends with /');
export const USER_NAME = text(/^[\w+=,.@-]{1,64}$/, 'IAM user names: 1-64 of A-Z a-z 0-9 +=,.@_-');
export const EMAIL = text(/^[^@\s]+@[^@\s]+$/, 'an email address');

/** Id constraints of the IAM model, so a scenario cannot hold an id that IAM calls would then reject. */
export const IAM_IDS = {
  accessKey: text(/^\w{16,128}$/, 'access key ids are 16-128 of A-Z a-z 0-9 _'),
  sshPublicKey: text(/^\w{20,128}$/, 'SSH public key ids are 20-128 of A-Z a-z 0-9 _'),
  signingCertificate: text(/^\w{24,128}$/, 'signing certificate ids are 24-128 of A-Z a-z 0-9 _'),
  serviceSpecificCredential: text(/^\w{20,128}$/, 'service-specific credential ids are 20-128 of A-Z a-z 0-9 _'),
  mfaSerial: text(/^[\w+=/:,.@-]{9,256}$/, 'MFA serial numbers are 9-256 of A-Z a-z 0-9 +=/:,.@_-'),
};

/** Identity store user and group ids (the model's ResourceId): a UUID, or the store's 10 hex digits, a dash and a UUID. */
export const IDENTITY_STORE_RESOURCE_ID = text(
  /^([0-9a-f]{10}-)?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/,
  'a UUID, or 10 hex digits, a dash and a UUID',
);

export const permissionSetArn = (partition: string, hintPartition = partition) =>
  text(
    new RegExp(`^arn:${partition}:sso:::permissionSet\\/(sso)?ins-[a-zA-Z0-9-.]{16}\\/ps-[a-zA-Z0-9-./]{16}$`),
    `arn:${hintPartition}:sso:::permissionSet/ssoins-<16 characters>/ps-<16 characters>`,
  );
