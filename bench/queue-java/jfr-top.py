#!/usr/bin/env python3
"""Where the queue bench's JVM spends its time: aggregates a JFR recording's samples, optionally within a window.

  JAVA_OPTS="-Xlog:jfr+startup=off -XX:StartFlightRecording=filename=/tmp/q.jfr,settings=profile" \
    SYSTEMS=clipcast ROUNDS=1 SCENARIOS=burst PENDING=0 PROFILE_JOBS=0 bench/queue/run.sh
  bench/queue-java/jfr-top.py /tmp/q.jfr [exec|alloc] [FROM TO]

FROM/TO (ISO instants) are the "drain window from/to" lines QueueBench writes to clients.log; without them the
whole recording counts (adding, JVM start). exec: jdk.ExecutionSample by top frame (self) and by any frame
(inclusive), as shares of the samples; alloc: jdk.ObjectAllocationSample by weight, with the allocated classes.
jdk.ExecutionSample only sees threads running Java code, so a mostly idle event loop gives few samples: read shares,
and add runs when there are fewer than a few hundred. (-Xlog:jfr+startup=off keeps JFR's banner off stdout, which
carries the bench's JSON line.)
"""
import collections, datetime, json, subprocess, sys

def instant(s):
    return datetime.datetime.fromisoformat(s.strip().replace('Z', '+00:00'))

def frame(f):
    m = f['method']
    return m['type']['name'].split('/')[-1] + '.' + m['name']

def main():
    path = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else 'exec'
    window = (instant(sys.argv[3]), instant(sys.argv[4])) if len(sys.argv) > 4 else None
    event = 'jdk.ExecutionSample' if mode == 'exec' else 'jdk.ObjectAllocationSample'
    out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '64', '--events', event, path],
                         capture_output=True, text=True, check=True).stdout
    own, anywhere, threads, classes = (collections.Counter() for _ in range(4))
    total = 0
    for e in json.loads(out)['recording']['events']:
        v = e['values']
        if window and not window[0] <= instant(v['startTime']) <= window[1]:
            continue
        frames = (v.get('stackTrace') or {}).get('frames') or []
        if not frames:
            continue
        weight = 1 if mode == 'exec' else v['weight']
        thread = v['sampledThread'] if mode == 'exec' else v['eventThread']
        threads[(thread or {}).get('javaName') or (thread or {}).get('osName')] += weight
        if mode == 'alloc':
            classes[v['objectClass']['name']] += weight
        total += weight
        own[frame(frames[0])] += weight
        for name in {frame(f) for f in frames}:
            anywhere[name] += weight
    print(f'{total} {"samples" if mode == "exec" else "bytes (sampled weight)"}')
    for title, counter, n in (('threads', threads, 8), ('classes', classes, 15), ('self', own, 30), ('inclusive', anywhere, 60)):
        if counter:
            print(title + ':')
            for name, c in counter.most_common(n):
                print(f'  {100 * c / max(1, total):5.1f}% {name}')

if __name__ == '__main__':
    main()
