/**
 * Runs the simulator until stopped:
 *
 *     npm run sim -- --scenario <file> [--port <n>] [--host <address>]
 *
 * Prints `listening on http://127.0.0.1:<port>`; exits 2 on bad flags, 1 on a bad scenario.
 */
import { ScenarioError } from './load-scenario';
import { startSimulator } from './server';

const USAGE = 'usage: npm run sim -- --scenario <file> [--port <n>] [--host <address>]';

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

interface CliOptions {
  scenario: string;
  port: number;
  host: string;
}

export function parseCliArgs(args: readonly string[]): CliOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag !== '--scenario' && flag !== '--port' && flag !== '--host') throw new UsageError(`unknown argument ${JSON.stringify(flag)}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
    i += 1;
  }
  const scenario = values.get('--scenario');
  if (!scenario) throw new UsageError('--scenario <file> is required');
  const portText = values.get('--port') ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got ${JSON.stringify(portText)}`);
  return { scenario, port, host: values.get('--host') ?? '127.0.0.1' };
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  try {
    const sim = await startSimulator(options);
    process.stdout.write(`listening on ${sim.url}\n`);
    const stop = () => void sim.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    const message = error instanceof ScenarioError ? `invalid scenario: ${error.message}` : (error as Error).message;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
