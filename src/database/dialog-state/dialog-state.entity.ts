import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One botbuilder storage item (conversation or user state of the dialogs), with the eTag of its last write. */
@Entity('dialog_states')
export class DialogStateRecord {
  /** The botbuilder storage key, e.g. `webchat/conversations/<id>/`. */
  @PrimaryColumn({ type: 'varchar', length: 512 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  etag!: string;

  /** The item as JSON, without its eTag. */
  @Column({ type: 'text' })
  state!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
