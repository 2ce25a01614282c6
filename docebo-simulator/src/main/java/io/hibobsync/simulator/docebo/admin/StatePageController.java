package io.hibobsync.simulator.docebo.admin;

import io.hibobsync.simulator.docebo.DoceboBranch;
import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.docebo.SimulatorState;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * A plain page for people trying the product: the users with status, manager and branches, and the
 * branches. It refreshes itself from {@code /sim/ui}, which stays out of the call log, unlike {@code /}.
 */
@RestController
public class StatePageController {

    private static final int REFRESH_SECONDS = 3;

    private final SimulatorAdmin admin;

    StatePageController(SimulatorAdmin admin) {
        this.admin = admin;
    }

    @GetMapping(path = {"/", "/sim/ui"}, produces = MediaType.TEXT_HTML_VALUE)
    String page() {
        SimulatorState state = admin.state();
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta http-equiv="refresh" content="%d; url=/sim/ui">
                <title>Docebo simulator</title>
                <style>
                body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}
                td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.inactive{color:#999}
                </style></head><body>
                <h1>Docebo simulator</h1>
                <p>%d users &middot; %d of %d API calls used in the last hour%s%s &middot;
                <a href="/sim/state">state as JSON</a> &middot; <a href="/sim/calls">call log</a></p>
                <h2>Users</h2>
                <table><tr><th>id</th><th>username</th><th>name</th><th>email</th><th>status</th><th>level</th>
                <th>direct manager</th><th>branches</th><th>additional fields</th></tr>
                """.formatted(REFRESH_SECONDS, state.users().size(), state.callsInLastHour(), state.rateLimitPerHour(),
                state.importRunning() ? " &middot; <b>import running</b>" : "",
                state.refusedConcurrentCalls() > 0
                        ? " &middot; <b>" + state.refusedConcurrentCalls() + " concurrent import(s) refused</b>" : ""));
        for (DoceboUser user : state.users()) {
            html.append("<tr class=\"").append(user.active() ? "active" : "inactive").append("\">")
                    .append(cell(String.valueOf(user.userId())))
                    .append(cell(user.username()))
                    .append(cell((nullToEmpty(user.firstName()) + " " + nullToEmpty(user.lastName())).trim()))
                    .append(cell(user.email()))
                    .append(cell(user.active() ? "active" : "inactive"))
                    .append(cell(user.level()))
                    .append(cell(user.directManager()))
                    .append(cell(String.join(", ", user.branches())))
                    .append(cell(user.fields().entrySet().stream()
                            .map(field -> "field_" + field.getKey() + "=" + field.getValue())
                            .collect(Collectors.joining(", "))))
                    .append("</tr>\n");
        }
        html.append("</table>\n<h2>Branches</h2>\n<table><tr><th>id</th><th>code path</th><th>title</th></tr>\n");
        for (DoceboBranch branch : state.branches()) {
            html.append("<tr>").append(cell(String.valueOf(branch.id()))).append(cell(branch.path()))
                    .append(cell(branch.title())).append("</tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    private static String cell(String value) {
        return "<td>" + HtmlUtils.htmlEscape(nullToEmpty(value)) + "</td>";
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
