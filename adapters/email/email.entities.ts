import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A complaint begun by email that waits for its category: what the customer has written so far, and the language
 * they were asked in. One per address; it goes once the complaint is recorded.
 */
@Entity('email_intakes')
export class EmailIntakeRecord {
  /** Lower case. */
  @PrimaryColumn({ type: 'varchar', length: 320 })
  address!: string;

  /** The first email's subject and words, and whatever the customer added before choosing a category. */
  @Column({ type: 'text' })
  story!: string;

  @Column({ type: 'varchar', length: 8 })
  language!: string;

  @Column({ name: 'asked_at', type: 'varchar', length: 24 })
  askedAt!: string;
}

export const EMAIL_ENTITIES = [EmailIntakeRecord];
