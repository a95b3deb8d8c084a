package dev.triggerflow.client;

import java.util.Set;

/** No workflow is registered under the requested name. */
public final class UnknownWorkflowException extends ClientException {
  private static final long serialVersionUID = 1L;

  public UnknownWorkflowException(String name, Set<String> known) {
    super("no workflow named '" + name + "'; known workflows: " + String.join(", ", known));
  }
}
