package io.hibobsync.mailcatcher;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The inbox, for people ({@code /}, {@code /mails/{name}}) and for scripts ({@code /api/mails},
 * {@code /mails/{name}/eml}).
 */
@RestController
class InboxController {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            <style>
              body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
              table { border-collapse: collapse; width: 100%; }
              th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
              th { background: #f4f4f4; }
              td.time { white-space: nowrap; color: #555; }
              pre { background: #f8f8f8; padding: 1rem; white-space: pre-wrap; word-break: break-word; }
              dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
              dt { font-weight: bold; }
              .muted { color: #777; }
            </style>""";

    private final Inbox inbox;

    InboxController(Inbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    String page() {
        List<Inbox.Summary> mails = inbox.list();
        StringBuilder html = new StringBuilder(page("Mail catcher"))
                .append("<h1>Mail catcher</h1><p class=\"muted\">").append(mails.size())
                .append(mails.size() == 1 ? " mail" : " mails").append(" in <code>")
                .append(htmlEscape(inbox.dir().toString())).append("</code>, newest first")
                .append(mails.size() >= Inbox.PAGE_SIZE ? " (the newest " + Inbox.PAGE_SIZE + ")" : "")
                .append(". Reload to see new ones.</p>");
        if (mails.isEmpty()) {
            html.append("<p>No mail yet.</p>");
        } else {
            html.append("<table><tr><th>received</th><th>to</th><th>subject</th></tr>");
            for (Inbox.Summary mail : mails) {
                html.append("<tr><td class=\"time\">").append(TIME.format(mail.receivedAt())).append("</td><td>")
                        .append(htmlEscape(mail.to())).append("</td><td><a href=\"/mails/")
                        .append(htmlEscape(mail.name())).append("\">").append(htmlEscape(mail.subject()))
                        .append("</a></td></tr>");
            }
            html.append("</table>");
        }
        return html.append("</body></html>").toString();
    }

    @GetMapping(value = "/mails/{name}", produces = MediaType.TEXT_HTML_VALUE)
    String mail(@PathVariable String name) {
        Inbox.View mail = inbox.read(name).orElseThrow(() -> notFound(name));
        Inbox.Summary summary = mail.summary();
        return page(summary.subject()) + "<p><a href=\"/\">← inbox</a></p><h1>" + htmlEscape(summary.subject())
                + "</h1><dl><dt>From</dt><dd>" + htmlEscape(summary.from()) + "</dd><dt>To</dt><dd>"
                + htmlEscape(summary.to()) + "</dd><dt>Date</dt><dd>" + htmlEscape(mail.date())
                + "</dd><dt>Received</dt><dd>" + TIME.format(summary.receivedAt()) + "</dd><dt>File</dt><dd><a href=\"/mails/"
                + htmlEscape(name) + "/eml\">" + htmlEscape(name) + "</a></dd></dl><pre>"
                + (mail.text().isEmpty() ? "(no text part: open the .eml file)" : htmlEscape(mail.text()))
                + "</pre></body></html>";
    }

    @GetMapping("/mails/{name}/eml")
    ResponseEntity<Resource> eml(@PathVariable String name) {
        return inbox.file(name)
                .map(file -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("message/rfc822"))
                        .header(HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment().filename(name).build().toString())
                        .<Resource>body(new FileSystemResource(file)))
                .orElseThrow(() -> notFound(name));
    }

    @GetMapping(value = "/api/mails", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Inbox.Summary> mails() {
        return inbox.list();
    }

    private static String page(String title) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + htmlEscape(title) + "</title>" + STYLE
                + "</head><body>";
    }

    private static ResponseStatusException notFound(String name) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No mail named " + name);
    }
}
