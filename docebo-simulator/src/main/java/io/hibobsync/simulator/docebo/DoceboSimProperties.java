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
 * @param batchUserIdPlacement the spec's guess: a batch row's {@code user_id} under {@code output} or beside {@code success}
 * @param batchBranchOptionRequired when a batch without {@code branch_option} is refused with error 1006
 * @param batchProcessingMs    how long a batch import or branch change keeps the platform busy
 * @param maxPageSize          the largest page a search answers, whatever page_size asks for
 */
@Validated
@ConfigurationProperties("docebo.sim")
public record DoceboSimProperties(
        @NotBlank String clientId,
        @NotBlank String clientSecret,
        @NotBlank String username,
        @NotBlank String password,
        @Min(1) long tokenTtlSeconds,
        @Min(1) int rateLimitPerHour,
        String branches,
        boolean createReturnsUserId,
        @NotNull BatchResultNesting batchResultNesting,
        @NotNull BatchUserIdPlacement batchUserIdPlacement,
        @NotNull BranchOptionRequired batchBranchOptionRequired,
        @Min(0) long batchProcessingMs,
        @Min(1) @Max(10_000) int maxPageSize) {

    /** Where batch results sit in the answer: the spec could not confirm which one Docebo uses. */
    public enum BatchResultNesting {
        /** {@code {"data":[{row}...]}} */
        DATA,
        /** {@code {"data":{"items":[{row}...]}}} (bound from {@code data.items}) */
        DATA_ITEMS
    }

    /** Where a batch row carries the new or updated user's id: the spec could not confirm which. */
    public enum BatchUserIdPlacement {
        /** {@code {"row_index":0,"success":true,"message":"","output":{"user_id":12302,"username":"..."}}} */
        OUTPUT,
        /** {@code {"row_index":0,"success":true,"message":"","user_id":12302,"username":"..."}} */
        BESIDE
    }

    /**
     * When a batch without {@code branch_option} is refused with 1006 "Required option not set: branch_option".
     * Docebo staff report the option as required; the simulator asks for it where it matters by default.
     */
    public enum BranchOptionRequired {
        /** only when a row has a {@code branch_code} or {@code branch_code_path} (bound from {@code when-branch-named}) */
        WHEN_BRANCH_NAMED,
        /** on every batch */
        ALWAYS
    }
}
