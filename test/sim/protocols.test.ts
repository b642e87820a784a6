import { serviceModel } from '../../sim/models';
import { jsonResponse, operationFromTarget, readJsonInput } from '../../sim/protocols/json';
import { parseQueryBody, queryResponse, readQueryInput } from '../../sim/protocols/query';
import { decodeAwsChunked, RestRouter, virtualHostBucket } from '../../sim/protocols/rest-xml';
import { findViolation } from '../../sim/protocols/validate';
import { escapeXml, xmlValue } from '../../sim/protocols/xml';

const iam = serviceModel('iam');
const sns = serviceModel('sns');

describe('Query protocol', () => {
  test('reads Name.member.N lists, nested structures and entry.N maps per the model', () => {
    const tagUser = iam.operations.get('TagUser')!;
    const body = 'Action=TagUser&Version=2010-05-08&UserName=a%20b&Tags.member.1.Key=k1&Tags.member.1.Value=v%261&Tags.member.2.Key=k2&Tags.member.2.Value=';
    expect(readQueryInput(tagUser, parseQueryBody(body))).toEqual({
      UserName: 'a b', Tags: [{ Key: 'k1', Value: 'v&1' }, { Key: 'k2', Value: '' }],
    });
    const publish = sns.operations.get('Publish')!;
    const withAttributes = 'Action=Publish&Message=m&MessageAttributes.entry.1.Name=team&MessageAttributes.entry.1.Value.DataType=String'
      + '&MessageAttributes.entry.1.Value.StringValue=x';
    expect(readQueryInput(publish, parseQueryBody(withAttributes))).toEqual({
      Message: 'm', MessageAttributes: { team: { DataType: 'String', StringValue: 'x' } },
    });
  });

  test('reads an empty list sent as `Name=`, integers and booleans', () => {
    const untag = iam.operations.get('UntagUser')!;
    expect(readQueryInput(untag, parseQueryBody('UserName=u&TagKeys='))).toEqual({ UserName: 'u', TagKeys: [] });
    const listUsers = iam.operations.get('ListUsers')!;
    expect(readQueryInput(listUsers, parseQueryBody('MaxItems=5&Marker=abc'))).toEqual({ MaxItems: 5, Marker: 'abc' });
    const services = iam.operations.get('ListServiceSpecificCredentials')!;
    expect(readQueryInput(services, parseQueryBody('AllUsers=true'))).toEqual({ AllUsers: true });
  });

  test('writes the result wrapper, <member> lists, ISO timestamps, lowercase booleans and escaped text', () => {
    const listUsers = iam.operations.get('ListUsers')!;
    const xml = queryResponse(iam, listUsers, {
      Users: [{ Path: '/', UserName: 'a<b', UserId: 'AIDA1', Arn: 'arn', CreateDate: new Date('2024-01-02T03:04:05.678Z') }],
      IsTruncated: true,
      Marker: 'm&n',
    }, 'req-1');
    expect(xml).toBe('<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult>'
      + '<Users><member><Path>/</Path><UserName>a&lt;b</UserName><UserId>AIDA1</UserId><Arn>arn</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate></member></Users>'
      + '<IsTruncated>true</IsTruncated><Marker>m&amp;n</Marker></ListUsersResult>'
      + '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListUsersResponse>');
    const deleteUser = iam.operations.get('DeleteUser')!;
    expect(queryResponse(iam, deleteUser, undefined, 'r')).toBe(
      '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>');
  });

  test('writes blobs as base64', () => {
    const report = iam.operations.get('GetCredentialReport')!;
    expect(xmlValue(report.output!, { Content: Buffer.from('a,b\n1,2'), ReportFormat: 'text/csv' }))
      .toBe(`<Content>${Buffer.from('a,b\n1,2').toString('base64')}</Content><ReportFormat>text/csv</ReportFormat>`);
    expect(escapeXml(`<&>"'\r`)).toBe('&lt;&amp;&gt;&quot;&apos;&#13;');
  });
});

describe('JSON 1.1 protocol', () => {
  const organizations = serviceModel('organizations');

  test('takes the operation from X-Amz-Target only with the service prefix', () => {
    expect(operationFromTarget('AWSOrganizationsV20161128.ListAccounts', 'AWSOrganizationsV20161128')).toBe('ListAccounts');
    expect(operationFromTarget('Other.ListAccounts', 'AWSOrganizationsV20161128')).toBeUndefined();
  });

  test('writes timestamps as epoch seconds and leaves absent members out', () => {
    const describe = organizations.operations.get('DescribeAccount')!;
    const text = jsonResponse(describe.output, { Account: { Id: '1', JoinedTimestamp: new Date(1_700_000_000_500), Name: undefined } });
    expect(JSON.parse(text)).toEqual({ Account: { Id: '1', JoinedTimestamp: 1_700_000_000.5 } });
  });

  test('refuses a body that is not a JSON object', () => {
    const list = organizations.operations.get('ListAccounts')!;
    expect(() => readJsonInput(list.input, '[1]')).toThrow('must be a JSON object');
    expect(readJsonInput(list.input, '')).toEqual({});
  });
});

describe('REST-XML protocol', () => {
  const router = new RestRouter(serviceModel('s3'));

  test('routes by method, path template and required query parameters', () => {
    const route = (method: string, path: string, query = '') => {
      const match = router.match(method, path, new URLSearchParams(query));
      return match && [match.operation.name, match.labels];
    };
    expect(route('PUT', '/b/a/b%20c.json')).toEqual(['PutObject', { Bucket: 'b', Key: 'a/b c.json' }]);
    expect(route('GET', '/b/k', 'x-id=GetObject')).toEqual(['GetObject', { Bucket: 'b', Key: 'k' }]);
    expect(route('GET', '/b', 'list-type=2&prefix=x')).toEqual(['ListObjectsV2', { Bucket: 'b' }]);
    expect(route('GET', '/b/', 'list-type=2')).toEqual(['ListObjectsV2', { Bucket: 'b' }]);
    expect(route('GET', '/b')).toBeUndefined();
    expect(route('DELETE', '/b/k')).toBeUndefined();
  });

  test('finds the bucket of a virtual-host style Host header', () => {
    expect(virtualHostBucket('reports.localhost:4566')).toBe('reports');
    expect(virtualHostBucket('reports.s3.us-east-1.amazonaws.com')).toBe('reports');
    expect(virtualHostBucket('127.0.0.1:4566')).toBeUndefined();
    expect(virtualHostBucket('localhost')).toBeUndefined();
  });

  test('decodes aws-chunked bodies', () => {
    const body = Buffer.from('5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n');
    expect(decodeAwsChunked(body).toString()).toBe('hello world');
    expect(() => decodeAwsChunked(Buffer.from('5\r\nhel'))).toThrow();
  });
});

describe('input validation from the model', () => {
  test('reports required members, lengths, ranges and enums with AWS-style messages', () => {
    const shape = (service: 'iam' | 'organizations', op: string) => serviceModel(service).operations.get(op)!.input!;
    expect(findViolation(shape('iam', 'DeleteUser'), {})).toEqual({
      reason: 'INPUT_REQUIRED', message: "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    });
    expect(findViolation(shape('iam', 'ListUsers'), { MaxItems: 1001 })?.reason).toBe('MAX_VALUE_EXCEEDED');
    expect(findViolation(shape('iam', 'UpdateAccessKey'), { AccessKeyId: 'AKIA0000000000000000', Status: 'On' })?.reason).toBe('INVALID_ENUM');
    expect(findViolation(shape('iam', 'CreateUser'), { UserName: 'x'.repeat(65) })?.reason).toBe('MAX_LENGTH_EXCEEDED');
    expect(findViolation(shape('organizations', 'ListAccounts'), { MaxResults: 20 })).toBeUndefined();
  });

  test('matches patterns against the whole value, Java classes such as \\p{L} included', () => {
    const shape = (service: 'iam' | 'organizations', op: string) => serviceModel(service).operations.get(op)!.input!;
    expect(findViolation(shape('iam', 'GetUser'), { UserName: 'alice smith' })).toEqual({
      reason: 'INVALID_PATTERN',
      message: "1 validation error detected: Value 'alice smith' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
    expect(findViolation(shape('iam', 'GetUser'), { UserName: 'alice.smith+ops@corp' })).toBeUndefined();
    // Tag keys allow letters of any script (\p{L}), not a comma.
    expect(findViolation(shape('iam', 'TagUser'), { UserName: 'a', Tags: [{ Key: 'équipe:été', Value: 'x' }] })).toBeUndefined();
    expect(findViolation(shape('iam', 'TagUser'), { UserName: 'a', Tags: [{ Key: 'a,b', Value: 'x' }] })?.reason).toBe('INVALID_PATTERN');
    expect(findViolation(shape('organizations', 'ListTagsForResource'), { ResourceId: 'ou-a1b2-workload1' })).toBeUndefined();
    expect(findViolation(shape('organizations', 'ListTagsForResource'), { ResourceId: 'Workloads' })?.reason).toBe('INVALID_PATTERN');
  });
});
