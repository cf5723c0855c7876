import { readFileSync } from 'node:fs';

/** CPU a turn took, in milliseconds: in the server's process, and in this one (load generator and Twilio stand-in). */
export interface CpuPerTurn {
  server: number;
  load: number;
}

/** Linux's clock ticks a second (`getconf CLK_TCK`), the unit of /proc/<pid>/stat's CPU times. */
const TICKS_PER_SECOND = 100;

/** User and system CPU a process has used, in ms; undefined where /proc cannot tell. */
function processCpu(pid: number): number | undefined {
  try {
    // the command name (field 2) may hold spaces, so fields are counted after its closing parenthesis
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function ownCpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Measures the CPU a run of turns takes, so a rate can be read against what the machine has: a turn that needs more
 * CPU than the machine's cores can give at a target rate cannot reach that rate, however it is scheduled. Without a
 * server process (the work runs in this one), all of it is the server's.
 */
export class CpuMeter {
  private started: { server?: number; own: number } | undefined;
  private readonly serverPids: number[] | undefined;

  /** `serverPid`: the server's process, or the processes of several instances, whose CPU is then added up. */
  constructor(serverPid?: number | number[]) {
    this.serverPids = serverPid === undefined ? undefined : [serverPid].flat();
  }

  begin(): void {
    this.started = { server: this.serverCpu(), own: ownCpu() };
  }

  private serverCpu(): number | undefined {
    if (this.serverPids === undefined) return undefined;
    const each = this.serverPids.map(processCpu);
    return each.some((cpu) => cpu === undefined) ? undefined : each.reduce((sum: number, cpu) => sum + cpu!, 0);
  }

  end(turns: number): CpuPerTurn | undefined {
    const { started } = this;
    if (!started || turns === 0) return undefined;
    const own = (ownCpu() - started.own) / turns;
    if (this.serverPids === undefined) return { server: own, load: 0 };
    const server = this.serverCpu();
    if (server === undefined || started.server === undefined) return undefined;
    return { server: (server - started.server) / turns, load: own };
  }
}
