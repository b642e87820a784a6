/** `sweep.engine`: a deploy setting beside the engine's own settings in the `sweep` section. */
import { show } from './field-kinds';

/**
 * What runs a sweep: `lambda`, one invocation of the orchestrator (up to about 1,950 accounts in delete mode
 * within its 15 minutes, bench/RESULTS.md); `step-functions`, a Standard workflow whose Distributed Maps
 * spread the accounts over many invocations of it (stacks/sweep-state-machine.ts).
 */
export type SweepEngine = 'lambda' | 'step-functions';
export const SWEEP_ENGINES: readonly SweepEngine[] = ['lambda', 'step-functions'];
export const DEFAULT_SWEEP_ENGINE: SweepEngine = 'lambda';

/** The key of the setting within the `sweep` section. */
export const ENGINE_KEY = 'engine';

/** The engine `value` names, or why it names none. */
export function sweepEngineOf(value: unknown): { engine: SweepEngine } | { problem: string } {
  if (value === undefined) return { engine: DEFAULT_SWEEP_ENGINE };
  const engine = SWEEP_ENGINES.find((candidate) => candidate === value);
  if (engine) return { engine };
  return { problem: `sweep.engine ${show(value)} must be one of ${SWEEP_ENGINES.map((name) => `"${name}"`).join(', ')}` };
}
