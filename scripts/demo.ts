/**
 * The library at work, shown live: the real libcilium.so (production build), dlopen()ed by the
 * harness (Cilium's Envoy-side algorithm in C++), enforcing examples/policy.json on clients that
 * speak a line protocol (test.headerparser: one request per line). Prints every connection, every
 * verdict with the bytes that reached each side, and every access-log entry. Ctrl-C stops cleanly.
 *
 *   node --import tsx scripts/demo.ts [--policy file] [--rounds n] [--interval ms]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeLogEntry } from '../src/accesslog/entry.ts';
import { AccessLogListener } from '../test/abi/access-log-listener.ts';
import { Harness, hex, unhex } from '../test/harness/client.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const policyFile = path.resolve(opt('--policy', path.join(ROOT, 'examples/policy.json')));
const rounds = Number(opt('--rounds', '0')); // 0: until Ctrl-C
const interval = Number(opt('--interval', '1000'));

const clients = [
  { name: 'client A (identity 7)', srcId: 7, lines: ['GET /index.html', 'DELETE /index.html', 'HEAD /public'] },
  { name: 'client B (identity 9)', srcId: 9, lines: ['GET /index.html'] },
];
const show = (s: string) => JSON.stringify(s);

async function main(): Promise<void> {
  const log = await AccessLogListener.start();
  const harness = Harness.start();
  let stopping = false;
  process.on('SIGINT', () => { stopping = true; });
  try {
    await harness.must({ cmd: 'load', lib: path.join(ROOT, 'build/lib/libcilium.so') });
    const module = (await harness.must({ cmd: 'openModule', params: [['policy-file', policyFile], ['access-log-path', log.path]], debug: false })).id;
    console.log(`libcilium.so loaded; module ${module}; policy ${policyFile}; access log ${log.path}`);
    let conn = 1;
    for (let round = 1; !stopping && (rounds === 0 || round <= rounds); round++) {
      for (const c of clients) {
        const id = String(conn++);
        const r = await harness.must({ cmd: 'envoyConnect', module, proto: 'test.headerparser', conn: id, ingress: true,
          srcId: c.srcId, dstId: 1, srcAddr: `10.0.0.${c.srcId}:40${id.padStart(3, '0')}`, dstAddr: '10.0.0.9:80', policyName: '10.0.0.9' });
        console.log(`\nconnection ${id} from ${c.name}: OnNewConnection → ${r.result === 0 ? 'OK' : r.result}`);
        for (const text of c.lines) {
          const out = await harness.must({ cmd: 'envoyData', conn: id, reply: false, data: hex(`${text}\n`), end: false });
          const upstream = unhex(out.out), back = unhex(out.reverse);
          console.log(`  ${show(text)} → ${upstream ? `passed to upstream ${show(upstream)}` : 'dropped'}${back ? `; client told ${show(back)}` : ''}`);
        }
        await harness.must({ cmd: 'envoyClose', conn: id });
        for (const e of (await log.take(0)).map(decodeLogEntry)) {
          console.log(`  access log: ${e.entryType} ${e.sourceAddress} → ${e.destinationAddress} ${e.genericL7?.proto} ${JSON.stringify(e.genericL7?.fields)}`);
        }
      }
      if (!stopping) await new Promise((r) => setTimeout(r, interval));
    }
    await harness.must({ cmd: 'closeModule', id: module });
    console.log('\nstopped cleanly');
  } finally {
    await harness.close();
    await log.stop();
  }
}

await main();
