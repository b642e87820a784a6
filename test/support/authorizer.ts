/**
 * The simulator's policy evaluator for tests and the bench: `@cloud-copilot/iam-simulate`, an evaluator
 * nobody here wrote (identity and resource policies, SCPs, permissions boundaries, every condition
 * operator). It is AGPL-3.0, so it is a devDependency, passed to the simulator from here and never
 * imported by lambdas/, stacks/ or the demo (scripts/build.ts refuses a bundle that holds it).
 *
 * @example
 *   const sim = await startSimulator({ scenario, authorizer: iamSimulateAuthorizer });
 */
import { getDenialReasons, runSimulation, type RequestDenial } from '@cloud-copilot/iam-simulate';
import type { AuthorizationDecision, Authorizer, PolicyKind } from '../../sim/authorization';

const POLICY_KIND: Record<RequestDenial['policyType'], PolicyKind> = {
  identity: 'identity',
  pb: 'boundary',
  scp: 'scp',
  rcp: 'scp',
  resource: 'resource',
  vpce: 'resource',
  's3-bpa': 'resource',
};

export const iamSimulateAuthorizer: Authorizer = async (request): Promise<AuthorizationDecision> => {
  const result = await runSimulation({
    request: {
      principal: request.principalArn,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccountId },
      contextVariables: request.context,
    },
    identityPolicies: request.identityPolicies,
    permissionBoundaryPolicies: request.permissionsBoundaries.length > 0 ? request.permissionsBoundaries : undefined,
    serviceControlPolicies: request.serviceControlPolicies.map(({ targetId, policies }) => ({ orgIdentifier: targetId, policies })),
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy,
  }, { simulationMode: 'Strict' });
  if (result.resultType === 'error') {
    throw new Error(`iam-simulate cannot evaluate ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  if (result.overallResult === 'Allowed') return { allowed: true };
  const analysis = result.resultType === 'single' ? result.result.analysis : result.results[0]?.analysis;
  const reasons = analysis ? getDenialReasons(analysis) : [];
  const reason = reasons.find((denial) => denial.denialType === 'Explicit') ?? reasons[0];
  return {
    allowed: false,
    deniedBy: reason ? POLICY_KIND[reason.policyType] : 'identity',
    explicit: result.overallResult === 'ExplicitlyDenied',
  };
};
