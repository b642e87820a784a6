/** The Identity Center adapter's logic: following asynchronous assignment operations, and the assignment index. */
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { AssignmentOperationError, listUserAssignments, waitForAssignmentOperation } from '../../lambdas/aws/identity-center';

describe('waitForAssignmentOperation', () => {
  const fast = { firstWaitMs: 1, timeoutMs: 1_000 };

  test('polls while IN_PROGRESS and returns once SUCCEEDED', async () => {
    const answers = [{ Status: 'IN_PROGRESS' as const, RequestId: 'r-1' }, { Status: 'SUCCEEDED' as const, RequestId: 'r-1' }];
    const asked: string[] = [];
    await waitForAssignmentOperation({ Status: 'IN_PROGRESS', RequestId: 'r-1' }, async (id) => (asked.push(id), answers.shift()), 'removing', fast);
    expect(asked).toEqual(['r-1', 'r-1']);
  });

  test('an operation that SUCCEEDED at once needs no poll', async () => {
    const describe = jest.fn();
    await waitForAssignmentOperation({ Status: 'SUCCEEDED', RequestId: 'r-1' }, describe, 'removing', fast);
    expect(describe).not.toHaveBeenCalled();
  });

  test('FAILED throws with Identity Center’s reason', async () => {
    const failed = waitForAssignmentOperation(
      { Status: 'IN_PROGRESS', RequestId: 'r-1' },
      async () => ({ Status: 'FAILED', RequestId: 'r-1', FailureReason: 'Permission set is being provisioned' }),
      'removing the assignment',
      fast,
    );
    await expect(failed).rejects.toThrow(new AssignmentOperationError('removing the assignment', 'Permission set is being provisioned'));
  });

  test('gives up after the timeout, saying the operation is still in progress', async () => {
    const stuck = waitForAssignmentOperation(
      { Status: 'IN_PROGRESS', RequestId: 'r-1' },
      async () => ({ Status: 'IN_PROGRESS', RequestId: 'r-1' }),
      'removing',
      { firstWaitMs: 1, timeoutMs: 5 },
    );
    await expect(stuck).rejects.toThrow(/removing: still IN_PROGRESS after 0 s/);
  });
});

describe('listUserAssignments', () => {
  /** A stand-in sso-admin answering by operation name. */
  function ssoAdmin(answers: Record<string, (input: Record<string, string>) => unknown>): SSOAdminClient {
    // A real client (the paginators insist on one) whose send answers locally.
    const client = new SSOAdminClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    client.send = (async (command: { constructor: { name: string }; input: Record<string, string> }) =>
      answers[command.constructor.name.replace(/Command$/, '')](command.input)) as unknown as SSOAdminClient['send'];
    return client;
  }
  const denied = () => {
    throw Object.assign(new Error('A delegated administrator cannot read this'), { name: 'AccessDeniedException' });
  };

  test('indexes direct user assignments by user id, and names the places it could not read', async () => {
    // GIVEN a permission set in two accounts, one of which denies the listing, with a user and a group assignment
    const client = ssoAdmin({
      ListPermissionSets: () => ({ PermissionSets: ['ps-1'] }),
      ListAccountsForProvisionedPermissionSet: () => ({ AccountIds: ['111111111111', '333333333333'] }),
      ListAccountAssignments: (input) =>
        input.AccountId === '111111111111'
          ? denied()
          : {
              AccountAssignments: [
                { AccountId: '333333333333', PermissionSetArn: 'ps-1', PrincipalType: 'USER', PrincipalId: 'u-1' },
                { AccountId: '333333333333', PermissionSetArn: 'ps-1', PrincipalType: 'GROUP', PrincipalId: 'g-1' },
              ],
            },
    });

    // WHEN the index is built
    const index = await listUserAssignments(client, 'arn:aws:sso:::instance/ssoins-1');

    // THEN the user's assignment is there, the group's is not, and the denied account is named
    expect(index.byUser).toEqual(new Map([['u-1', [{ accountId: '333333333333', permissionSetArn: 'ps-1' }]]]));
    expect(index.unreadable).toEqual([expect.stringMatching(/^account 111111111111, permission set ps-1: AccessDeniedException/)]);
  });

  test('any other error fails the listing', async () => {
    const client = ssoAdmin({
      ListPermissionSets: () => ({ PermissionSets: ['ps-1'] }),
      ListAccountsForProvisionedPermissionSet: () => {
        throw Object.assign(new Error('boom'), { name: 'InternalServerException' });
      },
    });
    await expect(listUserAssignments(client, 'arn:aws:sso:::instance/ssoins-1')).rejects.toThrow('boom');
  });
});
