/** A real `startServer` on a copy of the shared demo warehouse (or an empty one) for API tests. */
import { request } from 'node:http';
import { type RunningServer, startServer } from '../../../src/server/serve.ts';
import { copyDemoWarehouse, demoTruth } from '../../e2e/demo.ts';
import { tempDir } from '../../helpers/tmp.ts';

export interface ApiServer {
  server: RunningServer;
  url: string;
  demoDir: string | null;
  dataDir: string;
  truth(day: string): Record<string, unknown>;
  /** GET (or another method) a path exactly as written (no URL normalization), parsed when JSON. */
  raw(
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<{
    status: number;
    text: string;
    json: unknown;
    type: string;
  }>;
  close(): Promise<void>;
}

export async function startApiServer(
  o: { empty?: boolean; webRoot?: string | null; token?: string } = {},
): Promise<ApiServer> {
  const own = tempDir('server');
  const demoDir = o.empty ? null : await copyDemoWarehouse(own.path);
  const server = await startServer({
    dataDir: own.path,
    host: '127.0.0.1',
    port: 0,
    token: o.token ?? null,
    schedule: '',
    webRoot: o.webRoot ?? null,
  });
  const { port } = new URL(server.url);
  return {
    server,
    url: server.url,
    demoDir,
    dataDir: own.path,
    truth: (day) => {
      if (!demoDir) throw new Error('an empty server has no truth');
      return demoTruth(demoDir, day);
    },
    raw: (path, init = {}) =>
      new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: Number(port),
            path,
            method: init.method ?? 'GET',
            headers: init.headers,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const type = String(res.headers['content-type'] ?? '');
              let json: unknown = null;
              if (type.includes('json')) json = JSON.parse(text);
              resolve({ status: res.statusCode ?? 0, text, json, type });
            });
          },
        );
        req.on('error', reject);
        if (init.body) req.write(init.body);
        req.end();
      }),
    async close() {
      await server.close();
      own.remove();
    },
  };
}
