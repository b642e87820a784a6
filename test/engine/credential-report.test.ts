import { CredentialReportError, parseCredentialReport } from '../../lambdas/engine/credential-report';
import { CREDENTIAL_REPORT_COLUMNS } from '../../sim/credential-report';

const header = CREDENTIAL_REPORT_COLUMNS.join(',');
const root = '<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const row = (user: string, arn: string) =>
  `${user},${arn},2021-05-01T10:00:00+00:00,true,2021-06-01T10:00:00+00:00,2021-05-01T10:00:00+00:00,N/A,false,` +
  'true,2021-05-02T10:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';

describe('parseCredentialReport', () => {
  test('reads a user whose name holds a comma, as IAM allows and as CSV quotes it', () => {
    // IAM user names may contain + = , . @ _ -; a CSV field with a comma is quoted.
    const csv = [header, root, row('"ops,admin"', '"arn:aws:iam::123456789012:user/ops,admin"'), row('alice', 'arn:aws:iam::123456789012:user/alice')].join('\n');
    const rows = parseCredentialReport(csv);
    expect(rows.map((r) => [r.user, r.arn])).toEqual([
      ['ops,admin', 'arn:aws:iam::123456789012:user/ops,admin'],
      ['alice', 'arn:aws:iam::123456789012:user/alice'],
    ]);
    expect(rows[0].passwordEnabled).toBe(true);
    expect(rows[0].keys).toEqual([{ slot: 1, active: true, lastRotated: new Date('2021-05-02T10:00:00Z'), lastUsed: undefined }]);
  });

  test('reads a doubled quote inside a quoted field as one quote', () => {
    const csv = [header, row('"a""b"', 'arn:aws:iam::123456789012:user/ab')].join('\n');
    expect(parseCredentialReport(csv)[0].user).toBe('a"b');
  });

  test('still refuses a line with too few or too many fields, and an unterminated quote', () => {
    expect(() => parseCredentialReport([header, row('alice', 'arn').split(',').slice(0, 10).join(',')].join('\n'))).toThrow(CredentialReportError);
    expect(() => parseCredentialReport([header, `${row('alice', 'arn')},extra`].join('\n'))).toThrow('line 2 has 23 fields, the header has 22');
    expect(() => parseCredentialReport([header, row('"alice', 'arn')].join('\n'))).toThrow(CredentialReportError);
  });
});
