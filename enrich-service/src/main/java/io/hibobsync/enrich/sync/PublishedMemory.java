package io.hibobsync.enrich.sync;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.enrich.hibob.EmployeeFields;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What enrich-service last published about each employee, kept small: a hash of each field of the snapshot (the
 * {@code fields} the sync reads, core and {@code HIBOB_EXTRA_FIELDS}), its read time, and the deliveries its recent
 * snapshots answered; for the {@code HIBOB_REREAD_MEMORY} employees published most recently (least recently used
 * forgotten first; about 300 bytes each). It tells whether a new read shows a change a webhook announced. It lives in
 * memory only: after a restart nothing is known, so nothing is compared and nobody is read again until published once.
 * Shared by the consumer threads.
 */
final class PublishedMemory {

    /** Deliveries remembered per employee: a webhook delivered again after its snapshot was published is not news. */
    static final int DELIVERIES_KEPT = 8;

    private final Map<String, Integer> positions = new HashMap<>();
    private final List<String> fields;
    private final int capacity;
    private final LinkedHashMap<String, Published> employees;

    PublishedMemory(EmployeeFields fields, int capacity) {
        this.fields = fields.requested();
        for (int i = 0; i < this.fields.size(); i++) {
            positions.put(this.fields.get(i), i);
        }
        this.capacity = capacity;
        this.employees = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Published> eldest) {
                return size() > PublishedMemory.this.capacity;
            }
        };
    }

    /** Kafka acknowledged this snapshot, answering these webhooks. A deletion forgets the employee. */
    synchronized void remember(EmployeeSnapshot snapshot, List<ReceivedWebhook> covers) {
        if (capacity == 0) {
            return;
        }
        if (snapshot.deleted()) {
            employees.remove(snapshot.employeeId());
            return;
        }
        Published known = employees.get(snapshot.employeeId());
        if (known != null && known.readAt.isAfter(snapshot.readAt())) {
            // An older read never replaces a newer one.
            return;
        }
        int[] hashes = new int[fields.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hash(snapshot.fields(), fields.get(i));
        }
        long[] before = known == null ? new long[0] : known.deliveries;
        long[] deliveries = new long[Math.min(DELIVERIES_KEPT, before.length + covers.size())];
        int next = deliveries.length;
        for (int i = covers.size() - 1; i >= 0 && next > 0; i--) {
            deliveries[--next] = deliveryHash(covers.get(i).deliveryId());
        }
        for (int i = before.length - 1; i >= 0 && next > 0; i--) {
            deliveries[--next] = before[i];
        }
        employees.put(snapshot.employeeId(), new Published(snapshot.readAt(), hashes, deliveries));
    }

    /** The last snapshot published for the employee, or {@code null} when unknown. */
    synchronized Published get(String employeeId) {
        return employees.get(employeeId);
    }

    synchronized int size() {
        return employees.size();
    }

    /** A field of a snapshot as a number: absent (not readable) and empty differ. */
    private static int hash(Map<String, String> fields, String field) {
        return fields.containsKey(field) ? 31 * Objects.hashCode(fields.get(field)) + 1 : 0;
    }

    // 64-bit FNV-1a: a mix-up of two delivery ids would cost one re-read, nothing more.
    private static long deliveryHash(String deliveryId) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < deliveryId.length(); i++) {
            hash ^= deliveryId.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** One employee's last published snapshot, as far as it is remembered. Immutable. */
    final class Published {

        private final Instant readAt;
        private final int[] hashes;
        private final long[] deliveries;

        private Published(Instant readAt, int[] hashes, long[] deliveries) {
            this.readAt = readAt;
            this.hashes = hashes;
            this.deliveries = deliveries;
        }

        Instant readAt() {
            return readAt;
        }

        /** Whether a recent snapshot already answered this delivery (it came again). */
        boolean answered(String deliveryId) {
            long hash = deliveryHash(deliveryId);
            return Arrays.stream(deliveries).anyMatch(known -> known == hash);
        }

        /** Whether {@code field} in a new read's {@code fields} differs from what was published. */
        boolean changed(String field, Map<String, String> read) {
            Integer position = positions.get(field);
            return position == null || hashes[position] != hash(read, field);
        }
    }
}
