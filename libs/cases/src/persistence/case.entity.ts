import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseKind, PersistedSnapshot, TopLevelState } from '@app/workflow';

@Entity('cases')
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  kind!: CaseKind;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'jsonb' })
  fields!: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  unitId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text' })
  priority!: 'normal' | 'urgent';

  @Column({ type: 'text' })
  state!: TopLevelState;

  @Column({ type: 'text' })
  stateDetail!: string;

  @Column({ type: 'jsonb' })
  snapshot!: PersistedSnapshot;

  @Column({ type: 'integer' })
  machineVersion!: number;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  chainHead!: string;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  warnAt!: Date | null;

  @Column({ type: 'boolean' })
  calendarComplete!: boolean;

  @Column({ type: 'smallint' })
  escalationLevel!: number;

  @Column({ type: 'integer' })
  reworkCount!: number;

  @Column({ type: 'boolean' })
  suspended!: boolean;

  @Column({ type: 'uuid', nullable: true })
  parentCaseId!: string | null;

  @Column({ type: 'text' })
  openedBy!: string;

  @Column({ type: 'timestamptz' })
  openedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
