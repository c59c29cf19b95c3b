#!/usr/bin/env node
// One Redis command from run.sh, which cannot count on redis-cli being installed (the Redis it starts may be the one
// extracted from the embedded-redis jar). Usage: node redis-cmd.mjs redis://127.0.0.1:6479 FLUSHALL
// Prints the reply on stdout.
import IORedis from 'ioredis';

const [url, command, ...args] = process.argv.slice(2);
const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
try {
  await redis.connect();
  const reply = await redis.call(command, ...args);
  process.stdout.write(`${Array.isArray(reply) ? JSON.stringify(reply) : reply}\n`);
} finally {
  redis.disconnect();
}
