import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR, IMPLEMENTED_OPERATIONS, VENDORED_SERVICES, vendoredModelText } from '../../sim/models/vendor';
import { serviceModel } from '../../sim/models';
import { cloudtrailHandlers } from '../../sim/services/cloudtrail';
import { iamHandlers } from '../../sim/services/iam';
import { identitystoreHandlers } from '../../sim/services/identitystore';
import { organizationsHandlers } from '../../sim/services/organizations';
import { s3Handlers } from '../../sim/services/s3';
import { snsHandlers } from '../../sim/services/sns';
import { ssoAdminHandlers } from '../../sim/services/sso-admin';
import { stsHandlers } from '../../sim/services/sts';

const handlers = {
  iam: iamHandlers,
  sts: stsHandlers,
  organizations: organizationsHandlers,
  sns: snsHandlers,
  s3: s3Handlers,
  cloudtrail: cloudtrailHandlers,
  identitystore: identitystoreHandlers,
  'sso-admin': ssoAdminHandlers,
};

const officialModels = existsSync(DEFAULT_MODELS_DIR);
(officialModels ? test.each(VENDORED_SERVICES) : test.skip.each(VENDORED_SERVICES))(
  'sim/models/%s.json is the official model trimmed to the implemented operations (re-run sim/models/vendor-cli.ts if not)',
  (service) => {
    const committed = readFileSync(join(__dirname, '..', '..', 'sim', 'models', `${service}.json`), 'utf8');
    expect(committed).toBe(vendoredModelText(service, DEFAULT_MODELS_DIR));
  },
);

test.each(VENDORED_SERVICES)('%s: every vendored operation has a handler and every handler a vendored operation', (service) => {
  expect(Object.keys(handlers[service]).sort()).toEqual([...IMPLEMENTED_OPERATIONS[service]].sort());
  expect([...serviceModel(service).operations.keys()].sort()).toEqual([...IMPLEMENTED_OPERATIONS[service]].sort());
});

test('the vendored models keep no documentation and carry the error shapes with their codes and statuses', () => {
  for (const service of VENDORED_SERVICES) {
    expect(readFileSync(join(__dirname, '..', '..', 'sim', 'models', `${service}.json`), 'utf8')).not.toContain('"documentation"');
  }
  expect(serviceModel('iam').errors.get('DeleteConflict')).toMatchObject({ httpStatusCode: 409, senderFault: true });
  expect(serviceModel('sns').errors.get('Throttled')).toMatchObject({ httpStatusCode: 429 });
  expect(serviceModel('organizations').errors.get('ServiceException')).toMatchObject({ httpStatusCode: 500, senderFault: false });
  expect(serviceModel('s3').errors.get('NoSuchBucket')).toMatchObject({ httpStatusCode: 404 });
  expect(serviceModel('cloudtrail').errors.get('ThrottlingException')).toMatchObject({ httpStatusCode: 400, senderFault: true });
  expect(serviceModel('identitystore').errors.get('InternalServerException')).toMatchObject({ httpStatusCode: 500, senderFault: false });
  expect(serviceModel('sso-admin')).toMatchObject({ signingName: 'sso', targetPrefix: 'SWBExternalService', protocol: 'json' });
});
