import type { SchemaPart } from '../../src/database/schema.js';
import { Slack1764190000000 } from './migrations/1764190000000-slack.js';
import { SlackHandOffPosts1764300000001 } from './migrations/1764300000001-slack-hand-off-posts.js';
import { SlackInbound1765400000001 } from './migrations/1765400000001-slack-inbound.js';
import { SLACK_ENTITIES } from './slack.entities.js';
import { SLACK_INBOUND_ENTITIES } from './slack-inbound.entities.js';
import { SlackCardLinks1765700000001 } from './migrations/1765700000001-slack-card-links.js';
import { SLACK_LINK_ENTITIES } from './slack-links.entities.js';

/**
 * Slack's tables: the case cards, the events already taken, the posts of requests to talk to a person, the signed
 * requests already acted on, the modals Redress opened and the links to the cards.
 */
export const SLACK_SCHEMA: SchemaPart = {
  entities: [...SLACK_ENTITIES, ...SLACK_INBOUND_ENTITIES, ...SLACK_LINK_ENTITIES],
  migrations: [Slack1764190000000, SlackHandOffPosts1764300000001, SlackInbound1765400000001, SlackCardLinks1765700000001],
};
