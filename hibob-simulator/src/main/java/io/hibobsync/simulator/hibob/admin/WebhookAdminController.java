package io.hibobsync.simulator.hibob.admin;

import io.hibobsync.simulator.hibob.WebhookDelivery;
import io.hibobsync.simulator.hibob.WebhookRegistration;
import io.hibobsync.simulator.hibob.webhook.WebhookAdmin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sim/webhooks}: register the webhook (pinged first), and see every delivery and its attempts. */
@RestController
@RequestMapping("/sim/webhooks")
public class WebhookAdminController {

    private final WebhookAdmin webhooks;

    WebhookAdminController(WebhookAdmin webhooks) {
        this.webhooks = webhooks;
    }

    record RegisterRequest(String url, String secret) {
    }

    /** The secret is never shown. */
    @GetMapping
    Map<String, Object> registration() {
        var registration = new HashMap<String, Object>();
        registration.put("url", webhooks.url());
        return registration;
    }

    @PostMapping
    WebhookRegistration register(@RequestBody RegisterRequest request) {
        return webhooks.register(request.url(), request.secret());
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unregister() {
        webhooks.unregister();
    }

    @GetMapping("/deliveries")
    List<WebhookDelivery> deliveries(@RequestParam(required = false) String type) {
        return webhooks.deliveries().stream()
                .filter(delivery -> type == null || type.isBlank() || delivery.type().equals(type))
                .toList();
    }

    @DeleteMapping("/deliveries")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clearDeliveries() {
        webhooks.clearDeliveries();
    }
}
