package dev.triggerflow.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The least-privilege rules every template must keep, as a checker that lists each violation. Deny
 * statements are not checked: a broad denial (such as refusing every request without TLS) narrows
 * access rather than widening it.
 */
final class LeastPrivilege {
  private LeastPrivilege() {}

  /**
   * The violations in a template.
   *
   * @param starResourceAllowList the actions that may be granted on the {@code "*"} resource, each
   *     with the reason AWS requires it
   */
  static List<String> violations(
      Map<String, Object> template, Map<String, String> starResourceAllowList) {
    List<String> violations = new ArrayList<>();
    for (IamStatements.Statement s : IamStatements.all(template)) {
      if (!"Allow".equals(s.effect())) {
        continue;
      }
      String where = s.source() + " (" + s.kind() + ")";
      if (s.body().containsKey("NotAction") || s.body().containsKey("NotResource")) {
        violations.add(where + ": NotAction or NotResource grants everything not named");
      }
      for (String action : s.actions()) {
        if (action.contains("*") || action.contains("?")) {
          violations.add(where + ": wildcard action " + action);
        }
      }
      if (s.kind() == IamStatements.Kind.RESOURCE || s.kind() == IamStatements.Kind.TRUST) {
        Object principal = s.body().get("Principal");
        if ("*".equals(principal) || "*".equals(Cfn.at(principal, "AWS"))) {
          violations.add(where + ": allows any principal");
        }
      }
      for (Object resource : s.resources()) {
        if (!"*".equals(resource)) {
          continue;
        }
        for (String action : s.actions()) {
          if (!starResourceAllowList.containsKey(action)) {
            violations.add(where + ": " + action + " on the \"*\" resource");
          }
        }
      }
    }
    return violations;
  }
}
