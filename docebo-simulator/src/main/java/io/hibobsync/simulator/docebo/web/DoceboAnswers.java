package io.hibobsync.simulator.docebo.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The envelopes every Docebo answer comes in. */
public final class DoceboAnswers {

    private DoceboAnswers() {
    }

    /** {@code {"data": ..., "version": "1.0.0", "_links": []}} */
    public static Map<String, Object> data(Object data) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", data);
        answer.put("version", "1.0.0");
        answer.put("_links", List.of());
        return answer;
    }

    /** {@code {"data": {"success": true, ...extra}}} */
    public static Map<String, Object> success(Map<String, ?> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("success", true);
        data.putAll(extra);
        return data(data);
    }

    /** The HTTP 200 failure: {@code {"data": {"success": false, "message": [...]}}}; clients must read the body. */
    public static Map<String, Object> failure(List<String> messages) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("success", false);
        data.put("message", List.copyOf(messages));
        return data(data);
    }

    /** A list answer; {@code page} starts at 1 and {@code has_more_data} says whether to read on. */
    public static Map<String, Object> page(List<?> allItems, int page, int pageSize) {
        return page(allItems, page, pageSize, item -> item);
    }

    /** The page of {@code allItems}, each rendered by {@code render}: only the page's items are rendered. */
    public static <T> Map<String, Object> page(List<T> allItems, int page, int pageSize,
            java.util.function.Function<T, ?> render) {
        int from = (int) Math.min((long) (page - 1) * pageSize, allItems.size());
        int to = Math.min(from + pageSize, allItems.size());
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("items", allItems.subList(from, to).stream().map(render).toList());
        list.put("count", allItems.size());
        list.put("has_more_data", to < allItems.size());
        list.put("current_page", page);
        list.put("current_page_size", to - from);
        list.put("total_page_count", (allItems.size() + pageSize - 1) / pageSize);
        return data(list);
    }

    /** {@code {"name": "Bad Request", "message": ["..."], "code": 0, "status": 400}} */
    public static Map<String, Object> error(HttpStatus status, int code, List<String> messages) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", status.getReasonPhrase());
        answer.put("message", List.copyOf(messages));
        answer.put("code", code);
        answer.put("status", status.value());
        return answer;
    }
}
