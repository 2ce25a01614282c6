package io.hibobsync.simulator.hibob;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the HiBob simulator can be told, bound from {@code hibob.simulator.*} (the {@code HIBOB_SIM_*}
 * environment variables in {@code hibob-simulator.yml}).
 *
 * @param companyId                 the tenant's company id, a number as in real payloads
 * @param serviceUserId             HTTP Basic user the API accepts
 * @param serviceUserToken          HTTP Basic password the API accepts
 * @param seedEmployees             size of the seeded company (0..100,000)
 * @param randomSeed                makes the seeded company the same on every start
 * @param forbiddenFields           field ids the service user may not read: silently left out of answers
 * @param searchRateLimitPerMinute  {@code POST /v1/people/search} calls per minute before 429 (HiBob: 50)
 * @param readRateLimitPerMinute    {@code POST /v1/people/{id}} calls per minute before 429 (a guess)
 * @param authFailuresBeforeBlock   401s within 10 s after which a caller is blocked for 5 minutes (0 = never)
 * @param departmentValue           machine form of list values (department, title): the item's name or its id
 * @param statusCase                casing of {@code internal.lifecycleStatus} in machine form
 * @param fieldUpdatesFormat        element shape of {@code fieldUpdates} in {@code employee.updated}
 * @param readLag                   how long after a change the API still reads the employee as before it
 *                                  (a new hire: not at all); webhooks still leave at once. Zero: no lag
 * @param webhook                   where and how webhooks are delivered
 */
@Validated
@ConfigurationProperties("hibob.simulator")
public record HibobSimulatorProperties(
        @DefaultValue("636192") long companyId,
        @DefaultValue("sync-service-user") @NotBlank String serviceUserId,
        @DefaultValue("sync-service-token") @NotBlank String serviceUserToken,
        @DefaultValue("50") @Min(0) @Max(100_000) int seedEmployees,
        @DefaultValue("20250108") long randomSeed,
        @DefaultValue("") List<String> forbiddenFields,
        @DefaultValue("50") @Min(1) int searchRateLimitPerMinute,
        @DefaultValue("100") @Min(1) int readRateLimitPerMinute,
        @DefaultValue("50") @Min(0) int authFailuresBeforeBlock,
        @DefaultValue("name") @NotNull ListValueForm departmentValue,
        @DefaultValue("as-is") @NotNull StatusCase statusCase,
        @DefaultValue("ids") @NotNull FieldUpdatesFormat fieldUpdatesFormat,
        @DefaultValue("0s") @NotNull Duration readLag,
        @DefaultValue @Valid Webhook webhook) {

    public HibobSimulatorProperties {
        if (readLag != null && readLag.isNegative()) {
            throw new IllegalArgumentException("hibob.simulator.read-lag (HIBOB_SIM_READ_LAG) must not be negative: "
                    + readLag);
        }
        forbiddenFields = forbiddenFields == null ? List.of()
                : forbiddenFields.stream().map(String::trim).filter(field -> !field.isEmpty()).toList();
    }

    /**
     * @param url            where webhooks go; empty = no webhook registered
     * @param secret         signing secret for {@code Bob-Signature}
     * @param initialBackoff first wait before retrying a delivery that got a non-2xx answer
     * @param maxBackoff     longest wait between retries (the wait doubles up to this)
     * @param maxAttempts    attempts per delivery before it is given up (real Bob keeps trying for 3 days)
     * @param timeout        how long one delivery attempt may take
     */
    public record Webhook(
            @DefaultValue("") String url,
            @DefaultValue("local-dev-webhook-secret") @NotBlank String secret,
            @DefaultValue("1s") @NotNull Duration initialBackoff,
            @DefaultValue("5m") @NotNull Duration maxBackoff,
            @DefaultValue("12") @Min(1) int maxAttempts,
            @DefaultValue("5s") @NotNull Duration timeout) {
    }

    /** HiBob's list fields answer the item's name or its id in machine form; the spec could not tell which. */
    public enum ListValueForm { NAME, ID }

    /** Whether {@code lifecycleStatus} comes as displayed ({@code Employed}) or lower case ({@code employed}). */
    public enum StatusCase { AS_IS, LOWER }

    /** {@code fieldUpdates} as a list of field ids, or of objects naming the field. */
    public enum FieldUpdatesFormat { IDS, OBJECTS }
}
