import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A deadline event to deliver: warning, breach or escalation level, due at `dueAt`. */
@Entity('case_timers')
export class CaseTimerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  purpose!: 'warning' | 'breach' | 'escalate';

  @Column({ type: 'smallint' })
  level!: number;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text' })
  clock!: 'workday' | 'wall';

  @Column({ type: 'text' })
  stateEntered!: string;

  @Column({ type: 'text' })
  status!: 'pending' | 'paused' | 'fired' | 'cancelled' | 'parked';

  @Column({ type: 'integer' })
  policyVersion!: number;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  firedAt!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('sla_policies')
export class SlaPolicyEntity {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  rules!: unknown[];

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'text' })
  createdBy!: string;
}

@Entity('calendar_years')
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ type: 'date', array: true })
  holidays!: string[];

  @Column({ type: 'date', array: true })
  workdays!: string[];

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'text' })
  updatedBy!: string;
}
