/** A scenario that cannot be loaded; the message names the field (`accounts[2].users[0].created: …`). */
export class ScenarioError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScenarioError';
  }
}

/** Refuses the scenario, naming where: `path` is empty for the scenario as a whole. */
export function fail(path: string, problem: string): never {
  throw new ScenarioError(`${path || 'scenario'}: ${problem}`);
}
