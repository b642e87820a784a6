/**
 * The scenario format: the whole state of a simulated AWS Organization, as the simulator loads it and as
 * `GET /_sim/state` returns it. Other work and acceptance checks depend on these names: extend, never rename.
 * The types are those of the schemas in scenario-schema/, which describe each field once.
 *
 * Times are ISO 8601 or relative to the simulator's start (`-120d`, `-3h`, `-15m`, `-30s`).
 * A missing `lastUsed` or `passwordLastUsed` means never used; absent lists are empty.
 */

export type { AccessKeySpec, AccountSpec, AccountState, CloudTrailEventSpec, GroupSpec, MfaDeviceSpec, RoleSpec, UserSpec } from './scenario-schema/account';
export type { CredentialReportCorruption, Faults } from './scenario-schema/faults';
export type { PolicyDocument } from './scenario-schema/fields';
export type {
  IdentityCenterAssignmentSpec, IdentityCenterPermissionSetSpec, IdentityCenterSpec, IdentityCenterUserSpec,
} from './scenario-schema/identity-center';
export type { OrganizationalUnitSpec, OrganizationSpec, Scenario, ServiceControlPolicySpec, Tags } from './scenario-schema/scenario';

/** What IAM takes as an SSH public key: ssh-rsa (with an optional comment) or PEM. */
export const SSH_PUBLIC_KEY =
  /^(ssh-rsa [A-Za-z0-9+/]+={0,2}( [^\r\n]*)?|-----BEGIN PUBLIC KEY-----\s+[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----)\s*$/;
/** What IAM takes as a signing certificate: PEM. */
export const CERTIFICATE = /^-----BEGIN CERTIFICATE-----\s+[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*$/;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Resolves a scenario time (`-120d`, `-3h`, or ISO 8601) against the simulator's start time. */
export function resolveTime(value: string, start: Date): Date {
  const relative = /^([+-]\d+(?:\.\d+)?)([smhd])$/.exec(value.trim());
  if (relative) return new Date(start.getTime() + Number(relative[1]) * UNIT_MS[relative[2]]);
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) {
    throw new Error(`Invalid scenario time "${value}": use ISO 8601 or a relative time such as -120d, -3h, -15m`);
  }
  return parsed;
}
