package io.hibobsync.writer.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which HiBob employees the sync manages.
 *
 * @param filter {@code SYNC_SCOPE}, e.g. {@code department=Engineering|Sales; email-domain=acme.com}; empty: everyone
 *               (see {@link io.hibobsync.writer.mapping.EmployeeScope})
 */
@ConfigurationProperties("writer.scope")
record ScopeProperties(String filter) {
}
