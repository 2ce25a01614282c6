package io.hibobsync.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work done once a service has started so that the first record after a start does not pay for it (the Kafka
 * producer's connection and id, an API's access token): in a thread of its own, so readiness never waits for it,
 * and harmless when it fails (the first real use does the same work and reports its failure as usual).
 */
public final class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private WarmUp() {
    }

    public static void inBackground(String what, Runnable work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
                log.debug("Warmed up: {}", what);
            } catch (RuntimeException e) {
                log.info("Could not {} at start-up ({}); the first use tries again", what, e.getMessage());
            }
        }, "warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
