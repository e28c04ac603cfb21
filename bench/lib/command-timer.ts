/**
 * The profiles' stopwatch (bench/creation-profile.ts, bench/signin-profile.ts): every database command
 * the server sends, timed by the driver's own command monitoring and added up per command and
 * collection into whichever `sink` is set (none: not counted).
 */
import { performance } from 'node:perf_hooks';
import type { MongoClient } from 'mongodb';

export type Step = { count: number; ms: number };

export function timeCommands(client: MongoClient): { sink: Map<string, Step> | undefined } {
  const timer: { sink: Map<string, Step> | undefined } = { sink: undefined };
  const started = new Map<number, { key: string; at: number }>();
  client.on('commandStarted', (e) => {
    const target = (e.command[e.commandName] as unknown) ?? '';
    started.set(e.requestId, { key: `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim(), at: performance.now() });
  });
  const finish = (e: { requestId: number }) => {
    const s = started.get(e.requestId);
    started.delete(e.requestId);
    const sink = timer.sink;
    if (!s || !sink) return;
    const step = sink.get(s.key) ?? { count: 0, ms: 0 };
    step.count++;
    step.ms += performance.now() - s.at;
    sink.set(s.key, step);
  };
  client.on('commandSucceeded', finish);
  client.on('commandFailed', finish);
  return timer;
}
