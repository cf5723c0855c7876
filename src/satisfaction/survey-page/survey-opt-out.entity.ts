import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A customer who asked for no more satisfaction surveys, by the conversation key of where they are reached
 * (`email:sam@example.org`). Kept through an erasure, as an SMS STOP is: it is what keeps them from being asked again.
 */
@Entity('satisfaction_opt_outs')
export class SurveyOptOutRecord {
  @PrimaryColumn({ type: 'varchar', length: 240 })
  conversation!: string;

  @Column({ name: 'opted_out_at', type: 'varchar', length: 24 })
  optedOutAt!: string;
}
