package dev.triggerflow.cdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** Reading a synthesised template: resources by type, nested properties, references. */
final class Cfn {
  private Cfn() {}

  /** The resources of one type, by logical id. */
  static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
    Map<String, Map<String, Object>> found = new LinkedHashMap<>();
    map(template.get("Resources"))
        .forEach(
            (id, resource) -> {
              if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
              }
            });
    return found;
  }

  /** The one resource of a type. */
  static Map<String, Object> only(Map<String, Object> template, String type) {
    Map<String, Map<String, Object>> found = resources(template, type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type + ", found " + found.keySet());
    }
    return found.values().iterator().next();
  }

  /** A resource by logical id. */
  static Map<String, Object> resource(Map<String, Object> template, String logicalId) {
    Object resource = map(template.get("Resources")).get(logicalId);
    if (resource == null) {
      throw new AssertionError("no resource " + logicalId);
    }
    return map(resource);
  }

  /** A resource's properties. */
  static Map<String, Object> props(Map<String, Object> resource) {
    return map(resource.get("Properties"));
  }

  /** The value at a path of map keys, or null. */
  static Object at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  /** The logical id of an L2 construct's resource (or of a CfnElement). */
  static String logicalId(IConstruct construct) {
    IConstruct element =
        construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
    Stack stack = Stack.of(construct);
    return String.valueOf(stack.resolve(((CfnElement) element).getLogicalId()));
  }

  /**
   * A readable form of a value that may hold intrinsic functions, in cdk-nag's notation: {@code
   * <Id>} for a reference, {@code <Id.Attr>} for an attribute, joins concatenated.
   */
  static String render(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Cfn::render).collect(Collectors.joining(",", "[", "]"));
    }
    Map<String, Object> m = map(value);
    if (m.containsKey("Ref")) {
      return "<" + m.get("Ref") + ">";
    }
    if (m.containsKey("Fn::GetAtt")) {
      List<?> parts = (List<?>) m.get("Fn::GetAtt");
      return "<" + parts.get(0) + "." + parts.get(1) + ">";
    }
    if (m.containsKey("Fn::Select")) {
      // Written <value>[:n]: the n-th field of the value split on ':' (how CDK takes a name or
      // qualifier out of an ARN).
      List<?> select = (List<?>) m.get("Fn::Select");
      List<?> split = (List<?>) Cfn.map(select.get(1)).get("Fn::Split");
      return render(split.get(1)) + "[" + split.get(0) + select.get(0) + "]";
    }
    if (m.containsKey("Fn::Join")) {
      List<?> join = (List<?>) m.get("Fn::Join");
      List<String> parts = new ArrayList<>();
      for (Object part : (List<?>) join.get(1)) {
        parts.add(render(part));
      }
      return String.join(String.valueOf(join.get(0)), parts);
    }
    return m.toString();
  }

  /** A value as a list: CloudFormation allows one value where a list is expected. */
  static List<Object> list(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return List.of(value);
  }

  @SuppressWarnings("unchecked") // templates are JSON: maps with string keys all the way down
  static Map<String, Object> map(Object value) {
    if (!(value instanceof Map)) {
      throw new AssertionError("expected an object, got " + value);
    }
    return (Map<String, Object>) value;
  }
}
