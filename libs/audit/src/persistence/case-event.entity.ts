import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One applied event: the audit trail (append-only; a trigger refuses UPDATE and DELETE). */
@Entity('case_events')
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  fromState!: string | null;

  @Column({ type: 'text' })
  toState!: string;

  @Column({ type: 'text' })
  actorId!: string;

  @Column({ type: 'text' })
  actorRole!: string;

  @Column({ type: 'uuid', nullable: true })
  actorUnitId!: string | null;

  @Column({ type: 'integer' })
  machineVersion!: number;

  @Column({ type: 'text' })
  correlationId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
