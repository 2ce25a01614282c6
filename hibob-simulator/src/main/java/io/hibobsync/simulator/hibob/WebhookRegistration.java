package io.hibobsync.simulator.hibob;

import java.util.List;

/**
 * The answer to registering a webhook: HiBob pings it first.
 *
 * @param url       the registered URL
 * @param reachable whether a ping got a 2xx (the webhook is registered either way)
 * @param pings     the plain-text ping, and the JSON one when the first did not get a 2xx
 */
public record WebhookRegistration(String url, boolean reachable, List<WebhookDelivery.Attempt> pings) {
}
