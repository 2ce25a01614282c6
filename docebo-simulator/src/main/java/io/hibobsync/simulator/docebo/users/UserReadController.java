package io.hibobsync.simulator.docebo.users;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import io.hibobsync.simulator.docebo.web.DoceboAnswers;
import io.hibobsync.simulator.docebo.web.DoceboApiException;
import io.hibobsync.simulator.docebo.web.PageRequest;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /manage/v1/user} (search, paged from 1) and {@code GET /manage/v1/user/{id}}. */
@RestController
public class UserReadController {

    private final UserDirectory directory;
    private final UserAnswerForm answerForm;
    private final DoceboSimProperties properties;

    UserReadController(UserDirectory directory, UserAnswerForm answerForm, DoceboSimProperties properties) {
        this.directory = directory;
        this.answerForm = answerForm;
        this.properties = properties;
    }

    /** No exact "by email" lookup exists: clients search, then match exactly themselves. */
    @GetMapping("/manage/v1/user")
    Map<String, Object> search(@RequestParam(name = "search_text", required = false) String searchText,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "page_size", required = false) Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize, properties.maxPageSize());
        synchronized (directory) {
            // Rendering a user looks at every other user (is_manager): render only the page asked for.
            return DoceboAnswers.page(directory.search(searchText), request.page(), request.pageSize(),
                    answerForm::answer);
        }
    }

    @GetMapping("/manage/v1/user/{userId:\\d+}")
    Map<String, Object> one(@PathVariable long userId) {
        synchronized (directory) {
            return DoceboAnswers.data(answerForm.answer(directory.byId(userId)
                    .orElseThrow(() -> DoceboApiException.notFound("User with id " + userId + " not found"))));
        }
    }
}
