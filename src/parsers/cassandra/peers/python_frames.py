# Frames from Debian python3-cassandra's own encoder (ProtocolHandler.encode_message), v3 and v4, as JSON hex.
import sys, json
from cassandra.protocol import ProtocolHandler, QueryMessage, PrepareMessage, ExecuteMessage, BatchMessage, OptionsMessage, StartupMessage, RegisterMessage
from cassandra import ConsistencyLevel
from cassandra.query import BatchType
out = {}
for v in (3, 4):
    msgs = {
        'query': QueryMessage('SELECT * FROM ks.t WHERE k = 1', ConsistencyLevel.ONE),
        'prepare': PrepareMessage('INSERT INTO ks.t (k, v) VALUES (?, ?)'),
        'execute': ExecuteMessage(b'\x01\x02\x03\x04', [b'\x00\x00\x00\x01', None], ConsistencyLevel.ONE),
        'batch': BatchMessage(BatchType.LOGGED, [(False, 'INSERT INTO ks.t (k) VALUES (1)', []), (True, b'\x01\x02\x03\x04', [None, b'x'])], ConsistencyLevel.ONE),
        'options': OptionsMessage(),
        'startup': StartupMessage(cqlversion='3.0.0', options={}),
        'register': RegisterMessage(event_list=['SCHEMA_CHANGE']),
    }
    for k, m in msgs.items():
        out['v%d_%s' % (v, k)] = bytes(ProtocolHandler.encode_message(m, 7, v, None, False)).hex()
json.dump(out, sys.stdout, indent=1)
