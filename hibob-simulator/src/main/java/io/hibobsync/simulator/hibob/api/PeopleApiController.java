package io.hibobsync.simulator.hibob.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The part of HiBob's public API the sync uses: {@code POST /v1/people/search} and
 * {@code POST /v1/people/{idOrEmail}}. Credentials and rate limits are checked before these run.
 */
@RestController
@RequestMapping(path = "/v1/people", produces = MediaType.APPLICATION_JSON_VALUE)
public class PeopleApiController {

    private final PeopleQueryParser parser;
    private final PeopleReader reader;

    private final JsonMapper json;

    PeopleApiController(PeopleQueryParser parser, PeopleReader reader, JsonMapper json) {
        this.parser = parser;
        this.reader = reader;
        this.json = json;
    }

    /**
     * The body is read as text so that any malformed body gets HiBob's 400, not a framework error. The answer
     * is streamed: the query is checked first, so a 400 can still be answered before anything is written.
     */
    @PostMapping("/search")
    void search(@RequestBody(required = false) String body, HttpServletResponse response) throws IOException {
        var query = parser.parseSearch(body);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try (JsonGenerator answer = json.createGenerator(response.getOutputStream())) {
            answer.writeStartObject();
            answer.writeName("employees");
            answer.writeStartArray();
            reader.search(query, answer::writePOJO);
            answer.writeEndArray();
            answer.writeEndObject();
        }
    }

    @PostMapping("/{idOrEmail}")
    Map<String, Object> read(@PathVariable String idOrEmail, @RequestBody(required = false) String body) {
        return reader.read(idOrEmail, parser.parseRead(body));
    }

    @ExceptionHandler(HibobApiException.class)
    ResponseEntity<Map<String, Object>> hibobError(HibobApiException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }
}
