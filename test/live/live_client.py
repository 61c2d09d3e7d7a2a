"""A Python client of OneScreen's live push (python-socketio), as test/live/python-client.test.ts runs it.

Usage: python3 live_client.py URL TOKEN SCOPE
Joins /live, prints one JSON line for the snapshot, then one for the first delta that carries a
summary, and leaves. A refused handshake prints its reason and exits with 1.
"""
import json
import sys

import socketio

url, token, scope = sys.argv[1:4]
client = socketio.Client(reconnection=False)
refused = False


def say(line):
    print(json.dumps(line), flush=True)


@client.on('snapshot', namespace='/live')
def on_snapshot(snapshot):
    summary = snapshot['summary']
    say({'event': 'snapshot', 'scope': snapshot['scope'], 'date': snapshot['date'], 'seq': snapshot['seq'],
         'reported': summary['reported'], 'open': summary['open'], 'grids': len(snapshot['grids'])})


@client.on('delta', namespace='/live')
def on_delta(delta):
    if 'summary' in delta:
        say({'event': 'delta', 'seq': delta['seq'], 'reported': delta['summary']['reported']})
        client.disconnect()


@client.on('connect_error', namespace='/live')
def on_connect_error(error):
    global refused
    refused = True
    say({'event': 'refused', 'message': error['message'], 'status': error['data']['status']})
    client.disconnect()


# Not waiting in connect(): python-socketio 5.7 would sit out its whole wait_timeout on a refusal.
client.connect(url, namespaces=['/live'], auth={'token': token, 'scope': scope}, wait=False)
client.wait()
sys.exit(1 if refused else 0)
