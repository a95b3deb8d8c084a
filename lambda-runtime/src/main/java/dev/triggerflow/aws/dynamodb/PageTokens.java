package dev.triggerflow.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Page tokens of run listings: the attributes of the last item a page returned, as base64url JSON.
 * Each token names the kind of listing it continues, so that a token of one listing is rejected by
 * another instead of silently skipping runs.
 */
final class PageTokens {
  private static final String KIND = "kind";

  private PageTokens() {}

  /** A token holding string attributes. */
  static String encode(String kind, Map<String, String> attributes) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put(KIND, kind);
    attributes.forEach(node::put);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Json.write(node).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The attributes of a token.
   *
   * @param names the attributes the token must hold, in the order of the result
   * @throws IllegalArgumentException if the token is not one of {@code kind} that this store issued
   */
  static Map<String, String> decode(String token, String kind, List<String> names) {
    JsonNode node;
    try {
      node = Json.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw invalid(token, e);
    }
    if (!node.isObject() || !kind.equals(node.path(KIND).asText(null))) {
      throw invalid(token, null);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value == null || !value.isTextual()) {
        throw invalid(token, null);
      }
      attributes.put(name, value.asText());
    }
    return attributes;
  }

  private static IllegalArgumentException invalid(String token, Throwable cause) {
    String shown = token.length() > 40 ? token.substring(0, 37) + "..." : token;
    return new IllegalArgumentException(
        "page token '"
            + shown
            + "' was not issued by this listing; pass the nextPageToken of the previous page of the"
            + " same query",
        cause);
  }
}
