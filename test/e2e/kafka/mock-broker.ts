/** Builds (once, into build/) and runs the librdkafka mock cluster of mock-broker.c. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BUILD_DIR } from '../../harness/client.ts';

const SOURCE = fileURLToPath(new URL('./mock-broker.c', import.meta.url));
const BINARY = path.join(BUILD_DIR, 'bin/kafka-mock-broker');

function build(): string {
  if (!existsSync(BINARY) || statSync(BINARY).mtimeMs < statSync(SOURCE).mtimeMs) {
    mkdirSync(path.dirname(BINARY), { recursive: true });
    execFileSync('gcc', ['-O2', '-o', BINARY, SOURCE, '-lrdkafka']);
  }
  return BINARY;
}

export class MockBroker {
  private constructor(private readonly child: ChildProcess, readonly host: string, readonly port: number) {}

  static async start(topics: string[]): Promise<MockBroker> {
    const child = spawn(build(), topics, { stdio: ['pipe', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`mock broker exited (${code})`)));
    });
    const [host, port] = line.trim().split(',')[0].split(':');
    return new MockBroker(child, host, Number(port));
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    await exited;
  }
}
