/** The report bucket's layout: where the engine writes run reports, user backups and what runs leave for the next. */
export const REPORT_PREFIX = 'reports/';
export const BACKUP_PREFIX = 'backups/';
/** Where the engine keeps what it must remember between runs (the Identity Center quarantine clocks). */
export const STATE_PREFIX = 'state/';
