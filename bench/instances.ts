import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { CpuMeter } from './cpu-meter.js';
import { CONNECTIONS, type Figures } from './load.js';
import { benchNumber, smsTurn, WebChatCustomer, withRedress } from './redress.js';
import type { TwilioSink } from './servers/twilio-sink.js';
import { driveTurns } from './turn-driver.js';

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Web chat and SMS turns on `instances` instances of Redress sharing one fresh PostgreSQL database, driven as in the
 * single-server rows. Web chat conversations are spread over the instances, each talking to one (as a load balancer
 * keeping a client on one instance would); each SMS goes to the next instance in turn, as Twilio's webhooks through a
 * round-robin balancer would. CPU is the instances' together (PostgreSQL's own is not counted).
 */
export async function onPostgres(adminUrl: string, sink: TwilioSink, instances: number, seconds: number): Promise<Figures[]> {
  const database = `bench_turns_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  try {
    return await withRedress(
      sink,
      async (servers) => {
        const pids = servers.map((s) => s.pid);
        const label = instances === 1 ? 'one instance' : `${instances} instances`;
        const customers = await Promise.all(
          Array.from({ length: CONNECTIONS }, (_, i) => WebChatCustomer.open(servers[i % servers.length].url, `user-${i}`)),
        );
        let web: Figures;
        try {
          web = await driveTurns(`web chat turn, PostgreSQL, ${label}`, (i) => customers[i].turn(), seconds, new CpuMeter(pids));
        } finally {
          for (const customer of customers) customer.close();
        }
        let next = 0;
        const sms = await driveTurns(
          `SMS turn, PostgreSQL, ${label}`,
          (i) => smsTurn(servers[next++ % servers.length], sink, benchNumber(i)),
          seconds,
          new CpuMeter(pids),
        );
        return [web, sms];
      },
      { databaseUrl: url.toString(), instances },
    );
  } finally {
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}
