import type { UserState } from '../types';
import type { RuleContext } from './context';

/** The sweep never touches a principal it runs as. */
export function protectedPrincipal(user: UserState, ctx: RuleContext): string | undefined {
  return ctx.protectedArns.includes(user.arn) ? 'the sweep runs as this user' : undefined;
}
