/**
 * {@code sync-replay}: the operator's recovery tool. {@code dlt} moves dead-letter records back to the topic they
 * failed on; {@code offsets} makes a consumer group re-read a topic from a time. Both rely on the sync being
 * idempotent, so running them twice is safe. Plain kafka-clients, no Spring: one small executable jar.
 */
package io.hibobsync.replay;
