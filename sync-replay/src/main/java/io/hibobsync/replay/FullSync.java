package io.hibobsync.replay;

import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.SyncCommand.Kind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sync-replay full-sync}: publishes one {@link SyncCommand} of kind {@link Kind#FULL_SYNC} (a plan with
 * {@code --plan}), then follows {@code sync-plans} for that run id only, from the end offsets the topic had before
 * the command was published: one line of progress, then a summary once every partition has reported. A thin
 * client: enrich-service reads HiBob, docebo-writer-service decides and writes; this only asks and reads.
 */
final class FullSync {

    static final String HELP = """
            Usage: sync-replay full-sync [--plan] [--json <file>] [--wait <duration> | --no-wait]
                                         [--show <n> | --show-all] [--bootstrap-servers <host:port>]

            Brings Docebo in line with the whole of HiBob at once, e.g. to bring an existing company in:
            enrich-service reads every HiBob employee in one search, docebo-writer-service creates, updates and
            adopts their users, reactivates and deletes as HiBob says, and deactivates the users of employees HiBob
            no longer returns. Each decision is reported on sync-plans. Start with --plan: it decides exactly as a
            run would, and writes nothing.

              --plan                      a dry run: nothing is written to Docebo; shows what a run would do
              --json <file>               also write the whole plan or run to this file as JSON (command, run id,
                                          counts, every entry with its changes; replaced if it exists)
              --wait <duration>           follow the run this long (default 10m; e.g. 90s, 30m, 1h, PT1H)
              --no-wait                   publish the command, print the run id and return
              --show <n>                  in the summary, list the first n employees of each kind (with their
                                          field-level changes, conflicts, held ones); default 50
              --show-all                  list every one
              --bootstrap-servers <list>  the Kafka brokers (default: KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:19092)

            Publishes one command on sync-commands (kind FULL_SYNC, key = a new UUID: the run id; the plan flag,
            your operating-system user and the time; acks=all, idempotent), prints the run id, then follows
            sync-plans for that run only, from where the topic ended before the command was published: one line of
            progress (rewritten in place on a terminal), then, once every partition has reported, the counts per
            action and the changes. Deactivations and deletions beyond the safety brake are held, not written:
            'held' lists them, 'held --approve' applies them. Ctrl-C stops following, not the run. Running it
            again is safe: the writer writes only what differs.

            Exit codes: 0 complete, 1 refused (no sync-commands or sync-plans topic: the services never started) or
            Kafka failed, 2 bad arguments, 3 published but not complete within --wait (are enrich-service and
            docebo-writer-service running? it names the partitions missing).
            """;

    /** Exit code: the command was published, but not every partition had reported within {@code --wait}. */
    static final int NOT_COMPLETE = 3;
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);
    static final int DEFAULT_SHOW = 50;

    private static final Set<String> VALUE_OPTIONS = Set.of("json", "wait", "show");
    private static final Set<String> FLAGS = Set.of("plan", "no-wait", "show-all");
    private static final long TERMINAL_REDRAW_NANOS = Duration.ofMillis(200).toNanos();
    private static final long PLAIN_LINE_NANOS = Duration.ofSeconds(5).toNanos();
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]+");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    /** The actions a run reports, in the order of the summary, with their label there. */
    private static final Map<String, String> ACTIONS = labels("CREATE", "create", "UPDATE", "update", "DEACTIVATE",
            "deactivate", "REACTIVATE", "reactivate", "DELETE", "delete", "ADOPT", "adopt", "CONFLICT", "conflict",
            "UNCHANGED", "unchanged", "HELD", "held", "IN_DOCEBO_ONLY", "in Docebo only", "FAILED", "failed");
    /** Shown among the counts only when there are some. */
    private static final Map<String, String> OCCASIONAL = labels("OUT_OF_SCOPE", "out of scope");
    /** Actions that change a Docebo user (or would): listed with their field-level changes. */
    private static final List<String> CHANGING = List.of("CREATE", "UPDATE", "ADOPT", "REACTIVATE", "DEACTIVATE",
            "DELETE");

    private final PrintStream out;
    private final PrintStream err;
    private final String commandsTopic;
    private final String plansTopic;
    private final String employeesTopic;
    private final String requestedBy;
    private final boolean terminal;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param employeesTopic the topic whose partitions a run reports on ({@code hibob-employees}): how many to expect
     *                       before the first report says
     * @param terminal       stdout is a terminal: the progress line is rewritten in place
     */
    FullSync(PrintStream out, PrintStream err, String commandsTopic, String plansTopic, String employeesTopic,
            String requestedBy, boolean terminal) {
        this.out = out;
        this.err = err;
        this.commandsTopic = commandsTopic;
        this.plansTopic = plansTopic;
        this.employeesTopic = employeesTopic;
        this.requestedBy = requestedBy;
        this.terminal = terminal;
    }

    int run(List<String> args, String defaultBootstrapServers) {
        Options options = Options.parse("full-sync", args, VALUE_OPTIONS, FLAGS);
        boolean plan = options.given("plan");
        Duration wait = options.waitOr(DEFAULT_WAIT);
        options.exclusive("show", "show-all");
        int show = options.given("show-all") ? Integer.MAX_VALUE : show(options.single("show"));
        Path jsonFile = jsonFile(options.single("json"));
        if (wait.isZero()) {
            String notFollowing = options.given("no-wait") ? "--no-wait" : "--wait 0";
            options.refuse(followingOnly -> "--" + followingOnly + " needs the run followed: leave out " + notFollowing
                    + " (or --" + followingOnly + ")", "json", "show", "show-all");
        }
        String bootstrapServers = options.bootstrapServers(defaultBootstrapServers);

        try (Kafka kafka = new Kafka(bootstrapServers)) {
            if (kafka.partitionsIfAny(commandsTopic).isEmpty()) {
                throw new RefusedException("Kafka at " + bootstrapServers + " has no topic '" + commandsTopic
                        + "': docebo-writer-service creates it when it starts, so no writer has ever run against this "
                        + "Kafka. Start the services (locally: scripts/run-local), then run this again. Nothing was "
                        + "published.");
            }
            List<TopicPartition> plans = kafka.partitionsIfAny(plansTopic);
            if (plans.isEmpty()) {
                throw new RefusedException("Kafka at " + bootstrapServers + " has no topic '" + plansTopic
                        + "': docebo-writer-service creates it when it starts (a version that does full syncs). "
                        + "Start or upgrade it, then run this again. Nothing was published.");
            }
            int expected = kafka.partitionsIfAny(employeesTopic).size();
            // Taken before the command exists: whatever follows on sync-plans can be this run's.
            Map<TopicPartition, Long> from = kafka.endOffsets(plans);
            SyncCommand command = new SyncCommand(UUID.randomUUID().toString(), Kind.FULL_SYNC, List.of(),
                    requestedBy, Instant.now(), plan);
            out.println("Asking for a full sync" + (plan ? " plan (a dry run: nothing is written to Docebo)"
                    : " (Docebo is written)") + " at " + bootstrapServers + ".");
            RecordMetadata sent = publish(kafka, command);
            out.printf("Asked: run %s (FULL_SYNC%s, by %s) on %s/%d@%d.%n", command.commandId(),
                    plan ? ", plan" : "", requestedBy, sent.topic(), sent.partition(), sent.offset());
            if (wait.isZero()) {
                out.println("Not following (--no-wait): enrich-service reads HiBob when it gets the command, "
                        + "docebo-writer-service reports each employee on " + plansTopic + " under the run id.");
                return 0;
            }
            out.println("Following " + plansTopic + " for run " + command.commandId() + ", up to " + human(wait)
                    + " (Ctrl-C stops following, not the run)...");
            RunState state = new RunState(command.commandId(), plan, expected);
            try {
                follow(kafka, from, state, wait);
            } catch (KafkaException e) {
                throw new RefusedException("Kafka failed while following run " + command.commandId() + ": "
                        + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")")
                        + ". The command was published: the run goes on without this command line.", e);
            }
            return report(command, state, wait, bootstrapServers, show, jsonFile);
        }
    }

    /** Reads {@code sync-plans} from {@code from} until every partition of the run has reported, or the wait ends. */
    private void follow(Kafka kafka, Map<TopicPartition, Long> from, RunState state, Duration wait) {
        Progress progress = new Progress();
        progress.show(state);
        kafka.follow(from, wait, state::complete, records -> {
            records.forEach(record -> accept(record, state));
            progress.show(state);
        });
        progress.end(state);
    }

    /** One record of {@code sync-plans}: this run's entry or progress report, else ignored. */
    private void accept(ConsumerRecord<byte[], byte[]> record, RunState state) {
        if (record.value() == null) {
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (key != null && !key.equals(state.runId)) {
            return;
        }
        JsonNode value;
        try {
            value = json.readTree(record.value());
        } catch (JacksonException notJson) {
            return;
        }
        if (value == null || !value.isObject() || !state.runId.equals(raw(value, "runId"))) {
            return;
        }
        if (value.has("action")) {
            state.entry(new Entry(raw(value, "employeeId"), raw(value, "action"), raw(value, "doceboUserId"),
                    raw(value, "username"), strings(value.path("changes")), raw(value, "detail")));
        } else if (value.has("partitions")) {
            state.progress(value.path("partition").asInt(-1), value.path("partitions").asInt(0),
                    value.path("total").isNumber() ? value.path("total").asInt() : null);
        }
    }

    private int report(SyncCommand command, RunState state, Duration wait, String bootstrapServers, int show,
            Path jsonFile) {
        boolean plan = command.plan();
        boolean complete = state.complete();
        List<Entry> entries = state.sorted();
        Map<String, Integer> counts = state.counts();
        String total = state.total == null ? "" : "HiBob returned " + number(state.total) + " employee(s); ";
        if (complete) {
            out.println((plan ? "Plan" : "Run") + " complete: " + total + "all " + state.partitions
                    + " partition(s) reported.");
        } else {
            out.println((plan ? "Plan" : "Run") + " NOT complete after " + human(wait) + ": " + total
                    + state.reported.size() + " of " + (state.partitions() > 0 ? state.partitions() : "?")
                    + " partition(s) reported. So far:");
        }
        printCounts(counts);
        List<Entry> changes = entries.stream().filter(FullSync::isChange).toList();
        if (changes.isEmpty()) {
            out.println("Changes: none" + (complete ? "" : " so far") + " (no user to " + (plan ? "" : "be ")
                    + (plan ? "create, update, adopt, reactivate, deactivate or delete)."
                    : "created, updated, adopted, reactivated, deactivated or deleted)."));
        }
        section("Changes", plan ? "what would change, field by field" : "what changed", changes, show, true, false);
        section("Conflicts", "nothing is written for them; docs/runbook.md says how to resolve each kind",
                only(entries, "CONFLICT"), show, false, true);
        section("Held", plan ? "the safety brake would hold these: nothing would be written for them"
                : "the safety brake holds these: nothing was written for them", only(entries, "HELD"), show, true,
                true);
        section("Failed", "see docebo-writer-service's log and hibob-employees-dlt", only(entries, "FAILED"), show,
                false, true);
        section("In Docebo only", "users no HiBob employee owns: the sync leaves them alone",
                only(entries, "IN_DOCEBO_ONLY"), show, false, false);
        section("Other", "actions this command does not know", entries.stream()
                .filter(entry -> !ACTIONS.containsKey(entry.action()) && !OCCASIONAL.containsKey(entry.action())
                        && !isChange(entry)).toList(), show, true, true);
        if (jsonFile != null) {
            writeJson(jsonFile, command, state, entries, counts, bootstrapServers);
        }
        int held = counts.getOrDefault("HELD", 0);
        if (plan) {
            out.println("Nothing was written: this was a plan (run " + state.runId + "). To do it for real: "
                    + "java -jar sync-replay.jar full-sync (without --plan).");
            if (held > 0) {
                out.println(held + " deactivation(s) or deletion(s) would be held by the safety brake: nothing is "
                        + "written for them. After the run, compare them with HiBob, then 'held --approve' applies "
                        + "them ('held' lists them, 'held --reject' drops them).");
            }
        } else {
            out.println((complete ? "Done" : "Not done yet") + ": run " + state.runId + ". docebo-sync-outcomes "
                    + "records what the writer did for each employee.");
            if (held > 0) {
                out.println(held + " deactivation(s) or deletion(s) are held by the safety brake: nothing was written "
                        + "for them. Compare them with HiBob, then 'held --approve' applies them ('held' lists them, "
                        + "'held --reject' drops them).");
            }
        }
        if (complete) {
            return 0;
        }
        err.println(missing(state, wait));
        return NOT_COMPLETE;
    }

    private String missing(RunState state, Duration wait) {
        StringBuilder message = new StringBuilder("Not complete after " + human(wait) + ": ");
        int partitions = state.partitions();
        if (partitions > 0) {
            List<Integer> missing = IntStream.range(0, partitions)
                    .filter(partition -> !state.reported.contains(partition)).boxed().toList();
            message.append(missing.size() == 1 ? "partition " : "partitions ").append(join(missing)).append(" of ")
                    .append(partitions).append(" (").append(employeesTopic).append(") ")
                    .append(missing.size() == 1 ? "has" : "have").append(" not reported");
            message.append(state.reported.isEmpty() ? "" : "; " + join(state.reported) + " did").append(". ");
        } else {
            message.append("no partition has reported. ");
        }
        message.append("The command was published (run ").append(state.runId).append(") and stays on ")
                .append(commandsTopic).append(". ");
        if (state.decided.isEmpty()) {
            message.append("Nothing of this run has come yet: is enrich-service running (it reads HiBob when it gets "
                    + "the command; for a large company HiBob may take minutes to answer) and docebo-writer-service? "
                    + "See their logs. A command enrich-service gave up on (HiBob refused, retries used up) is on "
                    + commandsTopic + "-dlt.");
        } else {
            message.append("docebo-writer-service is still applying (it reports a partition once it has seen that "
                    + "partition's whole share), or enrich-service or docebo-writer-service stopped: see their logs.");
        }
        message.append(" The run goes on without this command; what it did is on ").append(plansTopic)
                .append(" under the run id (scripts/show-topic ").append(plansTopic)
                .append(" --from-beginning). Wait longer with --wait.");
        return message.toString();
    }

    private void printCounts(Map<String, Integer> counts) {
        ACTIONS.forEach((action, label) -> out.printf("  %-16s %8s%n", label, number(counts.getOrDefault(action, 0))));
        counts.forEach((action, count) -> {
            if (!ACTIONS.containsKey(action)) {
                out.printf("  %-16s %8s%n", OCCASIONAL.getOrDefault(action, action), number(count));
            }
        });
    }

    /** Up to {@code show} entries under a heading, with their changes (or their detail when they have none). */
    private void section(String heading, String explanation, List<Entry> entries, int show, boolean withChanges,
            boolean withDetail) {
        if (entries.isEmpty()) {
            return;
        }
        int shown = Math.min(show, entries.size());
        out.println(heading + ": " + number(entries.size()) + " (" + explanation + ")"
                + (shown == entries.size() ? ":" : shown == 0 ? "; none listed (--show <n> or --show-all lists them)."
                : "; the first " + number(shown) + ":"));
        for (Entry entry : entries.subList(0, shown)) {
            out.println("  " + String.format("%-11s", entry.action()) + " " + entry.describe());
            boolean changes = withChanges && !entry.changes().isEmpty();
            if (entry.detail() != null && (withDetail || withChanges && !changes)) {
                out.println("                " + (changes ? "why: " : "") + clean(entry.detail()));
            }
            if (changes) {
                entry.changes().forEach(change -> out.println("                " + clean(change)));
            }
        }
        if (shown > 0 && shown < entries.size()) {
            out.println("  … and " + number(entries.size() - shown) + " more: --show-all lists every one, "
                    + "--json <file> writes them all.");
        }
    }

    private void writeJson(Path file, SyncCommand command, RunState state, List<Entry> entries,
            Map<String, Integer> counts, String bootstrapServers) {
        ObjectNode document = json.createObjectNode();
        document.set("command", json.valueToTree(command));
        document.put("runId", state.runId);
        document.put("plan", state.plan);
        document.put("bootstrapServers", bootstrapServers);
        document.put("topic", plansTopic);
        document.put("complete", state.complete());
        if (state.partitions() > 0) {
            document.put("partitions", state.partitions());
        } else {
            document.putNull("partitions");
        }
        ArrayNode reported = document.putArray("partitionsReported");
        state.reported.forEach(reported::add);
        ArrayNode missing = document.putArray("partitionsMissing");
        IntStream.range(0, Math.max(state.partitions(), 0)).filter(partition -> !state.reported.contains(partition))
                .forEach(missing::add);
        if (state.total == null) {
            document.putNull("total");
        } else {
            document.put("total", state.total);
        }
        ObjectNode countNode = document.putObject("counts");
        ACTIONS.keySet().forEach(action -> countNode.put(action, counts.getOrDefault(action, 0)));
        counts.forEach((action, count) -> {
            if (!ACTIONS.containsKey(action)) {
                countNode.put(action, count);
            }
        });
        ArrayNode list = document.putArray("entries");
        for (Entry entry : entries) {
            ObjectNode item = list.addObject();
            item.put("employeeId", entry.employeeId());
            item.put("action", entry.action());
            item.put("doceboUserId", entry.doceboUserId());
            item.put("username", entry.username());
            ArrayNode changes = item.putArray("changes");
            entry.changes().forEach(changes::add);
            item.put("detail", entry.detail());
        }
        try {
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n",
                    StandardCharsets.UTF_8);
            out.println("Wrote the whole " + (state.plan ? "plan" : "run") + " (" + number(entries.size())
                    + (entries.size() == 1 ? " entry" : " entries") + ") to " + file + ".");
        } catch (IOException e) {
            throw new RefusedException("Could not write " + file + ": " + e.getMessage() + " (the run itself is "
                    + "not affected: run " + state.runId + ")", e);
        }
    }

    /** One record, key = run id; returns once the broker has it. */
    private RecordMetadata publish(Kafka kafka, SyncCommand command) {
        return kafka.publish(new ProducerRecord<>(commandsTopic, command.commandId().getBytes(StandardCharsets.UTF_8),
                        json.writeValueAsBytes(command)), "the command", "Nothing was asked; run this again.",
                "scripts/show-topic " + commandsTopic + " shows it (asking again only costs a HiBob read: the writer "
                        + "writes only what differs).");
    }

    private static int show(String text) {
        if (text == null) {
            return DEFAULT_SHOW;
        }
        if (!DIGITS.matcher(text).matches()) {
            throw Options.invalid("show", text, "is not a number of employees: give 0 or more, or --show-all");
        }
        return Integer.parseInt(text);
    }

    /** Where {@code --json} writes, checked before anything is published. */
    private static Path jsonFile(String text) {
        if (text == null) {
            return null;
        }
        Path file;
        try {
            file = Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw Options.invalid("json", text, "is not a file name: " + e.getMessage());
        }
        if (Files.isDirectory(file)) {
            throw Options.invalid("json", text, "is a directory: give a file name");
        }
        Path directory = file.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw Options.invalid("json", text, "is in a directory that does not exist: " + directory);
        }
        if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(directory)) {
            throw Options.invalid("json", text, "cannot be written there");
        }
        return file;
    }

    private static boolean isChange(Entry entry) {
        return CHANGING.contains(entry.action()) || !entry.changes().isEmpty()
                && !List.of("HELD", "CONFLICT", "FAILED", "IN_DOCEBO_ONLY").contains(entry.action());
    }

    private static List<Entry> only(List<Entry> entries, String action) {
        return entries.stream().filter(entry -> action.equals(entry.action())).toList();
    }

    private static String raw(JsonNode object, String field) {
        JsonNode node = object.path(field);
        return node.isNull() || node.isMissingNode() || !node.isValueNode() ? null : node.asString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(item -> {
                if (item.isValueNode() && !item.isNull()) {
                    strings.add(item.asString());
                }
            });
        }
        return strings;
    }

    private static String clean(String text) {
        return text == null ? "-" : CONTROL.matcher(text).replaceAll(" ").strip();
    }

    static String number(long value) {
        return String.format(Locale.ENGLISH, "%,d", value);
    }

    private static String join(java.util.Collection<Integer> partitions) {
        return partitions.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    static String human(Duration duration) {
        if (duration.toMillis() % 60_000 == 0 && duration.toMinutes() > 0) {
            return duration.toMinutes() + " min";
        }
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    /** The progress line: rewritten in place on a terminal; otherwise a line per partition done, or every 5 s. */
    private final class Progress {

        private String shown;
        private long shownAt;
        private int shownReported = -1;
        private int width;

        void show(RunState state) {
            String line = state.line();
            if (line.equals(shown)) {
                return;
            }
            long now = System.nanoTime();
            if (terminal) {
                if (shown != null && now - shownAt < TERMINAL_REDRAW_NANOS) {
                    return;
                }
                draw(line);
            } else {
                if (state.reported.size() == shownReported && now - shownAt < PLAIN_LINE_NANOS) {
                    return;
                }
                out.println(line);
            }
            shown = line;
            shownAt = now;
            shownReported = state.reported.size();
        }

        void end(RunState state) {
            String line = state.line();
            if (terminal) {
                if (!line.equals(shown)) {
                    draw(line);
                }
                out.println();
            } else if (!line.equals(shown)) {
                out.println(line);
            }
            out.flush();
        }

        private void draw(String line) {
            // Spaces over what is left of a longer line before; the cursor stays at the end of this one.
            out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            width = line.length();
            out.flush();
        }
    }

    /** What has come of the run so far: the latest entry per employee (or Docebo user), the partitions reported. */
    private static final class RunState {

        final String runId;
        final boolean plan;
        final Map<String, Entry> decided = new LinkedHashMap<>();
        final Set<Integer> reported = new TreeSet<>();
        /** Docebo users an employee of this run is linked to (or would be, in a plan). */
        private final Set<String> claimed = new java.util.HashSet<>();
        private final int expected;
        int partitions;
        Integer total;
        private int unnamed;

        RunState(String runId, boolean plan, int expected) {
            this.runId = runId;
            this.plan = plan;
            this.expected = expected;
        }

        void entry(Entry entry) {
            // The writer of partition 0 lists the users nobody owns when its share ends, before the other partitions
            // may have adopted some of them: an employee's entry naming the user wins, whichever comes first.
            if (entry.employeeId() != null && entry.doceboUserId() != null) {
                claimed.add(entry.doceboUserId());
                decided.remove("user " + entry.doceboUserId());
            } else if ("IN_DOCEBO_ONLY".equals(entry.action()) && claimed.contains(entry.doceboUserId())) {
                return;
            }
            // A writer restarted in the middle of a run reports an employee again: the latest report counts.
            String key = entry.employeeId() != null ? "employee " + entry.employeeId()
                    : entry.doceboUserId() != null ? "user " + entry.doceboUserId() : "unnamed " + unnamed++;
            decided.remove(key);
            decided.put(key, entry);
        }

        void progress(int partition, int of, Integer runTotal) {
            if (partition < 0 || of <= 0) {
                return;
            }
            partitions = of;
            reported.add(partition);
            if (runTotal != null) {
                total = runTotal;
            }
        }

        /** How many partitions the run has: as its reports say, else as many as the employees topic has. */
        int partitions() {
            return partitions > 0 ? partitions : expected;
        }

        boolean complete() {
            return partitions > 0 && IntStream.range(0, partitions).allMatch(reported::contains);
        }

        Map<String, Integer> counts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            decided.values().forEach(entry -> counts.merge(String.valueOf(entry.action()), 1, Integer::sum));
            return counts;
        }

        /**
         * E.g. {@code read 1,204 · applied 900 · created 12 · updated 30 · deactivated 2 · held 0 · conflicts 1 ·
         * partitions 4/6}; for a plan {@code planned}, {@code create}, {@code update}, {@code deactivate}.
         */
        String line() {
            Map<String, Integer> counts = counts();
            long employees = decided.values().stream().filter(entry -> entry.employeeId() != null).count();
            StringBuilder line = new StringBuilder("read ").append(total == null ? "?" : number(total));
            line.append(" · ").append(plan ? "planned " : "applied ").append(number(employees));
            line.append(" · ").append(plan ? "create " : "created ").append(number(counts.getOrDefault("CREATE", 0)));
            line.append(" · ").append(plan ? "update " : "updated ").append(number(counts.getOrDefault("UPDATE", 0)));
            line.append(" · ").append(plan ? "deactivate " : "deactivated ")
                    .append(number(counts.getOrDefault("DEACTIVATE", 0)));
            line.append(" · held ").append(number(counts.getOrDefault("HELD", 0)));
            line.append(" · conflicts ").append(number(counts.getOrDefault("CONFLICT", 0)));
            int failed = counts.getOrDefault("FAILED", 0);
            if (failed > 0) {
                line.append(" · failed ").append(number(failed));
            }
            line.append(" · partitions ").append(reported.size()).append('/')
                    .append(partitions() > 0 ? String.valueOf(partitions()) : "?");
            return line.toString();
        }

        /** In the order of the summary: by action, then employee (or Docebo user). */
        List<Entry> sorted() {
            List<String> order = new ArrayList<>(ACTIONS.keySet());
            order.addAll(OCCASIONAL.keySet());
            return decided.values().stream()
                    .sorted(Comparator.<Entry>comparingInt(entry -> {
                                int index = order.indexOf(entry.action());
                                return index < 0 ? order.size() : index;
                            })
                            .thenComparing(entry -> String.valueOf(entry.action()))
                            .thenComparing(entry -> entry.employeeId() == null ? "" : entry.employeeId())
                            .thenComparing(entry -> entry.doceboUserId() == null ? "" : entry.doceboUserId()))
                    .toList();
        }
    }

    /** One {@code PlanEntry}, as read (unknown fields ignored, text kept as sent). */
    private record Entry(String employeeId, String action, String doceboUserId, String username, List<String> changes,
                         String detail) {

        String describe() {
            StringBuilder text = new StringBuilder();
            if (employeeId != null) {
                text.append("employee ").append(clean(employeeId)).append("  ");
            }
            if (doceboUserId != null) {
                text.append("Docebo user ").append(clean(doceboUserId));
            } else {
                text.append("CREATE".equals(action) ? "new Docebo user" : "no Docebo user");
            }
            if (username != null) {
                text.append(" (").append(clean(username)).append(')');
            }
            return text.toString();
        }
    }
}
