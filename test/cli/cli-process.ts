/** Runs the CLI as a child process, as a person or a CI job would, with tsx loading the TypeScript. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const PROJECT_DIR = join(__dirname, '../..');
const MAIN = join(PROJECT_DIR, 'lambdas/cli/main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Dummy credentials: the simulator treats an unknown key as the scenario's caller. */
export const TEST_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDCALLER',
  AWS_SECRET_ACCESS_KEY: 'test-secret',
  AWS_REGION: 'us-east-1',
};

/** `iam-sweep <args>`, stdin a pipe (no terminal), with TEST_ENV and `env` on top of a clean AWS environment. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: PROJECT_DIR,
    env: { ...inherited, ...TEST_ENV, NODE_NO_WARNINGS: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
