/**
 * For property tests: a small memcached that answers the text commands the generators produce, from
 * complete requests in a latin1 string. It keeps its items between calls.
 */
export class FakeTextServer {
  private readonly items = new Map<string, string>();

  answer(stream: string): string {
    let reply = '';
    let at = 0;
    while (at < stream.length) {
      const lf = stream.indexOf('\n', at);
      if (lf < 0) throw new Error(`fake server: partial line ${JSON.stringify(stream.slice(at))}`);
      const line = stream.slice(at, stream[lf - 1] === '\r' && lf > at ? lf - 1 : lf);
      at = lf + 1;
      const t = line.split(' ').filter((s) => s !== '');
      const quiet = t.includes('q');
      const noreply = t[t.length - 1] === 'noreply';
      const opaque = t.find((f, i) => i > 1 && f.startsWith('O'));
      const echo = opaque === undefined ? '' : ` ${opaque}`;
      const data = (n: number) => {
        const value = stream.slice(at, at + n);
        at += n + 2;
        return value;
      };
      switch (t[0]) {
        case 'get': case 'gets':
          for (const k of t.slice(1)) {
            const v = this.items.get(k);
            if (v !== undefined) reply += `VALUE ${k} 0 ${v.length}\r\n${v}\r\n`;
          }
          reply += 'END\r\n';
          break;
        case 'set': case 'add': case 'replace': case 'append': case 'prepend':
          this.items.set(t[1], data(Number(t[4])));
          if (!noreply) reply += 'STORED\r\n';
          break;
        case 'delete': {
          const found = this.items.delete(t[1]);
          if (!noreply) reply += found ? 'DELETED\r\n' : 'NOT_FOUND\r\n';
          break;
        }
        case 'incr': {
          const v = this.items.get(t[1]);
          const n = v === undefined ? NaN : Number(v) + Number(t[2]);
          if (!Number.isNaN(n)) this.items.set(t[1], String(n));
          if (!noreply) reply += v === undefined ? 'NOT_FOUND\r\n' : Number.isNaN(n) ? 'CLIENT_ERROR cannot increment or decrement non-numeric value\r\n' : `${n}\r\n`;
          break;
        }
        case 'touch':
          if (!noreply) reply += this.items.has(t[1]) ? 'TOUCHED\r\n' : 'NOT_FOUND\r\n';
          break;
        case 'version':
          reply += 'VERSION 1.6.18\r\n';
          break;
        case 'stats':
          reply += 'STAT pid 1\r\nSTAT uptime 2\r\nEND\r\n';
          break;
        case 'mn':
          reply += 'MN\r\n';
          break;
        case 'mg': {
          const v = this.items.get(t[1]);
          if (v === undefined) {
            if (!quiet) reply += `EN${echo}\r\n`;
          } else {
            reply += t.includes('v') ? `VA ${v.length}${echo}\r\n${v}\r\n` : `HD${echo}\r\n`;
          }
          break;
        }
        case 'ms':
          this.items.set(t[1], data(Number(t[2])));
          if (!quiet) reply += `HD${echo}\r\n`;
          break;
        case 'md': {
          const found = this.items.delete(t[1]);
          if (!found) reply += `NF${echo}\r\n`;
          else if (!quiet) reply += `HD${echo}\r\n`;
          break;
        }
        default:
          reply += 'ERROR\r\n';
      }
    }
    return reply;
  }
}
