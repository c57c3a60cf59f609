// kafkajs 2.2.4 against librdkafka's mock cluster, every connection through the harness relay (Cilium's
// Envoy-side algorithm over the real libcilium_testing.so): metadata, produce, a consumer group's
// join/sync/fetch/commit with allow-all, and policies that deny Produce, JoinGroup or InitProducerId
// (the client sees the authorization error, the connection keeps serving what is allowed).
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { kafkaPolicy } from '../../src/parsers/kafka/test-frames.ts';
import { HarnessRelay } from '../support/harness-relay-kafka.ts';
import { MockBroker } from './kafka/mock-broker.ts';

let broker: MockBroker;
let relay: HarnessRelay;

function client(id: string): Kafka {
  return new Kafka({
    clientId: id,
    brokers: [`127.0.0.1:${relay.port}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 50 },
    // The broker advertises its own address; every connection is sent through the relay instead.
    socketFactory: ({ onConnect }) => {
      const socket = net.connect(relay.port, '127.0.0.1');
      socket.once('connect', onConnect);
      return socket;
    },
  });
}

async function consumeOne(consumer: Consumer, topic: string): Promise<string> {
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  return new Promise((resolve, reject) => {
    consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
    void consumer.run({ autoCommit: true, eachMessage: async ({ message }) => resolve(String(message.value)) });
  });
}

describe('kafka end to end: kafkajs → harness relay (libcilium_testing.so) → librdkafka mock cluster', () => {
  before(async () => {
    broker = await MockBroker.start(['orders', 'audit', 'secret']);
    relay = await HarnessRelay.start({ proto: 'kafka', upstream: broker, policy: kafkaPolicy() });
  });
  after(async () => {
    await relay.stop();
    await broker.stop();
  });

  it('allow-all: metadata, produce, and a consumer group that joins, syncs, fetches and commits', async () => {
    await relay.setPolicy(kafkaPolicy());
    const kafka = client('allow-all');
    const admin = kafka.admin();
    await admin.connect();
    const topics = await admin.fetchTopicMetadata({ topics: ['orders'] });
    assert.equal(topics.topics[0].partitions.length, 3);
    const producer = kafka.producer();
    await producer.connect();
    const [sent] = await producer.send({ topic: 'orders', messages: [{ key: 'k', value: 'hello', partition: 0 }] });
    assert.equal(sent.errorCode, 0);
    const consumer = kafka.consumer({ groupId: 'e2e-allow', heartbeatInterval: 100 });
    await consumer.connect();
    assert.equal(await consumeOne(consumer, 'orders'), 'hello');
    await consumer.stop();
    const offsets = await admin.fetchOffsets({ groupId: 'e2e-allow', topics: ['orders'] });
    assert.equal(offsets[0].partitions.find((p) => p.partition === 0)?.offset, '1');
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
    assert.deepEqual(relay.closedByParser, []);
  });

  it('a topic policy: producing to another topic fails with TOPIC_AUTHORIZATION_FAILED, the same producer keeps working', async () => {
    await relay.setPolicy(kafkaPolicy({ apiKeys: [3] }, { topic: 'orders' }));
    const producer = client('topic-policy').producer();
    await producer.connect();
    await assert.rejects(producer.send({ topic: 'secret', messages: [{ value: 'no' }], acks: 1 }),
                         { name: 'KafkaJSProtocolError', type: 'TOPIC_AUTHORIZATION_FAILED' });
    const [sent] = await producer.send({ topic: 'orders', messages: [{ value: 'still fine', partition: 1 }] });
    assert.equal(sent.errorCode, 0);
    await producer.disconnect();
    assert.deepEqual(relay.closedByParser, []);
  });

  it('InitProducerId denied: a transactional producer sees TRANSACTIONAL_ID_AUTHORIZATION_FAILED, the connections keep serving', async () => {
    // Everything a producer needs except InitProducerId (22). (An idempotent producer without a
    // transactional id asks the controller, which the mock cluster does not name; kafkajs stops there.)
    await relay.setPolicy(kafkaPolicy({ apiKeys: [0, 3, 10, 18] }));
    const kafka = client('no-init-producer-id');
    const transactional = kafka.producer({ transactionalId: 'tx-1', maxInFlightRequests: 1 });
    await assert.rejects(transactional.connect().then(() => transactional.transaction()),
                         { name: 'KafkaJSProtocolError', type: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED' });
    const plain = kafka.producer();
    await plain.connect();
    const [sent] = await plain.send({ topic: 'orders', messages: [{ value: 'plain', partition: 2 }] });
    assert.equal(sent.errorCode, 0);
    await Promise.all([transactional.disconnect(), plain.disconnect()]);
    assert.deepEqual(relay.closedByParser, []);
  });

  it('an api-key policy without JoinGroup: the consumer sees GROUP_AUTHORIZATION_FAILED', async () => {
    await relay.setPolicy(kafkaPolicy({ apiKeys: [0, 1, 2, 3, 8, 9, 10, 18] }));
    const consumer = client('no-join').consumer({ groupId: 'e2e-denied', retry: { retries: 0 } });
    await consumer.connect();
    await assert.rejects(consumeOne(consumer, 'orders'), { name: 'KafkaJSProtocolError', type: 'GROUP_AUTHORIZATION_FAILED' });
    await consumer.disconnect();
  });
});
