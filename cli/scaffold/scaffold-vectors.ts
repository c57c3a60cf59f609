import { vectorFile, type CaseSketch } from './vector-cases.ts';

/** The starting vectors of a scaffolded line parser: what its parser.ts does on the wire, three conversations. */
export function scaffoldVectors(proto: string): object {
  const policies = [{ endpointIps: ['1.1.1.1'], ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: proto, l7Rules: { l7AllowRules: [{ rule: { cmd: 'GET' } }] } }] }] }];
  const cases: CaseSketch[] = [
    {
      name: 'allowed request and its reply pass', proto, policies,
      notes: 'GET is allowed: the request line passes and is logged; the reply line passes.',
      steps: [{ data: ['GET a\r\n'], ops: [['PASS', 7], ['MORE', 1]] }, { reply: true, data: ['OK a\r\n'], ops: [['PASS', 6]] }],
      log: [{ entryType: 'Request', fields: { cmd: 'GET', arg: 'a' } }],
    },
    {
      name: 'denied request is dropped and answered with ERROR', proto, policies,
      notes: 'PUT matches no allow rule: the line is dropped, logged as Denied, and ERROR\\r\\n is injected towards the client.',
      steps: [{ data: ['PUT b\r\n'], ops: [['DROP', 7], ['MORE', 1]], replyInject: 'ERROR\r\n' }],
      log: [{ entryType: 'Denied', fields: { cmd: 'PUT', arg: 'b' } }],
    },
    {
      name: 'a request cut in two waits for its line end', proto, policies,
      notes: 'Envoy presents the unconsumed "GET" again with the rest appended.',
      steps: [{ data: ['GET'], ops: [['MORE', 1]] }, { data: ['GET', ' c\r\n'], ops: [['PASS', 7], ['MORE', 1]] }],
      log: [{ entryType: 'Request', fields: { cmd: 'GET', arg: 'c' } }],
    },
  ];
  return vectorFile(proto, cases);
}
