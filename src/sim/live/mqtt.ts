/**
 * Telemetry over MQTT 3.1.1 (QoS 1), as a shop-floor gateway would send it: nats-server's MQTT
 * listener turns topic `ironworks/machine-telemetry/F/M` into subject
 * `ironworks.machine-telemetry.F.M`, which the stream captures. MQTT 3.1.1 has no headers, so these
 * events carry only their payload.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import { mqttTopicOf } from '../../contracts/stream.ts';
import { InFlight } from './inflight.ts';
import type { LiveEvent } from './timeline.ts';

export class MqttPublisher {
  published = 0;
  private readonly inflight: InFlight;

  private constructor(
    private readonly client: MqttClient,
    maxInFlight: number,
  ) {
    this.inflight = new InFlight(maxInFlight);
  }

  static async connect(url: string, maxInFlight = 512): Promise<MqttPublisher> {
    const client = await connectAsync(url, {
      protocolVersion: 4,
      clientId: `ironworks-sim-${process.pid}-${Date.now().toString(36)}`,
      clean: true,
      reconnectPeriod: 500,
      connectTimeout: 10_000,
    });
    return new MqttPublisher(client, maxInFlight);
  }

  send(ev: Pick<LiveEvent, 'subject' | 'payload'>): Promise<void> {
    const p = this.client
      .publishAsync(mqttTopicOf(ev.subject), Buffer.from(ev.payload), { qos: 1 })
      .then(() => {
        this.published++;
      });
    return this.inflight.add(p);
  }

  async close(): Promise<void> {
    try {
      await this.inflight.drain();
    } finally {
      await this.client.endAsync();
    }
  }
}
