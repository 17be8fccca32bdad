/** 13812345678 → 138****5678; shorter numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return digits.length > 2 ? `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}` : '**';
}

/** 张三丰 → 张**: the family name stays, so staff can still address the caller. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

const MASKERS: Record<string, (value: string) => string> = { callerPhone: maskPhone, callerName: maskName };

/** Copies an object with personal data masked; used for lists, timelines, audit payloads. */
export function maskPersonalData<T extends Record<string, unknown>>(fields: T): T {
  const out: Record<string, unknown> = { ...fields };
  for (const [key, mask] of Object.entries(MASKERS)) {
    if (typeof out[key] === 'string') out[key] = mask(out[key] as string);
  }
  return out as T;
}
