import { z } from 'zod';
import { CELL_KINDS, type MetricPart, metricOf, partsOf, type ReportKind } from './metrics';

/** One figure of a report: which cases it counts, as a token `GET /api/cases?reportCell=` lists. */
export interface ReportCell {
  kind: ReportKind;
  metric: string;
  part: MetricPart;
  /** The unit's row; null for the county total. */
  unitId: string | null;
  rollup: boolean;
  from: string;
  to: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const cellSchema = z
  .strictObject({
    kind: z.enum(CELL_KINDS),
    metric: z.string(),
    part: z.enum(['numerator', 'denominator', 'count']),
    unitId: z.uuid().nullable(),
    rollup: z.boolean(),
    from: z.string().regex(ISO_DATE),
    to: z.string().regex(ISO_DATE),
  })
  .refine((c) => {
    const metric = metricOf(c.kind, c.metric);
    return metric !== undefined && partsOf(metric).includes(c.part);
  });

export function encodeCell(cell: ReportCell): string {
  return Buffer.from(JSON.stringify(cell)).toString('base64url');
}

/** The cell a token names, or null when it is not one a report gave out. */
export function decodeCell(token: string): ReportCell | null {
  try {
    const parsed = cellSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
