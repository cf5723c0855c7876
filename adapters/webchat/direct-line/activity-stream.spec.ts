import { describe, expect, it } from '@jest/globals';
import { WebSocket } from 'ws';
import type { StoredActivity } from './activity-signal.js';
import { ActivityStream } from './activity-stream.js';
import type { ActivityPage, Transcript } from './transcript.js';

/** A conversation's history as the transcript reads it: pages after a watermark, hidden types left out. */
class History {
  readonly rows: { seq: number; type: string }[] = [];
  reads = 0;
  /** Holds each read until the test lets it go, to interleave requests with a read under way. */
  gate?: Promise<void>;

  add(count: number, type = 'message'): void {
    for (let i = 0; i < count; i++) this.rows.push({ seq: this.rows.length + 1, type });
  }

  /** Rows as a committing transaction hands them over: numbered, typed, and stored as the client gets them. */
  stored(from: number, to: number): StoredActivity[] {
    return this.rows
      .filter((row) => row.seq >= from && row.seq <= to)
      .map((row) => ({ seq: row.seq, type: row.type, body: JSON.stringify({ id: `c|${row.seq}`, type: row.type }) }));
  }

  async followingFrame(_conversationId: string, watermark: number, limit = 100): Promise<{ frame: string | null; watermark: number; more: boolean }> {
    this.reads++;
    await this.gate;
    const rows = this.rows.filter((row) => row.seq > watermark).slice(0, limit);
    const activities = rows.filter((row) => row.type !== 'conversationUpdate').map((row) => ({ id: `c|${row.seq}`, type: row.type }));
    const last = rows.at(-1)?.seq ?? watermark;
    const page: ActivityPage = { activities, watermark: String(last) };
    return { frame: activities.length > 0 ? JSON.stringify(page) : null, watermark: last, more: rows.length === limit };
  }
}

/** A socket that records the frames it is given, and takes its time writing each. */
class RecordingSocket {
  readyState: number = WebSocket.OPEN;
  readonly frames: ActivityPage[] = [];

  send(data: string, done: (error?: Error) => void): void {
    this.frames.push(JSON.parse(data) as ActivityPage);
    setImmediate(() => done());
  }

  get ids(): string[] {
    return this.frames.flatMap((frame) => frame.activities.map((activity) => String(activity.id)));
  }
}

function streamOf(history: History, socket: RecordingSocket, watermark = 0): ActivityStream {
  return new ActivityStream('c', socket as unknown as WebSocket, watermark, history as unknown as Transcript);
}

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `c|${from + i}`);

describe(ActivityStream.name, () => {
  it('sends everything after its watermark a page at a time, and each activity once however often it is asked', async () => {
    const history = new History();
    history.add(250);
    const socket = new RecordingSocket();
    const stream = streamOf(history, socket, 20);

    await Promise.all([stream.catchUp(), stream.catchUp(), stream.catchUp()]);
    history.add(3);
    await Promise.all([stream.catchUp(), stream.catchUp()]);

    expect(socket.ids).toEqual(ids(21, 253));
    expect(socket.frames.map((frame) => frame.watermark)).toEqual(['120', '220', '250', '253']);
    expect(stream.watermark).toBe(253);
  });

  it('reads once more when asked during a read, so an activity stored meanwhile is not left behind', async () => {
    const history = new History();
    history.add(2);
    const socket = new RecordingSocket();
    const stream = streamOf(history, socket);
    let release!: () => void;
    history.gate = new Promise((resolve) => (release = resolve));

    const first = stream.catchUp();
    history.add(1);
    const second = stream.catchUp();
    release();
    await Promise.all([first, second]);

    expect(socket.ids).toEqual(ids(1, 3));
    expect(history.reads).toBe(2);
  });

  it('moves past what the client never sees without sending an empty frame', async () => {
    const history = new History();
    history.add(1, 'conversationUpdate');
    const socket = new RecordingSocket();
    const stream = streamOf(history, socket);

    await stream.catchUp();
    history.add(1);
    await stream.catchUp();

    expect(socket.frames).toEqual([{ activities: [{ id: 'c|2', type: 'message' }], watermark: '2' }]);
  });

  it('reads nothing once its socket is closing', async () => {
    const history = new History();
    history.add(1);
    const socket = new RecordingSocket();
    socket.readyState = WebSocket.CLOSING;

    await streamOf(history, socket).catchUp();

    expect(history.reads).toBe(0);
    expect(socket.frames).toEqual([]);
  });

  it('sends what was just committed without reading it back when it follows the watermark sent', async () => {
    const history = new History();
    history.add(3);
    const socket = new RecordingSocket();
    const stream = streamOf(history, socket, 1);

    stream.offer(history.stored(2, 3));
    await stream.catchUp();
    history.add(1, 'conversationUpdate');
    history.add(1);
    stream.offer(history.stored(4, 5));
    await stream.catchUp();

    expect(history.reads).toBe(0);
    expect(socket.ids).toEqual(ids(2, 3).concat(ids(5, 5)));
    expect(socket.frames.map((frame) => frame.watermark)).toEqual(['3', '5']);
    expect(stream.watermark).toBe(5);
  });

  it('reads what came between when what was committed does not follow the watermark, and sends nothing twice', async () => {
    const history = new History();
    history.add(6);
    const socket = new RecordingSocket();
    const stream = streamOf(history, socket, 1);

    // 2 and 3 committed by another transaction, or instance, that this stream was not told of
    stream.offer(history.stored(4, 5));
    await stream.catchUp();
    // what it has sent already, handed over late
    expect(stream.offer(history.stored(3, 5))).toBe(false);
    expect(stream.offer(history.stored(6, 6))).toBe(false);
    history.add(1);
    expect(stream.offer(history.stored(7, 7))).toBe(true);
    await stream.catchUp();

    expect(socket.ids).toEqual(ids(2, 7));
    expect(history.reads).toBe(1);
  });

  it('reads past a gap in what was handed over', async () => {
    const history = new History();
    history.add(4);
    const socket = new RecordingSocket();
    const stream = streamOf(history, socket);

    stream.offer([...history.stored(1, 2), ...history.stored(4, 4)]);
    await stream.catchUp();

    expect(socket.ids).toEqual(ids(1, 4));
    expect(history.reads).toBe(1);
  });
});
