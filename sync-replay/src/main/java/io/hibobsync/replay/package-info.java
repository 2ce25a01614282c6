/**
 * {@code sync-replay}: the operator's recovery tool. {@code dlt} moves dead-letter records back to the topic they
 * failed on; {@code offsets} makes a consumer group re-read a topic from a time. Both rely on the sync being
 * idempotent, so running them twice is safe. {@code held} lists what the writer's safety brake holds and publishes
 * the administrator's approval or rejection of exactly that list. {@code full-sync} asks for a full sync (or its
 * plan, a dry run) on {@code sync-commands} and follows the run's reports on {@code sync-plans} to a summary. Plain
 * kafka-clients (and Jackson for the JSON of {@code held} and {@code full-sync}), no Spring: one small executable jar.
 */
package io.hibobsync.replay;
