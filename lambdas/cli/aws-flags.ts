/** The flags that say where AWS is and as whom to call it, shared by `run` and `restore`. */
import type { AwsSettings } from '../aws/clients';
import { REGION_PATTERN } from '../engine/region';
import { invalid, valueOf, type FlagSpec, type GivenFlags } from './args';

export const AWS_FLAGS: FlagSpec = { '--profile': 'value', '--region': 'value', '--endpoint': 'value' };

const PROFILE = /^[\w.+@-]{1,128}$/;

/** Static credentials for a local endpoint; the simulator accepts any key. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'AKIAIAMSWEEPLOCAL000', secretAccessKey: 'iam-sweep-local' };

/** Validates `--profile`, `--region` (default AWS_REGION, then us-east-1) and `--endpoint`. */
export function awsSettingsFrom(given: GivenFlags, env: NodeJS.ProcessEnv): AwsSettings {
  const profile = valueOf(given, '--profile');
  if (profile !== undefined && !PROFILE.test(profile)) {
    throw invalid('--profile', profile, 'use the name of a profile in ~/.aws/config');
  }
  const region = valueOf(given, '--region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!REGION_PATTERN.test(region)) throw invalid('--region', region, 'use an AWS region such as us-east-1');
  const endpoint = valueOf(given, '--endpoint');
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    throw invalid('--endpoint', endpoint, 'use an http(s) URL such as http://127.0.0.1:4566');
  }
  return { region, endpoint, profile };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * With `--endpoint` and no credentials in the environment or a profile, the SDK's credential chain
 * would go on to instance metadata and hang there; local endpoints get static credentials instead.
 */
export function withLocalCredentialsIfNone(settings: AwsSettings, env: NodeJS.ProcessEnv): AwsSettings {
  if (!settings.endpoint || settings.profile || env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE) return settings;
  return { ...settings, credentials: LOCAL_CREDENTIALS };
}
