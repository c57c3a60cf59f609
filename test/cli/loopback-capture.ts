/**
 * Records loopback traffic for real: tcpdump (classic pcap, Ethernet link type on Linux's lo) or dumpcap
 * (pcapng), started on a filter and stopped with SIGINT, which makes both write out what they hold.
 * Both are installed by scripts/setup.sh (tcpdump, wireshark-common).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';

export type CaptureTool = 'tcpdump' | 'dumpcap';

/** Size of a classic pcap file without packets. */
const PCAP_HEADER = 24;

export class LoopbackCapture {
  private said = '';

  private constructor(private readonly tool: CaptureTool, private readonly child: ChildProcess, readonly file: string) {
    child.stderr!.on('data', (d: Buffer) => { this.said += d.toString(); });
  }

  /**
   * Starts capturing `filter` on lo into `file`. Both tools announce themselves before their filter
   * sees packets, so this sends `probe` traffic (which must match the filter, and ends up in the
   * capture) until the tool has captured some, and only then resolves.
   */
  static async start(tool: CaptureTool, file: string, filter: string, probe: () => Promise<void>): Promise<LoopbackCapture> {
    // -Z root: tcpdump would otherwise drop to its own user and could not write into a private temp dir.
    // --immediate-mode: hand each packet over at once, not when a kernel buffer block fills or times out.
    const args = tool === 'tcpdump' ? ['-i', 'lo', '--immediate-mode', '-U', '-Z', 'root', '-w', file, filter] : ['-i', 'lo', '-f', filter, '-w', file];
    const capture = new LoopbackCapture(tool, spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] }), file);
    let exit: string | null = null;
    capture.child.once('error', (e) => { exit = e.message; });
    capture.child.once('exit', (code) => { exit = `exited with ${code}`; });
    for (let i = 0; !capture.hasPackets(); i++) {
      if (exit !== null || i === 100) throw new Error(`${tool} captured nothing (${exit ?? 'no packets after 100 probes'}): ${capture.said}`);
      await probe();
      await new Promise((r) => setTimeout(r, 100));
    }
    return capture;
  }

  private hasPackets(): boolean {
    if (this.tool === 'dumpcap') return /Packets: [1-9]/.test(this.said);
    try {
      return statSync(this.file).size > PCAP_HEADER;
    } catch {
      return false;
    }
  }

  /**
   * Stops the capture after a grace that outlasts the kernel's buffer-block timeout (dumpcap has no
   * immediate mode), so the last packets are written; resolves when the file is complete.
   */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise((r) => setTimeout(r, 1000));
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGINT');
    await exited;
  }
}
