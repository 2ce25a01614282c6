/**
 * The contract between the services: topic names, header names and the records on the topics.
 * Plain Java only, so any service (or a tool) can depend on it without pulling in Spring.
 */
package io.hibobsync.contracts;
