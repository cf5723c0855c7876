import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A link to a complaint's card and its thread, as Slack gave it (`chat.getPermalink`): asked once per card. */
@Entity('slack_card_links')
export class SlackCardLinkRecord {
  @PrimaryColumn({ type: 'varchar', length: 9 })
  reference!: string;

  /** The card message the link leads to: a card posted again (after someone deleted it) needs a new link. */
  @Column({ type: 'varchar', length: 32 })
  ts!: string;

  @Column({ type: 'varchar', length: 500 })
  permalink!: string;
}

export const SLACK_LINK_ENTITIES = [SlackCardLinkRecord];
