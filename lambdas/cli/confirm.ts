/** Asking on the terminal before `disable` or `delete` changes a real organization. */
import { createInterface } from 'node:readline/promises';
import type { Mode } from '../engine/types';
import { UsageError } from './args';

export interface Terminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/** Thrown before any AWS call when no one is at a terminal to confirm and `--yes` was not given. */
export function refuseWithoutTerminal(mode: Mode): UsageError {
  return new UsageError(
    `${mode} mode changes IAM users across the organization and needs confirmation, but there is no terminal to ask on: ` +
      `pass --yes to run ${mode} mode unattended, or run report mode (the default) to see what it would do`,
  );
}

/** True when the person types the organization id or "yes". */
export async function confirmOnTerminal(mode: Mode, organizationId: string, what: string, terminal: Terminal): Promise<boolean> {
  const prompt = createInterface({ input: terminal.input, output: terminal.output, terminal: true });
  try {
    terminal.output.write(`\niam-sweep ${mode} mode on organization ${organizationId}: ${what}\n`);
    const answer = await prompt.question(`Type the organization id (${organizationId}) or "yes" to go on: `).catch((error: unknown) => {
      // Ctrl+C at the prompt is a no.
      if ((error as Error).name === 'AbortError') {
        terminal.output.write('\n');
        return '';
      }
      throw error;
    });
    return answer.trim() === organizationId || answer.trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}
