import type { Construct } from 'constructs';
import { LocalBackend, S3Backend } from 'cdktf';
import type { StateBackend } from './deploy-config';

/**
 * Where a stack keeps its Terraform state: `<keyPrefix>/<stack>.tfstate` in the configured S3 bucket,
 * locked with Terraform's S3 lock file (`use_lockfile`, Terraform 1.10 or later), or else
 * `terraform.<stack>.tfstate` in the project directory. Either way the synthesized JSON names no path of
 * this machine: the local path is relative to the directory Terraform runs in, `cdktf.out/stacks/<stack>`.
 */
export function sweepStateBackend(scope: Construct, stackId: string, backend: StateBackend | undefined): void {
  if (!backend) {
    new LocalBackend(scope, { path: `../../../terraform.${stackId}.tfstate` });
    return;
  }
  const s3 = new S3Backend(scope, {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}/${stackId}.tfstate`,
    region: backend.region,
    encrypt: true,
    ...(backend.profile ? { profile: backend.profile } : {}),
  });
  // cdktf 0.21 predates the S3 backend's native locking, so its config type lacks the argument.
  s3.addOverride('use_lockfile', true);
}
