package dev.triggerflow.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every IAM policy statement in a template, wherever it lives: policies attached to roles, inline
 * role policies, managed policies, trust policies, and the resource policies of queues, buckets,
 * topics and buses.
 */
final class IamStatements {
  /** Where a statement lives. */
  enum Kind {
    IDENTITY,
    TRUST,
    RESOURCE
  }

  /** One statement, with where it came from. */
  record Statement(String source, Kind kind, List<String> roles, Map<String, Object> body) {
    String effect() {
      return String.valueOf(body.get("Effect"));
    }

    List<String> actions() {
      return Cfn.list(body.get("Action")).stream().map(String::valueOf).toList();
    }

    List<Object> resources() {
      return Cfn.list(body.get("Resource"));
    }

    /** Every action paired with every resource, rendered: {@code action on resource}. */
    List<String> grants() {
      List<String> grants = new ArrayList<>();
      for (String action : actions()) {
        for (Object resource : resources()) {
          grants.add(action + " on " + Cfn.render(resource));
        }
      }
      return grants;
    }
  }

  private static final Map<String, String> RESOURCE_POLICIES =
      Map.of(
          "AWS::SQS::QueuePolicy", "PolicyDocument",
          "AWS::S3::BucketPolicy", "PolicyDocument",
          "AWS::SNS::TopicPolicy", "PolicyDocument",
          "AWS::Events::EventBusPolicy", "Statement");

  private IamStatements() {}

  static List<Statement> all(Map<String, Object> template) {
    List<Statement> out = new ArrayList<>();
    for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
      Cfn.resources(template, type)
          .forEach(
              (id, r) -> {
                List<String> roles = new ArrayList<>();
                for (Object role : Cfn.list(Cfn.props(r).get("Roles"))) {
                  roles.add(String.valueOf(Cfn.at(role, "Ref")));
                }
                add(out, id, Kind.IDENTITY, roles, Cfn.props(r).get("PolicyDocument"));
              });
    }
    Cfn.resources(template, "AWS::IAM::Role")
        .forEach(
            (id, r) -> {
              add(out, id, Kind.TRUST, List.of(id), Cfn.props(r).get("AssumeRolePolicyDocument"));
              for (Object inline : Cfn.list(Cfn.props(r).get("Policies"))) {
                add(out, id, Kind.IDENTITY, List.of(id), Cfn.at(inline, "PolicyDocument"));
              }
            });
    RESOURCE_POLICIES.forEach(
        (type, property) ->
            Cfn.resources(template, type)
                .forEach(
                    (id, r) -> {
                      Object doc = Cfn.props(r).get(property);
                      if ("Statement".equals(property)) {
                        out.add(new Statement(id, Kind.RESOURCE, List.of(), Cfn.map(doc)));
                      } else {
                        add(out, id, Kind.RESOURCE, List.of(), doc);
                      }
                    }));
    return out;
  }

  /** The grants (allowed action on resource) of the identity policies attached to one role. */
  static Set<String> grantsOf(Map<String, Object> template, String roleLogicalId) {
    Set<String> grants = new TreeSet<>();
    for (Statement s : all(template)) {
      if (s.kind() == Kind.IDENTITY && s.roles().contains(roleLogicalId)) {
        if (!"Allow".equals(s.effect())) {
          throw new AssertionError("unexpected " + s.effect() + " in " + s.source());
        }
        grants.addAll(s.grants());
      }
    }
    return grants;
  }

  private static void add(
      List<Statement> out, String source, Kind kind, List<String> roles, Object document) {
    for (Object statement : Cfn.list(Cfn.at(document, "Statement"))) {
      out.add(new Statement(source, kind, roles, Cfn.map(statement)));
    }
  }
}
