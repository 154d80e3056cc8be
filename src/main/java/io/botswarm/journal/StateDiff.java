package io.botswarm.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two states, as lines {@code ~ path: old -> new}, {@code + path: value} and
 * {@code - path: value}. Works on the states' JSON form, so it serves every entity type; lists of
 * objects that have an {@code id} (memories) are matched by id, not by position.
 */
public final class StateDiff {

  private StateDiff() {}

  public static List<String> between(JsonNode before, JsonNode after) {
    List<String> out = new ArrayList<>();
    diff("", before, after, out);
    return out;
  }

  private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a == null || a.isMissingNode()) {
      out.add("+ " + path + ": " + b);
    } else if (b == null || b.isMissingNode()) {
      out.add("- " + path + ": " + a);
    } else if (a.isObject() && b.isObject()) {
      var keys = new TreeSet<String>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) diff(join(path, k), a.get(k), b.get(k), out);
    } else if (a.isArray() && b.isArray() && keyedById(a) && keyedById(b)) {
      Map<String, JsonNode> left = byId(a);
      Map<String, JsonNode> right = byId(b);
      var ids = new TreeSet<String>(java.util.Comparator.comparingLong(Long::parseLong));
      ids.addAll(left.keySet());
      ids.addAll(right.keySet());
      for (String id : ids) diff(path + "[id=" + id + "]", left.get(id), right.get(id), out);
    } else if (!a.equals(b)) {
      out.add("~ " + path + ": " + a + " -> " + b);
    }
  }

  private static boolean keyedById(JsonNode array) {
    for (JsonNode n : array)
      if (!n.isObject() || !n.has("id") || !n.get("id").canConvertToLong()) return false;
    return true;
  }

  private static Map<String, JsonNode> byId(JsonNode array) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      JsonNode n = it.next();
      map.put(n.get("id").asText(), n);
    }
    return map;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
