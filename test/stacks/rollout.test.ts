/**
 * What a rollout into an existing organization depends on, across both stacks: where the state lives,
 * that the synthesized JSON carries nothing of this machine, the organization's tags on every resource, and
 * a StackSet template that CloudFormation's own linter accepts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { cleanupRoleTemplate } from '../../stacks/cleanup-role';
import { ManagementStack } from '../../stacks/management-stack';
import { SweepStack } from '../../stacks/sweep-stack';
import { PROJECT_DIR, deployConfig, fakeBundleDir } from './support';

const bundleDir = fakeBundleDir();

/** Both stacks synthesized as `cdktf synth` writes them, each stack's cdk.tf.json as text. */
function synthesizeApp(overrides: Record<string, unknown> = {}): Record<'management' | 'sweep', string> {
  const outdir = mkdtempSync(join(tmpdir(), 'iam-sweep-synth-'));
  const config = deployConfig(overrides);
  const app = new App({ outdir });
  new ManagementStack(app, 'management', { config });
  new SweepStack(app, 'sweep', { config, orchestratorBundleDir: bundleDir });
  app.synth();
  const read = (stack: string) => readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
  return { management: read('management'), sweep: read('sweep') };
}

describe('state', () => {
  test('is kept locally beside the project by default, by a path relative to where Terraform runs', () => {
    // GIVEN the example configuration (no stateBackend)
    // WHEN both stacks are synthesized
    const stacks = synthesizeApp();

    // THEN each stack's local backend names its state file relative to cdktf.out/stacks/<stack>
    expect(JSON.parse(stacks.management).terraform.backend).toEqual({ local: { path: '../../../terraform.management.tfstate' } });
    expect(JSON.parse(stacks.sweep).terraform.backend).toEqual({ local: { path: '../../../terraform.sweep.tfstate' } });
  });

  test('is kept in the configured S3 bucket, one key per stack, encrypted and locked with the S3 lock file', () => {
    // GIVEN a state backend
    const stateBackend = { bucket: 'platform-terraform-state', keyPrefix: 'org/iam-sweep', region: 'eu-west-1', profile: 'state-admin' };

    // WHEN both stacks are synthesized
    const stacks = synthesizeApp({ stateBackend });

    // THEN each stack has its own key under the prefix, with Terraform's native lock file and no DynamoDB table
    for (const stack of ['management', 'sweep'] as const) {
      expect(JSON.parse(stacks[stack]).terraform.backend).toEqual({
        s3: {
          bucket: 'platform-terraform-state',
          key: `org/iam-sweep/${stack}.tfstate`,
          region: 'eu-west-1',
          encrypt: true,
          profile: 'state-admin',
          use_lockfile: true,
        },
      });
    }
  });

  test('the synthesized JSON names no path of this machine', () => {
    // GIVEN the checkout, the home and temporary directories, and the bundle's directory
    const machinePaths = [PROJECT_DIR, homedir(), tmpdir(), bundleDir];

    // WHEN both stacks are synthesized, with local state and with S3 state
    const texts = [...Object.values(synthesizeApp()), ...Object.values(synthesizeApp({ stateBackend: { bucket: 'platform-terraform-state' } }))];

    // THEN none of those paths appears in any of them
    for (const text of texts) {
      for (const path of machinePaths) expect(text).not.toContain(path);
    }
  });
});

describe('tags', () => {
  test('the organization\'s tags go on every resource of both stacks, through each provider\'s default tags', () => {
    // GIVEN organization-mandated tags, one of them overriding an iam-sweep tag
    const tags = { CostCenter: '1234', 'org:owner': 'platform@example.com', Project: 'platform-security' };

    // WHEN both stacks are synthesized
    const stacks = synthesizeApp({ tags });

    // THEN both providers tag everything with them, the configured value winning
    for (const text of Object.values(stacks)) {
      const [provider] = JSON.parse(text).provider.aws as { default_tags: { tags: Record<string, string> }[] }[];
      expect(provider.default_tags).toEqual([{ tags: { Project: 'platform-security', ManagedBy: 'cdktf', CostCenter: '1234', 'org:owner': 'platform@example.com' } }]);
    }
  });

  test('without tags, every resource carries iam-sweep\'s own two', () => {
    // GIVEN the example configuration (no tags)
    // WHEN the sweep stack is synthesized
    const [provider] = JSON.parse(synthesizeApp().sweep).provider.aws as { default_tags: unknown }[];

    // THEN the default tags are Project and ManagedBy only
    expect(provider.default_tags).toEqual([{ tags: { Project: 'iam-sweep', ManagedBy: 'cdktf' } }]);
  });
});

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const haveCfnLint = cfnLint.status === 0;
if (!haveCfnLint) console.warn('cfn-lint is not installed (pip install cfn-lint): skipping the StackSet template lint');

describe('StackSet template', () => {
  (haveCfnLint ? test : test.skip)('passes cfn-lint', () => {
    // GIVEN the cleanup role template as the StackSet deploys it, with CLI operators
    const template = cleanupRoleTemplate({
      roleName: 'IamSweepRole',
      orchestratorAccountId: '222222222222',
      organizationId: 'o-a1b2c3d4e5',
      excludeTag: { key: 'iam-sweep:exclude', value: 'true' },
      operatorPrincipalArns: ['arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*'],
    });
    const file = join(mkdtempSync(join(tmpdir(), 'iam-sweep-cfn-')), 'cleanup-role.json');
    writeFileSync(file, template);

    // WHEN cfn-lint reads it
    const run = () => execFileSync('cfn-lint', ['--format', 'parseable', '--', file], { encoding: 'utf8' });

    // THEN it reports nothing (a finding exits non-zero and fails the test with its text)
    expect(run()).toBe('');
  });

  (haveCfnLint ? test : test.skip)('cfn-lint finds a broken template, so a pass means something', () => {
    // GIVEN a template whose role lacks its trust policy
    const broken = JSON.parse(cleanupRoleTemplate({
      roleName: 'IamSweepRole', orchestratorAccountId: '222222222222', organizationId: 'o-a1b2c3d4e5',
      excludeTag: { key: 'iam-sweep:exclude', value: 'true' },
    })) as { Resources: { CleanupRole: { Properties: Record<string, unknown> } } };
    delete broken.Resources.CleanupRole.Properties.AssumeRolePolicyDocument;
    const file = join(mkdtempSync(join(tmpdir(), 'iam-sweep-cfn-')), 'broken.json');
    writeFileSync(file, JSON.stringify(broken));

    // WHEN cfn-lint reads it, THEN it exits with a finding on the missing property
    const run = spawnSync('cfn-lint', ['--format', 'parseable', '--', file], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('AssumeRolePolicyDocument');
  });
});
