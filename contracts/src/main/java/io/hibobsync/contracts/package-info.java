/**
 * The contract between the services: topic names, header names, the records on the topics and the one parser of
 * the HiBob webhook envelope. Plain Java (and Jackson for that parser), so any service (or a tool) can depend on it
 * without pulling in Spring.
 */
package io.hibobsync.contracts;
