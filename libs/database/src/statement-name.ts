import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/** A stable name per statement text, so each connection prepares it once. */
export function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `r_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
}
