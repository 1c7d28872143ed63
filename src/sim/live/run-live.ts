/**
 * `simulate --live`: the same days as the file drop, published to NATS JetStream in simulated time
 * (telemetry optionally over MQTT). Truth, ledger and reference are still written under `out`.
 */
import { connect } from '@nats-io/transport-node';
import type { Scenario } from '../../config/scenario-schema.ts';
import { type SimulateSummary, simulate } from '../run.ts';
import { MqttPublisher } from './mqtt.ts';
import { type LiveStats, LiveTarget } from './target.ts';

export interface LiveOptions {
  scenario: Scenario;
  start: string;
  days: number;
  seed: number;
  out: string;
  nats: string;
  mqtt?: string;
  speed: number | 'max';
  maxInFlight?: number;
  onDay?: (p: { date: string; dayIndex: number; days: number; rows: number }) => void;
}

export interface LiveSummary extends SimulateSummary {
  live: LiveStats & {
    nats: string;
    mqttUrl: string | null;
    speed: number | 'max';
    topology: Record<string, string>;
  };
}

export async function simulateLive(opts: LiveOptions): Promise<LiveSummary> {
  // Stack traces of retried publish errors cost more than the publishes in a hot loop.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const nc = await connect({
    servers: opts.nats,
    name: 'ironworks-simulate',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  let mqtt: MqttPublisher | null = null;
  try {
    mqtt = opts.mqtt ? await MqttPublisher.connect(opts.mqtt) : null;
    const target = new LiveTarget(nc, opts.scenario.factory.id, opts.speed, mqtt, {
      maxInFlight: opts.maxInFlight,
    });
    const topology = await target.ensureTopology();
    const summary = await simulate({ ...opts, target });
    const live = await target.finish();
    mqtt = null;
    return {
      ...summary,
      live: { ...live, nats: opts.nats, mqttUrl: opts.mqtt ?? null, speed: opts.speed, topology },
    };
  } finally {
    await mqtt?.close().catch(() => {});
    await nc.drain().catch(() => {});
    Error.stackTraceLimit = limit;
  }
}
