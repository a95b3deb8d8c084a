package dev.triggerflow.aws.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Assembles a conditional low-level UpdateItem from SET and REMOVE clauses and conditions. */
final class UpdateBuilder {
  private final List<String> sets = new ArrayList<>();
  private final List<String> removes = new ArrayList<>();
  private final List<String> conditions = new ArrayList<>();
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, AttributeValue> values = new HashMap<>();

  /** Sets {@code attribute} (named {@code ref} in expressions) to {@code value}. */
  UpdateBuilder set(String ref, String attribute, AttributeValue value) {
    names.put(ref, attribute);
    values.put(":" + ref.substring(1), value);
    sets.add(ref + " = :" + ref.substring(1));
    return this;
  }

  /** Removes {@code attribute}. */
  UpdateBuilder remove(String ref, String attribute) {
    names.put(ref, attribute);
    removes.add(ref);
    return this;
  }

  /** Requires {@code attribute} to equal {@code value}. */
  UpdateBuilder requireEqual(String ref, String attribute, AttributeValue value) {
    names.put(ref, attribute);
    values.put(":expected" + ref.substring(1), value);
    conditions.add(ref + " = :expected" + ref.substring(1));
    return this;
  }

  /**
   * Sets a counter that only grows: the write goes through only if the stored value is not larger,
   * and a value of zero (nothing to say) leaves the counter alone.
   */
  UpdateBuilder growCounter(String ref, String attribute, long value) {
    if (value <= 0) {
      return this;
    }
    set(ref, attribute, AttributeValue.fromN(Long.toString(value)));
    conditions.add(
        "(attribute_not_exists(" + ref + ") OR " + ref + " <= :" + ref.substring(1) + ")");
    return this;
  }

  /** The request, asking for the old item when the condition fails. */
  UpdateItemRequest build(String tableName, Map<String, AttributeValue> key) {
    StringBuilder expression = new StringBuilder();
    if (!sets.isEmpty()) {
      expression.append("SET ").append(String.join(", ", sets));
    }
    if (!removes.isEmpty()) {
      expression.append(expression.length() > 0 ? " " : "").append("REMOVE ");
      expression.append(String.join(", ", removes));
    }
    UpdateItemRequest.Builder request =
        UpdateItemRequest.builder()
            .tableName(tableName)
            .key(key)
            .updateExpression(expression.toString())
            .expressionAttributeNames(names)
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    if (!values.isEmpty()) {
      request.expressionAttributeValues(values);
    }
    if (!conditions.isEmpty()) {
      request.conditionExpression(String.join(" AND ", conditions));
    }
    return request.build();
  }
}
