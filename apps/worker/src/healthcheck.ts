import { heartbeatFresh } from '@kanava/jobs';

/**
 * The worker container's healthcheck (docker/compose.yaml): healthy while the
 * worker touched its heartbeat file within the last 90 seconds, which it does
 * every 30 seconds after a round trip to PostgreSQL. Exit 0 healthy, 1 not.
 */
void heartbeatFresh().then(
  (fresh) => process.exit(fresh ? 0 : 1),
  () => process.exit(1),
);
