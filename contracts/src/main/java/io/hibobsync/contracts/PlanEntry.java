package io.hibobsync.contracts;

import java.util.List;

/**
 * What a full sync does (or, as a plan, would do) for one employee or Docebo user, on {@link Topics#SYNC_PLANS}.
 *
 * @param runId        the run
 * @param plan         a dry run: nothing was written
 * @param employeeId   the HiBob employee; {@code null} for a Docebo user no employee owns ({@code IN_DOCEBO_ONLY})
 * @param action       {@code CREATE}, {@code UPDATE}, {@code DEACTIVATE}, {@code REACTIVATE}, {@code DELETE},
 *                     {@code ADOPT}, {@code CONFLICT}, {@code UNCHANGED}, {@code HELD}, {@code OUT_OF_SCOPE},
 *                     {@code IN_DOCEBO_ONLY}
 * @param doceboUserId the Docebo user, when there is one
 * @param username     its username (or the one it would get)
 * @param changes      field by field, e.g. {@code first_name: "Ana" → "Anna"}, {@code branch: ENG → RES}
 * @param detail       in plain words, e.g. why a conflict or a deactivation
 */
public record PlanEntry(String runId, boolean plan, String employeeId, String action, String doceboUserId,
        String username, List<String> changes, String detail) {

    public PlanEntry {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
