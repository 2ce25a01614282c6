package io.hibobsync.replay;

import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.SyncCommand.Kind;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sync-replay held}: lists the deactivations and deletions the writer's safety brake holds (the compacted
 * topic {@code sync-held}: the latest value per employee, a tombstone once decided), and with {@code --approve} or
 * {@code --reject} publishes one {@link SyncCommand} for exactly the held actions it listed, then waits until the
 * writer has tombstoned them. A thin client: the writer decides and writes, this only reads and asks.
 */
final class HeldReview {

    static final String HELP = """
            Usage: sync-replay held [--employee <id>]... [--json] [--bootstrap-servers <host:port>]
                   sync-replay held --approve|--reject [--employee <id>]... [--dry-run] [--wait <duration> | --no-wait]
                                    [--bootstrap-servers <host:port>]

            Reviews what docebo-writer-service's safety brake holds: deactivations and deletions it did not write
            to Docebo because more came within an hour than it allows (by default more than 10 users and more than
            5 % of the users the sync owns). That many at once is more often a fault than real leavers, e.g. a HiBob
            permission change that hides a department from the sync's service user, so its people look terminated.
            Compare the list with HiBob before you decide.

              (no option)                 list what is held: employee, Docebo user, action, since when, why; a total
              --approve                   ask the writer to apply the held actions listed, in Docebo
              --reject                    ask the writer to drop them: nothing changes in Docebo; a later change of
                                          the employee in HiBob is decided afresh (and may be held again)
              --employee <id>             only this HiBob employee's held action; repeat it (or separate ids by
                                          commas) for more
              --dry-run                   with --approve/--reject: list what would be asked, publish nothing
              --wait <duration>           with --approve/--reject: wait this long for the writer to carry it out
                                          (default 60s; e.g. 90s, 5m, PT2M)
              --no-wait                   with --approve/--reject: publish the command and return at once
              --json                      print the list as JSON, for tools (nothing else on stdout)
              --bootstrap-servers <list>  the Kafka brokers (default: KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:19092)

            Reads sync-held from its beginning up to its end when the command starts. --approve and --reject decide
            on exactly the held actions they list: one command on sync-commands (acks=all, idempotent) with their
            employee ids, your operating-system user and the time. An action held after that listing is not in
            the command and stays held. The writer carries the command out and removes each action from sync-held;
            the command waits for that. No held action: it says so and publishes nothing.

            Exit codes: 0 done (or nothing held), 1 refused or Kafka failed, 2 bad arguments, 3 asked but some are
            still held after --wait (is docebo-writer-service running? the command stays on sync-commands).
            """;

    /** Exit code: the command was published, but the writer had not carried it out within {@code --wait}. */
    static final int STILL_HELD = 3;
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

    private static final Set<String> VALUE_OPTIONS = Set.of("employee", "wait");
    private static final Set<String> FLAGS = Set.of("approve", "reject", "dry-run", "no-wait", "json");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\s]+");
    private static final Comparator<Held> OLDEST_FIRST = Comparator
            .comparing(Held::heldAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Held::employeeId);

    private final PrintStream out;
    private final PrintStream err;
    private final String heldTopic;
    private final String commandsTopic;
    private final String requestedBy;
    private final JsonMapper json = JsonMapper.builder().build();

    HeldReview(PrintStream out, PrintStream err, String heldTopic, String commandsTopic, String requestedBy) {
        this.out = out;
        this.err = err;
        this.heldTopic = heldTopic;
        this.commandsTopic = commandsTopic;
        this.requestedBy = requestedBy;
    }

    int run(List<String> args, String defaultBootstrapServers) {
        Options options = Options.parse("held", args, VALUE_OPTIONS, FLAGS);
        options.exclusive("approve", "reject");
        Kind kind = options.given("approve") ? Kind.APPROVE_HELD : options.given("reject") ? Kind.REJECT_HELD : null;
        if (kind == null) {
            options.refuse(decisionOnly -> "--" + decisionOnly + " goes with --approve or --reject (listing publishes "
                    + "nothing anyway)", "dry-run", "wait", "no-wait");
        } else if (options.given("json")) {
            throw new UsageException("--json is for the list: leave out --" + verb(kind) + " (or --json)");
        }
        Duration wait = options.waitOr(DEFAULT_WAIT);
        Set<String> employees = options.ids("employee");
        boolean dryRun = options.given("dry-run");
        String bootstrapServers = options.bootstrapServers(defaultBootstrapServers);

        try (Kafka kafka = new Kafka(bootstrapServers)) {
            Listing listing = read(kafka);
            List<Held> selected = listing.held.values().stream()
                    .filter(held -> employees.isEmpty() || employees.contains(held.employeeId()))
                    .sorted(OLDEST_FIRST)
                    .toList();
            List<String> notHeld = employees.stream().filter(id -> !listing.held.containsKey(id)).toList();
            if (!notHeld.isEmpty()) {
                err.println("Not held: employee " + String.join(", ", notHeld) + " (decided or superseded already, "
                        + "or not an id the brake holds)");
            }
            String scope = heldTopic + " at " + bootstrapServers + ", " + (employees.isEmpty() ? "every held action"
                    : "employee " + String.join(" or ", employees));
            if (options.given("json")) {
                printJson(selected, bootstrapServers);
                return 0;
            }
            if (selected.isEmpty()) {
                out.println(nothingHeld(listing, employees, bootstrapServers)
                        + (kind == null ? "" : " Nothing was published."));
                return 0;
            }
            if (kind == null) {
                return list(selected, scope);
            }
            return decide(kafka, listing, selected, kind, scope, dryRun, wait);
        }
    }

    private int list(List<Held> selected, String scope) {
        out.println("Held by the safety brake (" + scope + "):");
        selected.forEach(held -> out.println("held           " + held.describe()));
        out.println(total(selected) + ".");
        out.println("Compare them with HiBob (is each one really gone?), then decide on exactly these:");
        out.println("  held --approve   apply them in Docebo");
        out.println("  held --reject    drop them: nothing changes in Docebo (a later change in HiBob is decided afresh)");
        out.println("  add --employee <id> to decide on some only, --dry-run to see what would be asked.");
        return 0;
    }

    private int decide(Kafka kafka, Listing listing, List<Held> selected, Kind kind, String scope, boolean dryRun,
            Duration wait) {
        String verb = verb(kind);
        if (dryRun) {
            out.println("Dry run: would ask docebo-writer-service to " + verb + " these held actions (" + scope + "):");
            selected.forEach(held -> out.println(String.format("%-15s", "would " + verb) + held.describe()));
            out.println("Dry run: would " + verb + " " + selected.size() + " held action(s) (" + counts(selected)
                    + "); nothing was published.");
            return 0;
        }
        if (kafka.partitionsIfAny(commandsTopic).isEmpty()) {
            throw new RefusedException("Kafka at " + kafka.bootstrapServers() + " has no topic '" + commandsTopic
                    + "': docebo-writer-service creates it when it starts (a version with the safety brake). Start it, "
                    + "then run this again. Nothing was published.");
        }
        out.println("Asking docebo-writer-service to " + verb + " these held actions (" + scope + "):");
        selected.forEach(held -> out.println(String.format("%-15s", verb) + held.describe()));
        List<String> ids = selected.stream().map(Held::employeeId).toList();
        SyncCommand command = new SyncCommand(UUID.randomUUID().toString(), kind, ids, requestedBy, Instant.now());
        RecordMetadata sent = publish(kafka, command);
        out.printf("Asked: command %s (%s, %d employee(s), by %s) on %s/%d@%d.%n", command.commandId(), kind,
                ids.size(), requestedBy, sent.topic(), sent.partition(), sent.offset());
        if (wait.isZero()) {
            out.println("Not waiting (--no-wait): the writer carries the command out when it reads it; 'held' shows "
                    + "what is still held.");
            return 0;
        }
        out.println("Waiting up to " + human(wait) + " for the writer to carry it out...");
        Set<String> stillHeld = awaitTombstones(kafka, listing, ids, wait);
        if (stillHeld.isEmpty()) {
            out.println("Done: none of the " + ids.size() + " is held any more. " + (kind == Kind.APPROVE_HELD
                    ? "The writer applied them in Docebo; docebo-sync-outcomes records what it did for each."
                    : "The writer dropped them: nothing changed in Docebo. A later change of these employees in "
                            + "HiBob is decided afresh (and may be held again)."));
            return 0;
        }
        err.println("Still held after " + human(wait) + ": " + stillHeld.size() + " of " + ids.size() + " (employee "
                + String.join(", ", stillHeld) + "); " + (ids.size() - stillHeld.size()) + " done.");
        err.println("docebo-writer-service may be down or behind" + (kind == Kind.APPROVE_HELD ? ", or Docebo refused "
                + "an approved change (it then stays held: see the writer's log and docebo-sync-outcomes)" : "")
                + ". The command stays on " + commandsTopic + " and is carried out when the writer reads it; run "
                + "'held' later to see what is still held. Asking again is harmless: an employee no longer held is "
                + "skipped.");
        return STILL_HELD;
    }

    /** One record, key = command id; returns once the broker has it. */
    private RecordMetadata publish(Kafka kafka, SyncCommand command) {
        return kafka.publish(new ProducerRecord<>(commandsTopic, command.commandId().getBytes(StandardCharsets.UTF_8),
                        json.writeValueAsBytes(command)), "the command", "Nothing is decided; run this again.",
                "run 'held' (asking again is harmless).");
    }

    /** Reads {@code sync-held} from its beginning to the end it had now: the latest value per key, tombstones remove. */
    private Listing read(Kafka kafka) {
        List<TopicPartition> partitions = kafka.partitionsIfAny(heldTopic);
        Map<String, Held> held = new LinkedHashMap<>();
        if (partitions.isEmpty()) {
            return new Listing(false, held, Map.of());
        }
        Map<TopicPartition, Long> ends = kafka.readToEnd(partitions, null, record -> {
            if (record.key() == null) {
                return;
            }
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                held.remove(key);
            } else {
                held.put(key, parse(key, record));
            }
        });
        return new Listing(true, held, ends);
    }

    /**
     * From where the listing ended, until every one of {@code ids} has been tombstoned or {@code wait} has passed;
     * returns those still held.
     */
    private Set<String> awaitTombstones(Kafka kafka, Listing listing, List<String> ids, Duration wait) {
        Set<String> pending = new LinkedHashSet<>(ids);
        kafka.follow(listing.ends, wait, pending::isEmpty, records -> records.forEach(record -> {
            if (record.value() == null && record.key() != null) {
                pending.remove(new String(record.key(), StandardCharsets.UTF_8));
            }
        }));
        return pending;
    }

    private Held parse(String key, ConsumerRecord<byte[], byte[]> record) {
        String location = record.topic() + "/" + record.partition() + "@" + record.offset();
        JsonNode value;
        try {
            value = json.readTree(record.value());
        } catch (JacksonException notJson) {
            value = null;
        }
        if (value == null || !value.isObject()) {
            return new Held(key, null, null, null, null, "(unreadable record at " + location + ", not a HeldAction)");
        }
        return new Held(key, text(value, "doceboUserId"), text(value, "username"), text(value, "action"),
                instant(value.path("heldAt")), text(value, "reason"));
    }

    private void printJson(List<Held> selected, String bootstrapServers) {
        ObjectNode document = json.createObjectNode();
        document.put("topic", heldTopic);
        document.put("bootstrapServers", bootstrapServers);
        document.put("count", selected.size());
        ArrayNode list = document.putArray("held");
        for (Held held : selected) {
            ObjectNode item = list.addObject();
            item.put("employeeId", held.employeeId());
            item.put("doceboUserId", held.doceboUserId());
            item.put("username", held.username());
            item.put("action", held.action());
            item.put("heldAt", held.heldAt() == null ? null : held.heldAt().toString());
            item.put("reason", held.reason());
        }
        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    }

    private String nothingHeld(Listing listing, Set<String> employees, String bootstrapServers) {
        if (!listing.topicExists) {
            return "No actions are held: Kafka at " + bootstrapServers + " has no topic " + heldTopic + " yet (the "
                    + "safety brake has never held anything).";
        }
        if (listing.held.isEmpty()) {
            return "No actions are held on " + heldTopic + " at " + bootstrapServers + ": nothing waits for approval.";
        }
        return "None of the employees asked for (" + String.join(", ", employees) + ") is held; " + listing.held.size()
                + " other action(s) are: 'held' lists them.";
    }

    private static String total(List<Held> selected) {
        return selected.size() + " action(s) held: " + counts(selected);
    }

    private static String counts(List<Held> selected) {
        long deactivations = selected.stream().filter(held -> "DEACTIVATED".equals(held.action())).count();
        long deletions = selected.stream().filter(held -> "DELETED".equals(held.action())).count();
        long other = selected.size() - deactivations - deletions;
        return deactivations + " deactivation(s), " + deletions + " deletion(s)" + (other == 0 ? "" : ", " + other
                + " other");
    }

    private static String verb(Kind kind) {
        return kind == Kind.APPROVE_HELD ? "approve" : "reject";
    }

    private static String human(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String text(JsonNode object, String field) {
        JsonNode node = object.path(field);
        if (node.isNull() || node.isMissingNode() || !node.isValueNode()) {
            return null;
        }
        String text = CONTROL.matcher(node.asString()).replaceAll(" ").strip();
        return text.isEmpty() ? null : text;
    }

    /** ISO-8601 as the services write it; a number (Jackson's timestamps: seconds, with nanoseconds) read too. */
    private static Instant instant(JsonNode node) {
        try {
            if (node.isString()) {
                String text = node.asString().strip();
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException notAnInstant) {
                    return OffsetDateTime.parse(text).toInstant();
                }
            }
            if (node.isNumber()) {
                BigDecimal seconds = node.decimalValue();
                return Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
            }
        } catch (DateTimeParseException | ArithmeticException unreadable) {
            return null;
        }
        return null;
    }

    /** What the listing found: per employee, the held action; the end offsets it read to. */
    private record Listing(boolean topicExists, Map<String, Held> held, Map<TopicPartition, Long> ends) {
    }

    /** One held action, as far as a person needs it to decide (the snapshot, with its personal data, left out). */
    record Held(String employeeId, String doceboUserId, String username, String action, Instant heldAt,
                String reason) {

        String describe() {
            return "employee " + employeeId
                    + "  Docebo user " + orDash(doceboUserId) + (username == null ? "" : " (" + username + ")")
                    + "  " + orDash(action)
                    + "  held since " + (heldAt == null ? "-" : heldAt.truncatedTo(ChronoUnit.SECONDS))
                    + "  reason " + orDash(reason);
        }

        private static String orDash(String value) {
            return value == null ? "-" : value;
        }
    }
}
