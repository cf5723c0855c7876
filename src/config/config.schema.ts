import { z } from 'zod';

const optionalSecret = z.string().min(1).optional();

/** Decimal digits only (no `1e3`, `0x10` or `12abc`), within bounds, with an error that says so in words. */
function wholeNumber(min: number, max?: number) {
  const error = max === undefined ? `must be a whole number, ${min} or more` : `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\s*\d+\s*$/, error)
    .transform(Number)
    .refine((value) => value >= min && (max === undefined || value <= max), error);
}
const slackUserIds = z
  .string()
  .transform((value) => value.split(',').map((id) => id.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must list Slack user ids such as U0123ABCD')))
  .default([]);

/** `U0123ABCD=Priya,api-jo=Jo`: the first name customers are told for each member of staff who may handle a case. */
const staffFirstNames = z
  .string()
  .transform((value) => value.split(',').map((pair) => pair.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.string().regex(/^[\w.@:-]{1,64}\s*=\s*[^=,\s][^=,]{0,39}$/, 'must list staff ids with first names, such as U0123ABCD=Priya,U0456EFGH=Sam'),
    ),
  )
  .transform((pairs) => Object.fromEntries(pairs.map((pair) => pair.split('=').map((part) => part.trim()) as [string, string])))
  .default({});

const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');

/**
 * The hosts of Bot Framework channels' service URLs, where /api/messages replies and proactive messages may go:
 * Azure Bot Service's channels (botframework.com, and its US government clouds) and Microsoft Teams (public, GCC,
 * GCC High, DoD). `*.` matches any subdomain.
 */
export const BOT_FRAMEWORK_SERVICE_HOSTS = [
  '*.botframework.com',
  '*.botframework.us',
  '*.botframework.azure.us',
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
];

/** Express's `trust proxy`: `true`, `false`, a hop count, or addresses and names such as `loopback`. */
const trustProxy = z
  .string()
  .transform((value): boolean | number | string => (value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value));

/** Every setting Redress reads from the environment. Nothing outside src/config reads process.env. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: wholeNumber(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  /**
   * How SQLite waits for the disk at each COMMIT (its `synchronous` pragma) in WAL mode: `full` waits until the commit
   * is on disk; `normal` does not wait at commits, and a power cut or an operating-system crash may lose the last ones
   * (not corrupt the file; a crash of Redress alone loses nothing).
   */
  SQLITE_SYNCHRONOUS: z.enum(['full', 'normal'], { error: 'must be full or normal' }).default('full'),
  STAFF_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  CODE_OF_CONDUCT_FILE: z.string().min(1).optional(),
  /** Seals case histories (an HMAC key kept out of the database); generated into DATA_DIR when unset. */
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where signed checkpoints of every case history's head are appended; best on storage the database cannot reach. */
  AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  /** How often a checkpoint is written (also at start and at shutdown). */
  AUDIT_CHECKPOINT_MINUTES: wholeNumber(1, 1440).default(60),
  PUBLIC_URL: z.url().optional(),
  /**
   * How long work in progress (a text being handled, a message being sent) stays claimed by the instance doing it:
   * after a crash, that work is taken up again once this passes. Longer than the slowest turn or provider call;
   * shorter means a quicker recovery.
   */
  CLAIM_LEASE_SECONDS: wholeNumber(5, 3600).default(60),
  /** Lets a caller on another machine read /metrics with `Authorization: Bearer <token>`; unset, only this machine may. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * How long a stopping instance (SIGTERM, SIGINT) waits for the turns and sends it holds to finish before it closes;
   * what it has not finished by then is taken up by another instance, or at the next start, when its lease lapses.
   */
  SHUTDOWN_GRACE_SECONDS: wholeNumber(1, 600).default(20),
  /** The name staff replies to customers are signed with; unset, "Complaints team" in the customer's language. */
  STAFF_REPLY_NAME: z.string().trim().min(1).max(40).optional(),
  /**
   * The fewest cases a published or reported rate, or a time distribution, is computed from; below it the figure reads
   * "not enough data", as a percentage of a handful of cases says more than they can.
   */
  INDICATORS_MINIMUM_COUNT: wholeNumber(1, 100000).default(30),
  /** The largest file a customer may send as evidence, in bytes (10 MB); a larger one is refused with this limit named. */
  EVIDENCE_MAX_FILE_BYTES: wholeNumber(1, 100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** How many files a complaint may hold as evidence; the customer is told when it is full. */
  EVIDENCE_MAX_FILES: wholeNumber(1, 100).default(5),
  /** An S3-compatible bucket to keep evidence files in, instead of DATA_DIR/evidence. */
  EVIDENCE_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3 to 63 lower-case letters, digits, dots and dashes').optional(),
  /** The S3-compatible service's address (MinIO, Ceph, R2, …); unset, AWS S3 in EVIDENCE_S3_REGION. */
  EVIDENCE_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  EVIDENCE_S3_REGION: z.string().min(1).default('us-east-1'),
  /** `true` addresses the bucket in the path (`endpoint/bucket/key`), as most self-hosted services need. */
  EVIDENCE_S3_FORCE_PATH_STYLE: flag.default(false),
  /**
   * The bucket's access key; unset, the AWS SDK's own chain finds credentials (AWS_ACCESS_KEY_ID and
   * AWS_SECRET_ACCESS_KEY, a profile, or the instance's role).
   */
  EVIDENCE_S3_ACCESS_KEY_ID: optionalSecret,
  EVIDENCE_S3_SECRET_ACCESS_KEY: optionalSecret,
  /**
   * Set behind a reverse proxy, so that a request's client address is the customer's (from X-Forwarded-For) rather
   * than the proxy's: the web chat's limits count by it.
   */
  TRUST_PROXY: trustProxy.optional(),
  /** Web chat conversations one client address may start in a minute (the chat page is public). */
  CHAT_STARTS_PER_MINUTE: wholeNumber(1).default(30),
  /** Messages one web chat conversation may send in a minute: more than anyone types, fewer than a script floods. */
  CHAT_MESSAGES_PER_MINUTE: wholeNumber(1).default(60),
  /**
   * How often open web chat streams read their conversations again whatever they were told, as a safety net: replies
   * reach them at once through this instance's own signal, and on PostgreSQL through other instances' notifications
   * (and a catch-up read after the listening connection is opened again). The net covers a connection that died
   * without a word, until TCP keep-alives find it.
   */
  WEBCHAT_STREAM_REREAD_SECONDS: wholeNumber(1, 86400).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Bot Framework credentials for POST /api/messages behind Azure Bot Service. */
  MICROSOFT_APP_ID: z.string().min(1).optional(),
  MICROSOFT_APP_PASSWORD: optionalSecret,
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  /**
   * Without credentials, /api/messages answers nobody unless this is `true`: then it takes unsigned activities from
   * this machine only (the Bot Framework Emulator), whose replies go to a service URL on this machine only.
   */
  BOT_SERVICE_ALLOW_ANONYMOUS: flag.default(false),
  /** Hosts a signed activity's service URL may name, comma-separated (`*.` for subdomains): another cloud's, a proxy's. */
  BOT_SERVICE_TRUSTED_HOSTS: z
    .string()
    .transform((value) => value.split(',').map((host) => host.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*\.)?[a-z0-9.-]+$/, 'must list host names such as *.botframework.com')).min(1))
    .default(BOT_FRAMEWORK_SERVICE_HOSTS),
  /** Requests one client address may make to /api/messages in a minute (Azure Bot Service sends from few addresses). */
  BOT_SERVICE_REQUESTS_PER_MINUTE: wholeNumber(1).default(600),
  /** Signs web chat (Direct Line) conversation tokens; generated into DATA_DIR when unset. */
  DIRECTLINE_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** SMS through Twilio: enabled when the account SID and auth token are set. */
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: optionalSecret,
  TWILIO_PHONE_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +447700900123').optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must look like MG followed by 32 hex digits').optional(),
  /** Another base URL for Twilio's REST API (tests, proxies). */
  TWILIO_API_URL: z.url().optional(),
  /** WhatsApp through Twilio: enabled when this (the WhatsApp sender's number) and the account SID and auth token are set. */
  TWILIO_WHATSAPP_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +447700900123').optional(),
  /** Sends WhatsApp messages through this Messaging Service (whose pool holds the WhatsApp sender) rather than from the number. */
  TWILIO_WHATSAPP_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must look like MG followed by 32 hex digits').optional(),
  /** YAML or JSON file mapping outbound message keys to approved WhatsApp templates (Content SIDs and their variables). */
  WHATSAPP_TEMPLATES_FILE: z.string().min(1).optional(),
  /** Whether the Twilio number takes picture messages (MMS): only then are customers asked for photos by text. */
  TWILIO_MMS_INBOUND: flag.default(false),
  /**
   * Email to customers: enabled when this and EMAIL_FROM are set. `smtp://user:pass@host:587` (STARTTLS when the
   * server offers it) or `smtps://user:pass@host:465`; user and password URL-encoded. Never logged.
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL such as smtps://user:password@smtp.example.com:465' }).optional(),
  /** The address customers get email from, such as complaints@example.com. */
  EMAIL_FROM: z.email({ error: 'must be an email address such as complaints@example.com' }).optional(),
  /**
   * Where customers' replies go; each complaint's own reply address adds `+REFERENCE` to its local part
   * (complaints+7K4M-9P2Q@example.com). EMAIL_FROM when unset.
   */
  EMAIL_REPLY_TO: z.email({ error: 'must be an email address such as complaints@replies.example.com' }).optional(),
  /** Mailgun's HTTP webhook signing key: switches on inbound email at POST /webhooks/email/mailgun/mime. */
  EMAIL_INBOUND_SIGNING_KEY: optionalSecret,
  /** Largest inbound email taken, in bytes of MIME; a larger one is answered with a request to send less. */
  EMAIL_MAX_MESSAGE_BYTES: wholeNumber(1024, 25 * 1024 * 1024).default(1024 * 1024),
  /** Staff in Slack: enabled when the signing secret and bot token are set. */
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_BOT_TOKEN: optionalSecret,
  /** Another base URL for Slack's Web API, ending in /api/ (tests, GovSlack). */
  SLACK_API_URL: z.url().optional(),
  /** The channel id where each new complaint's card is posted. */
  SLACK_CASES_CHANNEL: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD').optional(),
  /** Slack user ids of case handlers and of supervisors, comma-separated. */
  SLACK_HANDLERS: slackUserIds,
  SLACK_SUPERVISORS: slackUserIds,
  /**
   * Keys private_metadata of the modals Redress opens, so that a submission cannot name another case; generated into
   * DATA_DIR when unset. Instances sharing one database need the same key.
   */
  SLACK_METADATA_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Tests only: Slack events are stored and acknowledged but never processed, so that a test can kill the server
   * between the two and see that the restarted server processes them.
   */
  SLACK_HOLD_EVENTS_FOR_TESTS: flag.default(false),
  /** When the weekly digest is posted to the cases channel, in the organisation's zone ("mon 09:00"); unset, never. */
  SLACK_WEEKLY_DIGEST: z
    .string()
    .trim()
    // the pattern of adapters/slack/digest-schedule.ts, which reads it
    .regex(/^(mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\s+([01]?\d|2[0-3]):([0-5]\d)$/iu, 'must be a day and a time such as "mon 09:00"')
    .optional(),
  /**
   * "Sign in with Slack" on the report page: the Slack app's client id and secret (OpenID Connect), and the workspace
   * whose staff may sign in. All three, or none.
   */
  SLACK_CLIENT_ID: z.string().regex(/^[\w.-]{1,100}$/, 'must be the Slack app\'s client id, such as 2141029472.691202649728').optional(),
  SLACK_CLIENT_SECRET: optionalSecret,
  SLACK_TEAM_ID: z.string().regex(/^T[A-Z0-9]{2,}$/, 'must be a Slack workspace id such as T0123ABCD').optional(),
  /** Another base URL for Slack's OpenID Connect pages and keys (`/openid/connect/authorize`, `/openid/connect/keys`); tests. */
  SLACK_OIDC_URL: z.url().optional(),
  /** A report page session ends after this long without a request… */
  REPORTS_SESSION_IDLE_MINUTES: wholeNumber(5, 1440).default(480),
  /** …and this long after signing in, whatever happens. */
  REPORTS_SESSION_MAX_HOURS: wholeNumber(1, 168).default(24),
  /**
   * Whether the report page's cookies are sent over HTTPS only (`Secure`). Unset, they are when PUBLIC_URL is https or
   * the request came over HTTPS (behind a proxy, as TRUST_PROXY lets Express tell).
   */
  REPORTS_SECURE_COOKIES: flag.optional(),
  /** Staff ids (Slack user ids, or the staff API's X-Staff-Id) with the first name customers are told. */
  STAFF_FIRST_NAMES: staffFirstNames,
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once; the error names the first offending variable in one line. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = configSchema.safeParse(blanksRemoved);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue.path[0] ?? 'environment');
  throw new ConfigError(`Invalid configuration: ${variable} ${issue.message}`);
}


/** The one place that reads the process environment. */
export function configFromEnvironment(): AppConfig {
  return parseConfig(process.env);
}
