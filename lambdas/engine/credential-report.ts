/**
 * Parsing the IAM credential report (text/csv). The parser is strict: a report that does not parse is
 * an error for the whole account, never a partial list of users to act on.
 */
import { SweepError } from './errors';

export class CredentialReportError extends SweepError {
  constructor(message: string) {
    super('CredentialReportError', `credential report: ${message}`);
  }
}

export interface ReportKey {
  /** 1 or 2: the report names only two keys per user and carries no key ids. */
  slot: 1 | 2;
  active: boolean;
  lastRotated: Date;
  lastUsed?: Date;
}

export interface ReportRow {
  user: string;
  arn: string;
  created: Date;
  passwordEnabled: boolean;
  passwordLastUsed?: Date;
  passwordLastChanged?: Date;
  keys: ReportKey[];
}

const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
] as const;

/**
 * When a password was last set: the newer of GetLoginProfile's CreateDate, which a reset (UpdateLoginProfile,
 * ChangePassword) does not move, and the user's report row's password_last_changed, which it does. A read is
 * never older than the report: a password reset since the report still has the row's time or a newer one.
 */
export function passwordSetAt(loginProfileCreated: Date, row: ReportRow | undefined): Date {
  const changed = row?.passwordEnabled ? row.passwordLastChanged : undefined;
  return changed && changed > loginProfileCreated ? changed : loginProfileCreated;
}

/** Values that mean "no such credential" or "never used". */
const ABSENT = new Set(['N/A', 'no_information', 'not_supported', '']);
const ROOT_ROW = '<root_account>';

/** Parses the report; the root row is left out, since the root user is never a cleanup target. */
export function parseCredentialReport(csv: string): ReportRow[] {
  const lines = csv.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines.length === 0) throw new CredentialReportError('the report is empty');
  const header = splitCsvLine(lines[0], 1);
  const column = new Map(header.map((name, index) => [name.trim(), index]));
  const missing = REQUIRED_COLUMNS.filter((name) => !column.has(name));
  if (missing.length > 0) throw new CredentialReportError(`missing columns ${missing.join(', ')}`);

  const rows: ReportRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    const cells = splitCsvLine(lines[n], n + 1);
    if (cells.length !== header.length) {
      throw new CredentialReportError(`line ${n + 1} has ${cells.length} fields, the header has ${header.length}`);
    }
    const get = (name: (typeof REQUIRED_COLUMNS)[number]) => cells[column.get(name)!].trim();
    const user = get('user');
    if (user === ROOT_ROW) continue;
    const where = `line ${n + 1} (${user})`;
    rows.push({
      user,
      arn: get('arn'),
      created: requiredDate(get('user_creation_time'), `${where} user_creation_time`),
      passwordEnabled: bool(get('password_enabled'), `${where} password_enabled`),
      passwordLastUsed: optionalDate(get('password_last_used'), `${where} password_last_used`),
      passwordLastChanged: optionalDate(get('password_last_changed'), `${where} password_last_changed`),
      keys: ([1, 2] as const).flatMap((slot) => {
        const lastRotated = optionalDate(get(`access_key_${slot}_last_rotated`), `${where} access_key_${slot}_last_rotated`);
        if (!lastRotated) return [];
        return [
          {
            slot,
            active: bool(get(`access_key_${slot}_active`), `${where} access_key_${slot}_active`),
            lastRotated,
            lastUsed: optionalDate(get(`access_key_${slot}_last_used_date`), `${where} access_key_${slot}_last_used_date`),
          },
        ];
      }),
    });
  }
  return rows;
}

/**
 * The fields of one CSV line (RFC 4180): a field in double quotes may hold commas, and `""` in it is one
 * quote. IAM user names may contain commas, and the report quotes such names and their ARNs.
 */
function splitCsvLine(line: string, lineNumber: number): string[] {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (line[at] === '"') {
      let value = '';
      let end = at + 1;
      for (;;) {
        const quote = line.indexOf('"', end);
        if (quote < 0) throw new CredentialReportError(`line ${lineNumber} has a quoted field that does not end`);
        value += line.slice(end, quote);
        if (line[quote + 1] !== '"') {
          end = quote + 1;
          break;
        }
        value += '"';
        end = quote + 2;
      }
      if (end < line.length && line[end] !== ',') throw new CredentialReportError(`line ${lineNumber} has text after a quoted field`);
      fields.push(value);
      at = end;
    } else {
      const comma = line.indexOf(',', at);
      fields.push(line.slice(at, comma < 0 ? line.length : comma));
      at = comma < 0 ? line.length : comma;
    }
    if (at >= line.length) return fields;
    at++; // past the comma
    if (at === line.length) {
      fields.push('');
      return fields;
    }
  }
}

function bool(value: string, where: string): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new CredentialReportError(`${where}: expected true or false, found "${value}"`);
}

function optionalDate(value: string, where: string): Date | undefined {
  return ABSENT.has(value) ? undefined : requiredDate(value, where);
}

function requiredDate(value: string, where: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw new CredentialReportError(`${where}: expected an ISO 8601 time, found "${value}"`);
  }
  return date;
}
