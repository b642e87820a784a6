/** A shared S3 backend for both stacks' Terraform state, locked with Terraform's native S3 lock file. */
import { z } from 'zod';
import { DEFAULT_STATE_KEY_PREFIX } from './defaults';
import { deployableRegion, fieldsOf, show, textOr, withDefault } from './field-kinds';
import { profileName } from './providers';

/** S3 bucket naming rules, without the dotted-IP and reserved-suffix corner cases. */
export const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_PREFIX = /^[\w!.*'()-]+(\/[\w!.*'()-]+)*$/;

/** The state backend; its Region defaults to `homeRegion`. */
export function stateBackend(homeRegion: string) {
  const field = 'stateBackend';
  const bucket = textOr(BUCKET, (input) => {
    const problem = input === undefined ? 'is missing' : `${show(input)} is not an S3 bucket name`;
    return `${field}.bucket ${problem}: name an existing, versioned bucket that holds the Terraform state`;
  });
  const keyPrefix = textOr(
    (prefix) => prefix.length <= 900 && KEY_PREFIX.test(prefix),
    (input) =>
      `${field}.keyPrefix ${show(
        input,
      )} must be an S3 key prefix without leading or trailing /, such as ${DEFAULT_STATE_KEY_PREFIX} or terraform/iam-sweep`,
  );
  const region = textOr(
    deployableRegion,
    (input) => `${field}.region ${show(input)} must be the Region code of the state bucket, such as us-east-1`,
  );
  return fieldsOf(
    `${field}.`,
    {
      bucket,
      /** Keys are `<keyPrefix>/management.tfstate` and `<keyPrefix>/sweep.tfstate`. */
      keyPrefix: withDefault(keyPrefix, DEFAULT_STATE_KEY_PREFIX),
      region: withDefault(region, homeRegion),
      /** A named profile for the state bucket; default the environment's credentials. */
      profile: profileName(`${field}.profile`).optional(),
    },
    (input) =>
      `${field} ${show(input)} must be an object: { "bucket": "<state bucket>", "keyPrefix": "iam-sweep", "region": "<bucket Region>" }`,
  );
}

export type StateBackend = z.output<ReturnType<typeof stateBackend>>;
