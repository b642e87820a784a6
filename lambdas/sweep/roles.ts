/** The unused-roles report of one account: list, read the last use of the candidates, judge. Report only. */
import { describeError } from '../aws/aws-errors';
import type { MemberAccountIam } from '../aws/member-account';
import { mapPool } from '../engine/pool';
import { screenRoles, unusedRoles, type RoleRules } from '../engine/roles';
import type { RoleReport, RoleState } from '../engine/types';

/** Never throws: a failure is recorded in the report, and the account's users are swept all the same. */
export async function reportUnusedRoles(account: MemberAccountIam, rules: RoleRules, concurrency: number): Promise<RoleReport> {
  try {
    const listed = await account.listRoles();
    const { toCheck, excluded } = screenRoles(listed, rules);
    const checked = await mapPool(toCheck, concurrency, account.readRoleLastUse);
    return {
      listed: listed.length,
      excluded,
      unused: unusedRoles(
        checked.filter((role): role is RoleState => role !== undefined),
        rules,
      ),
    };
  } catch (error) {
    return { listed: 0, excluded: 0, unused: [], error: `the roles could not be read: ${describeError(error)}` };
  }
}
