/**
 * The cdktf app: reads the deploy configuration (iam-sweep.config.json, or the file IAM_SWEEP_CONFIG
 * names), bundles the orchestrator and synthesizes two stacks that deploy on their own:
 * `management` (management account) and `sweep` (delegated-admin account).
 */
import { App } from 'cdktf';
import { buildOrchestrator } from './scripts/build';
import { DeployConfigError, loadDeployConfig } from './stacks/deploy-config';
import { ManagementStack } from './stacks/management-stack';
import { SweepStack } from './stacks/sweep-stack';

async function main(): Promise<void> {
  const { config, warning } = loadDeployConfig(__dirname);
  if (warning) console.error(warning);
  const orchestratorDir = await buildOrchestrator();

  const app = new App();
  new ManagementStack(app, 'management', { config });
  new SweepStack(app, 'sweep', { config, orchestratorBundleDir: orchestratorDir });
  app.synth();
}

main().catch((error: unknown) => {
  console.error(error instanceof DeployConfigError ? error.message : error);
  process.exit(1);
});
