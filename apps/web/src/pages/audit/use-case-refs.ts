import { useEffect, useRef, useState } from 'react';
import { fetchCase } from '../../api/rectify-api';
import type { AuditEvent, CaseKind } from '../../api/types';

export interface CaseRef {
  code: string;
  kind: CaseKind;
}

/** Audit rows carry only the case id; look up codes once per case, a few at a time. */
export function useCaseRefs(rows: AuditEvent[]): Map<string, CaseRef> {
  const [refs, setRefs] = useState(new Map<string, CaseRef>());
  const requested = useRef(new Set<string>());
  useEffect(() => {
    const wanted = [...new Set(rows.map((r) => r.caseId))].filter((id) => !requested.current.has(id));
    wanted.forEach((id) => requested.current.add(id));
    // Codes stay valid after the page moves on, so late answers are still kept.
    (async () => {
      for (let i = 0; i < wanted.length; i += 6) {
        const found = await Promise.allSettled(wanted.slice(i, i + 6).map((id) => fetchCase(id)));
        setRefs((old) => {
          const next = new Map(old);
          for (const r of found) if (r.status === 'fulfilled') next.set(r.value.id, { code: r.value.code, kind: r.value.kind });
          return next;
        });
      }
    })().catch(() => undefined);
  }, [rows]);
  return refs;
}
