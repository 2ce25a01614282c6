package io.hibobsync.simulator.docebo;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the simulator can be told at start-up; each value comes from a {@code DOCEBO_SIM_*}
 * environment variable (see docebo-simulator.yml and the README).
 *
 * @param clientId             the one OAuth client the platform knows
 * @param clientSecret         its secret
 * @param username             the API user for the password grant (seeded as a superadmin)
 * @param password             its password
 * @param tokenTtlSeconds      lifetime of an access token
 * @param rateLimitPerHour     calls allowed in any sliding hour before 429
 * @param branches             org chart seeded at start and on reset: {@code CODE:Title,PARENT/CODE:Title}
 * @param createReturnsUserId  the spec's guess: whether {@code POST /manage/v1/user} answers the new id
 * @param batchResultNesting   the spec's guess: batch rows under {@code data} or {@code data.items}
 * @param batchProcessingMs    how long a batch import or branch change keeps the platform busy
 * @param maxPageSize          the largest page a search answers, whatever page_size asks for
 */
@Validated
@ConfigurationProperties("docebo.sim")
record DoceboSimProperties(
        @NotBlank String clientId,
        @NotBlank String clientSecret,
        @NotBlank String username,
        @NotBlank String password,
        @Min(1) long tokenTtlSeconds,
        @Min(1) int rateLimitPerHour,
        String branches,
        boolean createReturnsUserId,
        @NotNull BatchResultNesting batchResultNesting,
        @Min(0) long batchProcessingMs,
        @Min(1) @Max(10_000) int maxPageSize) {

    /** Where batch results sit in the answer: the spec could not confirm which one Docebo uses. */
    enum BatchResultNesting {
        /** {@code {"data":[{row}...]}} */
        DATA,
        /** {@code {"data":{"items":[{row}...]}}} (bound from {@code data.items}) */
        DATA_ITEMS
    }
}
