/**
 * The one-command local stack without Docker: a KRaft Kafka broker run from the Maven Central jars, its data in a
 * folder that survives restarts, then the services as child JVMs, supervised and stopped in order.
 */
package io.hibobsync.localstack;
