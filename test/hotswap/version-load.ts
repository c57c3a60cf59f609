/**
 * Load for hot-swap runs through Envoy: clients each open a connection, ask VERSION and echo a line
 * three times, then start over on a new connection, until stopped. Every answer is checked; anything
 * unexpected (a wrong answer, a timeout, a closed connection) is a failed request.
 */
import { LineClient } from '../e2e/envoy/line-client.ts';
import { connect } from '../e2e/envoy/peers.ts';

/** Clients asking VERSION and echoing lines in a loop until stopped; every answer is checked. */
export class VersionLoad {
  private running = true;
  readonly failures: string[] = [];
  requests = 0;
  private readonly loops: Array<Promise<void>>;

  constructor(private readonly port: number, clients = 6) {
    this.loops = Array.from({ length: clients }, (_, i) => this.loop(i));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(i: number): Promise<void> {
    // Each round a new connection, so rounds after a swap start on the new version.
    while (this.running) {
      const client = new LineClient(await connect('127.0.0.1', this.port));
      try {
        for (let n = 1; n <= 3 && this.running; n++) {
          const answer = await client.ask('VERSION');
          if (!/^v\S+ \d+$/.test(answer)) this.failures.push(`client ${i}: VERSION answered ${JSON.stringify(answer)}`);
          const echoed = await client.ask(`LINE ${i} ${n}`);
          if (echoed !== `LINE ${i} ${n}`) this.failures.push(`client ${i}: echo ${JSON.stringify(echoed)}`);
          this.requests += 2;
        }
      } catch (e) {
        this.failures.push(`client ${i}: ${(e as Error).message}`);
      } finally {
        client.peer.destroy();
      }
    }
  }
}
