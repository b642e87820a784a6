/**
 * Identity Center as a stage of the run: swept with the caller's own credentials, alongside the member
 * accounts (lambdas/sweep/identity-center.ts), its result merged into the report by the finish stage.
 */
import type { IdentityCenterResult, SweepConfig } from '../engine/types';
import { planSettingsOf } from './account';
import type { DiscoveredRun } from './discover';
import { sweepIdentityCenter } from './identity-center';
import { accountContextOf, type StageEnvironment } from './run-context';

/** Sweeps Identity Center when the run is configured to. */
export async function identityCenterStage(
  run: DiscoveredRun,
  config: SweepConfig,
  env: StageEnvironment,
): Promise<IdentityCenterResult | undefined> {
  if (!config.identityCenter) return undefined;
  const { clients, store, ruleContext, now, runId, userConcurrency, mayStartUser, lookupLimiters } = accountContextOf(run, config, env);
  return sweepIdentityCenter({
    config,
    clients,
    store,
    callerAccountId: run.callerAccountId,
    managementAccountId: run.managementAccountId,
    lookupLimiters,
    ruleContext,
    planSettings: planSettingsOf(config),
    now,
    runId,
    userConcurrency,
    mayStartUser,
  });
}
