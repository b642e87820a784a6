/**
 * `*` matches any run of characters, `?` one character; everything else is literal. Letters match ignoring
 * case: IAM user and role names and identity store user names are unique ignoring case, so `breakglass*`
 * names `BreakGlass-Admin` as surely as IAM does.
 */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}
