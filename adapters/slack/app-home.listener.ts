import { Inject, Injectable } from '@nestjs/common';
import type { App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { isInvolved } from '../../src/complaints/domain/complaint.machine.js';
import { OPEN_STATUSES, STATUSES } from '../../src/complaints/domain/complaint.js';
import { homeView, notStaffHomeView, type CaseList, HOME_LIST_SIZE } from './app-home.js';
import { CardContexts } from './card-context.js';
import { CardLinks } from './card-links.js';
import { SlackWebApi } from './slack-web-api.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';
import type { StaffActor } from './staff-directory.js';

/** Cases someone may still be working on: everything but the two ends (as `/complaint mine`). */
const NOT_ENDED = STATUSES.filter((status) => status !== 'closed' && status !== 'withdrawn');
/** Enough of a person's own cases to count the overdue ones and those due this week. */
const READ_SIZE = 100;

/**
 * Redress's App Home tab: drawn for whoever opens it, each time they open it, with the cases they may work on. A
 * case that names them as involved is not offered to them.
 */
@Injectable()
export class AppHome {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly contexts: CardContexts,
    private readonly links: CardLinks,
    private readonly slack: SlackWebApi,
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
  ) {}

  register(app: App): void {
    app.event('app_home_opened', (args) => this.onOpened(args));
  }

  private async onOpened({ event }: SlackEventMiddlewareArgs<'app_home_opened'>): Promise<void> {
    // the Messages and About tabs are Slack's own
    if (event.tab !== 'home') return;
    const actor = this.settings.staff.actorFor(event.user);
    const view = actor ? await this.viewFor(actor) : notStaffHomeView();
    await this.slack.client.views.publish({ user_id: event.user, view });
  }

  private async viewFor(actor: StaffActor) {
    const context = this.contexts.now();
    const mine = await this.complaints.list({ assignee: actor.id, status: NOT_ENDED, page: 1, pageSize: READ_SIZE });
    const unassigned = this.notInvolved(await this.complaints.list({ assignee: 'none', status: [...OPEN_STATUSES], page: 1, pageSize: READ_SIZE }), actor);
    const teamOverdue =
      actor.role === 'supervisor'
        ? this.notInvolved(await this.complaints.list({ overdue: true, status: [...OPEN_STATUSES], page: 1, pageSize: READ_SIZE }), actor)
        : null;
    const shown = [mine.items, unassigned.items, teamOverdue?.items ?? []].flatMap((items) => items.slice(0, HOME_LIST_SIZE));
    const links = await this.links.forCases([...new Set(shown.map((c) => c.reference))]);
    return homeView({ userId: actor.id, role: actor.role, mine, unassigned, teamOverdue, links }, context);
  }

  private notInvolved(page: CaseList, actor: StaffActor): CaseList {
    const items = page.items.filter((complaint) => !isInvolved(complaint, actor));
    return { items, total: page.total - (page.items.length - items.length) };
  }
}
