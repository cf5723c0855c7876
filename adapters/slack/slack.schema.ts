import type { SchemaPart } from '../../src/database/schema.js';
import { Slack1764190000000 } from './migrations/1764190000000-slack.js';
import { SlackHandOffPosts1764300000001 } from './migrations/1764300000001-slack-hand-off-posts.js';
import { SLACK_ENTITIES } from './slack.entities.js';

/** Slack's tables: the case cards, the events already taken, and the posts of requests to talk to a person. */
export const SLACK_SCHEMA: SchemaPart = { entities: SLACK_ENTITIES, migrations: [Slack1764190000000, SlackHandOffPosts1764300000001] };
